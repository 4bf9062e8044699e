import { flushPromises } from '@vue/test-utils'
import type { BatchProgress, DemoVoucherInfo, RedeemContext, StartupReport, VoucherResult } from '@contract/ipc/channels/redemption'

export const SANDBOX_CONTEXT: RedeemContext = {
  profileId: 'sandbox',
  profileName: '沙箱（培训模式）',
  profileKind: 'sandbox',
  defaults: { shopId: 'S001', operatorId: 'OP001', operatorName: '店长' },
  limits: { perCall: 20, perBatch: 200 },
}

export const DEMO: DemoVoucherInfo[] = [
  { voucherId: '880000000001', customerId: 'C10001', initialState: 'NORMAL', note: { zh: '可正常核销', en: 'redeems normally' } },
  { voucherId: '880000000006', customerId: 'C10001', initialState: 'ISUSED', note: { zh: '已使用', en: 'already used' } },
]

export const NOTHING_AT_STARTUP: StartupReport = { resolving: false, entries: [], interruptedBatches: [] }

let rowId = 100
export function result(voucherId: string, outcome: VoucherResult['outcome'], entryId = 1): VoucherResult {
  return { rowId: rowId++, entryId, voucherId, points: null, outcome }
}

export function batch(vouchers: VoucherResult[], extra: Partial<BatchProgress> = {}): BatchProgress {
  return {
    batchId: '6f1d1f8e-3a8b-4b55-9a43-1f5d3c0c9b11',
    status: 'done',
    customerId: 'C10001',
    callsTotal: 1,
    callsDone: 1,
    vouchers,
    waiting: [],
    blocked: [],
    ...extra,
  }
}

/** A clock the test moves by hand, for keystroke timing. */
export function manualClock(start = 1_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

/**
 * One key as a browser delivers it: keydown (bubbling from the focused element), then, unless a
 * handler prevented it, the character typed into the field and its `input` event.
 */
export function pressKey(key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const target = (document.activeElement as HTMLElement | null) ?? document.body
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  target.dispatchEvent(event)
  // The character goes where the focus is once keydown's handlers ran (one may have moved it).
  const typedInto = document.activeElement
  if (!event.defaultPrevented && key.length === 1 && !init.ctrlKey && typedInto instanceof HTMLInputElement) {
    typedInto.value += key
    typedInto.dispatchEvent(new Event('input', { bubbles: true }))
  }
  return event
}

/**
 * Types `text` with `gapMs` between keystrokes (on the injected clock), then Enter after the same
 * gap. Each keystroke is its own task, as in a browser, so Vue renders in between.
 */
export async function typeWithGap(text: string, gapMs: number, clock: ReturnType<typeof manualClock>, enter = true): Promise<void> {
  for (const ch of text) {
    clock.advance(gapMs)
    pressKey(ch)
    await flushPromises()
  }
  if (enter) {
    clock.advance(gapMs)
    pressKey('Enter')
    await flushPromises()
  }
}
