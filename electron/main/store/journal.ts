import type { StatementSync } from 'node:sqlite'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import type {
  BatchProgress,
  BatchStatus,
  BlockedVoucher,
  EntryResult,
  Message,
  VoucherOutcome,
  VoucherResult,
} from '@contract/ipc/channels/redemption'
import { transaction, type Database } from './db'
import { OUTCOME_COLUMNS, decodeOutcome, encodeOutcome, type OutcomeColumns } from './journal-codec'

export { journalMigrations } from './journal-schema'

/**
 * The write side of the redemption journal (see `journal-schema.ts`). Every method is synchronous:
 * a check and the insert that depends on it run without an `await` between them, so no other
 * work of this process can slip in; the schema's unique indexes and trigger hold the line for
 * anything else.
 */

export type EntryState = 'pending' | 'settled' | 'not_sent' | 'unknown'

/** One TOP call as the journal keeps it. */
export interface EntryRecord {
  readonly id: number
  readonly requestId: string
  readonly batchId: string | null
  readonly action: VoucherStatusActionCode
  /** Exactly what was (or will be) sent; retries resend it unchanged. */
  readonly request: VoucherStatusChangeOpenReq
  readonly profileId: string
  readonly customerId: string
  readonly state: EntryState
  readonly attempts: number
  /** Some attempt may have reached the server: only a business reply can settle it now. */
  readonly maybeDelivered: boolean
  readonly createdAt: number
}

export interface PlannedVoucher {
  voucherId: string
  points: string | null
}

export interface NewBatch {
  id: string
  profileId: string
  customerId: string
  plan: readonly PlannedVoucher[]
  blocked: readonly BlockedVoucher[]
  callsTotal: number
}

/** The redemption row a reversal would undo, as the request builder needs it. */
export interface ReversalTarget {
  rowId: number
  voucherId: string
  customerId: string
  /** The redemption's own request: shop, brand and source are copied from it. */
  redemption: VoucherStatusChangeOpenReq
}

export type BeginReversal =
  | { kind: 'created'; entry: EntryRecord }
  /** A reversal of this voucher never reached the server: retry it (same request_id), never a new one. */
  | { kind: 'retry'; entryId: number; voucherId: string }
  | { kind: 'refused'; message: Message }

interface EntryRow {
  id: number
  request_id: string
  batch_id: string | null
  action: VoucherStatusActionCode
  request_json: string
  profile_id: string
  customer_id: string
  state: EntryState
  attempts: number
  maybe_delivered: number
  created_at: number
}

interface VoucherRow extends OutcomeColumns {
  id: number
  entry_id: number
  voucher_id: string
  points: string | null
}

const UNRESOLVED_SQL = "('pending', 'not_sent', 'unknown')"

/** Whether anything in these outcomes still needs a retry, and which kind of retry. */
export function entryStateOf(outcomes: readonly VoucherOutcome[]): EntryState {
  if (outcomes.some((o) => o.state === 'unknown' || o.state === 'pending')) return 'unknown'
  if (outcomes.some((o) => o.state === 'not_sent')) return 'not_sent'
  return 'settled'
}

export class Journal {
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

  // -------------------------------------------------------------------------------------------
  // Entries

  /**
   * The intent of a redemption call, in one transaction, before the call: the entry with its
   * request and one `pending` row per voucher. A voucher that was itself reissued by a reversal
   * recorded here gets `reissued_from`, so history shows the chain.
   */
  beginRedemption(request: VoucherStatusChangeOpenReq, profileId: string, batchId: string | null): EntryRecord {
    if (request.voucher_status_action !== 'NORMAL_ISUSED') throw new Error('beginRedemption needs NORMAL_ISUSED')
    return transaction(this.#db, () => {
      const entry = this.#insertEntry(request, profileId, batchId)
      const reissuedFrom = this.#sql(
        // Named: without it SQLite picks journal_hist_state and walks every reversed row of the
        // profile for each voucher (45 ms per 20-voucher call at 1M rows, 10,000 reversals).
        `SELECT voucher_id FROM journal_vouchers INDEXED BY journal_hist_reissued
         WHERE profile_id = ? AND reissued_voucher_id = ? AND state = 'reversed' LIMIT 1`,
      )
      request.voucher_id_list.forEach((voucherId, position) => {
        const from = reissuedFrom.get(profileId, voucherId) as { voucher_id: string } | undefined
        this.#insertVoucherRow(entry, position, voucherId, request.voucher_point_list?.[position] ?? null, {
          reissuedFrom: from?.voucher_id ?? null,
          reversesRowId: null,
        })
      })
      return entry
    })
  }

  /**
   * The intent of reversing one redemption row, in one transaction: refuses unless the row is
   * `redeemed` with no reversal done or under way, hands back a never-sent reversal for retry,
   * or writes the new entry and links both rows.
   */
  beginReversal(
    rowId: number,
    profileId: string,
    build: (target: ReversalTarget) => VoucherStatusChangeOpenReq,
  ): BeginReversal {
    return transaction(this.#db, (): BeginReversal => {
      const row = this.#sql(
        `SELECT v.id, v.voucher_id, v.action, v.state, v.profile_id, v.customer_id, v.reversal_row_id,
                e.request_json, r.state AS reversal_state, r.entry_id AS reversal_entry_id
         FROM journal_vouchers v
         JOIN journal_entries e ON e.id = v.entry_id
         LEFT JOIN journal_vouchers r ON r.id = v.reversal_row_id
         WHERE v.id = ?`,
      ).get(rowId) as
        | {
            id: number
            voucher_id: string
            action: VoucherStatusActionCode
            state: string
            profile_id: string
            customer_id: string
            request_json: string
            reversal_state: string | null
            reversal_entry_id: number | null
          }
        | undefined
      const refuse = (key: string): BeginReversal => ({
        kind: 'refused',
        message: { key: `redemption.reverse.${key}`, params: { voucherId: row?.voucher_id ?? '' } },
      })
      if (!row) return refuse('notFound')
      if (row.profile_id !== profileId) return refuse('otherProfile')
      if (row.action !== 'NORMAL_ISUSED') return refuse('notARedemption')
      if (row.state !== 'redeemed') return refuse('notRedeemed')
      switch (row.reversal_state) {
        case 'reversed':
          return refuse('alreadyReversed')
        case 'pending':
        case 'unknown':
          return refuse('inFlight')
        case 'not_sent':
          return { kind: 'retry', entryId: row.reversal_entry_id!, voucherId: row.voucher_id }
      }
      const request = build({
        rowId: row.id,
        voucherId: row.voucher_id,
        customerId: row.customer_id,
        redemption: JSON.parse(row.request_json) as VoucherStatusChangeOpenReq,
      })
      if (request.voucher_status_action !== 'ISUSED_NORMAL' || request.voucher_id_list.join() !== row.voucher_id) {
        throw new Error('a reversal request must reverse exactly the target voucher')
      }
      const entry = this.#insertEntry(request, profileId, null)
      const reversalRowId = this.#insertVoucherRow(entry, 0, row.voucher_id, null, {
        reissuedFrom: null,
        reversesRowId: row.id,
      })
      this.#sql('UPDATE journal_vouchers SET reversal_row_id = ?, updated_at = ? WHERE id = ?').run(
        reversalRowId,
        this.#ms(),
        row.id,
      )
      return { kind: 'created', entry }
    })
  }

  #insertEntry(request: VoucherStatusChangeOpenReq, profileId: string, batchId: string | null): EntryRecord {
    const now = this.#ms()
    const { lastInsertRowid } = this.#sql(
      `INSERT INTO journal_entries (request_id, batch_id, action, request_json, profile_id, operator_id,
         operator_name, customer_id, shop_id, source, state, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 1, ?, ?)`,
    ).run(
      request.request_id,
      batchId,
      request.voucher_status_action,
      JSON.stringify(request),
      profileId,
      request.operator_id,
      request.operator_name ?? null,
      request.customer_id,
      request.shop_id ?? null,
      request.source,
      now,
      now,
    )
    return {
      id: Number(lastInsertRowid),
      requestId: request.request_id,
      batchId,
      action: request.voucher_status_action,
      request,
      profileId,
      customerId: request.customer_id,
      state: 'pending',
      attempts: 1,
      maybeDelivered: false,
      createdAt: now,
    }
  }

  #insertVoucherRow(
    entry: EntryRecord,
    position: number,
    voucherId: string,
    points: string | null,
    links: { reissuedFrom: string | null; reversesRowId: number | null },
  ): number {
    const { lastInsertRowid } = this.#sql(
      `INSERT INTO journal_vouchers (entry_id, position, action, voucher_id, points, profile_id, customer_id,
         operator_id, shop_id, created_at, updated_at, state, reverses_row_id, reissued_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ).run(
      entry.id,
      position,
      entry.action,
      voucherId,
      points,
      entry.profileId,
      entry.customerId,
      entry.request.operator_id,
      entry.request.shop_id ?? null,
      entry.createdAt,
      entry.createdAt,
      links.reversesRowId,
      links.reissuedFrom,
    )
    return Number(lastInsertRowid)
  }

  /**
   * Before a retry is sent: the entry and its unresolved rows are `pending` again, durably, so a
   * crash during the retry is seen as "may have been applied" at the next start.
   */
  markAttempt(entryId: number): void {
    transaction(this.#db, () => {
      const now = this.#ms()
      this.#sql(`UPDATE journal_entries SET state = 'pending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(
        now,
        entryId,
      )
      this.#sql(
        `UPDATE journal_vouchers SET state = 'pending', message_key = NULL, message_params = NULL, updated_at = ?
         WHERE entry_id = ? AND state IN ${UNRESOLVED_SQL}`,
      ).run(now, entryId)
    })
  }

  /**
   * The reply (or the failure) of a call, per voucher by position, in one transaction. Rows that
   * already have a final answer keep it: a replayed reply can only confirm it.
   */
  settle(entryId: number, outcomes: readonly VoucherOutcome[], gatewayRequestId?: string): void {
    transaction(this.#db, () => {
      const now = this.#ms()
      const update = this.#sql(
        `UPDATE journal_vouchers SET state = ?, result_code = ?, result_text = ?, failure_kind = ?, message_key = ?,
           message_params = ?, top_json = ?, reissued_voucher_id = ?, updated_at = ?
         WHERE entry_id = ? AND position = ? AND state IN ${UNRESOLVED_SQL}`,
      )
      outcomes.forEach((outcome, position) => {
        const c = encodeOutcome(outcome)
        update.run(
          c.state,
          c.result_code,
          c.result_text,
          c.failure_kind,
          c.message_key,
          c.message_params,
          c.top_json,
          c.reissued_voucher_id,
          now,
          entryId,
          position,
        )
      })
      const current = this.entryResult(entryId)?.vouchers.map((v) => v.outcome) ?? []
      const state = entryStateOf(current)
      this.#sql(
        `UPDATE journal_entries SET state = ?, gateway_request_id = COALESCE(?, gateway_request_id), updated_at = ?,
           maybe_delivered = MAX(maybe_delivered, ?)
         WHERE id = ?`,
      ).run(state, gatewayRequestId ?? null, now, state === 'unknown' ? 1 : 0, entryId)
    })
  }

  entry(entryId: number): EntryRecord | undefined {
    const row = this.#sql(
      `SELECT id, request_id, batch_id, action, request_json, profile_id, customer_id, state, attempts, maybe_delivered, created_at
       FROM journal_entries WHERE id = ?`,
    ).get(entryId) as EntryRow | undefined
    return row && toEntry(row)
  }

  /** Entries in the given states, oldest first. */
  entriesIn(states: readonly EntryState[]): EntryRecord[] {
    if (states.length === 0) return []
    // Repeating the partial index's condition lets SQLite use journal_entries_unresolved instead of
    // scanning every call ever made (~0.2 s at 600,000 calls).
    const unresolvedOnly = !states.includes('settled')
    const rows = this.#sql(
      `SELECT id, request_id, batch_id, action, request_json, profile_id, customer_id, state, attempts, maybe_delivered, created_at
       FROM journal_entries WHERE ${unresolvedOnly ? "state <> 'settled' AND " : ''}state IN (${states.map(() => '?').join(', ')})
       ORDER BY id`,
    ).all(...states) as unknown as EntryRow[]
    return rows.map(toEntry)
  }

  /**
   * At start-up nothing of this process is in flight, so a `pending` entry is one the last run
   * left mid-call: its fate is unknown. Returns those entries as they were.
   */
  markInterruptedCallsUnknown(): EntryRecord[] {
    return transaction(this.#db, () => {
      const interrupted = this.entriesIn(['pending'])
      const now = this.#ms()
      this.#sql(
        `UPDATE journal_entries SET state = 'unknown', maybe_delivered = 1, updated_at = ?
         WHERE state <> 'settled' AND state = 'pending'`,
      ).run(now)
      this.#sql(
        `UPDATE journal_vouchers SET state = 'unknown', message_key = 'redemption.reason.interrupted',
           message_params = '{}', updated_at = ?
         WHERE state IN ${UNRESOLVED_SQL} AND state = 'pending'`,
      ).run(now)
      return interrupted
    })
  }

  /** Vouchers among `voucherIds` whose redemption is unresolved, with the entry to retry instead. */
  openRedemptions(profileId: string, voucherIds: readonly string[]): Map<string, number> {
    const open = new Map<string, number>()
    const find = this.#sql(
      `SELECT entry_id FROM journal_vouchers INDEXED BY journal_one_open_redemption
       WHERE profile_id = ? AND voucher_id = ? AND action = 'NORMAL_ISUSED' AND state IN ${UNRESOLVED_SQL}`,
    )
    for (const voucherId of voucherIds) {
      const row = find.get(profileId, voucherId) as { entry_id: number } | undefined
      if (row) open.set(voucherId, row.entry_id)
    }
    return open
  }

  entryResult(entryId: number): EntryResult | undefined {
    const entry = this.#sql('SELECT id, request_id, action, customer_id FROM journal_entries WHERE id = ?').get(
      entryId,
    ) as { id: number; request_id: string; action: VoucherStatusActionCode; customer_id: string } | undefined
    if (!entry) return undefined
    const rows = this.#sql(
      `SELECT id, entry_id, voucher_id, points, ${OUTCOME_COLUMNS} FROM journal_vouchers WHERE entry_id = ? ORDER BY position`,
    ).all(entryId) as unknown as VoucherRow[]
    return {
      entryId: entry.id,
      requestId: entry.request_id,
      action: entry.action,
      customerId: entry.customer_id,
      vouchers: rows.map(toVoucherResult),
    }
  }

  // -------------------------------------------------------------------------------------------
  // Batches

  createBatch(batch: NewBatch, status: BatchStatus): void {
    const now = this.#ms()
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
      status,
      now,
      now,
    )
  }

  /** Vouchers found blocked only when their call came up (another batch got there first). */
  addBlocked(batchId: string, blocked: readonly BlockedVoucher[]): void {
    if (blocked.length === 0) return
    const row = this.#sql('SELECT blocked_json FROM journal_batches WHERE id = ?').get(batchId) as
      | { blocked_json: string }
      | undefined
    const all = [...(row ? (JSON.parse(row.blocked_json) as BlockedVoucher[]) : []), ...blocked]
    this.#sql('UPDATE journal_batches SET blocked_json = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(all),
      this.#ms(),
      batchId,
    )
  }

  callDone(batchId: string): void {
    this.#sql('UPDATE journal_batches SET calls_done = calls_done + 1, updated_at = ? WHERE id = ?').run(
      this.#ms(),
      batchId,
    )
  }

  finishBatch(batchId: string, status: Exclude<BatchStatus, 'running'>): void {
    this.#sql(`UPDATE journal_batches SET status = ?, updated_at = ? WHERE id = ? AND status = 'running'`).run(
      status,
      this.#ms(),
      batchId,
    )
  }

  /** At start-up: batches the last run did not finish. Their unsent vouchers stay unsent. */
  interruptRunningBatches(): string[] {
    return transaction(this.#db, () => {
      const ids = (
        this.#sql(`SELECT id FROM journal_batches WHERE status = 'running' ORDER BY created_at`).all() as {
          id: string
        }[]
      ).map((r) => r.id)
      this.#sql(`UPDATE journal_batches SET status = 'interrupted', updated_at = ? WHERE status = 'running'`).run(
        this.#ms(),
      )
      return ids
    })
  }

  batchProgress(batchId: string): (BatchProgress & { createdAt: number }) | undefined {
    const batch = this.#sql(
      `SELECT id, customer_id, plan_json, blocked_json, calls_total, calls_done, status, created_at
       FROM journal_batches WHERE id = ?`,
    ).get(batchId) as
      | {
          id: string
          customer_id: string
          plan_json: string
          blocked_json: string
          calls_total: number
          calls_done: number
          status: BatchStatus
          created_at: number
        }
      | undefined
    if (!batch) return undefined
    const rows = this.#sql(
      `SELECT v.id, v.entry_id, v.voucher_id, v.points, ${OUTCOME_COLUMNS.split(', ')
        .map((c) => `v.${c}`)
        .join(', ')}
       FROM journal_entries e JOIN journal_vouchers v ON v.entry_id = e.id
       WHERE e.batch_id = ? ORDER BY e.id, v.position`,
    ).all(batchId) as unknown as VoucherRow[]
    const blocked = JSON.parse(batch.blocked_json) as BlockedVoucher[]
    const accounted = new Set([...rows.map((r) => r.voucher_id), ...blocked.map((b) => b.voucherId)])
    const plan = JSON.parse(batch.plan_json) as PlannedVoucher[]
    return {
      batchId: batch.id,
      status: batch.status,
      customerId: batch.customer_id,
      callsTotal: batch.calls_total,
      callsDone: batch.calls_done,
      vouchers: rows.map(toVoucherResult),
      waiting: plan.filter((p) => !accounted.has(p.voucherId)),
      blocked,
      createdAt: batch.created_at,
    }
  }
}

function toEntry(row: EntryRow): EntryRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    batchId: row.batch_id,
    action: row.action,
    request: JSON.parse(row.request_json) as VoucherStatusChangeOpenReq,
    profileId: row.profile_id,
    customerId: row.customer_id,
    state: row.state,
    attempts: row.attempts,
    maybeDelivered: row.maybe_delivered === 1,
    createdAt: row.created_at,
  }
}

function toVoucherResult(row: VoucherRow): VoucherResult {
  return {
    rowId: row.id,
    entryId: row.entry_id,
    voucherId: row.voucher_id,
    points: row.points,
    outcome: decodeOutcome(row),
  }
}
