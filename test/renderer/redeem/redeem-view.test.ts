import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { RedeemSubmitInput, StartupEntry, StartupReport, VoucherResult } from '@contract/ipc/channels/redemption'
import RedeemView from '@renderer/redeem/RedeemView.vue'
import { ApiError } from '@renderer/api'
import { useHistoryStore } from '@renderer/history/history-store'
import { useRedeemStore } from '@renderer/redeem/redeem-store'
import { clickBoxButton, fakeApi, messageBox, mountWithApp, pushEvent } from '../support/harness'
import { DEMO, NOTHING_AT_STARTUP, SANDBOX_CONTEXT, batch, manualClock, pressKey, result, typeWithGap } from './support'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  // The training banner remembers whether it was folded: every test starts as a first start.
  localStorage.clear()
})

const REDEEMED = { state: 'redeemed', result: { code: '0', text: '使用成功' } } as const
const ALREADY_USED = {
  state: 'failed',
  failure: { kind: 'voucher', result: { code: 'VOUCHER_ALREADY_USED', text: '该券已核销，不能重复使用' } },
} as const

function api(overrides: Record<string, (...args: never[]) => unknown> = {}) {
  return fakeApi({
    redeemContext: () => SANDBOX_CONTEXT,
    redeemDemoVouchers: () => ({ vouchers: DEMO }),
    redeemStartupReport: () => NOTHING_AT_STARTUP,
    ...overrides,
  })
}

async function mountView(options: { overrides?: Parameters<typeof api>[0]; locale?: 'zh-CN' | 'en' } = {}) {
  const clock = manualClock()
  wrapper = await mountWithApp(RedeemView, {
    api: api(options.overrides),
    locale: options.locale ?? 'zh-CN',
    props: { scannerClock: clock.now },
  })
  return { wrapper, clock }
}

/** Element Plus puts extra attributes on the inner <input>, so `data-test` lands there. */
const sel = (test: string) => `input[data-test="${test}"]`
const lineCodes = (w: VueWrapper) => w.findAll(sel('line-code')).map((i) => (i.element as HTMLInputElement).value)
const input = (w: VueWrapper, test: string) => w.find(sel(test)).element as HTMLInputElement

describe('scanner wedge', () => {
  it('a scan into the customer box stays there, submits nothing, and moves on to the code box', async () => {
    const submit = vi.fn()
    const { wrapper, clock } = await mountView({ overrides: { redeemSubmit: submit } })
    const customer = input(wrapper, 'customer-id')
    customer.focus()
    await typeWithGap('2088000012345678', 8, clock, false) // the customer's member code, scanned…
    clock.advance(8)
    const enter = pressKey('Enter') // …ending in the scanner's Enter
    await flushPromises()
    expect(customer.value).toBe('2088000012345678')
    expect(lineCodes(wrapper)).toEqual([])
    expect(enter.defaultPrevented).toBe(true)
    expect(submit).not.toHaveBeenCalled()
    // The focus is in the code box now: the next scan is a voucher.
    expect(document.activeElement).toBe(input(wrapper, 'code-input'))
    clock.advance(800)
    await typeWithGap('880000000001', 8, clock)
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
    expect(input(wrapper, 'code-input').value).toBe('')
    expect(customer.value).toBe('2088000012345678')
  })

  it('a scan into another field, even with vouchers listed, never redeems', async () => {
    const submit = vi.fn()
    const { wrapper, clock } = await mountView({ overrides: { redeemSubmit: submit } })
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await typeWithGap('880000000001', 8, clock)
    await flushPromises()
    const order = input(wrapper, 'out-order-id')
    order.focus()
    clock.advance(800)
    await typeWithGap('PO20250110001', 8, clock) // an order barcode into the order box
    await flushPromises()
    expect(order.value).toBe('PO20250110001')
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
    expect(submit).not.toHaveBeenCalled()
  })

  it('with no text field focused (a button, a radio, the page), a scan goes to the list', async () => {
    const { wrapper, clock } = await mountView()
    ;(document.activeElement as HTMLElement | null)?.blur()
    await typeWithGap('880000000001', 8, clock)
    const radio = wrapper.find('[data-test="source"] input[type="radio"]').element as HTMLInputElement
    radio.focus()
    expect(document.activeElement).toBe(radio)
    clock.advance(800)
    await typeWithGap('880000000002', 8, clock)
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000001', '880000000002'])
  })

  it('leaves slow typing alone: Enter after ordinary keystrokes is not a scan', async () => {
    const { wrapper, clock } = await mountView()
    const customer = input(wrapper, 'customer-id')
    customer.focus()
    await typeWithGap('880000000001', 120, clock)
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual([])
    expect(customer.value).toBe('880000000001')
  })

  it('in the code box, typing and Enter adds the typed code once', async () => {
    const { wrapper, clock } = await mountView()
    input(wrapper, 'code-input').focus()
    await typeWithGap('880000000002', 90, clock)
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000002'])
    clock.advance(1000)
    await typeWithGap('880000000003', 5, clock) // a scan into the code box is not added twice
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000002', '880000000003'])
    expect(input(wrapper, 'code-input').value).toBe('')
  })

  it('ignores a burst that is too short to be a code', async () => {
    const { wrapper, clock } = await mountView()
    const order = input(wrapper, 'out-order-id')
    order.focus()
    await typeWithGap('12', 5, clock, false)
    clock.advance(5)
    const enter = pressKey('Enter')
    await flushPromises()
    // Not a scan: the Enter is the field's own, nothing went to the list.
    expect(enter.defaultPrevented).toBe(false)
    expect(order.value).toBe('12')
    expect(lineCodes(wrapper)).toEqual([])
  })
})

describe('voucher list', () => {
  function paste(wrapper: VueWrapper, text: string) {
    const target = input(wrapper, 'code-input')
    const event = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } })
    target.dispatchEvent(event)
    return event
  }

  it('splits a pasted list on line breaks, commas and spaces', async () => {
    const { wrapper } = await mountView()
    const event = paste(wrapper, '880000000001\r\n880000000002, 880000000003\n\n８８０００００００００４；880000000005')
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    expect(lineCodes(wrapper)).toEqual(['880000000001', '880000000002', '880000000003', '880000000004', '880000000005'])
    expect(wrapper.find('[data-test="line-count"]').text()).toContain('5')
  })

  it('a thousand pasted codes render only a screenful of rows, and scrolling brings the rest', async () => {
    const { wrapper } = await mountView()
    const codes = Array.from({ length: 1000 }, (_, i) => String(880_000_100_000 + i))
    paste(wrapper, codes.join('\n'))
    await flushPromises()
    const list = wrapper.find('[data-test="voucher-lines"]')
    expect(list.attributes('data-count')).toBe('1000')
    expect(wrapper.find('[data-test="line-count"]').text()).toContain('1000')
    const rendered = lineCodes(wrapper)
    expect(rendered.length).toBeGreaterThan(5)
    expect(rendered.length).toBeLessThan(40)
    expect(rendered[0]).toBe(codes[0])
    // Scroll the box to the end: the last code is there, the first is gone, the total height is kept.
    const box = wrapper.find('[data-test="voucher-box"]')
    ;(box.element as HTMLElement).scrollTop = 999 * 44
    await box.trigger('scroll')
    expect(lineCodes(wrapper)).toContain(codes[999])
    expect(lineCodes(wrapper)).not.toContain(codes[0])
    expect(parseInt((list.element as HTMLElement).style.paddingTop, 10)).toBeGreaterThan(900 * 44)
  })

  it('a list longer than one batch is sent in batches: nothing flagged, nothing dropped, the rest stays listed', async () => {
    const submitted: RedeemSubmitInput[] = []
    const { wrapper } = await mountView({
      overrides: {
        redeemSubmit: (input: RedeemSubmitInput) => {
          submitted.push(input)
          return batch(input.vouchers.map((v) => result(v.voucherId, REDEEMED)))
        },
      },
    })
    const codes = Array.from({ length: 230 }, (_, i) => String(880_000_200_000 + i))
    paste(wrapper, codes.join('\n'))
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await flushPromises()
    expect(wrapper.find('[data-test="flagged-count"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="batch-plan"]').text()).toContain('2 批')
    const submit = wrapper.find('[data-test="redeem-submit"]')
    expect(submit.text()).toBe('核销前 200 张')
    await submit.trigger('click')
    await flushPromises()
    expect(submitted.map((s) => s.vouchers.length)).toEqual([200])
    expect(submitted[0]!.vouchers[0]!.voucherId).toBe(codes[0])
    expect(wrapper.find('[data-test="voucher-lines"]').attributes('data-count')).toBe('30')
    expect(lineCodes(wrapper)[0]).toBe(codes[200])
    expect(submit.text()).toBe('核销')
    await submit.trigger('click')
    await flushPromises()
    expect(submitted.map((s) => s.vouchers.length)).toEqual([200, 30])
    expect(submitted.flatMap((s) => s.vouchers.map((v) => v.voucherId))).toEqual(codes)
    expect(wrapper.find('[data-test="voucher-lines"]').exists()).toBe(false)
  })

  it('flags duplicates and malformed codes with the reason, and will not send until they are fixed', async () => {
    const submit = vi.fn()
    const { wrapper } = await mountView({ overrides: { redeemSubmit: submit } })
    await wrapper.find(sel('customer-id')).setValue('C10001')
    paste(wrapper, '880000000001\n8800-0000?01\n880000000001\n880000000002')
    await flushPromises()
    const lines = wrapper.findAll('[data-test="voucher-line"]')
    expect(lines).toHaveLength(4)
    const issues = lines.map((l) => (l.find('[data-test="line-issues"]').exists() ? l.find('[data-test="line-issues"]').text() : ''))
    expect(issues[0]).toBe('')
    expect(issues[1]).toContain('券码只能包含数字、字母')
    expect(issues[2]).toContain('880000000001')
    expect(issues[2]).toMatch(/重复|twice|两次/)
    expect(issues[3]).toBe('')
    expect(wrapper.find('[data-test="flagged-count"]').text()).toContain('2')
    expect(wrapper.find('[data-test="redeem-submit"]').attributes('disabled')).toBeDefined()
    pressKey('Enter', { ctrlKey: true })
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()

    await wrapper.find('[data-test="remove-flagged"]').trigger('click')
    expect(lineCodes(wrapper)).toEqual(['880000000001', '880000000002'])
    expect(wrapper.find('[data-test="redeem-submit"]').attributes('disabled')).toBeUndefined()
  })

  it('flags points that are not a whole number', async () => {
    const { wrapper } = await mountView()
    paste(wrapper, '880000000004\n880000000001')
    await flushPromises()
    await wrapper.findAll(sel('line-points'))[0]!.setValue('1.5')
    expect(wrapper.findAll('[data-test="voucher-line"]')[0]!.text()).toContain('点数')
    await wrapper.findAll(sel('line-points'))[0]!.setValue('１００')
    expect(wrapper.find('[data-test="line-issues"]').exists()).toBe(false)
  })
})

describe('redeeming', () => {
  async function filled(overrides: Parameters<typeof api>[0]) {
    const { wrapper, clock } = await mountView({ overrides })
    await wrapper.find(sel('customer-id')).setValue(' C10001 ')
    await typeWithGap('880000000001', 5, clock)
    clock.advance(500)
    await typeWithGap('880000000006', 5, clock)
    await flushPromises()
    await wrapper.findAll(sel('line-points'))[0]!.setValue('100')
    return wrapper
  }

  it('Ctrl+Enter with a code typed but not yet added adds it first, then redeems it with the list', async () => {
    const submit = vi.fn((input: RedeemSubmitInput) => batch(input.vouchers.map((v) => result(v.voucherId, REDEEMED))))
    const { wrapper, clock } = await mountView({ overrides: { redeemSubmit: submit } })
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await typeWithGap('880000000001', 8, clock) // scanned: in the list
    const box = input(wrapper, 'code-input')
    box.focus()
    clock.advance(800)
    await typeWithGap('880000000002', 120, clock, false) // typed by hand, no Enter
    expect(box.value).toBe('880000000002')
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
    pressKey('Enter', { ctrlKey: true })
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    expect(submit.mock.calls[0]![0].vouchers.map((v) => v.voucherId)).toEqual(['880000000001', '880000000002'])
    expect(box.value).toBe('')
    expect(wrapper.findAll('[data-test="result-line"]')).toHaveLength(2)
  })

  it('a typed code alone is enough to redeem, and a malformed one is flagged instead of sent', async () => {
    const submit = vi.fn((input: RedeemSubmitInput) => batch(input.vouchers.map((v) => result(v.voucherId, REDEEMED))))
    const { wrapper, clock } = await mountView({ overrides: { redeemSubmit: submit } })
    await wrapper.find(sel('customer-id')).setValue('C10001')
    input(wrapper, 'code-input').focus()
    await typeWithGap('8800-0000?01', 120, clock, false)
    pressKey('Enter', { ctrlKey: true })
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    expect(lineCodes(wrapper)).toEqual(['8800-0000?01'])
    expect(wrapper.find('[data-test="line-issues"]').text()).toContain('券码只能包含数字、字母')

    await wrapper.find('[data-test="remove-flagged"]').trigger('click')
    await wrapper.find(sel('code-input')).setValue('880000000003')
    expect(wrapper.find('[data-test="redeem-submit"]').attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(submit.mock.calls[0]![0].vouchers).toEqual([{ voucherId: '880000000003', points: undefined }])
  })

  it('Ctrl+Enter sends the form and list, then shows each result in plain words, green or red', async () => {
    const submit = vi.fn((_input: RedeemSubmitInput) => batch([result('880000000001', REDEEMED), result('880000000006', ALREADY_USED)]))
    const wrapper = await filled({ redeemSubmit: submit })
    pressKey('Enter', { ctrlKey: true })
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    expect(submit.mock.calls[0]![0]).toEqual({
      customerId: 'C10001',
      source: 'POS',
      shopId: 'S001',
      outOrderId: undefined,
      operatorId: 'OP001',
      operatorName: '店长',
      vouchers: [
        { voucherId: '880000000001', points: '100' },
        { voucherId: '880000000006', points: undefined },
      ],
    })
    const lines = wrapper.findAll('[data-test="result-line"]')
    expect(lines).toHaveLength(2)
    expect(lines[0]!.classes()).toContain('is-success')
    expect(lines[0]!.find('.el-tag--success').text()).toBe('已核销')
    expect(lines[0]!.find('[data-test="result-words"]').text()).toBe('核销成功')
    expect(lines[1]!.classes()).toContain('is-danger')
    expect(lines[1]!.find('.el-tag--danger').exists()).toBe(true)
    // Our words by result code first, the server's own text second.
    expect(lines[1]!.find('[data-test="result-words"]').text()).toMatch(/^未核销：这张券已经用过了\s*平台原话：该券已核销，不能重复使用$/)
    expect(wrapper.find('[data-test="retry-unknown"]').exists()).toBe(false)
    // The list was handed over; the next customer starts empty.
    expect(lineCodes(wrapper)).toEqual([])
  })

  it('in English, results read in English: our words by result code, the server text second, never "Redeemed Redeemed"', async () => {
    const unknownCode = { state: 'failed', failure: { kind: 'voucher', result: { code: 'SOMETHING_NEW', text: '活动太火爆了' } } } as const
    const { wrapper } = await mountView({
      locale: 'en',
      overrides: {
        redeemSubmit: () =>
          batch([result('880000000001', REDEEMED), result('880000000006', ALREADY_USED), result('880000000007', unknownCode)]),
      },
    })
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await wrapper.find(sel('code-input')).setValue('880000000001 880000000006 880000000007')
    await wrapper.find(sel('code-input')).trigger('keydown', { key: 'Enter' })
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    const lines = wrapper.findAll('[data-test="result-line"]')
    const tag = lines[0]!.find('.el-tag').text()
    const words = lines[0]!.find('[data-test="result-words"]').text()
    expect(tag).toBe('Redeemed')
    expect(words).not.toBe(tag)
    expect(words).not.toContain('Redeemed')
    expect(lines[1]!.find('[data-test="result-words"]').text()).toMatch(
      /^Not redeemed: this voucher has already been used\s*The platform said: 该券已核销/,
    )
    // A code we have no words for: ours say so in English, the server's text follows.
    expect(lines[2]!.find('[data-test="result-words"]').text()).toMatch(
      /^Not redeemed \(result code SOMETHING_NEW\)\s*The platform said: 活动太火爆了$/,
    )
  })

  it('shows the server result code when hovering a result', async () => {
    const wrapper = await filled({
      redeemSubmit: () => batch([result('880000000001', REDEEMED), result('880000000006', ALREADY_USED)]),
    })
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    await wrapper.findAll('[data-test="result-line"]')[1]!.find('.el-tag').trigger('mouseenter')
    await vi.waitFor(() => expect(document.body.textContent).toContain('结果码 VOUCHER_ALREADY_USED'), { timeout: 2000 })
  })

  it('keeps the list and marks the field when main refuses the input', async () => {
    const refusal = new ApiError({
      code: 'invalid-input',
      key: 'ipc.invalidInput',
      issues: [{ path: ['operatorId'], key: 'redemption.error.operatorRequired', params: {} }],
    })
    const wrapper = await filled({
      redeemSubmit: () => {
        throw refusal
      },
    })
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000001', '880000000006'])
    expect(wrapper.find('[data-test="submit-error"]').text()).toContain('输入有误')
    // Element Plus shows a form item's error after a short debounce.
    await vi.waitFor(() => expect(wrapper.find('[data-test="redeem-form"]').text()).toContain('请填写操作人'))
  })

  it('shows the progress main pushes for a multi-call batch, and offers Retry for unconfirmed vouchers', async () => {
    const unknown = { state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'timeout' } } } as const
    const running = batch([result('880000000001', REDEEMED, 1)], {
      status: 'running',
      callsTotal: 2,
      callsDone: 1,
      waiting: [{ voucherId: '880000000006', points: null }],
    })
    const done = batch([result('880000000001', REDEEMED, 1), result('880000000006', unknown, 2)], { callsTotal: 2, callsDone: 2 })
    const resolved = batch([result('880000000001', REDEEMED, 1), result('880000000006', REDEEMED, 2)], { callsTotal: 2, callsDone: 2 })
    const progress = vi.fn().mockResolvedValue(resolved)
    const retry = vi.fn(() => ({
      retried: [{ entryId: 2, requestId: 'r', action: 'NORMAL_ISUSED', customerId: 'C10001', vouchers: [] }],
      skipped: [],
    }))
    const wrapper = await filled({ redeemSubmit: () => running, redeemProgress: progress, redeemRetryUnresolved: retry })
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="batch-progress"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('已完成 1 / 2 次请求')
    expect(wrapper.find('[data-test="result-waiting"]').text()).toContain('880000000006')
    // On its way, not "to confirm".
    expect(wrapper.find('[data-test="results-summary"]').text()).toBe('成功 1 张，失败 0 张，发送中 1 张')

    // Another batch's progress is not this one's; an older push never steps back.
    pushEvent('redeem.batchProgress', { ...done, batchId: '00000000-0000-4000-8000-000000000099' })
    pushEvent('redeem.batchProgress', { ...running, callsDone: 0 })
    await flushPromises()
    expect(wrapper.text()).toContain('已完成 1 / 2 次请求')
    pushEvent('redeem.batchProgress', done)
    await flushPromises()
    expect(wrapper.text()).toContain('已完成 2 / 2 次请求')
    // Main pushed it: the screen asked for nothing.
    expect(progress).not.toHaveBeenCalled()
    const open = wrapper.findAll('[data-test="result-line"]')[1]!
    expect(open.classes()).toContain('is-warning')
    // Plain words in the row, said once; the technical reason only on hover.
    expect(open.find('.el-tag').text()).toBe('待确认')
    expect(open.find('[data-test="result-words"]').text()).toBe('未确认：网络中断，平台可能已核销，请点「重试」确认')
    expect(open.text()).not.toContain('timeout')
    await open.find('.el-tag').trigger('mouseenter')
    await vi.waitFor(() => expect(document.body.textContent).toContain('技术原因：timeout'), { timeout: 2000 })
    await wrapper.find('[data-test="retry-unknown"]').trigger('click')
    await flushPromises()
    expect(retry).toHaveBeenCalledWith({ entryIds: [2] })
    expect(wrapper.findAll('[data-test="result-line"]')[1]!.classes()).toContain('is-success')
    expect(wrapper.find('[data-test="retry-unknown"]').exists()).toBe(false)
  })

  it('points the cashier to History, filtered to the rows that need checking', async () => {
    const needsCheck = {
      state: 'needs_check',
      refusal: { kind: 'voucher', result: { code: 'VOUCHER_ALREADY_USED', text: '该券已核销，不能重复使用' } },
    } as const
    const wrapper = await filled({ redeemSubmit: () => batch([result('880000000001', REDEEMED), result('880000000006', needsCheck)]) })
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="results-summary"]').text()).toBe('成功 1 张，失败 0 张，待核对 1 张')
    const line = wrapper.findAll('[data-test="result-line"]')[1]!
    expect(line.find('[data-test="result-words"]').text()).toContain('请到商家后台核对')
    // Retrying cannot settle it; only the merchant backend can.
    expect(wrapper.find('[data-test="retry-unknown"]').exists()).toBe(false)
    const open = wrapper.find('[data-test="open-checks"]')
    expect(open.text()).toBe('到核销记录核对 1 张券')
    await open.trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.vm.$router.currentRoute.value.path).toBe('/history'), { timeout: 5000 })
    expect(useHistoryStore().form.status).toBe('needs_check')
  })
})

describe('keyboard and scanner at the counter', () => {
  it('Ctrl+Enter with no customer moves the cursor to 顾客ID and says why', async () => {
    const submit = vi.fn()
    const { wrapper, clock } = await mountView({ overrides: { redeemSubmit: submit } })
    await typeWithGap('880000000001', 5, clock)
    await flushPromises()
    expect(wrapper.find('[data-test="redeem-submit"]').attributes('disabled')).toBeUndefined()
    pressKey('Enter', { ctrlKey: true })
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(input(wrapper, 'customer-id'))
    await vi.waitFor(() => expect(wrapper.find('[data-test="redeem-form"]').text()).toContain('请先填写顾客ID'))
    // Typing the customer takes the message away; the list is still there.
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await vi.waitFor(() => expect(wrapper.find('[data-test="redeem-form"]').text()).not.toContain('请先填写顾客ID'))
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
  })

  it('Enter in 顾客ID moves on to the code box', async () => {
    const { wrapper } = await mountView()
    const customer = input(wrapper, 'customer-id')
    customer.focus()
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await wrapper.find(sel('customer-id')).trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(document.activeElement).toBe(input(wrapper, 'code-input'))
    expect(customer.value).toBe('C10001')
  })

  it('a voucher scanned into 顾客ID is caught and offered as a voucher', async () => {
    const { wrapper, clock } = await mountView()
    const customer = input(wrapper, 'customer-id')
    customer.focus()
    // 880000000002 looks like the practice vouchers the screen knows (same length, same start).
    await typeWithGap('880000000002', 8, clock)
    await flushPromises()
    const offer = wrapper.find('[data-test="voucher-in-customer"]')
    expect(offer.text()).toContain('880000000002')
    expect(lineCodes(wrapper)).toEqual([])
    expect(document.activeElement).toBe(wrapper.find('[data-test="customer-as-voucher"]').element)
    await wrapper.find('[data-test="customer-as-voucher"]').trigger('click')
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000002'])
    expect(customer.value).toBe('')
    expect(document.activeElement).toBe(customer)
    expect(wrapper.find('[data-test="voucher-in-customer"]').exists()).toBe(false)
  })

  it('a member code scanned into 顾客ID is not mistaken for a voucher', async () => {
    const { wrapper, clock } = await mountView()
    input(wrapper, 'customer-id').focus()
    await typeWithGap('2088000012345678', 8, clock)
    await flushPromises()
    expect(wrapper.find('[data-test="voucher-in-customer"]').exists()).toBe(false)
    expect(document.activeElement).toBe(input(wrapper, 'code-input'))
  })

  it('a scanner at 50 ms per key is still recognised from anywhere on the screen', async () => {
    const { wrapper, clock } = await mountView()
    ;(document.activeElement as HTMLElement | null)?.blur()
    await typeWithGap('880000000001', 50, clock)
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
    expect(input(wrapper, 'code-input').value).toBe('')
  })

  it('a scanner slower still, with the focus on a button, types into the code box: nothing is lost', async () => {
    const { wrapper, clock } = await mountView()
    ;(wrapper.find('[data-test="next-customer"]').element as HTMLElement).focus()
    await typeWithGap('880000000001', 90, clock)
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
    expect(document.activeElement).toBe(input(wrapper, 'code-input'))
  })

  it('F2 (next customer) clears customer, list and results, and asks first when codes are still listed', async () => {
    const { wrapper, clock } = await mountView({
      overrides: { redeemSubmit: (i: RedeemSubmitInput) => batch(i.vouchers.map((v) => result(v.voucherId, REDEEMED))) },
    })
    expect(wrapper.find('[data-test="next-customer"]').text()).toContain('F2')
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await typeWithGap('880000000001', 5, clock)
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test="result-line"]')).toHaveLength(1)
    // Results on screen, nothing listed: F2 clears at once.
    pressKey('F2')
    await flushPromises()
    expect(wrapper.find('[data-test="redeem-results"]').exists()).toBe(false)
    expect(input(wrapper, 'customer-id').value).toBe('')
    expect(document.activeElement).toBe(input(wrapper, 'customer-id'))
    // Codes listed but not redeemed: F2 asks, and Cancel keeps them.
    clock.advance(500)
    ;(document.activeElement as HTMLElement | null)?.blur()
    await typeWithGap('880000000002', 5, clock)
    pressKey('F2')
    await vi.waitFor(() => expect(messageBox()?.textContent).toContain('1 张券没有核销'))
    await clickBoxButton('cancel')
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000002'])
    const boxes = document.querySelectorAll('.el-message-box').length
    pressKey('F2')
    await vi.waitFor(() => expect(document.querySelectorAll('.el-message-box').length).toBeGreaterThan(boxes))
    await clickBoxButton('confirm')
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual([])
  })
})

describe('state that tells the truth', () => {
  it('a result settled elsewhere (retried from History) shows on Redeem when the cashier comes back', async () => {
    const unknown = { state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'timeout' } } } as const
    const progress = vi.fn(() => batch([result('880000000001', REDEEMED)]))
    const first = await mountView({ overrides: { redeemSubmit: () => batch([result('880000000001', unknown)]), redeemProgress: progress } })
    await first.wrapper.find(sel('customer-id')).setValue('C10001')
    await typeWithGap('880000000001', 5, first.clock)
    await first.wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(first.wrapper.find('[data-test="results-summary"]').text()).toContain('待确认 1 张')
    expect(progress).not.toHaveBeenCalled()
    // The cashier comes back from History: Redeem asks main for the batch as it is now (what the
    // view does when it mounts again; the store outlives the view).
    await useRedeemStore().refreshBatch()
    await flushPromises()
    expect(progress).toHaveBeenCalledTimes(1)
    expect(first.wrapper.find('[data-test="results-summary"]').text()).toBe('成功 1 张，失败 0 张')
    expect(first.wrapper.find('[data-test="result-line"]').classes()).toContain('is-success')
  })
})

describe('training mode and start-up', () => {
  const banner = () => wrapper!.find('[data-test="training-banner"]')
  const demoRows = () => banner().findAll('[data-test="demo-voucher"]')

  it('opens with the practice vouchers on the first start and folds to one line after the first redemption', async () => {
    const submit = vi.fn((input: RedeemSubmitInput) => batch(input.vouchers.map((v) => result(v.voucherId, REDEEMED))))
    await mountView({ overrides: { redeemSubmit: submit } })
    expect(demoRows()).toHaveLength(2)
    await banner().find('[data-test="use-880000000001"]').trigger('click')
    await wrapper!.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    expect(banner().text()).toContain('培训模式')
    expect(demoRows()).toHaveLength(0)
    expect(banner().find('[data-test="training-toggle"]').text()).toBe('显示练习券（2 张）')
    // Still folded the next time the screen opens.
    wrapper!.unmount()
    await mountView()
    expect(demoRows()).toHaveLength(0)
  })

  it('remembers the cashier folding and unfolding it, and a choice made outlives later redemptions', async () => {
    const submit = vi.fn((input: RedeemSubmitInput) => batch(input.vouchers.map((v) => result(v.voucherId, REDEEMED))))
    await mountView({ overrides: { redeemSubmit: submit } })
    const toggle = () => banner().find('[data-test="training-toggle"]')
    expect(toggle().attributes('aria-expanded')).toBe('true')
    await toggle().trigger('click')
    expect(demoRows()).toHaveLength(0)
    expect(toggle().attributes('aria-expanded')).toBe('false')
    wrapper!.unmount()
    await mountView({ overrides: { redeemSubmit: submit } })
    expect(demoRows()).toHaveLength(0)
    await toggle().trigger('click')
    expect(demoRows()).toHaveLength(2)
    await banner().find('[data-test="use-880000000001"]').trigger('click')
    await wrapper!.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    expect(demoRows()).toHaveLength(2) // opened on purpose: stays open
  })

  it('lists the demo vouchers in the sandbox; Use fills in customer and code', async () => {
    const { wrapper } = await mountView({ locale: 'en' })
    const banner = wrapper.find('[data-test="training-banner"]')
    expect(banner.text()).toContain('Training mode')
    expect(banner.findAll('[data-test="demo-voucher"]').map((r) => r.text())).toEqual([
      expect.stringContaining('880000000001'),
      expect.stringContaining('already used'),
    ])
    await banner.find('[data-test="use-880000000006"]').trigger('click')
    expect(input(wrapper, 'customer-id').value).toBe('C10001')
    expect(lineCodes(wrapper)).toEqual(['880000000006'])
  })

  it('shows no training banner for a production profile', async () => {
    const { wrapper } = await mountView({
      overrides: { redeemContext: () => ({ ...SANDBOX_CONTEXT, profileKind: 'production', profileId: 'p1' }) },
    })
    expect(wrapper.find('[data-test="training-banner"]').exists()).toBe(false)
  })

  it('reports what was pending at start-up and puts never-sent vouchers back on request', async () => {
    const { wrapper } = await mountView({
      overrides: {
        redeemStartupReport: () => ({
          resolving: false,
          entries: [
            {
              entryId: 7,
              requestId: 'r7',
              action: 'NORMAL_ISUSED',
              customerId: 'C10002',
              createdAt: Date.UTC(2025, 0, 10, 1),
              stateAtStartup: 'pending',
              vouchers: [result('880000000102', REDEEMED, 7)],
            },
          ],
          interruptedBatches: [
            {
              batchId: 'b',
              customerId: 'C10002',
              createdAt: 0,
              notSubmitted: [
                { voucherId: '880000000103', points: '100' },
                { voucherId: '880000000104', points: null },
              ],
            },
          ],
        }),
      },
    })
    const notice = wrapper.find('[data-test="startup-notice"]')
    expect(notice.text()).toContain('C10002')
    expect(notice.find('[data-test="startup-entry"]').text()).toContain('880000000102')
    expect(notice.find('.el-tag--success').exists()).toBe(true)
    await notice.find('[data-test="startup-put-back"]').trigger('click')
    expect(lineCodes(wrapper)).toEqual(['880000000103', '880000000104'])
    // The points entered before the app stopped come back with their vouchers.
    expect(wrapper.findAll(sel('line-points')).map((i) => (i.element as HTMLInputElement).value)).toEqual(['100', ''])
    expect(input(wrapper, 'customer-id').value).toBe('C10002')
    // Once is enough: the button becomes a note, so the vouchers cannot go in twice.
    expect(notice.find('[data-test="startup-put-back"]').exists()).toBe(false)
    expect(notice.find('[data-test="startup-put-back-done"]').text()).toBe('已放回列表')
    await notice.find('[data-test="startup-dismiss"]').trigger('click')
    expect(wrapper.find('[data-test="startup-notice"]').exists()).toBe(false)
  })

  it('when start-up recovery could not settle a call, says so and offers Retry with the same call', async () => {
    const unknown = { state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'refused' } } } as const
    const notSent = { state: 'not_sent', reason: { key: 'top.error.transport.notSent', params: { reason: 'refused' } } } as const
    const entry = (entryId: number, outcome: VoucherResult['outcome'], stateAtStartup: StartupEntry['stateAtStartup']): StartupEntry => ({
      entryId,
      requestId: `r${entryId}`,
      action: 'NORMAL_ISUSED',
      customerId: 'C10001',
      createdAt: Date.UTC(2025, 0, 10, 1),
      stateAtStartup,
      vouchers: [result(`88000000000${entryId}`, outcome, entryId)],
    })
    const stuck: StartupReport = {
      resolving: false,
      entries: [entry(1, unknown, 'pending'), entry(2, notSent, 'not_sent')],
      interruptedBatches: [],
    }
    const settled: StartupReport = { ...stuck, entries: [entry(1, REDEEMED, 'pending'), entry(2, REDEEMED, 'not_sent')] }
    // Still stuck after the first Retry (the network is down), settled after the second.
    const pending = vi.fn().mockReturnValueOnce(stuck).mockReturnValueOnce(stuck).mockReturnValue(settled)
    const retry = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ code: 'internal', key: 'ipc.internal' }))
      .mockReturnValue({ retried: [], skipped: [] })
    const { wrapper } = await mountView({ overrides: { redeemStartupReport: pending, redeemRetryUnresolved: retry } })
    const notice = () => wrapper.find('[data-test="startup-notice"]')
    expect(notice().find('[data-test="startup-title"]').text()).toContain('暂时无法确认结果')
    expect(notice().findAll('[data-test="startup-entry"]')[1]!.text()).toContain('上次未发出')
    expect(notice().findAll('[data-test="startup-entry"]')[1]!.find('.el-tag').text()).toBe('未发送（网络断开）')

    // A retry that fails says why, and Retry stays.
    await notice().find('[data-test="startup-retry"]').trigger('click')
    await flushPromises()
    expect(retry).toHaveBeenLastCalledWith({ entryIds: [1, 2] })
    expect(notice().find('[data-test="startup-error"]').text()).toContain('发生内部错误')
    expect(notice().find('[data-test="startup-retry"]').exists()).toBe(true)

    // Then the network is back: the same calls are retried and the notice shows their answer.
    await notice().find('[data-test="startup-retry"]').trigger('click')
    await flushPromises()
    expect(retry).toHaveBeenCalledTimes(2)
    expect(retry).toHaveBeenLastCalledWith({ entryIds: [1, 2] })
    expect(notice().find('[data-test="startup-title"]').text()).toContain('已自动确认结果')
    expect(notice().find('[data-test="startup-retry"]').exists()).toBe(false)
    expect(notice().find('[data-test="startup-error"]').exists()).toBe(false)
    expect(notice().findAll('.el-tag--success')).toHaveLength(2)
  })
})

describe('the profile the counter works for', () => {
  const PRODUCTION_CONTEXT = {
    profileId: '7d1a6b2e-0000-4000-8000-00000000aaaa',
    profileName: '西湖店',
    profileKind: 'production',
    defaults: { shopId: 'HZ-01', operatorId: 'P007' },
    limits: { perCall: 20, perBatch: 200 },
  } as const

  it('shows the active connection and shop, and a switch resets shop, operator and results to the new profile', async () => {
    let context: typeof SANDBOX_CONTEXT | typeof PRODUCTION_CONTEXT = SANDBOX_CONTEXT
    const submit = vi.fn((input: RedeemSubmitInput) => batch(input.vouchers.map((v) => result(v.voucherId, REDEEMED))))
    const { wrapper, clock } = await mountView({ overrides: { redeemContext: () => context, redeemSubmit: submit } })
    expect(wrapper.find('[data-test="redeem-where-kind"]').text()).toBe('培训')
    expect(wrapper.find('[data-test="redeem-where-profile"]').text()).toContain('沙箱')
    expect(wrapper.find('[data-test="redeem-where-shop"]').text()).toBe('门店：S001')
    await wrapper.find(sel('customer-id')).setValue('C10001')
    await typeWithGap('880000000001', 5, clock)
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test="result-line"]')).toHaveLength(1)

    // The manager switches to the shop's live connection; the screen loads again.
    context = PRODUCTION_CONTEXT
    await useRedeemStore().load()
    await flushPromises()
    expect(input(wrapper, 'shop-id').value).toBe('HZ-01')
    expect(input(wrapper, 'operator-id').value).toBe('P007')
    expect(input(wrapper, 'operator-name').value).toBe('')
    expect(wrapper.findAll('[data-test="result-line"]')).toHaveLength(0)
    expect(wrapper.find('[data-test="redeem-where-kind"]').text()).toBe('正式')
    expect(wrapper.find('[data-test="redeem-where-profile"]').text()).toBe('连接：西湖店')
    expect(wrapper.find('[data-test="redeem-where-shop"]').text()).toBe('门店：HZ-01')
  })

  it('says so when the profile has no shop, in English too', async () => {
    await mountView({
      locale: 'en',
      overrides: { redeemContext: () => ({ ...SANDBOX_CONTEXT, defaults: {} }) },
    })
    expect(wrapper!.find('[data-test="redeem-where"]').text()).toContain('Shop: not set')
    expect(wrapper!.find('[data-test="redeem-where-kind"]').text()).toBe('Training')
  })
})
