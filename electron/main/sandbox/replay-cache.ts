/**
 * Business idempotency, as a server that honours it would: the first call with a key is acted on
 * and its answer kept; a later call with the same key gets that answer back without acting again.
 * The key alone identifies the request (what TOP does with the same key and another payload is not
 * documented; the sandbox answers it as the first one rather than invent an error for it).
 * At most `limit` keys are kept, the oldest forgotten first.
 */
export class ReplayCache<R> {
  readonly #entries = new Map<string, R>()
  readonly #limit: number

  constructor(limit = 100_000) {
    this.#limit = limit
  }

  lookup(key: string): R | undefined {
    return this.#entries.get(key)
  }

  remember(key: string, response: R): void {
    this.#entries.set(key, response)
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!)
  }
}
