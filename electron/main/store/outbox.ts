import type { OutboxEntry, SubmissionError } from '@contract/ipc/channels/templates'
import type { Database } from './db'

/**
 * Submissions of coupon templates waiting to be sent, being sent, or done. A row is written
 * before the first byte leaves and is never deleted, so a crash at any point leaves a record
 * of what may have reached the server, under which `unique_id`.
 */

export type OutboxStatus = OutboxEntry['status']

/** How a finished submission ended. */
export type Settlement =
  | { status: 'submitted'; templateId: string | null }
  | { status: 'failed' | 'conflict'; error: SubmissionError }

export interface NewSubmission {
  submissionId: string
  draftId: string
  revision: number
  title: string
  uniqueId: string
  /** The validated request, unique_id included, as JSON text: what every attempt sends. */
  request: string
  now: string
}

export interface OutboxRecord {
  submissionId: string
  draftId: string
  revision: number
  title: string
  uniqueId: string
  request: string
  status: OutboxStatus
  attempts: number
  maybeDelivered: boolean
  nextAttemptAt: string | null
  lastError: SubmissionError | null
  templateId: string | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

interface Row {
  submission_id: string
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
  created_at: string
  updated_at: string
  finished_at: string | null
}

const ACTIVE = `status IN ('queued', 'sending')`

export class OutboxStore {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /** Queues a submission, due at once. The unique index refuses a second active one per draft. */
  enqueue(s: NewSubmission): void {
    this.#db
      .prepare(
        `INSERT INTO template_outbox (submission_id, draft_id, draft_revision, title, unique_id, request, status,
           next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(s.submissionId, s.draftId, s.revision, s.title, s.uniqueId, s.request, s.now, s.now, s.now)
  }

  get(submissionId: string): OutboxRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM template_outbox WHERE submission_id = ?').get(submissionId) as
      | Row
      | undefined
    return row && toRecord(row)
  }

  activeFor(draftId: string): OutboxRecord | undefined {
    const row = this.#db.prepare(`SELECT * FROM template_outbox WHERE draft_id = ? AND ${ACTIVE}`).get(draftId) as
      | Row
      | undefined
    return row && toRecord(row)
  }

  /** Newest first. `active` keeps only queued and sending ones. */
  list(filter: { draftId?: string; active?: boolean; limit?: number } = {}): OutboxRecord[] {
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
    return rows.map(toRecord)
  }

  /** The oldest queued submission due by `now` (first in, first out). */
  nextDue(now: string): OutboxRecord | undefined {
    const row = this.#db
      .prepare(
        `SELECT * FROM template_outbox
         WHERE status = 'queued' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
         ORDER BY created_at, rowid LIMIT 1`,
      )
      .get(now) as Row | undefined
    return row && toRecord(row)
  }

  /** When the next queued submission falls due, if any has a time. */
  earliestDue(): string | undefined {
    const row = this.#db
      .prepare(`SELECT MIN(next_attempt_at) AS at FROM template_outbox WHERE status = 'queued'`)
      .get() as { at: string | null }
    return row.at ?? undefined
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

  /**
   * Back to the queue after an attempt without an answer. `nextAttemptAt` null: wait for the
   * network. `maybeDelivered` only ever turns on.
   */
  requeue(
    submissionId: string,
    retry: { nextAttemptAt: string | null; maybeDelivered: boolean; error: SubmissionError },
    now: string,
  ): void {
    this.#db
      .prepare(
        `UPDATE template_outbox
         SET status = 'queued', next_attempt_at = ?, maybe_delivered = MAX(maybe_delivered, ?), last_error = ?,
             updated_at = ?
         WHERE submission_id = ? AND status = 'sending'`,
      )
      .run(retry.nextAttemptAt, retry.maybeDelivered ? 1 : 0, JSON.stringify(retry.error), now, submissionId)
  }

  settle(submissionId: string, settlement: Settlement, now: string): void {
    const error = settlement.status === 'submitted' ? null : JSON.stringify(settlement.error)
    const templateId = settlement.status === 'submitted' ? settlement.templateId : null
    this.#db
      .prepare(
        `UPDATE template_outbox
         SET status = ?, last_error = ?, template_id = ?, next_attempt_at = NULL, updated_at = ?, finished_at = ?
         WHERE submission_id = ? AND status = 'sending'`,
      )
      .run(settlement.status, error, templateId, now, now, submissionId)
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

  /** The network is back: everything waiting for it is due now. */
  releaseNetworkWaits(now: string): number {
    return Number(
      this.#db
        .prepare(
          `UPDATE template_outbox SET next_attempt_at = ?, updated_at = ?
           WHERE status = 'queued' AND next_attempt_at IS NULL`,
        )
        .run(now, now).changes,
    )
  }

  /**
   * After a crash, an attempt marked as sending may or may not have left: it is queued again
   * as possibly delivered, so it can only be resent under its own unique_id, never cancelled.
   */
  recoverInterrupted(now: string): number {
    return Number(
      this.#db
        .prepare(
          `UPDATE template_outbox SET status = 'queued', maybe_delivered = 1, next_attempt_at = ?, updated_at = ?
           WHERE status = 'sending'`,
        )
        .run(now, now).changes,
    )
  }
}

function toRecord(row: Row): OutboxRecord {
  return {
    submissionId: row.submission_id,
    draftId: row.draft_id,
    revision: row.draft_revision,
    title: row.title,
    uniqueId: row.unique_id,
    request: row.request,
    status: row.status,
    attempts: row.attempts,
    maybeDelivered: row.maybe_delivered === 1,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error ? (JSON.parse(row.last_error) as SubmissionError) : null,
    templateId: row.template_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  }
}

/** The record as the renderer sees it: only the facts that belong to its status. */
export function toOutboxEntry(r: OutboxRecord): OutboxEntry {
  const base = {
    submissionId: r.submissionId,
    draftId: r.draftId,
    revision: r.revision,
    uniqueId: r.uniqueId,
    title: r.title,
    attempts: r.attempts,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
  const finishedAt = r.finishedAt ?? r.updatedAt
  switch (r.status) {
    case 'queued':
      return {
        ...base,
        status: 'queued',
        maybeDelivered: r.maybeDelivered,
        cancellable: !r.maybeDelivered,
        nextAttemptAt: r.nextAttemptAt,
        lastError: r.lastError,
      }
    case 'sending':
      return { ...base, status: 'sending' }
    case 'submitted':
      return { ...base, status: 'submitted', templateId: r.templateId, finishedAt }
    case 'failed':
    case 'conflict':
      return { ...base, status: r.status, error: r.lastError ?? { key: 'templates.outcome.unknown', params: {} }, finishedAt }
    case 'cancelled':
      return { ...base, status: 'cancelled', finishedAt }
  }
}
