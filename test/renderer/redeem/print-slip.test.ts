import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { HistoryRow } from '@contract/ipc/channels/redemption'
import type { SlipPrintInput, SlipPrintResult } from '@contract/ipc/channels/slips'
import { ApiError } from '@renderer/api'
import HistoryView from '@renderer/history/HistoryView.vue'
import RedeemResults from '@renderer/redeem/RedeemResults.vue'
import { fakeApi, mountWithApp, useScreenSizedObserver } from '../support/harness'
import { batch, result } from './support'

useScreenSizedObserver()

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const REDEEMED = { state: 'redeemed', result: { code: '0', text: '使用成功' } } as const
const toasts = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent?.trim())

/** The printer main would be: answers in turn, and keeps what it was asked. */
function printer(...answers: (SlipPrintResult | ApiError)[]) {
  return vi.fn((_input: SlipPrintInput) => {
    const answer = answers.shift()!
    if (answer instanceof ApiError) throw answer
    return answer
  })
}

describe('printing a slip from the screens', () => {
  it('the Redeem result prints its batch, in the language on screen, and says when the paper is a copy or why it failed', async () => {
    const slipPrint = printer(
      { printed: true, copy: false, slip: 'batch' },
      { printed: true, copy: true, slip: 'batch' },
      new ApiError({ code: 'conflict', key: 'slip.error.printFailed', params: { reason: 'out of paper' } }),
    )
    const done = batch([result('880000000001', REDEEMED)])
    wrapper = await mountWithApp(RedeemResults, { api: fakeApi({ slipPrint }), props: { batch: done } })
    await wrapper.find('[data-test="print-slip"]').trigger('click')
    await flushPromises()
    expect(slipPrint).toHaveBeenLastCalledWith({ kind: 'batch', batchId: done.batchId, locale: 'zh-CN' })
    await vi.waitFor(() => expect(toasts()).toContain('小票已打印'))
    await wrapper.find('[data-test="print-slip"]').trigger('click')
    await vi.waitFor(() => expect(toasts()).toContain('小票已打印（副本）'))
    await wrapper.find('[data-test="print-slip"]').trigger('click')
    await vi.waitFor(() => expect(toasts()).toContain('小票没有打印: 打印失败：out of paper'))
  })

  it('offers no slip while the batch is still being sent', async () => {
    wrapper = await mountWithApp(RedeemResults, {
      api: fakeApi({}),
      props: { batch: batch([result('880000000001', { state: 'pending' })], { status: 'running', callsDone: 0 }) },
    })
    expect(wrapper.find('[data-test="print-slip"]').exists()).toBe(false)
  })

  it('a History row prints its own slip; main decides which (the batch, or the reversal)', async () => {
    const row: HistoryRow = {
      rowId: 42,
      entryId: 7,
      requestId: 'req-7',
      action: 'ISUSED_NORMAL',
      voucherId: '880000000001',
      points: null,
      customerId: 'C10001',
      shopId: 'S001',
      operatorId: 'C01',
      operatorName: '李收银',
      source: 'POS',
      createdAt: Date.UTC(2025, 0, 10, 2, 0, 0),
      updatedAt: Date.UTC(2025, 0, 10, 2, 0, 0),
      outcome: { state: 'reversed', reissuedVoucherId: '880000100001', result: { code: '0', text: 'ok' } },
      reversal: null,
      reverses: { rowId: 41, voucherId: '880000000001' },
      reissuedFrom: null,
      canReverse: false,
      canResolve: false,
    }
    const slipPrint = printer({ printed: false, copy: false, slip: 'reversal' })
    wrapper = await mountWithApp(HistoryView, {
      api: fakeApi({ historyQuery: () => ({ rows: [row], next: null }), slipPrint }),
      route: '/history',
      locale: 'en',
    })
    await flushPromises()
    const button = wrapper.find('[data-test="row-print"]')
    expect(button.attributes('aria-label')).toBe('Print slip')
    await button.trigger('click')
    await flushPromises()
    expect(slipPrint).toHaveBeenCalledWith({ kind: 'row', rowId: 42, locale: 'en' })
    // The cashier closed the print dialog: said, and not counted as printed.
    await vi.waitFor(() => expect(toasts()).toContain('Printing cancelled'))
  })
})
