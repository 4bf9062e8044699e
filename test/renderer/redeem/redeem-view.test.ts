import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { RedeemSubmitInput } from '@contract/ipc/channels/redemption'
import RedeemView from '@renderer/views/RedeemView.vue'
import { ApiError } from '@renderer/api'
import { fakeApi, mountWithApp } from '../support/harness'
import {
  DEMO,
  NOTHING_AT_STARTUP,
  SANDBOX_CONTEXT,
  batch,
  manualClock,
  pressKey,
  result,
  typeWithGap,
} from './support'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
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
    redeemPendingAtStartup: () => NOTHING_AT_STARTUP,
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
  it('adds a fast burst ending in Enter as a code, even while the customer field has the focus', async () => {
    const { wrapper, clock } = await mountView()
    const customer = input(wrapper, 'customer-id')
    customer.focus()
    await typeWithGap('C10001', 150, clock, false) // the cashier types the customer id by hand
    clock.advance(800)
    await typeWithGap('880000000001', 8, clock) // then scans a voucher
    await flushPromises()
    expect(lineCodes(wrapper)).toEqual(['880000000001'])
    // The scan's characters were taken back out of the customer field.
    expect(customer.value).toBe('C10001')
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
    await typeWithGap('12', 5, clock)
    await flushPromises()
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
    // Scroll to the end: the last code is there, the first is gone, the total height is kept.
    const element = list.element as HTMLElement
    element.scrollTop = 999 * 44
    await list.trigger('scroll')
    expect(lineCodes(wrapper)).toContain(codes[999])
    expect(lineCodes(wrapper)).not.toContain(codes[0])
    expect(parseInt(element.style.paddingTop, 10)).toBeGreaterThan(900 * 44)
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

  it('Ctrl+Enter sends the form and list, then shows each result in plain words, green or red', async () => {
    const submit = vi.fn((_input: RedeemSubmitInput) =>
      batch([result('880000000001', REDEEMED), result('880000000006', ALREADY_USED)]),
    )
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
      vouchers: [{ voucherId: '880000000001', points: '100' }, { voucherId: '880000000006', points: undefined }],
    })
    const lines = wrapper.findAll('[data-test="result-line"]')
    expect(lines).toHaveLength(2)
    expect(lines[0]!.classes()).toContain('is-success')
    expect(lines[0]!.find('.el-tag--success').text()).toBe('已核销')
    expect(lines[0]!.find('[data-test="result-words"]').text()).toBe('核销成功')
    expect(lines[1]!.classes()).toContain('is-danger')
    expect(lines[1]!.find('.el-tag--danger').exists()).toBe(true)
    expect(lines[1]!.find('[data-test="result-words"]').text()).toBe('未核销：该券已核销，不能重复使用')
    expect(wrapper.find('[data-test="retry-unknown"]').exists()).toBe(false)
    // The list was handed over; the next customer starts empty.
    expect(lineCodes(wrapper)).toEqual([])
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

  it('polls a multi-call batch, shows its progress, and offers Retry for unconfirmed vouchers', async () => {
    const unknown = { state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'timeout' } } } as const
    const running = batch([result('880000000001', REDEEMED, 1)], {
      status: 'running',
      callsTotal: 2,
      callsDone: 1,
      waiting: [{ voucherId: '880000000006', points: null }],
    })
    const done = batch([result('880000000001', REDEEMED, 1), result('880000000006', unknown, 2)], { callsTotal: 2, callsDone: 2 })
    const resolved = batch([result('880000000001', REDEEMED, 1), result('880000000006', REDEEMED, 2)], { callsTotal: 2, callsDone: 2 })
    const progress = vi.fn().mockResolvedValueOnce(done).mockResolvedValue(resolved)
    const retry = vi.fn(() => ({ retried: [{ entryId: 2, requestId: 'r', action: 'NORMAL_ISUSED', customerId: 'C10001', vouchers: [] }], skipped: [] }))
    const wrapper = await filled({ redeemSubmit: () => running, redeemProgress: progress, redeemRetryUnknown: retry })
    await wrapper.find('[data-test="redeem-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="batch-progress"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('已完成 1 / 2 次请求')
    expect(wrapper.find('[data-test="result-waiting"]').text()).toContain('880000000006')

    await vi.waitFor(() => expect(wrapper.text()).toContain('已完成 2 / 2 次请求'), { timeout: 3000 })
    await flushPromises()
    const open = wrapper.findAll('[data-test="result-line"]')[1]!
    expect(open.classes()).toContain('is-warning')
    expect(open.text()).toContain('结果未知')
    await wrapper.find('[data-test="retry-unknown"]').trigger('click')
    await flushPromises()
    expect(retry).toHaveBeenCalledWith({ entryIds: [2] })
    expect(wrapper.findAll('[data-test="result-line"]')[1]!.classes()).toContain('is-success')
    expect(wrapper.find('[data-test="retry-unknown"]').exists()).toBe(false)
  })
})

describe('training mode and start-up', () => {
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
        redeemPendingAtStartup: () => ({
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
              notSubmitted: [{ voucherId: '880000000103', points: null }],
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
    expect(lineCodes(wrapper)).toEqual(['880000000103'])
    expect(input(wrapper, 'customer-id').value).toBe('C10002')
    await notice.find('[data-test="startup-dismiss"]').trigger('click')
    expect(wrapper.find('[data-test="startup-notice"]').exists()).toBe(false)
  })
})
