/**
 * Wrong-PIN lockout: after `maxFailures` wrong PINs in a row, PIN checks are refused until
 * `lockMs` has passed; a right PIN clears the count. One counter for the whole counter PC, not
 * per manager, so trying each manager in turn gains nothing.
 */
export const MAX_PIN_FAILURES = 5
export const PIN_LOCK_MS = 60_000

export class PinLockout {
  #failures = 0
  #lockedUntil = 0

  constructor(
    private readonly now: () => number,
    private readonly maxFailures = MAX_PIN_FAILURES,
    private readonly lockMs = PIN_LOCK_MS,
  ) {}

  /** Milliseconds left of the lock; 0 when a PIN may be tried. */
  remainingMs(): number {
    return Math.max(0, this.#lockedUntil - this.now())
  }

  /** Wrong PINs still allowed before the lock. */
  attemptsLeft(): number {
    return this.maxFailures - this.#failures
  }

  failed(): void {
    if (this.remainingMs() > 0) return
    this.#failures += 1
    if (this.#failures >= this.maxFailures) {
      this.#failures = 0
      this.#lockedUntil = this.now() + this.lockMs
    }
  }

  succeeded(): void {
    this.#failures = 0
  }
}
