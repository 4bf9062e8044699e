import type { Database } from './db'

/** How many of each, by state: `{ redeemed: 12, unknown: 1 }`. */
export type CountsByState = Record<string, number>

function countBy(db: Database, table: string, column: string): CountsByState {
  const rows = db.prepare(`SELECT ${column} AS state, COUNT(*) AS n FROM ${table} GROUP BY ${column} ORDER BY ${column}`).all() as Array<{
    state: string
    n: number
  }>
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]))
}

/** The journal by state: calls (entries) and vouchers. Counts only — no code, id or customer. */
export function journalCounts(db: Database): { calls: CountsByState; vouchers: CountsByState } {
  return { calls: countBy(db, 'journal_entries', 'state'), vouchers: countBy(db, 'journal_vouchers', 'state') }
}

export interface OutboxSummary {
  byStatus: CountsByState
  /** Submissions still to go (queued, sending, blocked for a check). */
  waiting: number
  /** When the oldest of those was submitted (ISO 8601), if any. */
  oldestWaitingSince?: string
  /** Of those, how many may already have reached the platform. */
  maybeDelivered: number
}

const WAITING = `status IN ('queued', 'sending', 'blocked')`

/** The template outbox in numbers: what is waiting, since when, and what may have been delivered. */
export function outboxSummary(db: Database): OutboxSummary {
  const waiting = db
    .prepare(
      `SELECT COUNT(*) AS n, MIN(created_at) AS oldest, COALESCE(SUM(maybe_delivered), 0) AS maybe FROM template_outbox WHERE ${WAITING}`,
    )
    .get() as { n: number; oldest: string | null; maybe: number }
  return {
    byStatus: countBy(db, 'template_outbox', 'status'),
    waiting: Number(waiting.n),
    ...(waiting.oldest ? { oldestWaitingSince: waiting.oldest } : {}),
    maybeDelivered: Number(waiting.maybe),
  }
}
