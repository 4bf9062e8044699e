import type { StatementSync } from 'node:sqlite'
import { relaxed, transaction, type Database } from './db'
import { voucherColumnsOf, type VoucherRow } from './journal'

/**
 * `journal_batches`: one row per "Redeem" press (see `journal-schema.ts`). Rows in and rows out;
 * how a batch is split, what holds a voucher back and how far it got is the batch runner's
 * business (`services/redemption/batches.ts`).
 */

export type BatchStatus = 'running' | 'done' | 'interrupted'

export interface PlannedVoucher {
  voucherId: string
  points: string | null
}

/** A voucher held back from a batch, with the call to retry or check instead and the words shown for it. */
export interface BlockedRecord {
  voucherId: string
  entryId: number
  message: { key: string; params: Record<string, string | number> }
}

export interface NewBatch {
  id: string
  profileId: string
  customerId: string
  plan: readonly PlannedVoucher[]
  blocked: readonly BlockedRecord[]
  callsTotal: number
  status: BatchStatus
}

export interface BatchRecord {
  id: string
  customerId: string
  /** In scan order: what the cashier asked for, sent or not. */
  plan: PlannedVoucher[]
  blocked: BlockedRecord[]
  callsTotal: number
  callsDone: number
  status: BatchStatus
  createdAt: number
}

interface BatchRow {
  id: string
  customer_id: string
  plan_json: string
  blocked_json: string
  calls_total: number
  calls_done: number
  status: BatchStatus
  created_at: number
}

export class BatchRepository {
  readonly #db: Database
  readonly #now: () => Date
  readonly #statements = new Map<string, StatementSync>()

  constructor(db: Database, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  #ms(): number {
    return this.#now().getTime()
  }

  // Progress bookkeeping is `relaxed` (db.ts): the batch's entries, written durably after it, carry it.
  insert(batch: NewBatch): void {
    const now = this.#ms()
    relaxed(this.#db, () => this.#insert(batch, now))
  }

  #insert(batch: NewBatch, now: number): void {
    this.#sql(
      `INSERT INTO journal_batches (id, profile_id, customer_id, plan_json, blocked_json, calls_total, status,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      batch.id,
      batch.profileId,
      batch.customerId,
      JSON.stringify(batch.plan),
      JSON.stringify(batch.blocked),
      batch.callsTotal,
      batch.status,
      now,
      now,
    )
  }

  /** Adds to the batch's held-back vouchers, after those it has. */
  appendBlocked(batchId: string, blocked: readonly BlockedRecord[]): void {
    if (blocked.length === 0) return
    const row = this.#sql('SELECT blocked_json FROM journal_batches WHERE id = ?').get(batchId) as { blocked_json: string } | undefined
    const all = [...(row ? (JSON.parse(row.blocked_json) as BlockedRecord[]) : []), ...blocked]
    relaxed(this.#db, () =>
      this.#sql('UPDATE journal_batches SET blocked_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(all), this.#ms(), batchId),
    )
  }

  callDone(batchId: string): void {
    relaxed(this.#db, () =>
      this.#sql('UPDATE journal_batches SET calls_done = calls_done + 1, updated_at = ? WHERE id = ?').run(this.#ms(), batchId),
    )
  }

  /** Ends a running batch; one that is no longer running keeps its status. */
  finish(batchId: string, status: Exclude<BatchStatus, 'running'>): void {
    relaxed(this.#db, () =>
      this.#sql(`UPDATE journal_batches SET status = ?, updated_at = ? WHERE id = ? AND status = 'running'`).run(
        status,
        this.#ms(),
        batchId,
      ),
    )
  }

  /** Every running batch becomes `interrupted`, in one transaction; returns their ids, oldest first. */
  interruptRunning(): string[] {
    return transaction(this.#db, () => {
      const ids = (this.#sql(`SELECT id FROM journal_batches WHERE status = 'running' ORDER BY created_at`).all() as { id: string }[]).map(
        (r) => r.id,
      )
      this.#sql(`UPDATE journal_batches SET status = 'interrupted', updated_at = ? WHERE status = 'running'`).run(this.#ms())
      return ids
    })
  }

  get(batchId: string): BatchRecord | undefined {
    const row = this.#sql(
      `SELECT id, customer_id, plan_json, blocked_json, calls_total, calls_done, status, created_at
         FROM journal_batches WHERE id = ?`,
    ).get(batchId) as BatchRow | undefined
    if (!row) return undefined
    return {
      id: row.id,
      customerId: row.customer_id,
      plan: JSON.parse(row.plan_json) as PlannedVoucher[],
      blocked: JSON.parse(row.blocked_json) as BlockedRecord[],
      callsTotal: row.calls_total,
      callsDone: row.calls_done,
      status: row.status,
      createdAt: row.created_at,
    }
  }

  /** The voucher rows of the batch's calls, in the order they were sent. */
  voucherRows(batchId: string): VoucherRow[] {
    return this.#sql(
      `SELECT ${voucherColumnsOf('v')}
         FROM journal_entries e JOIN journal_vouchers v ON v.entry_id = e.id
         WHERE e.batch_id = ? ORDER BY e.id, v.position`,
    ).all(batchId) as unknown as VoucherRow[]
  }
}
