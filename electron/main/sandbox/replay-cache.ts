/**
 * Business idempotency, as a server that honours it would: the first call with a key is acted
 * on and its answer kept; a later call with the same key and the same payload gets that answer
 * back without acting again; the same key with a different payload is a caller bug and refused.
 */
export type ReplayLookup<R> = { kind: 'new' } | { kind: 'replay'; response: R } | { kind: 'conflict' }

export class ReplayCache<R> {
  readonly #entries = new Map<string, { fingerprint: string; response: R }>()

  lookup(key: string, payload: unknown): ReplayLookup<R> {
    const entry = this.#entries.get(key)
    if (!entry) return { kind: 'new' }
    return entry.fingerprint === fingerprint(payload) ? { kind: 'replay', response: entry.response } : { kind: 'conflict' }
  }

  remember(key: string, payload: unknown, response: R): void {
    this.#entries.set(key, { fingerprint: fingerprint(payload), response })
  }
}

/** Key order does not matter: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}
