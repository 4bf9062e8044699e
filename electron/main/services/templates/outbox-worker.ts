import type { DraftBody, ServerCheck, SubmissionError } from '@contract/ipc/channels/templates'
import type { ConnectionProvider } from '@main/services/connection'
import { TopError, TopResponseError } from '@main/top/errors'
import { createTemplate, queryTemplate, updateTemplate } from '@main/top/apis'
import type { TopClient } from '@main/top/client'
import type { OutboxRecord } from './template-rows'
import type { SubmissionService } from './submission-service'
import type { GatewayWatches, NetworkWatch } from './network-watch'
import { outcomeOfError, outcomeOfReply, queryOutcomeOfError, queryOutcomeOfReply, type AttemptOutcome, type QueryOutcome } from './outcome'
import { serverDraftBody, serverHoldsBase } from './server-check'
import { readStoredRequest, type StoredRequest } from './submission'
import { backoffDelay, type Timers } from './timers'

/**
 * Sends queued submissions, oldest first, one at a time, each exactly as it was stored. The
 * queue lives in the database, so the worker holds no state a crash could lose: `start()`
 * picks up whatever is due, including an attempt a crash interrupted.
 *
 * Before the first attempt of an update it reads the server's copy (see server-check.ts): if
 * another PC changed the template since the draft's base, nothing is sent and the submission
 * ends as a conflict for the user to settle.
 *
 * Every submission goes out only through the profile it was made under (its credentials, its
 * gateway), whichever profile is active when it is sent: training work never reaches production,
 * nor the reverse. Each gateway has its own watch, so one being down holds back only its work.
 */
export interface OutboxWorkerOptions {
  submissions: SubmissionService
  connection: ConnectionProvider
  watches: GatewayWatches
  timers: Timers
  now: () => Date
  /** Backoff between attempts that got no usable answer (server faults, lost replies). */
  retry?: { initialMs: number; maxMs: number }
  /** The worker wrote to the outbox (an attempt started or ended, waits released). */
  onChange?: () => void
}

export const DEFAULT_RETRY_BACKOFF = { initialMs: 2_000, maxMs: 5 * 60_000 } as const

/** After a ban of stated length, a little more: "12 more seconds" is rounded by the gateway. */
export const BAN_MARGIN_MS = 1_000

/** What the pre-send check decided. */
type CheckDecision =
  | { kind: 'send'; check: ServerCheck | null }
  | { kind: 'conflict'; check: ServerCheck; serverBody: DraftBody }
  | { kind: 'stop'; outcome: AttemptOutcome }

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
    // Rows from before submissions recorded their profile (see drafts migration v3).
    this.#o.submissions.outbox.adoptUnattributed(this.#o.connection.activeProfileId(), now)
    this.#o.submissions.outbox.recoverInterrupted(now)
    this.#o.submissions.outbox.releaseNetworkWaits(now)
    this.#o.onChange?.()
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

  /** This profile's gateway is back: whatever waited for it is due now. */
  networkBack(profileId: string): void {
    this.#o.submissions.outbox.releaseNetworkWaits(this.#iso(), profileId)
    this.#o.onChange?.()
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
    // While a gateway is unreachable every attempt to it would fail the same way: its watch calls back.
    while (!this.#disposed) {
      const entry = this.#o.submissions.outbox.nextDue(this.#iso(), this.#o.watches.offline())
      if (!entry) break
      try {
        await this.#attempt(entry)
      } finally {
        this.#o.onChange?.()
      }
    }
    this.#scheduleNext()
  }

  #scheduleNext(): void {
    if (this.#disposed) return
    const due = this.#o.submissions.outbox.earliestDue(this.#o.watches.offline())
    if (due === undefined) return
    const wait = Math.max(0, Date.parse(due) - this.#o.now().getTime())
    this.#timer = this.#o.timers.setTimeout(() => {
      this.#timer = undefined
      this.kick()
    }, wait)
  }

  async #attempt(entry: OutboxRecord): Promise<void> {
    const { submissions } = this.#o
    if (!submissions.outbox.markSending(entry.submissionId, this.#iso())) return
    this.#o.onChange?.()
    const read = readStoredRequest(entry.request, entry.uniqueId)
    if (!read.ok) {
      // It may be on the server already (a crash, an earlier attempt): no new unique_id may
      // replace it behind the user's back, and it cannot be resent. The user decides.
      submissions.block(entry.submissionId, read.error)
      return
    }
    const { stored } = read
    if (entry.profileId === null) {
      // Nobody knows which app and store it was made for: it may be sent nowhere. The user decides.
      submissions.block(entry.submissionId, { key: 'templates.outcome.noProfile', params: {} })
      return
    }
    const watch = this.#o.watches.for(entry.profileId)
    let client: TopClient
    try {
      // Its own profile's credentials and gateway, never the active profile's.
      client = (await this.#o.connection.of(entry.profileId)).client
    } catch (error) {
      this.#record(entry, outcomeOfError(error, this.#o.now()), stored)
      return
    }

    const decision = await this.#check(client, entry, stored, watch)
    if (decision.kind === 'stop') return this.#record(entry, decision.outcome, stored)
    if (decision.kind === 'conflict') {
      submissions.settle(
        entry.submissionId,
        {
          status: 'conflict',
          error: { key: 'templates.outcome.conflict', params: {} },
          serverBody: decision.serverBody,
          check: decision.check,
        },
        stored.request,
      )
      return
    }
    if (decision.check) submissions.outbox.recordServerCheck(entry.submissionId, decision.check, this.#iso())

    let outcome: AttemptOutcome
    try {
      // No platform id yet: create (model {id, source_id}); with one: update. Same unique_id either way.
      const reply =
        stored.templateId === undefined
          ? await createTemplate(client, stored.request, this.#abort.signal)
          : await updateTemplate(client, stored.request, this.#abort.signal)
      watch.reportReached()
      outcome = outcomeOfReply(reply, stored.templateId)
    } catch (error) {
      outcome = outcomeOfError(error, this.#o.now())
      noteReachability(watch, outcome, error)
    }
    this.#record(entry, outcome, stored)
  }

  /**
   * Reads the server's copy before an update. Skipped for a create (nothing to compare), and
   * for a resend of an attempt that may have been delivered: the server may then hold our own
   * request, which is not a conflict, and the resend under the same unique_id is only a replay.
   */
  async #check(client: TopClient, entry: OutboxRecord, stored: StoredRequest, watch: NetworkWatch): Promise<CheckDecision> {
    if (stored.templateId === undefined || entry.maybeDelivered) return { kind: 'send', check: null }
    const at = this.#iso()
    if (entry.baseBody === null) return { kind: 'send', check: { kind: 'no-base', at } }
    let found: QueryOutcome
    try {
      const reply = await queryTemplate(client, stored.templateId, this.#abort.signal)
      watch.reportReached()
      found = queryOutcomeOfReply(reply)
    } catch (error) {
      found = queryOutcomeOfError(error, this.#o.now())
      if (found.kind === 'later') noteReachability(watch, found.outcome, error)
      else watch.reportReached()
    }
    switch (found.kind) {
      case 'later':
        return { kind: 'stop', outcome: found.outcome }
      case 'unavailable':
        return { kind: 'send', check: { kind: 'unavailable', at, reason: found.reason } }
      case 'found':
        if (serverHoldsBase(entry.baseBody, found.template)) return { kind: 'send', check: { kind: 'matched', at } }
        return { kind: 'conflict', check: { kind: 'differs', at }, serverBody: serverDraftBody(found.template, entry.baseBody) }
    }
  }

  #record(entry: OutboxRecord, outcome: AttemptOutcome, stored: StoredRequest): void {
    const { submissions } = this.#o
    const now = this.#o.now()
    const sent = stored.request as DraftBody
    switch (outcome.kind) {
      case 'submitted':
        submissions.settle(
          entry.submissionId,
          {
            status: 'submitted',
            templateId: outcome.templateId,
            ...(outcome.sourceId !== undefined ? { sourceId: outcome.sourceId } : {}),
            response: outcome.response,
            gatewayRequestId: outcome.gatewayRequestId,
          },
          sent,
        )
        return
      case 'rejected':
        if (entry.maybeDelivered || outcome.afterPossibleDelivery) {
          // As with a voucher (needs_check): the platform may be refusing a repeat of what an
          // earlier attempt already did (a create refused as a duplicate, say). Failing it would
          // invite a new unique_id, and for a create a second template; the user checks instead.
          submissions.block(entry.submissionId, { ...outcome.error, key: 'templates.outcome.rejectedAfterPossibleDelivery' })
          return
        }
        submissions.settle(entry.submissionId, { status: 'failed', error: outcome.error, answer: outcome.answer }, sent)
        return
      case 'refused':
        if (!entry.maybeDelivered) {
          submissions.settle(entry.submissionId, { status: 'failed', error: outcome.error }, sent)
          return
        }
        // A refusal of this attempt says nothing about an earlier one that may have gone through:
        // keep resending the same unique_id (the user fixes the settings meanwhile, or releases it).
        this.#requeueAfterBackoff(entry, true, outcome.error, now)
        return
      case 'retry':
        if (outcome.retryAt) {
          const until = new Date(outcome.retryAt.getTime() + BAN_MARGIN_MS).toISOString()
          submissions.outbox.requeue(
            entry.submissionId,
            { nextAttemptAt: until, maybeDelivered: outcome.maybeDelivered, error: outcome.error },
            now.toISOString(),
          )
          submissions.outbox.deferQueued(until, now.toISOString(), entry.profileId)
          return
        }
        this.#requeueAfterBackoff(entry, outcome.maybeDelivered, outcome.error, now)
        return
      case 'unreachable':
        submissions.outbox.requeue(
          entry.submissionId,
          { nextAttemptAt: null, maybeDelivered: outcome.maybeDelivered, error: outcome.error },
          now.toISOString(),
        )
    }
  }

  #requeueAfterBackoff(entry: OutboxRecord, maybeDelivered: boolean, error: SubmissionError, now: Date): void {
    // `attempts` already counts this one.
    const delay = backoffDelay(entry.attempts + 1, this.#retry)
    this.#o.submissions.outbox.requeue(
      entry.submissionId,
      { nextAttemptAt: new Date(now.getTime() + delay).toISOString(), maybeDelivered, error },
      now.toISOString(),
    )
  }

  #iso(): string {
    return this.#o.now().toISOString()
  }
}

function noteReachability(watch: NetworkWatch, outcome: AttemptOutcome, error: unknown): void {
  if (outcome.kind === 'unreachable') watch.reportUnreachable()
  else if (error instanceof TopError || error instanceof TopResponseError) watch.reportReached()
}
