import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { HistoryPage, HistoryQueryInput, HistoryRow, ReverseResult, VoucherOutcome } from '@contract/ipc/channels/redemption'
import { ApiError } from '@renderer/api'
import HistoryView from '@renderer/history/HistoryView.vue'
import { clickBoxButton, fakeApi, messageBox, mountWithApp, useScreenSizedObserver } from '../support/harness'

useScreenSizedObserver()

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const REDEEMED = { state: 'redeemed', result: { code: '0', text: '使用成功' } } as const
let nextId = 1
function row(voucherId: string, customerId: string, extra: Partial<HistoryRow> = {}): HistoryRow {
  const rowId = nextId++
  return {
    rowId,
    entryId: rowId,
    requestId: `req-${rowId}`,
    action: 'NORMAL_ISUSED',
    voucherId,
    points: null,
    customerId,
    shopId: 'S001',
    operatorId: 'OP001',
    operatorName: '店长',
    source: 'POS',
    createdAt: Date.UTC(2025, 0, 10, 2, 0, rowId),
    updatedAt: Date.UTC(2025, 0, 10, 2, 0, rowId),
    outcome: REDEEMED,
    reversal: null,
    reverses: null,
    reissuedFrom: null,
    canReverse: true,
    canResolve: false,
    ...extra,
  }
}

const reversedRow = row('880000000005', 'C10001', {
  canReverse: false,
  reversal: { rowId: 999, outcome: { state: 'reversed', reissuedVoucherId: '880000100001', result: { code: '0', text: 'ok' } } },
})
const failedRow = row('880000000006', 'C10001', {
  canReverse: false,
  outcome: { state: 'failed', failure: { kind: 'voucher', result: { code: 'VOUCHER_ALREADY_USED', text: '该券已核销' } } },
})
const unknownRow = row('880000000003', 'C10002', {
  canReverse: false,
  outcome: { state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'reset' } } },
})
const plainA = row('880000000001', 'C10001', { points: '100' })
const plainB = row('880000000102', 'C10002')
const FIRST: HistoryPage = { rows: [plainA, plainB, reversedRow, failedRow, unknownRow], next: { createdAt: 5, rowId: 5 } }

async function mountHistory(methods: Record<string, (...args: never[]) => unknown>) {
  wrapper = await mountWithApp(HistoryView, { api: fakeApi(methods), route: '/history' })
  await flushPromises()
  return wrapper
}

const rowOf = (w: VueWrapper, voucherId: string) => {
  const cells = w.findAll('[data-test="row-voucher"]')
  const cell = cells.find((c) => c.text().includes(voucherId))
  if (!cell) throw new Error(`no row for ${voucherId}; rows: ${cells.map((c) => c.text()).join(' | ')}`)
  return cell.element.closest('[role="row"]') as HTMLElement
}

describe('history screen', () => {
  it('loads the newest page and shows status chips, the reissued id and the actions each row allows', async () => {
    const query = vi.fn((_input: HistoryQueryInput) => FIRST)
    const w = await mountHistory({ historyQuery: query })
    expect(query).toHaveBeenCalledWith({ filter: expect.any(Object), limit: 50 })
    const reversed = rowOf(w, '880000000005')
    expect(reversed.textContent).toContain('补发 880000100001')
    expect(reversed.querySelectorAll('.el-tag--success')).toHaveLength(2)
    expect(reversed.querySelector('[data-test="row-reverse"]')).toBeNull()
    expect(rowOf(w, '880000000006').querySelector('.el-tag--danger')).not.toBeNull()
    expect(rowOf(w, '880000000003').querySelector('[data-test="row-retry"]')).not.toBeNull()
    expect(rowOf(w, '880000000001').textContent).toContain('100 点')
    expect(rowOf(w, '880000000001').querySelector('[data-test="row-reverse"]')).not.toBeNull()
  })

  it('shows a reversed redemption as 已核销 → 已反核销 with the reissued id, and a reversal in reversal words', async () => {
    const reversalFailed = row('880000000004', 'C10001', {
      reversal: { rowId: 998, outcome: { state: 'failed', failure: { kind: 'voucher', result: { code: 'E1', text: '券已过期' } } } },
    })
    const reversalRow = row('880000000004', 'C10001', {
      action: 'ISUSED_NORMAL',
      canReverse: false,
      outcome: { state: 'failed', failure: { kind: 'voucher', result: { code: 'E1', text: '券已过期' } } },
      reverses: { rowId: reversalFailed.rowId, voucherId: '880000000004' },
    })
    const w = await mountHistory({ historyQuery: () => ({ rows: [reversalRow, reversalFailed, reversedRow], next: null }) })
    const statusOf = (el: HTMLElement) =>
      [...el.querySelector('[data-test="row-status"]')!.children].map((c) => c.textContent.trim()).join(' ')
    expect(statusOf(rowOf(w, '880000000005'))).toBe('已核销 → 已反核销 补发 880000100001')
    const rows = w.findAll('[data-test="row-voucher"]').map((c) => c.element.closest('[role="row"]') as HTMLElement)
    // A failure says why on the row itself, in the cashier's words.
    expect(statusOf(rows[1]!)).toBe('已核销 → 反核销失败 未反核销：券已过期')
    expect(statusOf(rows[0]!)).toBe('反核销失败 未反核销：券已过期')
    expect(rows[0]!.textContent).toContain('撤销 880000000004 的核销')
  })

  it('searches with every filter the form holds, and pages on from the last row', async () => {
    const query = vi.fn((_input: HistoryQueryInput) => FIRST)
    const w = await mountHistory({ historyQuery: query })
    await w.find('input[data-test="filter-customer"]').setValue(' C10001 ')
    await w.find('input[data-test="filter-voucher"]').setValue('880000000005')
    await w.find('input[data-test="filter-operator"]').setValue('OP001')
    await w.find('input[data-test="filter-shop"]').setValue('S001')
    await w.find('[data-test="filter-search"]').trigger('submit')
    await flushPromises()
    expect(query).toHaveBeenLastCalledWith({
      filter: {
        from: undefined,
        to: undefined,
        voucherId: '880000000005',
        customerId: 'C10001',
        operatorId: 'OP001',
        shopId: 'S001',
        status: undefined,
        action: undefined,
      },
      limit: 50,
    })
    await w.find('[data-test="load-more"]').trigger('click')
    await flushPromises()
    expect(query.mock.lastCall?.[0]).toMatchObject({ filter: { customerId: 'C10001' }, after: { createdAt: 5, rowId: 5 } })
  })

  it('asks before reversing, naming voucher and customer, and calls main only after the cashier confirms', async () => {
    const reverse = vi.fn((_input: { rowIds: number[] }) => ({
      results: [
        {
          kind: 'done',
          rowId: plainA.rowId,
          voucherId: plainA.voucherId,
          reversal: {
            rowId: 50,
            entryId: 50,
            voucherId: plainA.voucherId,
            points: null,
            outcome: { state: 'reversed', reissuedVoucherId: '880000100009', result: { code: '0', text: 'ok' } },
          },
        },
      ],
    }))
    const query = vi.fn(() => FIRST)
    const w = await mountHistory({ historyQuery: query, redeemReverse: reverse })

    ;(rowOf(w, '880000000001').querySelector('[data-test="row-reverse"]') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(messageBox()).not.toBeNull())
    expect(messageBox()!.textContent).toContain('880000000001')
    expect(messageBox()!.textContent).toContain('C10001')
    await clickBoxButton('cancel')
    expect(reverse).not.toHaveBeenCalled()

    ;(rowOf(w, '880000000001').querySelector('[data-test="row-reverse"]') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(messageBox()?.textContent).toContain('880000000001'))
    expect(reverse).not.toHaveBeenCalled()
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(reverse).toHaveBeenCalledWith({ rowIds: [plainA.rowId] }))
    await flushPromises()
    expect(query).toHaveBeenCalledTimes(2) // reloaded to show the new state
  })

  it('a double click on 反核销 opens its confirmation once, and one confirm reverses once', async () => {
    const reverse = vi.fn((input: { rowIds: number[] }) => ({
      results: input.rowIds.map((rowId) => ({
        kind: 'refused',
        rowId,
        voucherId: null,
        message: { key: 'redemption.reverse.notFound', params: {} },
      })),
    }))
    const w = await mountHistory({ historyQuery: () => FIRST, redeemReverse: reverse })
    const boxes = document.querySelectorAll('.el-message-box').length
    const button = rowOf(w, '880000000001').querySelector('[data-test="row-reverse"]') as HTMLButtonElement
    button.click()
    button.click()
    await vi.waitFor(() => expect(messageBox()?.textContent).toContain('880000000001'))
    await flushPromises()
    expect(document.querySelectorAll('.el-message-box').length).toBe(boxes + 1)
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(reverse).toHaveBeenCalledTimes(1))
    await flushPromises()
    expect(reverse).toHaveBeenCalledTimes(1)
  })

  it('reverses several selected rows after one confirmation that lists them all', async () => {
    const reverse = vi.fn((input: { rowIds: number[] }) => ({
      results: input.rowIds.map((rowId) => ({
        kind: 'refused',
        rowId,
        voucherId: null,
        message: { key: 'redemption.reverse.notFound', params: {} },
      })),
    }))
    const w = await mountHistory({ historyQuery: () => FIRST, redeemReverse: reverse })
    expect(w.find('[data-test="reverse-selected"]').attributes('disabled')).toBeDefined()
    for (const id of ['880000000001', '880000000102']) {
      ;(rowOf(w, id).querySelector('[data-test="row-select"] input') as HTMLInputElement).click()
      await flushPromises()
    }
    // Rows that cannot be reversed offer no checkbox.
    expect(rowOf(w, '880000000005').querySelector('[data-test="row-select"]')).toBeNull()
    await w.find('[data-test="reverse-selected"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()).not.toBeNull())
    const text = messageBox()!.textContent
    expect(text).toContain('880000000001')
    expect(text).toContain('C10001')
    expect(text).toContain('880000000102')
    expect(text).toContain('C10002')
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(reverse).toHaveBeenCalledWith({ rowIds: [plainA.rowId, plainB.rowId] }))
    await vi.waitFor(() => expect(document.body.textContent).toContain('找不到这条核销记录'))
  })

  it('exports the applied filter as a CSV download in the UI language', async () => {
    const exportCsv = vi.fn(() => ({
      fileName: 'coupon-desk-history-1.csv',
      csv: '\uFEFFTime,Voucher\r\n',
      rowCount: 0,
      truncated: false,
      cap: 100000,
    }))
    const created: Blob[] = []
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return 'blob:test'
    })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('coupon-desk-history-1.csv')
    })
    try {
      wrapper = await mountWithApp(HistoryView, {
        api: fakeApi({ historyQuery: () => FIRST, historyExport: exportCsv }),
        locale: 'en',
      })
      await flushPromises()
      await wrapper.find('[data-test="history-export"]').trigger('click')
      await flushPromises()
      expect(exportCsv).toHaveBeenCalledWith({ filter: expect.any(Object), locale: 'en' })
      expect(click).toHaveBeenCalledTimes(1)
      expect(created[0]?.type).toBe('text/csv;charset=utf-8')
      expect(await created[0]!.text()).toBe('\uFEFFTime,Voucher\r\n')
    } finally {
      createObjectURL.mockRestore()
      click.mockRestore()
    }
  })
})

describe('reversing many rows', () => {
  /** 45 reversible rows: more than main takes in one request (20). */
  const many = Array.from({ length: 45 }, (_, i) => row(`8800000002${String(i).padStart(2, '0')}`, `C2${String(i).padStart(4, '0')}`))
  const voucherOf = (rowId: number) => many.find((r) => r.rowId === rowId)!.voucherId
  /** Main's answer per row: three of the 45 go wrong, each its own way. */
  function answer(rowId: number): ReverseResult {
    const voucherId = voucherOf(rowId)
    const reversal = (outcome: VoucherOutcome) => ({
      kind: 'done' as const,
      rowId,
      voucherId,
      reversal: { rowId: rowId + 1000, entryId: rowId + 1000, voucherId, points: null, outcome },
    })
    if (rowId === many[7]!.rowId) {
      return { kind: 'refused', rowId, voucherId, message: { key: 'redemption.reverse.alreadyReversed', params: { voucherId } } }
    }
    if (rowId === many[30]!.rowId) {
      return reversal({ state: 'failed', failure: { kind: 'voucher', result: { code: 'VOUCHER_EXPIRED', text: '券已过期' } } })
    }
    if (rowId === many[40]!.rowId) {
      return reversal({ state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'timeout' } } })
    }
    return reversal({ state: 'reversed', reissuedVoucherId: `9${voucherId}`, result: { code: '0', text: 'ok' } })
  }

  async function selectAllAndConfirm(reverse: (input: { rowIds: number[] }) => unknown) {
    const w = await mountHistory({ historyQuery: () => ({ rows: many, next: null }), redeemReverse: reverse })
    ;(w.find('[data-test="select-all"] input').element as HTMLInputElement).click()
    await flushPromises()
    expect(w.find('[data-test="reverse-selected"]').text()).toContain('45')
    await w.find('[data-test="reverse-selected"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()).not.toBeNull())
    expect(messageBox()!.querySelectorAll('li')).toHaveLength(45)
    await clickBoxButton('confirm')
    return w
  }

  const reportLines = () => [...document.querySelectorAll('[data-test="reverse-report-line"]')].map((l) => l.textContent ?? '')

  it('sends 45 selected rows in requests of 20, shows progress, and lists every voucher with its result', async () => {
    const calls: number[][] = []
    let release: () => void = () => {}
    const reverse = vi.fn(async (input: { rowIds: number[] }) => {
      calls.push(input.rowIds)
      if (calls.length === 2) await new Promise<void>((resolve) => (release = resolve))
      return { results: input.rowIds.map(answer) }
    })
    const w = await selectAllAndConfirm(reverse)
    await vi.waitFor(() => expect(calls).toHaveLength(2))
    await flushPromises()
    expect(w.find('[data-test="reverse-progress"]').text()).toBe('正在反核销 20/45')
    release()
    await vi.waitFor(() => expect(document.querySelector('[data-test="reverse-report"]')).not.toBeNull())
    expect(calls.map((c) => c.length)).toEqual([20, 20, 5])
    expect(calls.flat()).toEqual(many.map((r) => r.rowId))
    expect(w.find('[data-test="reverse-progress"]').exists()).toBe(false)

    const report = document.querySelector('[data-test="reverse-report"]')!
    expect(report.textContent).toContain('已反核销 42 张，3 张未能反核销')
    const lines = reportLines()
    expect(lines).toHaveLength(45)
    // The ones that need attention first, each on its own line with voucher, customer and reason.
    expect(lines.slice(0, 3)).toEqual([
      `券 ${many[7]!.voucherId}（顾客 ${many[7]!.customerId}）：券 ${many[7]!.voucherId} 已经反核销过`,
      `券 ${many[30]!.voucherId}（顾客 ${many[30]!.customerId}）：未反核销：券已过期`,
      `券 ${many[40]!.voucherId}（顾客 ${many[40]!.customerId}）：未确认：网络中断，平台可能已反核销，请点「重试」确认`,
    ])
    expect(lines[3]).toBe(`券 ${many[0]!.voucherId}（顾客 ${many[0]!.customerId}）：已反核销，补发 9${many[0]!.voucherId}`)
  })

  it('stops at a request main did not answer, and says which rows may or may not have been reversed', async () => {
    let call = 0
    const reverse = vi.fn((input: { rowIds: number[] }) => {
      call++
      if (call === 2) throw new ApiError({ code: 'internal', key: 'ipc.internal' })
      return { results: input.rowIds.map(answer) }
    })
    await selectAllAndConfirm(reverse)
    await vi.waitFor(() => expect(document.querySelector('[data-test="reverse-report"]')).not.toBeNull())
    expect(reverse).toHaveBeenCalledTimes(2) // the last 5 were not sent into the same trouble
    const lines = reportLines()
    expect(lines).toHaveLength(45)
    const noReply = lines.filter((l) => l.includes('没有收到答复'))
    const notSent = lines.filter((l) => l.includes('未发送：前面的请求出错'))
    expect(noReply).toHaveLength(20)
    expect(notSent).toHaveLength(5)
    expect(noReply[0]).toContain(many[20]!.voucherId)
    expect(notSent.at(-1)).toContain(many[44]!.voucherId)
    expect(lines.filter((l) => l.includes('已反核销，补发'))).toHaveLength(19)
  })
})
