import { describe, expect, it } from 'vitest'
import { TEMPLATE_REQUEST_EXAMPLE, VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { AppError } from '@main/ipc/app-error'
import { exportFileName, exportTemplateJson, parseTemplateImport } from '@main/services/templates/import-export'

function importError(text: string): AppError {
  try {
    parseTemplateImport(text)
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('import succeeded')
}

describe('template import', () => {
  it('reads a bare CouponTemplateOperateRequest', () => {
    const body = parseTemplateImport(JSON.stringify(TEMPLATE_REQUEST_EXAMPLE))
    expect(body.coupon_template?.common_config?.title).toBe('超市8折')
    expect(body.coupon_template?.condition_config?.shop_ids).toEqual(['23123'])
  })

  it('reads the parameter map, with the request as an object or as the JSON string the gateway gets', () => {
    const asObject = parseTemplateImport(JSON.stringify({ param_coupon_template_operate_request: VALID_TEMPLATE_EXAMPLE }))
    const asString = parseTemplateImport(JSON.stringify({ param_coupon_template_operate_request: JSON.stringify(VALID_TEMPLATE_EXAMPLE) }))
    expect(asObject).toEqual(asString)
    expect(asObject.coupon_template?.common_config?.title).toBe('满100减10')
  })

  it('keeps 64-bit ids exact and turns every id into decimal text', () => {
    const text =
      '{"coupon_template":{"id":9007199254740993,"source_id":1,"common_config":{"title":"x"}},"user_info":{"user_id":2088000000000001}}'
    const body = parseTemplateImport(text)
    expect(body.coupon_template?.id).toBe('9007199254740993')
    expect(body.coupon_template?.source_id).toBe('1')
    expect(body.user_info?.user_id).toBe('2088000000000001')
  })

  it('drops nulls (not set on the wire) and keeps wrongly typed values for the editor to flag', () => {
    const body = parseTemplateImport('{"coupon_template":{"uuid":null,"condition_config":{"amount":"100","shop_ids":["1",null]}}}')
    expect(body.coupon_template).not.toHaveProperty('uuid')
    expect(body.coupon_template?.condition_config).toEqual({ amount: '100', shop_ids: ['1'] })
  })

  it.each([
    ['', 'templates.import.empty'],
    ['   \n', 'templates.import.empty'],
    ['[1,2]', 'templates.import.notATemplate'],
    ['{"voucher_id_list":["1"]}', 'templates.import.notATemplate'],
    ['{"param_coupon_template_operate_request":"{broken"}', 'templates.import.badJson'],
  ])('refuses %j with %s', (text, key) => {
    const error = importError(text)
    expect(error.code).toBe('invalid-input')
    expect(error.key.startsWith(key)).toBe(true)
  })

  it('says where broken JSON breaks', () => {
    const error = importError('{\n  "coupon_template": {\n    "id": 1,,\n  }\n}')
    expect(error.key).toBe('templates.import.badJsonAt')
    expect(error.params).toEqual({ line: 3, column: 13 })
  })

  it('names unknown fields instead of storing them', () => {
    const error = importError('{"coupon_template":{"common_config":{"titel":"typo"}}}')
    expect(error.key).toBe('templates.import.wrongShape')
    expect(error.extra.issues).toEqual([
      expect.objectContaining({ path: ['coupon_template', 'common_config'], key: 'contract.unknownKeys', params: { keys: 'titel' } }),
    ])
  })
})

describe('template export', () => {
  it('writes the API shape with 64-bit ids as exact bare numbers, and reads back the same', () => {
    const body = parseTemplateImport(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const text = exportTemplateJson(body)
    expect(text).toContain('"id": 9007199254740993')
    expect(text).toContain('"user_id": 2088000000000001')
    expect(parseTemplateImport(text)).toEqual(body)
  })

  it('suggests a file name from title and id, safe on every OS', () => {
    expect(exportFileName({ coupon_template: { id: '42', common_config: { title: '满100/减10: 夏季' } } })).toBe('满100_减10_夏季-42.json')
    expect(exportFileName({})).toBe('coupon-template.json')
  })
})

describe('hostile imports', () => {
  it('a text nested 2,000,000 deep is a field-level error at the text, not internal', async () => {
    const { parseTemplateImport, MAX_IMPORT_DEPTH } = await import('@main/services/templates/import-export')
    const deep = '['.repeat(2_000_000) + ']'.repeat(2_000_000)
    let thrown: unknown
    try {
      parseTemplateImport(deep)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({
      code: 'invalid-input',
      extra: { issues: [{ path: ['text'], key: 'templates.import.tooDeep', params: { max: MAX_IMPORT_DEPTH } }] },
    })
    // Deep inside a string is only text.
    expect(() => parseTemplateImport(JSON.stringify({ coupon_template: { common_config: { title: '['.repeat(10_000) } } }))).not.toThrow(
      /tooDeep/,
    )
  })
})
