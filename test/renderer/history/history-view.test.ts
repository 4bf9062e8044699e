import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { HistoryPage, HistoryQueryInput, HistoryRow } from '@contract/ipc/channels/redemption'
import HistoryView from '@renderer/views/HistoryView.vue'
import { fakeApi, mountWithApp } from '../support/harness'

/**
 * el-table-v2 sizes itself with a ResizeObserver and renders only rows that fit; happy-dom has no
 * layout, so this observer reports a screen-sized box at once.
 */
const realObserver = globalThis.ResizeObserver
beforeAll(() => {
  class SizedObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element): void {
      const contentRect = { width: 1400, height: 800 } as DOMRectReadOnly
      this.callback([{ target, contentRect } as ResizeObserverEntry], this as unknown as ResizeObserver)
    }
    unobserve(): void {}
    disconnect(): void {}
  }
  globalThis.ResizeObserver = SizedObserver as unknown as typeof ResizeObserver
})
afterAll(() => {
  globalThis.ResizeObserver = realObserver
})

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

/** The newest message box: Element Plus leaves closed ones in the DOM for a while. */
const messageBox = () => [...document.querySelectorAll<HTMLElement>('.el-message-box')].at(-1) ?? null
async function clickBoxButton(kind: 'confirm' | 'cancel') {
  const buttons = [...messageBox()!.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')]
  const button = kind === 'confirm' ? buttons.find((b) => b.classList.contains('el-button--primary')) : buttons[0]
  button!.click()
  await flushPromises()
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

  it('reverses several selected rows after one confirmation that lists them all', async () => {
    const reverse = vi.fn((input: { rowIds: number[] }) => ({
      results: input.rowIds.map((rowId) => ({ kind: 'refused', rowId, voucherId: null, message: { key: 'redemption.reverse.notFound', params: {} } })),
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
    const text = messageBox()!.textContent!
    expect(text).toContain('880000000001')
    expect(text).toContain('C10001')
    expect(text).toContain('880000000102')
    expect(text).toContain('C10002')
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(reverse).toHaveBeenCalledWith({ rowIds: [plainA.rowId, plainB.rowId] }))
    await vi.waitFor(() => expect(document.body.textContent).toContain('找不到这条核销记录'))
  })

  it('exports the applied filter as a CSV download in the UI language', async () => {
    const exportCsv = vi.fn(() => ({ fileName: 'coupon-desk-history-1.csv', csv: '\uFEFFTime,Voucher\r\n', rowCount: 0, truncated: false, cap: 100000 }))
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
