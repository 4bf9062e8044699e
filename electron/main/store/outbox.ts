import type { Database } from './db'

/**
 * Submissions of coupon templates waiting to be sent, being sent, or done. A row is written
 * before the first byte leaves and is never deleted, so a crash at any point leaves a record
 * of what may have reached the server, under which `unique_id`.
 *
 * Rows in and rows out: the template bodies, the error shown, the pre-send check and the server's
 * answer are JSON the outbox stores without looking inside (their types are the caller's, `J`);
 * what they mean and how an entry is shown is the templates service's business.
 */

/** The JSON a submission carries, by role; the templates service names the types. */
export interface TemplateJson {
  body: object
  error: object
  check: object
  response: object
}

export type OutboxStatus = 'queued' | 'sending' | 'blocked' | 'submitted' | 'failed' | 'conflict' | 'cancelled'
/** The user's choice on a conflict. */
export type ConflictResolution = 'keep-mine' | 'take-server'

/** The `conflict_resolution` column says what was done, in the past tense (drafts migration v2). */
export type StoredResolution = 'kept-mine' | 'took-server'
const STORED: Record<ConflictResolution, StoredResolution> = { 'keep-mine': 'kept-mine', 'take-server': 'took-server' }
const READ: Record<StoredResolution, ConflictResolution> = { 'kept-mine': 'keep-mine', 'took-server': 'take-server' }
export const resolutionOf = (stored: StoredResolution | null): ConflictResolution | null => (stored === null ? null : READ[stored])

/** The server's answer to an attempt, as the outbox keeps it. */
export interface ServerAnswer<J extends TemplateJson> {
  response: J['response']
  gatewayRequestId: string | null
}

/** How a finished submission ended. */
export type Settlement<J extends TemplateJson> =
  | ({ status: 'submitted'; templateId: string | null; sourceId?: string } & ServerAnswer<J>)
  /** `answer`: the business said no (`result.success = false`); absent when the gateway refused. */
  | { status: 'failed'; error: J['error']; answer?: ServerAnswer<J> }
  /** Nothing was sent: the server's copy (`serverBody`) is not the base the draft was made on. */
  | { status: 'conflict'; error: J['error']; serverBody: J['body']; check: J['check'] }

export interface NewSubmission {
  submissionId: string
  draftId: string
  revision: number
  title: string
  uniqueId: string
  /** The validated request, unique_id included, as JSON text: what every attempt sends. */
  request: string
  /** For an update: the version the server should still hold (the draft's base), as JSON text. */
  baseBody: string | null
  /** The connection profile the submission is made under: the only one it is ever sent with. */
  profileId: string
  now: string
}

export interface OutboxRecord<J extends TemplateJson> {
  submissionId: string
  /** Null only for finished rows from before profiles were recorded (drafts migration v3). */
  profileId: string | null
  draftId: string
  revision: number
  title: string
  uniqueId: string
  request: string
  status: OutboxStatus
  attempts: number
  maybeDelivered: boolean
  nextAttemptAt: string | null
  lastError: J['error'] | null
  templateId: string | null
  answer: ServerAnswer<J> | null
  baseBody: J['body'] | null
  serverCheck: J['check'] | null
  serverBody: J['body'] | null
  resolution: ConflictResolution | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

interface Row {
  submission_id: string
  profile_id: string | null
  draft_id: string
  draft_revision: number
  title: string
  unique_id: string
  request: string
  status: OutboxStatus
  attempts: number
  maybe_delivered: number
  next_attempt_at: string | null
  last_error: string | null
  template_id: string | null
  response: string | null
  gateway_request_id: string | null
  base_body: string | null
  server_check: string | null
  server_body: string | null
  conflict_resolution: StoredResolution | null
  created_at: string
  updated_at: string
  finished_at: string | null
}

/**
 * A submission as `list` gives it: without the request and the two template bodies, which only
 * an attempt and a conflict need, so a listing of the outbox does not parse them.
 */
export type OutboxListed<J extends TemplateJson> = Omit<OutboxRecord<J>, 'request' | 'baseBody' | 'serverBody'>

/** Active: counts as the draft's one submission in flight (a blocked one may be on the server). */
const ACTIVE = `status IN ('queued', 'sending', 'blocked')`

export class OutboxStore<J extends TemplateJson> {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /** Queues a submission, due at once. The unique index refuses a second active one per draft. */
  enqueue(s: NewSubmission): void {
    this.#db
      .prepare(
        `INSERT INTO template_outbox (submission_id, draft_id, draft_revision, title, unique_id, request, base_body,
           profile_id, status, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(s.submissionId, s.draftId, s.revision, s.title, s.uniqueId, s.request, s.baseBody, s.profileId, s.now, s.now, s.now)
  }

  get(submissionId: string): OutboxRecord<J> | undefined {
    const row = this.#db.prepare('SELECT * FROM template_outbox WHERE submission_id = ?').get(submissionId) as Row | undefined
    return row && toRecord<J>(row)
  }

  activeFor(draftId: string): OutboxRecord<J> | undefined {
    const row = this.#db.prepare(`SELECT * FROM template_outbox WHERE draft_id = ? AND ${ACTIVE}`).get(draftId) as Row | undefined
    return row && toRecord<J>(row)
  }

  /** The draft's latest submission the platform accepted, if any. */
  latestSubmitted(draftId: string): OutboxRecord<J> | undefined {
    const row = this.#db
      .prepare(`SELECT * FROM template_outbox WHERE draft_id = ? AND status = 'submitted' ORDER BY finished_at DESC, rowid DESC LIMIT 1`)
      .get(draftId) as Row | undefined
    return row && toRecord<J>(row)
  }

  /** Newest first. `active` keeps only queued, sending and blocked ones. */
  list(filter: { draftId?: string; active?: boolean; limit?: number } = {}): OutboxListed<J>[] {
    const where: string[] = []
    const params: (string | number)[] = []
    if (filter.draftId !== undefined) {
      where.push('draft_id = ?')
      params.push(filter.draftId)
    }
    if (filter.active) where.push(ACTIVE)
    params.push(filter.limit ?? 200)
    const rows = this.#db
      .prepare(
        `SELECT * FROM template_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...params) as unknown as Row[]
    return rows.map((row) => toListed<J>(row))
  }

  /**
   * The oldest queued submission due by `now` (first in, first out), leaving out the profiles in
   * `skip` (those whose gateway is known to be unreachable: their work waits for their network).
   */
  nextDue(now: string, skip: readonly string[] = []): OutboxRecord<J> | undefined {
    const row = this.#db
      .prepare(
        `SELECT * FROM template_outbox
         WHERE status = 'queued' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
           AND profile_id NOT IN (SELECT value FROM json_each(?))
         ORDER BY created_at, rowid LIMIT 1`,
      )
      .get(now, JSON.stringify(skip)) as Row | undefined
    return row && toRecord<J>(row)
  }

  /** When the next queued submission falls due, if any has a time (profiles in `skip` left out). */
  earliestDue(skip: readonly string[] = []): string | undefined {
    const row = this.#db
      .prepare(
        `SELECT MIN(next_attempt_at) AS at FROM template_outbox
         WHERE status = 'queued' AND profile_id NOT IN (SELECT value FROM json_each(?))`,
      )
      .get(JSON.stringify(skip)) as { at: string | null }
    return row.at ?? undefined
  }

  /** How many submissions are still to be sent or settled (queued, sending, blocked), per profile. */
  waitingByProfile(): Map<string, number> {
    const rows = this.#db
      .prepare(
        `SELECT profile_id, COUNT(*) AS n FROM template_outbox
         WHERE ${ACTIVE} AND profile_id IS NOT NULL GROUP BY profile_id`,
      )
      .all() as Array<{ profile_id: string; n: number }>
    return new Map(rows.map((r) => [r.profile_id, Number(r.n)]))
  }

  /** The profiles with a submission waiting for the network (queued without a time), oldest first. */
  profilesWaitingForNetwork(): string[] {
    const rows = this.#db
      .prepare(
        `SELECT profile_id, MIN(created_at) AS first FROM template_outbox
         WHERE status = 'queued' AND next_attempt_at IS NULL AND profile_id IS NOT NULL
         GROUP BY profile_id ORDER BY first`,
      )
      .all() as Array<{ profile_id: string }>
    return rows.map((r) => r.profile_id)
  }

  /**
   * Rows made before submissions recorded their profile and still waiting are given to
   * `profileId`, the profile active at the first start since (see drafts migration v3).
   */
  adoptUnattributed(profileId: string, now: string): number {
    return Number(
      this.#db
        .prepare(`UPDATE template_outbox SET profile_id = ?, updated_at = ? WHERE profile_id IS NULL AND ${ACTIVE}`)
        .run(profileId, now).changes,
    )
  }

  /** Claims a queued submission for one attempt; false if it is no longer queued (cancelled). */
  markSending(submissionId: string, now: string): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE template_outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
           WHERE submission_id = ? AND status = 'queued'`,
        )
        .run(now, submissionId).changes === 1
    )
  }

  /** What the pre-send read of the server's copy found; kept for the user to see. */
  recordServerCheck(submissionId: string, check: J['check'], now: string): void {
    this.#db
      .prepare(`UPDATE template_outbox SET server_check = ?, updated_at = ? WHERE submission_id = ?`)
      .run(JSON.stringify(check), now, submissionId)
  }

  /**
   * Back to the queue after an attempt without an answer. `nextAttemptAt` null: wait for the
   * network. `maybeDelivered` only ever turns on.
   */
  requeue(submissionId: string, retry: { nextAttemptAt: string | null; maybeDelivered: boolean; error: J['error'] }, now: string): void {
    this.#db
      .prepare(
        `UPDATE template_outbox
         SET status = 'queued', next_attempt_at = ?, maybe_delivered = MAX(maybe_delivered, ?), last_error = ?,
             updated_at = ?
         WHERE submission_id = ? AND status = 'sending'`,
      )
      .run(retry.nextAttemptAt, retry.maybeDelivered ? 1 : 0, JSON.stringify(retry.error), now, submissionId)
  }

  /**
   * A code-7 ban holds for the whole app key: nothing queued for that profile is tried before
   * `until` (each refused call could only lengthen the ban). Waits already later than that, or
   * for the network, stay; other profiles are other apps, and the ban is not theirs.
   */
  deferQueued(until: string, now: string, profileId: string | null): void {
    this.#db
      .prepare(
        `UPDATE template_outbox SET next_attempt_at = ?, updated_at = ?
         WHERE status = 'queued' AND next_attempt_at IS NOT NULL AND next_attempt_at < ? AND profile_id IS ?`,
      )
      .run(until, now, until, profileId)
  }

  /**
   * Stops resending a submission whose stored request cannot be sent again. It stays active and
   * possibly delivered, so neither a cancel nor a new submission can slip past it.
   */
  block(submissionId: string, error: J['error'], now: string): void {
    this.#db
      .prepare(
        `UPDATE template_outbox
         SET status = 'blocked', maybe_delivered = 1, next_attempt_at = NULL, last_error = ?, updated_at = ?
         WHERE submission_id = ? AND status = 'sending'`,
      )
      .run(JSON.stringify(error), now, submissionId)
  }

  /**
   * The user's decision about a possibly delivered submission that cannot finish by itself
   * (blocked, or queued with `maybe_delivered`): it ends as failed. False if it is in no such state.
   */
  release(submissionId: string, error: J['error'], now: string): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE template_outbox
           SET status = 'failed', last_error = ?, next_attempt_at = NULL, updated_at = ?, finished_at = ?
           WHERE submission_id = ? AND (status = 'blocked' OR (status = 'queued' AND maybe_delivered = 1))`,
        )
        .run(JSON.stringify(error), now, now, submissionId).changes === 1
    )
  }

  settle(submissionId: string, settlement: Settlement<J>, now: string): void {
    const answer = settlement.status === 'submitted' ? settlement : settlement.status === 'failed' ? settlement.answer : undefined
    const error = settlement.status === 'submitted' ? null : JSON.stringify(settlement.error)
    const templateId = settlement.status === 'submitted' ? settlement.templateId : null
    const conflict = settlement.status === 'conflict' ? settlement : undefined
    this.#db
      .prepare(
        `UPDATE template_outbox
         SET status = ?, last_error = ?, template_id = ?, response = ?, gateway_request_id = ?,
             server_body = COALESCE(?, server_body), server_check = COALESCE(?, server_check),
             next_attempt_at = NULL, updated_at = ?, finished_at = ?
         WHERE submission_id = ? AND status = 'sending'`,
      )
      .run(
        settlement.status,
        error,
        templateId,
        answer ? JSON.stringify(answer.response) : null,
        answer?.gatewayRequestId ?? null,
        conflict ? JSON.stringify(conflict.serverBody) : null,
        conflict ? JSON.stringify(conflict.check) : null,
        now,
        now,
        submissionId,
      )
  }

  /** Records the user's choice on an open conflict; false if it is not one. */
  resolveConflict(submissionId: string, resolution: ConflictResolution, now: string): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE template_outbox SET conflict_resolution = ?, updated_at = ?
           WHERE submission_id = ? AND status = 'conflict' AND conflict_resolution IS NULL`,
        )
        .run(STORED[resolution], now, submissionId).changes === 1
    )
  }

  /** Cancels a queued submission that certainly never reached the server; false otherwise. */
  cancel(submissionId: string, now: string): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE template_outbox SET status = 'cancelled', next_attempt_at = NULL, updated_at = ?, finished_at = ?
           WHERE submission_id = ? AND status = 'queued' AND maybe_delivered = 0`,
        )
        .run(now, now, submissionId).changes === 1
    )
  }

  /**
   * The network is back: everything waiting for it is due now, or, with `profileId`, only what
   * waits for that profile's gateway (another profile's gateway may still be down).
   */
  releaseNetworkWaits(now: string, profileId?: string): number {
    return Number(
      this.#db
        .prepare(
          `UPDATE template_outbox SET next_attempt_at = ?, updated_at = ?
           WHERE status = 'queued' AND next_attempt_at IS NULL AND (? IS NULL OR profile_id = ?)`,
        )
        .run(now, now, profileId ?? null, profileId ?? null).changes,
    )
  }

  /**
   * After a crash, an attempt marked as sending may or may not have left: it is queued again
   * as possibly delivered, so it can only be resent under its own unique_id, never cancelled.
   * One exception: an update (its request has an id) with no server check recorded died during
   * its pre-send query. The check is recorded before the update goes out, so that update never
   * left: it stays as it was, and the next attempt checks the server's copy again instead of
   * sending unchecked.
   */
  recoverInterrupted(now: string): number {
    return Number(
      this.#db
        .prepare(
          `UPDATE template_outbox
           SET status = 'queued', next_attempt_at = ?, updated_at = ?,
               maybe_delivered = CASE
                 WHEN maybe_delivered = 0 AND server_check IS NULL
                   AND json_extract(request, '$.coupon_template.id') IS NOT NULL THEN 0
                 ELSE 1 END
           WHERE status = 'sending'`,
        )
        .run(now, now).changes,
    )
  }
}

const parsed = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T))

function toRecord<J extends TemplateJson>(row: Row): OutboxRecord<J> {
  return {
    ...toListed<J>(row),
    request: row.request,
    baseBody: parsed<J['body']>(row.base_body),
    serverBody: parsed<J['body']>(row.server_body),
  }
}

function toListed<J extends TemplateJson>(row: Row): OutboxListed<J> {
  const response = parsed<J['response']>(row.response)
  return {
    submissionId: row.submission_id,
    profileId: row.profile_id,
    draftId: row.draft_id,
    revision: row.draft_revision,
    title: row.title,
    uniqueId: row.unique_id,
    status: row.status,
    attempts: row.attempts,
    maybeDelivered: row.maybe_delivered === 1,
    nextAttemptAt: row.next_attempt_at,
    lastError: parsed<J['error']>(row.last_error),
    templateId: row.template_id,
    answer: response ? { response, gatewayRequestId: row.gateway_request_id } : null,
    serverCheck: parsed<J['check']>(row.server_check),
    resolution: resolutionOf(row.conflict_resolution),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  }
}
