/**
 * The clock and timers of the outbox and the network watch, injected so tests can drive
 * minutes of backoff in microseconds and the app's timers never keep a test process alive.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Node's timers, unref'd: a pending retry must never keep the app from quitting. */
export const nodeTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms)
    handle.unref()
    return handle
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout)
  },
}

/** Exponential backoff: `initialMs`, doubling per step, never above `maxMs`. Step 1 is the first wait. */
export function backoffDelay(step: number, policy: { initialMs: number; maxMs: number }): number {
  const exponent = Math.max(0, Math.min(step - 1, 30))
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent)
}
