import { z } from 'zod'

/**
 * Fault injection for the sandbox gateway: the failures a counter meets on a real network,
 * on demand. Every fault can be limited to one API method. Going offline (connections refused)
 * is the gateway's own `goOffline()`, since it is about the listener rather than about a call.
 *
 * Counted faults are consumed by calls that get as far as the stage where they strike: an
 * HTTP error before anything is read, an `isp` error after the platform checks, a dropped
 * connection after the business action was committed.
 */
export type CountedFaultKind = 'http-error' | 'isp-error' | 'drop-after-commit'

export interface FaultScope {
  /** Only calls of this API method; all calls when absent. */
  method?: string
}

interface CountedFault {
  kind: CountedFaultKind
  remaining: number
  method?: string
  /** For `http-error`. */
  status?: number
}

interface Ban {
  untilMs: number
  method?: string
}

export interface FaultsSnapshot {
  latency: { method: string | null; ms: number }[]
  counted: { kind: CountedFaultKind; remaining: number; method: string | null; status?: number }[]
  bans: { method: string | null; remainingSeconds: number }[]
}

const ALL_METHODS = '*'

export class FaultPlan {
  readonly #now: () => Date
  readonly #latency = new Map<string, number>()
  #counted: CountedFault[] = []
  #bans: Ban[] = []

  constructor(now: () => Date = () => new Date()) {
    this.#now = now
  }

  /** Every matching call waits `ms` before it is handled (0 removes the delay). */
  latency(ms: number, scope: FaultScope = {}): this {
    const key = scope.method ?? ALL_METHODS
    if (ms > 0) this.#latency.set(key, ms)
    else this.#latency.delete(key)
    return this
  }

  /** The next `count` matching calls get a bare HTTP error (a load balancer's 500/502). */
  httpErrors(count: number, status = 502, scope: FaultScope = {}): this {
    return this.#addCounted({ kind: 'http-error', remaining: count, status, ...scopeOf(scope) })
  }

  /** The next `count` matching calls get `isp.service-unavailable`: a platform fault, retryable. */
  ispErrors(count: number, scope: FaultScope = {}): this {
    return this.#addCounted({ kind: 'isp-error', remaining: count, ...scopeOf(scope) })
  }

  /**
   * The next `count` matching calls are committed, then their connection is destroyed without
   * a reply: the "did it go through?" case a client must survive without acting twice.
   */
  dropAfterCommit(count: number, scope: FaultScope = {}): this {
    return this.#addCounted({ kind: 'drop-after-commit', remaining: count, ...scopeOf(scope) })
  }

  /** Code 7 for every matching call during the next `seconds`, on the gateway's clock. */
  ban(seconds: number, scope: FaultScope = {}): this {
    this.#bans.push({ untilMs: this.#now().getTime() + seconds * 1000, ...scopeOf(scope) })
    return this
  }

  clear(): void {
    this.#latency.clear()
    this.#counted = []
    this.#bans = []
  }

  latencyFor(method: string): number {
    return this.#latency.get(method) ?? this.#latency.get(ALL_METHODS) ?? 0
  }

  /** Consumes one matching fault of `kind`, if any is left; returns it. */
  take(kind: CountedFaultKind, method: string): { status?: number } | undefined {
    const fault = this.#counted.find((f) => f.kind === kind && f.remaining > 0 && appliesTo(f, method))
    if (!fault) return undefined
    fault.remaining--
    this.#counted = this.#counted.filter((f) => f.remaining > 0)
    return fault.status === undefined ? {} : { status: fault.status }
  }

  /** Whole seconds left on a ban covering `method` (rounded up, so waiting them out suffices). */
  banRemainingSeconds(method: string): number | undefined {
    const nowMs = this.#now().getTime()
    this.#bans = this.#bans.filter((b) => b.untilMs > nowMs)
    const untilMs = Math.max(...this.#bans.filter((b) => appliesTo(b, method)).map((b) => b.untilMs))
    return Number.isFinite(untilMs) ? Math.ceil((untilMs - nowMs) / 1000) : undefined
  }

  /** Applies a command of the control API (`POST /__sandbox/faults`). */
  apply(command: FaultCommand): void {
    if (command.clear) this.clear()
    const scope = command.method === undefined ? {} : { method: command.method }
    if (command.latencyMs !== undefined) this.latency(command.latencyMs, scope)
    if (command.httpErrors) this.httpErrors(command.httpErrors.count, command.httpErrors.status, scope)
    if (command.ispErrors !== undefined) this.ispErrors(command.ispErrors, scope)
    if (command.dropAfterCommit !== undefined) this.dropAfterCommit(command.dropAfterCommit, scope)
    if (command.banSeconds !== undefined) this.ban(command.banSeconds, scope)
  }

  snapshot(): FaultsSnapshot {
    const nowMs = this.#now().getTime()
    return {
      latency: [...this.#latency].map(([method, ms]) => ({ method: method === ALL_METHODS ? null : method, ms })),
      counted: this.#counted.map((f) => ({
        kind: f.kind,
        remaining: f.remaining,
        method: f.method ?? null,
        ...(f.status !== undefined ? { status: f.status } : {}),
      })),
      bans: this.#bans
        .filter((b) => b.untilMs > nowMs)
        .map((b) => ({ method: b.method ?? null, remainingSeconds: Math.ceil((b.untilMs - nowMs) / 1000) })),
    }
  }

  #addCounted(fault: CountedFault): this {
    if (fault.remaining > 0) this.#counted.push(fault)
    return this
  }
}

function scopeOf(scope: FaultScope): { method?: string } {
  return scope.method === undefined ? {} : { method: scope.method }
}

function appliesTo(fault: { method?: string }, method: string): boolean {
  return fault.method === undefined || fault.method === method
}

const count = z.number().int().nonnegative()

/** Body of `POST /__sandbox/faults`. `offlineMs` and `deduplicateRequestIds` are carried out by the gateway. */
export const FaultCommandSchema = z.strictObject({
  clear: z.boolean().optional(),
  method: z.string().min(1).optional(),
  latencyMs: count.optional(),
  httpErrors: z.strictObject({ count, status: z.number().int().min(500).max(599).optional() }).optional(),
  ispErrors: count.optional(),
  dropAfterCommit: count.optional(),
  banSeconds: count.optional(),
  offlineMs: z.number().int().positive().optional(),
  /** Voucher calls: false makes the gateway process a repeated request_id anew. Carried out by the gateway. */
  deduplicateRequestIds: z.boolean().optional(),
})
export type FaultCommand = z.infer<typeof FaultCommandSchema>
