/**
 * Locks the counter after a number of idle minutes: any key, pointer or wheel input counts as
 * activity. The clock and timers are injected so a test can walk through minutes at once.
 */
export interface IdleClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const

export class IdleLock {
  #minutes = 0
  #last: number
  #timer: unknown
  #active = false

  constructor(
    private readonly onIdle: () => void,
    private readonly clock: IdleClock = realClock,
  ) {
    this.#last = clock.now()
  }

  /** 0 switches idle locking off. Activity and a changed setting start the wait anew. */
  configure(minutes: number, active: boolean): void {
    this.#minutes = minutes
    this.#active = active
    this.#last = this.clock.now()
    this.#arm()
  }

  activity(): void {
    this.#last = this.clock.now()
    // A timer is re-armed only when it fires early (see #fire), so a stream of mouse moves costs nothing.
  }

  dispose(): void {
    this.clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(): void {
    this.dispose()
    if (!this.#active || this.#minutes <= 0) return
    const due = this.#last + this.#minutes * 60_000
    this.#timer = this.clock.setTimeout(() => this.#fire(), Math.max(0, due - this.clock.now()))
  }

  #fire(): void {
    this.#timer = undefined
    const due = this.#last + this.#minutes * 60_000
    if (this.clock.now() < due) {
      this.#arm()
      return
    }
    this.#active = false
    this.onIdle()
  }
}
