import { describe, expect, it } from 'vitest'
import { VoucherStatusChangeResponseSchema } from '@contract/api/voucher'
import { outcomeAfterPossibleDelivery, outcomeFromError, outcomesFromReply } from '@main/services/redemption/outcomes'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'

const reply = (result: unknown) => VoucherStatusChangeResponseSchema.parse({ result })
const status = (voucher_id: string, is_success: boolean, result_code = is_success ? '0' : 'E', result_view = 'v') => ({
  voucher_id,
  is_success,
  result_code,
  result_view,
})

describe('outcomes of a reply', () => {
  it('matches redemptions by voucher id, whatever order the server lists them in', () => {
    const outcomes = outcomesFromReply(
      'NORMAL_ISUSED',
      ['A', 'B'],
      reply({ biz_success: true, result: { voucher_status_list: [status('B', false, 'USED', '已使用'), status('A', true)] } }),
    )
    expect(outcomes).toEqual([
      { state: 'redeemed', result: { code: '0', text: 'v' } },
      { state: 'failed', failure: { kind: 'voucher', result: { code: 'USED', text: '已使用' } } },
    ])
  })

  it('takes the reissued id of a successful reversal, matched by position', () => {
    const [outcome] = outcomesFromReply(
      'ISUSED_NORMAL',
      ['A'],
      reply({ biz_success: true, result: { voucher_status_list: [status('A-NEW', true)] } }),
    )
    expect(outcome).toEqual({ state: 'reversed', reissuedVoucherId: 'A-NEW', result: { code: '0', text: 'v' } })
  })

  it('falls back to the call-level code and text when a voucher has none', () => {
    const [outcome] = outcomesFromReply(
      'NORMAL_ISUSED',
      ['A'],
      reply({
        biz_success: true,
        result: { voucher_status_list: [{ voucher_id: 'A', is_success: false }] },
        result_code: 'PARTIAL',
        result_desc: '部分失败',
      }),
    )
    expect(outcome).toEqual({ state: 'failed', failure: { kind: 'voucher', result: { code: 'PARTIAL', text: '部分失败' } } })
  })

  it('a refused call without per-voucher answers fails every voucher with the call result', () => {
    const outcomes = outcomesFromReply(
      'NORMAL_ISUSED',
      ['A', 'B'],
      reply({ biz_success: false, result_code: 'SYS', result_view: '系统繁忙' }),
    )
    expect(outcomes).toEqual([
      { state: 'failed', failure: { kind: 'call', result: { code: 'SYS', text: '系统繁忙' } } },
      { state: 'failed', failure: { kind: 'call', result: { code: 'SYS', text: '系统繁忙' } } },
    ])
  })

  it('a processed call that is silent about a voucher leaves it unknown, not failed', () => {
    const outcomes = outcomesFromReply(
      'NORMAL_ISUSED',
      ['A', 'B', 'C'],
      reply({ biz_success: true, result: { voucher_status_list: [status('A', true)] } }),
    )
    expect(outcomes.map((o) => o.state)).toEqual(['redeemed', 'unknown', 'unknown'])
    expect(outcomes[1]).toMatchObject({ reason: { key: 'redemption.reason.missingInReply', params: { voucherId: 'B' } } })
  })

  it('a reversal reported successful without a reissued id stays unknown', () => {
    const [outcome] = outcomesFromReply(
      'ISUSED_NORMAL',
      ['A'],
      reply({ biz_success: true, result: { voucher_status_list: [status(' ', true)] } }),
    )
    expect(outcome).toMatchObject({ state: 'unknown', reason: { key: 'redemption.reason.missingReissuedId' } })
  })
})

describe('outcomes of a failed call', () => {
  const topError = (code: number, sub_code?: string) =>
    new TopError({ code, msg: 'm', ...(sub_code ? { sub_code, sub_msg: 's' } : {}) }, { localNow: new Date() })

  it('not sent only when the request certainly never left', () => {
    expect(outcomeFromError(new TopTransportError('refused', false))).toMatchObject({
      state: 'not_sent',
      reason: { key: 'top.error.transport.notSent', params: { reason: 'refused' } },
    })
    expect(outcomeFromError(new TopTransportError('reset', true))).toMatchObject({
      state: 'unknown',
      reason: { key: 'top.error.transport.outcomeUnknown' },
    })
    expect(outcomeFromError(new TopTransportError('http-status', true, { status: 502 }))).toMatchObject({
      state: 'unknown',
      reason: { params: { reason: 'HTTP 502' } },
    })
  })

  it('platform refusals fail with their translated key and TOP codes; isp.* stays unknown', () => {
    expect(outcomeFromError(topError(50, 'isv.invalid-parameter'))).toEqual({
      state: 'failed',
      failure: {
        kind: 'platform',
        message: { key: 'top.error.caller.invalidParameter', params: { detail: 's' } },
        top: { code: 50, msg: 'm', subCode: 'isv.invalid-parameter', subMsg: 's', retryClass: 'caller' },
      },
    })
    expect(outcomeFromError(topError(25))).toMatchObject({ state: 'failed', failure: { top: { code: 25, retryClass: 'signature' } } })
    expect(outcomeFromError(topError(31))).toMatchObject({ state: 'failed', failure: { top: { retryClass: 'clock' } } })
    expect(outcomeFromError(topError(50, 'isp.service-unavailable'))).toMatchObject({
      state: 'unknown',
      reason: { key: 'top.error.server' },
    })
  })

  it.each([4, 5, 6, 7, 8])('a rate limit (code %i) is never a final refusal: not sent, to retry later', (code) => {
    expect(outcomeFromError(topError(code))).toMatchObject({ state: 'not_sent' })
  })

  it('an unreadable reply or an unexpected error may hide an applied call: unknown', () => {
    const schemaError = VoucherStatusChangeResponseSchema.safeParse({}).error!
    expect(outcomeFromError(new TopResponseError('m', schemaError, {}))).toMatchObject({ state: 'unknown' })
    expect(outcomeFromError(new TypeError('boom'))).toMatchObject({ state: 'unknown', reason: { key: 'redemption.reason.unexpected' } })
  })

  it('once a call may have been delivered, a failing retry cannot turn it into not-sent or failed', () => {
    expect(outcomeAfterPossibleDelivery(outcomeFromError(new TopTransportError('refused', false))).state).toBe('unknown')
    expect(outcomeAfterPossibleDelivery(outcomeFromError(topError(7)))).toMatchObject({
      state: 'unknown',
      reason: { key: 'top.error.ban.untimed' },
    })
  })

  it('once a call may have been delivered, a success in the reply is trusted and a refusal needs checking', () => {
    const outcomes = outcomesFromReply(
      'NORMAL_ISUSED',
      ['A', 'B'],
      reply({ biz_success: true, result: { voucher_status_list: [status('A', true), status('B', false, 'USED', '已使用')] } }),
    ).map(outcomeAfterPossibleDelivery)
    expect(outcomes).toEqual([
      { state: 'redeemed', result: { code: '0', text: 'v' } },
      { state: 'needs_check', refusal: { kind: 'voucher', result: { code: 'USED', text: '已使用' } } },
    ])
    const [reversed] = outcomesFromReply(
      'ISUSED_NORMAL',
      ['A'],
      reply({ biz_success: true, result: { voucher_status_list: [status('A-NEW', true)] } }),
    ).map(outcomeAfterPossibleDelivery)
    expect(reversed).toEqual({ state: 'reversed', reissuedVoucherId: 'A-NEW', result: { code: '0', text: 'v' } })
    // A whole call refused by its business answer is as ambiguous as a voucher refused.
    const [call] = outcomesFromReply(
      'NORMAL_ISUSED',
      ['A'],
      reply({ biz_success: false, result_code: 'DUP', result_view: '重复请求' }),
    ).map(outcomeAfterPossibleDelivery)
    expect(call).toEqual({ state: 'needs_check', refusal: { kind: 'call', result: { code: 'DUP', text: '重复请求' } } })
    // Still unknown stays unknown.
    const [silent] = outcomesFromReply('NORMAL_ISUSED', ['A'], reply({ biz_success: true, result: { voucher_status_list: [] } })).map(
      outcomeAfterPossibleDelivery,
    )
    expect(silent?.state).toBe('unknown')
  })
})
