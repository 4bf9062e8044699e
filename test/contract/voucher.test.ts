import { describe, it, expect } from 'vitest'
import { VALID_VOUCHER_REQUEST, VOUCHER_REQUEST_EXAMPLE, VOUCHER_RESPONSE_EXAMPLE } from '@contract/api/examples'
import {
  VoucherCommonResultSchema,
  VoucherStatusChangeOpenReqPlainSchema,
  VoucherStatusChangeOpenReqSchema,
  VoucherStatusChangeResponseSchema,
  VoucherStatusSchema,
  VoucherUsingOpenInfoSchema,
  voucherCrossFieldIssues,
} from '@contract/api/voucher'
import { clone, deleteAt, expectIssue, issuesOf, requiredPaths } from './helpers'

const REQUIRED_FIELDS = ['customer_id', 'operator_id', 'request_id', 'source', 'voucher_id_list', 'voucher_status_action']

describe('VoucherStatusChangeOpenReq', () => {
  it('parses the doc example (plain and refined)', () => {
    expect(VoucherStatusChangeOpenReqPlainSchema.parse(VOUCHER_REQUEST_EXAMPLE)).toEqual(VOUCHER_REQUEST_EXAMPLE)
    expect(VoucherStatusChangeOpenReqSchema.safeParse(VOUCHER_REQUEST_EXAMPLE).success).toBe(true)
  })

  it('parses the valid example', () => {
    expect(VoucherStatusChangeOpenReqSchema.parse(VALID_VOUCHER_REQUEST)).toEqual(VALID_VOUCHER_REQUEST)
  })

  it("has all 13 doc fields, and the doc's required ones", () => {
    expect(Object.keys(VoucherStatusChangeOpenReqPlainSchema.shape).sort()).toEqual(
      [
        'brand_id',
        'customer_id',
        'operator_id',
        'operator_name',
        'out_brand_id',
        'out_order_id',
        'out_shop_id',
        'request_id',
        'shop_id',
        'source',
        'voucher_id_list',
        'voucher_status_action',
        'voucher_point_list',
      ].sort(),
    )
    expect(requiredPaths(VoucherStatusChangeOpenReqPlainSchema).map((p) => p.join('.'))).toEqual(REQUIRED_FIELDS)
  })

  it.each(REQUIRED_FIELDS)('reports a missing %s as required at its path', (field) => {
    const value = clone(VOUCHER_REQUEST_EXAMPLE)
    deleteAt(value, [field])
    for (const schema of [VoucherStatusChangeOpenReqPlainSchema, VoucherStatusChangeOpenReqSchema]) {
      expectIssue(issuesOf(schema, value), [field], 'contract.required')
    }
  })

  it('drops optional fields that are left out', () => {
    const { brand_id: _b, voucher_point_list: _p, ...rest } = VOUCHER_REQUEST_EXAMPLE
    expect(VoucherStatusChangeOpenReqSchema.safeParse(rest).success).toBe(true)
  })

  it('rejects a source or action outside the doc list', () => {
    expectIssue(
      issuesOf(VoucherStatusChangeOpenReqSchema, { ...VALID_VOUCHER_REQUEST, source: 'APP' }),
      ['source'],
      'contract.invalidValue',
    )
    expectIssue(
      issuesOf(VoucherStatusChangeOpenReqSchema, { ...VALID_VOUCHER_REQUEST, voucher_status_action: 'USED' }),
      ['voucher_status_action'],
      'contract.invalidValue',
    )
    expect(VoucherStatusChangeOpenReqSchema.safeParse({ ...VALID_VOUCHER_REQUEST, source: '移动门店' }).success).toBe(true)
  })

  describe('cross-field rules', () => {
    const parse = (patch: Record<string, unknown>) => issuesOf(VoucherStatusChangeOpenReqSchema, { ...VALID_VOUCHER_REQUEST, ...patch })

    it('voucher ids: the list must not be empty', () => {
      expect(parse({ voucher_id_list: ['1'] })).toEqual([])
      expectIssue(parse({ voucher_id_list: [] }), ['voucher_id_list'], 'contract.voucher.idListEmpty')
    })

    it('voucher ids: each is trimmed and must not be blank', () => {
      expect(VoucherStatusChangeOpenReqSchema.parse({ ...VALID_VOUCHER_REQUEST, voucher_id_list: [' 1 ', '2\n'] }).voucher_id_list).toEqual(
        ['1', '2'],
      )
      expectIssue(parse({ voucher_id_list: ['1', '  '] }), ['voucher_id_list', 1], 'contract.blank')
    })

    it('voucher ids: unique (also after trimming)', () => {
      expect(parse({ voucher_id_list: ['1', '2'] })).toEqual([])
      const issue = expectIssue(parse({ voucher_id_list: ['1', '2', ' 1'] }), ['voucher_id_list', 2], 'contract.voucher.duplicateId')
      expect(issue.params).toEqual({ id: '1' })
    })

    it('voucher_point_list aligns with voucher_id_list', () => {
      expect(parse({ voucher_point_list: ['100', '0'] })).toEqual([])
      const issue = expectIssue(parse({ voucher_point_list: ['100'] }), ['voucher_point_list'], 'contract.voucher.pointsLength')
      expect(issue.params).toEqual({ expected: 2, actual: 1 })
    })

    it('points are non-negative integer strings', () => {
      expect(parse({ voucher_point_list: ['0', '250'] })).toEqual([])
      expectIssue(parse({ voucher_point_list: ['100', '-1'] }), ['voucher_point_list', 1], 'contract.voucher.pointFormat')
      expectIssue(parse({ voucher_point_list: ['1.5', '2'] }), ['voucher_point_list', 0], 'contract.voucher.pointFormat')
      expectIssue(parse({ voucher_point_list: [100, '2'] }), ['voucher_point_list', 0], 'contract.invalidType')
    })

    it('run on a draft outside zod too', () => {
      expect(voucherCrossFieldIssues({ voucher_id_list: ['a', 'a'] })).toEqual([
        { path: ['voucher_id_list', 1], key: 'contract.voucher.duplicateId', params: { id: 'a' } },
      ])
      expect(voucherCrossFieldIssues({})).toEqual([])
    })
  })
})

/** Without these the app cannot tell what happened to a voucher: a reply lacking one is not a reply. */
const REQUIRED_RESPONSE_PATHS = [
  ['result'],
  ['result', 'biz_success'],
  ['result', 'result', 'voucher_status_list', 0, 'is_success'],
  ['result', 'result', 'voucher_status_list', 0, 'voucher_id'],
]

describe('voucher response', () => {
  it('requires exactly the fields the app reads an outcome from', () => {
    expect(requiredPaths(VoucherStatusChangeResponseSchema, true)).toEqual(REQUIRED_RESPONSE_PATHS)
  })

  it.each(REQUIRED_RESPONSE_PATHS.map((p) => [p.join('.'), p] as const))('reports a missing %s at its path', (_name, path) => {
    const value = clone(VOUCHER_RESPONSE_EXAMPLE)
    deleteAt(value, path)
    expectIssue(issuesOf(VoucherStatusChangeResponseSchema, value), path, 'contract.required')
  })

  it('parses the doc example (result codes beside `result`)', () => {
    const parsed = VoucherStatusChangeResponseSchema.parse(VOUCHER_RESPONSE_EXAMPLE)
    expect(parsed.result.biz_success).toBe(true)
    expect(parsed.result.result_code).toBe('0')
    expect(parsed.result.result?.voucher_status_list).toEqual([{ is_success: false, voucher_id: '123' }])
  })

  it('accepts result codes on each voucher status (the doc tree)', () => {
    const status = { is_success: true, voucher_id: '77', result_code: '0', result_desc: '使用成功', result_view: '使用成功' }
    expect(VoucherStatusSchema.parse(status)).toEqual(status)
  })

  it('accepts the classic wrapped list and an omitted list', () => {
    const wrapped = { voucher_status_list: { voucher_status: [{ is_success: true, voucher_id: '1' }] } }
    expect(VoucherUsingOpenInfoSchema.parse(wrapped).voucher_status_list).toEqual([{ is_success: true, voucher_id: '1' }])
    expect(VoucherUsingOpenInfoSchema.parse({}).voucher_status_list).toEqual([])
    expect(VoucherCommonResultSchema.parse({ biz_success: false })).toEqual({ biz_success: false })
  })

  it('keeps unknown extra fields', () => {
    const parsed = VoucherStatusChangeResponseSchema.parse({
      result: { ...VOUCHER_RESPONSE_EXAMPLE.result, trace: 'x' },
      request_id: 'gw-1',
    })
    expect(parsed).toMatchObject({ request_id: 'gw-1', result: { trace: 'x' } })
  })

  it('reads types as leniently as the official Java SDK: "true"/"false", a number for an id, null for absent', () => {
    const parsed = VoucherStatusChangeResponseSchema.parse({
      result: {
        biz_success: 'true',
        result_code: null,
        result: { voucher_status_list: [{ is_success: 'FALSE', voucher_id: 5, result_code: 0, result_desc: null }] },
      },
    })
    expect(parsed.result).toEqual({
      biz_success: true,
      result: { voucher_status_list: [{ is_success: false, voucher_id: '5', result_code: '0' }] },
    })
    expect(VoucherCommonResultSchema.parse({ biz_success: true, result: null })).toEqual({ biz_success: true })
    expect(VoucherUsingOpenInfoSchema.parse({ voucher_status_list: null }).voucher_status_list).toEqual([])
  })

  it('is strict where the SDK would have to guess', () => {
    // A Boolean that is neither true nor false is not read as "no".
    expectIssue(
      issuesOf(VoucherStatusChangeResponseSchema, { result: { biz_success: 'yes' } }),
      ['result', 'biz_success'],
      'contract.invalidType',
    )
    expectIssue(
      issuesOf(VoucherStatusChangeResponseSchema, {
        result: { biz_success: true, result: { voucher_status_list: [{ is_success: true, voucher_id: { id: 5 } }] } },
      }),
      ['result', 'result', 'voucher_status_list', 0, 'voucher_id'],
      'contract.invalidType',
    )
    // A required flag that is null is not "no".
    expect(issuesOf(VoucherStatusChangeResponseSchema, { result: { biz_success: null } }).map((i) => i.path)).toEqual([
      ['result', 'biz_success'],
    ])
    expectIssue(issuesOf(VoucherStatusChangeResponseSchema, {}), ['result'], 'contract.required')
  })
})
