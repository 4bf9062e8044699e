import type { DraftBody } from '@contract/ipc/channels/templates'
import type { ConnectionProvider } from '@main/services/connection'
import { TopError, TopResponseError } from '@main/top/errors'
import { updateTemplate } from '@main/top/apis'
import type { OutboxRecord } from '@main/store/outbox'
import type { DraftService } from './draft-service'
import type { NetworkWatch } from './network-watch'
import { outcomeOfError, outcomeOfReply, type AttemptOutcome } from './outcome'
import { readStoredRequest } from './submission'
import { backoffDelay, type Timers } from './timers'

/**
 * Sends queued submissions, oldest first, one at a time, each exactly as it was stored. The
 * queue lives in the database, so the worker holds no state a crash could lose: `start()`
 * picks up whatever is due, including an attempt a crash interrupted.
 */
export interface OutboxWorkerOptions {
  service: DraftService
  connection: ConnectionProvider
  watch: NetworkWatch
  timers: Timers
  now: () => Date
  /** Backoff between attempts that got no usable answer (server faults, lost replies). */
  retry?: { initialMs: number; maxMs: number }
}

export const DEFAULT_RETRY_BACKOFF = { initialMs: 2_000, maxMs: 5 * 60_000 } as const

export class OutboxWorker {
  readonly #o: OutboxWorkerOptions
  readonly #retry: { initialMs: number; maxMs: number }
  readonly #abort = new AbortController()
  #running: Promise<void> | undefined
  #again = false
  #timer: unknown
  #disposed = false

  constructor(options: OutboxWorkerOptions) {
    this.#o = options
    this.#retry = options.retry ?? DEFAULT_RETRY_BACKOFF
  }

  /**
   * Resumes after a restart: interrupted attempts count as possibly delivered, and what waited
   * for the network is tried once (that attempt is the first probe of this run).
   */
  start(): void {
    const now = this.#iso()
    this.#o.service.outbox.recoverInterrupted(now)
    this.#o.service.outbox.releaseNetworkWaits(now)
    this.kick()
  }

  /** Look for due work now (after a submit, or when the network is back). */
  kick(): void {
    if (this.#disposed) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined
      if (this.#again) {
        this.#again = false
        this.kick()
      }
    })
  }

  /** The network is back: whatever waited for it is due now. */
  networkBack(): void {
    this.#o.service.outbox.releaseNetworkWaits(this.#iso())
    this.kick()
  }

  /** Resolves when no attempt is running (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  /** Stops the timer and aborts an attempt on the wire; it is recorded as possibly delivered. */
  async dispose(): Promise<void> {
    this.#disposed = true
    if (this.#timer !== undefined) this.#o.timers.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#abort.abort()
    await this.idle()
  }

  async #drain(): Promise<void> {
    if (this.#timer !== undefined) this.#o.timers.clearTimeout(this.#timer)
    this.#timer = undefined
    // While the gateway is unreachable every attempt would fail the same way: the watch calls back.
    while (!this.#disposed && this.#o.watch.online) {
      const entry = this.#o.service.outbox.nextDue(this.#iso())
      if (!entry) break
      await this.#attempt(entry)
    }
    this.#scheduleNext()
  }

  #scheduleNext(): void {
    if (this.#disposed || !this.#o.watch.online) return
    const due = this.#o.service.outbox.earliestDue()
    if (due === undefined) return
    const wait = Math.max(0, Date.parse(due) - this.#o.now().getTime())
    this.#timer = this.#o.timers.setTimeout(() => {
      this.#timer = undefined
      this.kick()
    }, wait)
  }

  async #attempt(entry: OutboxRecord): Promise<void> {
    const { service } = this.#o
    if (!service.outbox.markSending(entry.submissionId, this.#iso())) return
    const stored = readStoredRequest(entry.request)
    if (!stored.ok) {
      const ipc = stored.error.toIpcError()
      service.settle(
        entry.submissionId,
        { status: 'failed', error: { key: ipc.key, params: ipc.params ?? {}, ...(ipc.issues ? { issues: ipc.issues } : {}) } },
        {},
      )
      return
    }
    const request = stored.request
    let outcome: AttemptOutcome
    try {
      const { client } = await this.#o.connection.current()
      const reply = await updateTemplate(client, request, this.#abort.signal)
      this.#o.watch.reportReached()
      outcome = outcomeOfReply(reply, request.coupon_template.id)
    } catch (error) {
      outcome = outcomeOfError(error)
      if (outcome.kind === 'unreachable') this.#o.watch.reportUnreachable()
      else if (error instanceof TopError || error instanceof TopResponseError) this.#o.watch.reportReached()
    }
    this.#record(entry, outcome, request as DraftBody)
  }

  #record(entry: OutboxRecord, outcome: AttemptOutcome, sent: DraftBody): void {
    const { service } = this.#o
    const now = this.#o.now()
    switch (outcome.kind) {
      case 'submitted':
        service.settle(entry.submissionId, { status: 'submitted', templateId: outcome.templateId }, sent)
        return
      case 'failed':
      case 'conflict':
        service.settle(entry.submissionId, { status: outcome.kind, error: outcome.error }, sent)
        return
      case 'retry': {
        // `attempts` already counts this one.
        const delay = Math.max(outcome.minDelayMs ?? 0, backoffDelay(entry.attempts + 1, this.#retry))
        service.outbox.requeue(
          entry.submissionId,
          { nextAttemptAt: new Date(now.getTime() + delay).toISOString(), maybeDelivered: outcome.maybeDelivered, error: outcome.error },
          now.toISOString(),
        )
        return
      }
      case 'unreachable':
        service.outbox.requeue(
          entry.submissionId,
          { nextAttemptAt: null, maybeDelivered: outcome.maybeDelivered, error: outcome.error },
          now.toISOString(),
        )
    }
  }

  #iso(): string {
    return this.#o.now().toISOString()
  }
}
