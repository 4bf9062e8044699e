import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { rawCall, type Json } from './helpers'

const LIST = 'alibaba.alsc.crm.customer.voucher.list'
const LIST_PARAM = 'customer_voucher_full_open_req'
const CHANGE = 'alibaba.alsc.crm.voucher.status.change'
const CHANGE_PARAM = 'param_voucher_status_change_open_req'

let gateway: SandboxGateway
beforeEach(async () => {
  gateway = await startSandboxGateway({ deduplicateRequestIds: false })
})
afterEach(async () => {
  await gateway.stop()
})

const list = async (request: Record<string, unknown>): Promise<Json> =>
  (await rawCall(gateway, { method: LIST, simplify: 'true', [LIST_PARAM]: JSON.stringify(request) })).json
let seq = 0
const change = (action: string, voucherIds: string[]) =>
  rawCall(gateway, {
    method: CHANGE,
    simplify: 'true',
    [CHANGE_PARAM]: JSON.stringify({
      customer_id: 'C10001',
      operator_id: 'op-1',
      request_id: `list-${++seq}`,
      source: 'POS',
      voucher_id_list: voucherIds,
      voucher_status_action: action,
    }),
  })

describe('customer.voucher.list', () => {
  it("lists C10001's vouchers with title, amount, threshold, validity, points and state, newest first", async () => {
    const reply = await list({ customer_id: 'C10001' })
    expect(reply.result).toMatchObject({
      biz_success: true,
      current_page: 1,
      page_size: 20,
      has_next_page: false,
      total_page: 1,
      total_size: 6,
    })
    const items = reply.result.result_list as Json[]
    expect(items.map((v) => v.voucher_id)).toEqual([
      '880000000003',
      '880000000005',
      '880000000002',
      '880000000001',
      '880000000004',
      '880000000006',
    ])
    expect(items.find((v) => v.voucher_id === '880000000001')).toEqual({
      voucher_id: '880000000001',
      title: '满100减10',
      status: 'NORMAL',
      amount: 1000,
      start_fee: 10000,
      voucher_template_id: '700100001',
      start_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      end_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      gmt_created: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    })
    expect(items.find((v) => v.voucher_id === '880000000004')).toMatchObject({ gift_point: 100 })
    expect(items.find((v) => v.voucher_id === '880000000003')).toMatchObject({ discount_rate: '0.9', amount: 0 })
    expect(items.find((v) => v.voucher_id === '880000000006')).toMatchObject({ status: 'ISUSED' })
    for (const v of items) expect(v.start_time < v.end_time).toBe(true)
  })

  it('pages (page_no from 1, page_size) and filters by state', async () => {
    const first = await list({ customer_id: 'C10001', page_no: 1, page_size: 4 })
    expect(first.result).toMatchObject({ current_page: 1, page_size: 4, has_next_page: true, total_page: 2, total_size: 6 })
    expect(first.result.result_list).toHaveLength(4)
    const second = await list({ customer_id: 'C10001', page_no: 2, page_size: 4 })
    expect(second.result).toMatchObject({ current_page: 2, has_next_page: false })
    expect(second.result.result_list).toHaveLength(2)
    const beyond = await list({ customer_id: 'C10001', page_no: 3, page_size: 4 })
    expect(beyond.result).toMatchObject({ current_page: 3, total_size: 6 })
    expect(beyond.result).not.toHaveProperty('result_list')

    const used = await list({ customer_id: 'C10001', voucher_status_list: ['ISUSED'] })
    expect(used.result.result_list.map((v: Json) => v.voucher_id)).toEqual(['880000000006'])
    expect((await list({ customer_id: 'C10002' })).result.total_size).toBe(3)
    expect((await list({ customer_id: 'C99999' })).result).toMatchObject({ biz_success: true, total_size: 0, total_page: 0 })
  })

  it('refuses a missing customer, a bad page and an unknown state (15, isv.*), naming the field', async () => {
    expect((await list({})).error_response).toMatchObject({
      code: 15,
      sub_code: 'isv.missing-parameter',
      sub_msg: `${LIST_PARAM}.customer_id`,
    })
    expect((await list({ customer_id: 'C10001', page_no: 0 })).error_response).toMatchObject({
      code: 15,
      sub_code: 'isv.invalid-parameter',
    })
    expect((await list({ customer_id: 'C10001', voucher_status_list: ['USED'] })).error_response).toMatchObject({
      sub_msg: `${LIST_PARAM}.voucher_status_list`,
    })
  })

  it('after a redemption the voucher is ISUSED; after a reversal the original is DELETED and the reissued one NORMAL, same template, created then', async () => {
    await change('NORMAL_ISUSED', ['880000000005'])
    expect(
      (await list({ customer_id: 'C10001', voucher_status_list: ['ISUSED'] })).result.result_list.map((v: Json) => v.voucher_id),
    ).toContain('880000000005')
    const before = Date.now()
    const reversed = await change('ISUSED_NORMAL', ['880000000005'])
    const reissuedId = reversed.json.result.result.voucher_status_list[0].voucher_id as string
    const items = (await list({ customer_id: 'C10001' })).result.result_list as Json[]
    const original = items.find((v) => v.voucher_id === '880000000005')
    const reissued = items.find((v) => v.voucher_id === reissuedId)
    expect(original).toMatchObject({ status: 'DELETED' })
    expect(reissued).toMatchObject({
      status: 'NORMAL',
      title: original.title,
      amount: original.amount,
      start_fee: original.start_fee,
      voucher_template_id: original.voucher_template_id,
      end_time: original.end_time,
    })
    // Created at the reversal (Beijing time, to the second): the newest of the list.
    const createdAt = Date.parse(`${(reissued.gmt_created as string).replace(' ', 'T')}+08:00`)
    expect(createdAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    expect(createdAt).toBeLessThanOrEqual(Date.now())
    expect(items[0].voucher_id).toBe(reissuedId)
  })
})
