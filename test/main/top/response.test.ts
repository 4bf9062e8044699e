import { describe, expect, it } from 'vitest'
import { parseTopJson } from '@main/top/json'
import { responseKeyFor, unwrapLists, unwrapTopResponse } from '@main/top/response'

const VOUCHER = 'alibaba.alsc.crm.voucher.status.change'

describe('parseTopJson', () => {
  it('keeps integers beyond 2^53 exact as decimal strings and leaves the rest alone', () => {
    const parsed = parseTopJson('{"id":9007199254740993,"big":-9223372036854775808,"n":42,"f":1.5,"e":1e300,"s":"x"}')
    expect(parsed).toEqual({ id: '9007199254740993', big: '-9223372036854775808', n: 42, f: 1.5, e: 1e300, s: 'x' })
  })

  it('treats 2^53 itself as unsafe (it cannot be told from 2^53 + 1)', () => {
    expect(parseTopJson('[9007199254740991, 9007199254740992]')).toEqual([9007199254740991, '9007199254740992'])
  })
})

describe('unwrapTopResponse', () => {
  it('names the wrapper after the method, with a leading "taobao." dropped', () => {
    expect(responseKeyFor(VOUCHER)).toBe('alibaba_alsc_crm_voucher_status_change_response')
    expect(responseKeyFor('taobao.time.get')).toBe('time_get_response')
  })

  it('unwraps the classic form, its list wrappers, and moves the trace id out', () => {
    const reply = unwrapTopResponse(VOUCHER, {
      alibaba_alsc_crm_voucher_status_change_response: {
        result: {
          biz_success: true,
          result: { voucher_status_list: { voucher_status: [{ is_success: true, voucher_id: '1' }] } },
        },
        request_id: 'trace-1',
      },
    })
    expect(reply).toEqual({
      kind: 'ok',
      gatewayRequestId: 'trace-1',
      payload: { result: { biz_success: true, result: { voucher_status_list: [{ is_success: true, voucher_id: '1' }] } } },
    })
  })

  it('reads the simplified form the same way', () => {
    const reply = unwrapTopResponse(VOUCHER, {
      result: { biz_success: true, result: { voucher_status_list: [{ is_success: true, voucher_id: '1' }] } },
      request_id: 'trace-2',
    })
    expect(reply).toEqual({
      kind: 'ok',
      gatewayRequestId: 'trace-2',
      payload: { result: { biz_success: true, result: { voucher_status_list: [{ is_success: true, voucher_id: '1' }] } } },
    })
  })

  it('detects error_response', () => {
    expect(
      unwrapTopResponse(VOUCHER, {
        error_response: { code: 50, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: '非法参数', request_id: 'x' },
      }),
    ).toEqual({
      kind: 'error',
      error: { code: 50, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: '非法参数', request_id: 'x' },
    })
  })

  it('refuses a body that is not an object', () => {
    expect(() => unwrapTopResponse(VOUCHER, [1])).toThrow(TypeError)
    expect(() => unwrapTopResponse(VOUCHER, 'x')).toThrow(TypeError)
  })
})

describe('unwrapLists', () => {
  it('unwraps string lists, nested wrappers and plurals', () => {
    expect(
      unwrapLists({
        apply_channels: { string: ['a', 'b'] },
        trades: { trade: [{ orders: { order: [{ id: 1 }] } }] },
        participate_list: { logic_group: [{ number: 1 }] },
      }),
    ).toEqual({ apply_channels: ['a', 'b'], trades: [{ orders: [{ id: 1 }] }], participate_list: [{ number: 1 }] })
  })

  it('does not mistake an ordinary one-field object for a wrapper', () => {
    const value = { result: { voucher_status_list: [{ voucher_id: '1' }] } }
    expect(unwrapLists(value)).toEqual(value)
  })
})
