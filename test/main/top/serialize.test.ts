import { describe, expect, it } from 'vitest'
import { serializeTopParams, snakeCase, toTopJson } from '@main/top/serialize'

describe('serializeTopParams', () => {
  it('drops null, undefined, empty and whitespace-only parameters', () => {
    expect(serializeTopParams({ a: null, b: undefined, c: '', d: '   ', e: '\t\n', keep: 'x', zero: 0, no: false })).toEqual({
      keep: 'x',
      zero: '0',
      no: 'false',
    })
  })

  it('sends an object parameter as one JSON field with snake_case keys and no nulls', () => {
    const out = serializeTopParams({
      param_voucher_status_change_open_req: {
        customerId: 'C10001',
        request_id: 'r-1',
        voucherIdList: ['880000000001'],
        operatorName: null,
        shopId: undefined,
        nested: { outerValue: { innerValue: 1 } },
      },
    })
    expect(out).toEqual({
      param_voucher_status_change_open_req:
        '{"customer_id":"C10001","request_id":"r-1","voucher_id_list":["880000000001"],"nested":{"outer_value":{"inner_value":1}}}',
    })
  })

  it('writes 64-bit ids as bare JSON numbers, digit for digit', () => {
    const json = toTopJson({
      coupon_template: { id: '9223372036854775807', source_id: 9007199254740993n, uuid: '9007199254740993' },
      option_config: { contract_instance_id: '00100100331414', purchase_id: 1001 },
      user_info: { user_id: '-42' },
    })
    expect(json).toBe(
      '{"coupon_template":{"id":9223372036854775807,"source_id":9007199254740993,"uuid":"9007199254740993"},' +
        '"option_config":{"contract_instance_id":100100331414,"purchase_id":1001},"user_info":{"user_id":-42}}',
    )
  })

  it('leaves a blank id out (a template is created without one) and refuses a rounded one', () => {
    expect(toTopJson({ id: '', title: 't' })).toBe('{"title":"t"}')
    expect(toTopJson({ id: '  ' })).toBe('{}')
    expect(() => toTopJson({ id: 2 ** 53 + 2 })).toThrow(RangeError)
  })

  it('writes dates as GMT+8 wall-clock strings, nested or top-level', () => {
    const date = new Date(Date.UTC(2019, 11, 31, 15, 59, 59))
    expect(serializeTopParams({ start: date, obj: { applyEndTime: date } })).toEqual({
      start: '2019-12-31 23:59:59',
      obj: '{"apply_end_time":"2019-12-31 23:59:59"}',
    })
  })

  it('keeps nulls inside arrays so index-aligned lists stay aligned', () => {
    expect(toTopJson({ voucher_point_list: ['100', null, '200'] })).toBe('{"voucher_point_list":["100",null,"200"]}')
  })

  it('refuses values that have no wire form', () => {
    expect(() => serializeTopParams({ n: Number.NaN })).toThrow(RangeError)
    expect(() => toTopJson({ d: new Date('nope') })).toThrow(RangeError)
    expect(() => serializeTopParams({ f: () => 1 })).toThrow(TypeError)
  })

  it('converts camelCase and leaves snake_case alone', () => {
    expect(snakeCase('voucherStatusAction')).toBe('voucher_status_action')
    expect(snakeCase('voucher_status_action')).toBe('voucher_status_action')
    expect(snakeCase('id')).toBe('id')
  })
})
