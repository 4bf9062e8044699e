import { describe, expect, it } from 'vitest'
import { DEMO_UNKNOWN_VOUCHER_ID, DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import { VoucherLedger, type StatusChangeRequest } from '@main/sandbox/vouchers'

let seq = 0
interface RequestFields {
  voucher_id_list?: string[]
  voucher_status_action?: StatusChangeRequest['action']
  voucher_point_list?: string[]
  request_id?: string
}
const request = (o: RequestFields): StatusChangeRequest => ({
  customerId: 'C10001',
  requestId: o.request_id ?? `ledger-${++seq}`,
  voucherIds: o.voucher_id_list ?? ['880000000001'],
  action: o.voucher_status_action ?? 'NORMAL_ISUSED',
  ...(o.voucher_point_list ? { points: o.voucher_point_list } : {}),
})

const done = (ledger: VoucherLedger, req: StatusChangeRequest) => ledger.change(req)
const statuses = (ledger: VoucherLedger, req: StatusChangeRequest) => done(ledger, req).result.result.voucher_status_list

describe('demo data', () => {
  it('seeds documented vouchers: two customers, one voucher already used', () => {
    const ledger = new VoucherLedger()
    expect(ledger.all()).toHaveLength(DEMO_VOUCHERS.length)
    expect(new Set(DEMO_VOUCHERS.map((v) => v.customerId))).toEqual(new Set(['C10001', 'C10002']))
    expect(
      ledger
        .all()
        .filter((v) => v.state === 'ISUSED')
        .map((v) => v.voucherId),
    ).toEqual(['880000000006'])
    for (const v of DEMO_VOUCHERS) {
      expect(v.voucherId).toMatch(/^88\d{10}$/)
      expect(v.note.zh).not.toBe('')
      expect(v.note.en).not.toBe('')
    }
    expect(ledger.get(DEMO_UNKNOWN_VOUCHER_ID)).toBeUndefined()
  })
})

describe('NORMAL_ISUSED (redeem)', () => {
  it('answers per voucher: partial success is an ordinary, processed call', () => {
    const ledger = new VoucherLedger()
    const outcome = done(ledger, request({ voucher_id_list: ['880000000001', DEMO_UNKNOWN_VOUCHER_ID, '880000000006', '880000000101'] }))
    expect(outcome.result).toMatchObject({ biz_success: true, result_code: 'PARTIAL_FAILURE' })
    expect(outcome.result.result.voucher_status_list.map((s) => [s.voucher_id, s.is_success, s.result_code])).toEqual([
      ['880000000001', true, '0'],
      [DEMO_UNKNOWN_VOUCHER_ID, false, 'VOUCHER_NOT_FOUND'],
      ['880000000006', false, 'VOUCHER_ALREADY_USED'],
      ['880000000101', false, 'VOUCHER_CUSTOMER_MISMATCH'],
    ])
    expect(outcome.result.result.voucher_status_list[0]).toMatchObject({ result_desc: '使用成功', result_view: '使用成功' })
    expect(outcome.result.result.voucher_status_list[3]!.result_desc).toBe('优惠券不属于该顾客')
    expect(ledger.get('880000000101')?.state).toBe('NORMAL') // untouched
  })

  it('says so when every voucher fails, and records points', () => {
    const ledger = new VoucherLedger()
    expect(done(ledger, request({ voucher_id_list: [DEMO_UNKNOWN_VOUCHER_ID] })).result.result_code).toBe('ALL_FAILED')
    done(ledger, request({ voucher_id_list: ['880000000004'], voucher_point_list: ['100'] }))
    expect(ledger.log.at(-1)).toMatchObject({ voucherId: '880000000004', points: '100', resultCode: '0' })
  })
})

describe('ISUSED_NORMAL (reverse)', () => {
  it('retires the used voucher and issues a new one for the same customer, which can be redeemed', () => {
    const ledger = new VoucherLedger()
    const [reversed] = statuses(ledger, request({ voucher_id_list: ['880000000006'], voucher_status_action: 'ISUSED_NORMAL' }))
    expect(reversed).toMatchObject({ is_success: true, result_code: '0', result_desc: '反核销成功' })
    const newId = reversed!.voucher_id
    expect(newId).not.toBe('880000000006')
    expect(ledger.get('880000000006')).toMatchObject({ state: 'REVERSED', reissuedAs: newId })
    expect(ledger.get(newId)).toMatchObject({ voucherId: newId, customerId: 'C10001', state: 'NORMAL', reissuedFrom: '880000000006' })

    const [redeemed] = statuses(ledger, request({ voucher_id_list: [newId] }))
    expect(redeemed).toMatchObject({ is_success: true, voucher_id: newId })
    expect(ledger.get(newId)?.state).toBe('ISUSED')
  })

  it('cannot reverse twice, reverse an unused voucher, or redeem a reversed one', () => {
    const ledger = new VoucherLedger()
    const reverse = (id: string) => statuses(ledger, request({ voucher_id_list: [id], voucher_status_action: 'ISUSED_NORMAL' }))[0]
    expect(reverse('880000000006')?.is_success).toBe(true)
    expect(reverse('880000000006')).toMatchObject({ is_success: false, result_code: 'VOUCHER_ALREADY_REVERSED' })
    expect(reverse('880000000002')).toMatchObject({ is_success: false, result_code: 'VOUCHER_NOT_USED' })
    expect(statuses(ledger, request({ voucher_id_list: ['880000000006'] }))[0]).toMatchObject({
      is_success: false,
      result_code: 'VOUCHER_ALREADY_REVERSED',
    })
    expect(ledger.actionCount('880000000006', 'ISUSED_NORMAL')).toBe(1)
  })
})

describe('request_id idempotency', () => {
  it('the same request_id and payload returns the stored answer without acting again', () => {
    const ledger = new VoucherLedger()
    const req = request({ voucher_id_list: ['880000000006'], voucher_status_action: 'ISUSED_NORMAL' })
    const first = done(ledger, req)
    const again = done(ledger, { ...req, voucherIds: [...req.voucherIds] })
    expect(first.replayed).toBe(false)
    expect(again).toEqual({ kind: 'done', result: first.result, replayed: true })
    expect(ledger.actionCount('880000000006', 'ISUSED_NORMAL')).toBe(1)
    expect(ledger.all().filter((v) => v.reissuedFrom === '880000000006')).toHaveLength(1)
    expect(ledger.log).toHaveLength(1)
  })

  it('without deduplication a repeated request_id is processed again, as by a server that ignores it', () => {
    const ledger = new VoucherLedger(undefined, { deduplicateRequestIds: false })
    const req = request({ voucher_id_list: ['880000000001', '880000000002'] })
    const first = done(ledger, req)
    const again = done(ledger, req)
    expect(again.replayed).toBe(false)
    expect(first.result.result.voucher_status_list.map((s) => s.result_code)).toEqual(['0', '0'])
    expect(again.result.result.voucher_status_list.map((s) => s.result_code)).toEqual(['VOUCHER_ALREADY_USED', 'VOUCHER_ALREADY_USED'])
    expect(ledger.log.map((a) => [a.requestId, a.resultCode])).toEqual([
      [req.requestId, '0'],
      [req.requestId, '0'],
      [req.requestId, 'VOUCHER_ALREADY_USED'],
      [req.requestId, 'VOUCHER_ALREADY_USED'],
    ])
    // A reversal repeated: reversed once, the repeat refused, one reissued voucher.
    const reverse = request({ voucher_id_list: ['880000000001'], voucher_status_action: 'ISUSED_NORMAL' })
    done(ledger, reverse)
    expect(statuses(ledger, reverse)?.[0]).toMatchObject({ is_success: false, result_code: 'VOUCHER_ALREADY_REVERSED' })
    expect(ledger.all().filter((v) => v.reissuedFrom === '880000000001')).toHaveLength(1)
    // Switched back on at run time: repeats are replayed again.
    ledger.deduplicateRequestIds = true
    const third = request({ voucher_id_list: ['880000000003'] })
    done(ledger, third)
    expect(done(ledger, third).replayed).toBe(true)
  })

  it('the same request_id with a different payload gets the first answer: the key alone identifies the request', () => {
    const ledger = new VoucherLedger()
    const req = request({ voucher_id_list: ['880000000001'] })
    const first = done(ledger, req)
    expect(ledger.change({ ...req, voucherIds: ['880000000002'] })).toEqual({ kind: 'done', result: first.result, replayed: true })
    expect(ledger.get('880000000002')?.state).toBe('NORMAL')
  })
})
