import type { StatementSync } from 'node:sqlite'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import { relaxed, transaction, type Database } from './db'

export { journalMigrations } from './journal-schema'

/**
 * The redemption journal's entries and voucher rows (see `journal-schema.ts`): SQL reads and
 * writes, rows in and rows out. What a row means, which call may be resent and what the cashier
 * reads about it is decided in `services/redemption/`. Every method is synchronous, so a check
 * and the write that depends on it, run in one `transaction`, have no `await` between them and
 * no other work of this process can slip in; the schema's unique indexes and trigger hold the
 * line for anything else.
 */

/**
 *   pending      a call may be in flight
 *   unknown      some voucher's fate is unknown: retried at start-up and on demand
 *   not_sent     some voucher certainly never reached the server: retried on demand
 *   needs_check  nothing a retry can settle is left, but some voucher waits for a manager's check
 *   settled      every voucher has its answer
 */
export type EntryState = 'pending' | 'settled' | 'not_sent' | 'unknown' | 'needs_check'

/** A voucher row's `state` column. */
export type VoucherRowState = 'pending' | 'redeemed' | 'reversed' | 'failed' | 'not_sent' | 'unknown' | 'needs_check'

/** The states that keep a voucher blocked and that a later answer may still replace. */
export type OpenVoucherRowState = Extract<VoucherRowState, 'pending' | 'not_sent' | 'unknown' | 'needs_check'>

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

/**
 * The columns of a voucher row that say how it ended (see the service's `journal-codec.ts`).
 * The table's CHECK constraints tie them together: a reissued id exactly when reversed, a
 * failure kind exactly when failed or waiting for a check, a verdict's who-and-when exactly on
 * rows settled by hand.
 */
export interface OutcomeColumns {
  state: VoucherRowState
  result_code: string | null
  result_text: string | null
  failure_kind: 'voucher' | 'call' | 'platform' | 'manual' | null
  message_key: string | null
  message_params: string | null
  top_json: string | null
  reissued_voucher_id: string | null
  checked_by: string | null
  checked_by_name: string | null
  checked_at: number | null
}

/** The columns every query of voucher rows selects to read an outcome. */
export const OUTCOME_COLUMNS =
  'state, result_code, result_text, failure_kind, message_key, message_params, top_json, reissued_voucher_id, ' +
  'checked_by, checked_by_name, checked_at'

/** `v.state, v.result_code, …` for a query that joins voucher rows under an alias. */
export const outcomeColumnsOf = (alias: string): string =>
  OUTCOME_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ')

/** One voucher of one call. */
export interface VoucherRow extends OutcomeColumns {
  id: number
  entry_id: number
  position: number
  action: VoucherStatusActionCode
  voucher_id: string
  profile_id: string
  points: string | null
}

/** The columns of `VoucherRow`, for a query that joins voucher rows under an alias. */
export const voucherColumnsOf = (alias: string): string =>
  `${alias}.id, ${alias}.entry_id, ${alias}.position, ${alias}.action, ${alias}.voucher_id, ${alias}.profile_id, ` +
  `${alias}.points, ${outcomeColumnsOf(alias)}`

/** A redemption row and its latest reversal, as a reversal is decided on. */
export interface ReversalTargetRow {
  id: number
  voucher_id: string
  action: VoucherStatusActionCode
  state: VoucherRowState
  profile_id: string
  customer_id: string
  /** The redemption's own request: shop, brand and source are copied from it. */
  redemption: VoucherStatusChangeOpenReq
  reversal_state: VoucherRowState | null
  reversal_entry_id: number | null
}

/** The call and the state of a voucher whose redemption is unresolved. */
export interface OpenRedemptionRow {
  entryId: number
  state: OpenVoucherRowState
}

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

/** The head of an entry without its request (no JSON to parse). */
export interface EntryHeadRow {
  id: number
  request_id: string
  action: VoucherStatusActionCode
  customer_id: string
}

/**
 * Voucher states that keep the voucher blocked and that a later answer may still replace. Every
 * query on them repeats this exact list (`OPEN_SQL`, the same text): it is the condition of the
 * partial indexes `journal_vouchers_unresolved` and `journal_one_open_redemption`, which SQLite
 * only uses when the query implies it. History reads them from the state index: they are few.
 */
export const OPEN_STATES: readonly OpenVoucherRowState[] = ['pending', 'not_sent', 'unknown', 'needs_check']
const OPEN_SQL = `(${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`

const ENTRY_COLUMNS =
  'id, request_id, batch_id, action, request_json, profile_id, customer_id, state, attempts, maybe_delivered, created_at'

export class JournalRepository {
  readonly #db: Database
  readonly #now: () => Date
  readonly #statements = new Map<string, StatementSync>()
  #depth = 0
  /** The time of the transaction under way: every row it writes carries the same. */
  #at: number | undefined

  constructor(db: Database, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  /**
   * Runs `work` in one transaction: all of its writes are stored, or none, and all carry the
   * same time (`now()`). Inside another `transaction` of this repository it is part of that one.
   */
  transaction<T>(work: () => T): T {
    if (this.#depth > 0) return work()
    this.#depth++
    this.#at = this.#now().getTime()
    try {
      return transaction(this.#db, work)
    } finally {
      this.#depth--
      this.#at = undefined
    }
  }

  /** As `transaction`, committed without waiting for the disk: for writes the next start can redo (`relaxed` in db.ts). */
  relaxedTransaction<T>(work: () => T): T {
    return relaxed(this.#db, () => this.transaction(work))
  }

  /** Epoch ms: the transaction's time inside one, the clock's outside. */
  now(): number {
    return this.#at ?? this.#now().getTime()
  }

  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  /**
   * A redemption call's entry with one `pending` row per voucher, in one transaction. A voucher
   * that was itself reissued by a reversal recorded here gets `reissued_from`, so history shows
   * the chain.
   */
  insertRedemption(request: VoucherStatusChangeOpenReq, profileId: string, batchId: string | null): EntryRecord {
    if (request.voucher_status_action !== 'NORMAL_ISUSED') throw new Error('insertRedemption needs NORMAL_ISUSED')
    return this.transaction(() => {
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
   * A reversal call's entry and its one `pending` row, linked both ways with the redemption row
   * it undoes, in one transaction. The schema refuses a second live reversal of the same row and
   * a reversal of anything but a redeemed voucher of the same profile.
   */
  insertReversal(request: VoucherStatusChangeOpenReq, profileId: string, reversesRowId: number): EntryRecord {
    if (request.voucher_status_action !== 'ISUSED_NORMAL' || request.voucher_id_list.length !== 1) {
      throw new Error('insertReversal needs ISUSED_NORMAL of exactly one voucher')
    }
    return this.transaction(() => {
      const entry = this.#insertEntry(request, profileId, null)
      const reversalRowId = this.#insertVoucherRow(entry, 0, request.voucher_id_list[0]!, null, {
        reissuedFrom: null,
        reversesRowId,
      })
      this.#sql('UPDATE journal_vouchers SET reversal_row_id = ?, updated_at = ? WHERE id = ?').run(
        reversalRowId,
        this.now(),
        reversesRowId,
      )
      return entry
    })
  }

  #insertEntry(request: VoucherStatusChangeOpenReq, profileId: string, batchId: string | null): EntryRecord {
    const now = this.now()
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
   * Another attempt is about to go out: the entry and its open rows are `pending` again, with
   * the attempt counted, in one transaction. An open row's earlier answer is cleared with it.
   */
  markAttempt(entryId: number): void {
    this.transaction(() => {
      const now = this.now()
      this.#sql(`UPDATE journal_entries SET state = 'pending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(now, entryId)
      this.#sql(
        `UPDATE journal_vouchers SET state = 'pending', message_key = NULL, message_params = NULL, failure_kind = NULL,
           result_code = NULL, result_text = NULL, updated_at = ?
         WHERE entry_id = ? AND state IN ${OPEN_SQL}`,
      ).run(now, entryId)
    })
  }

  /** Writes the outcome columns of an entry's row at `position` if that row is still open; false if it was not. */
  writeOpenOutcome(entryId: number, position: number, c: OutcomeColumns): boolean {
    const { changes } = this.#sql(
      `UPDATE journal_vouchers SET state = ?, result_code = ?, result_text = ?, failure_kind = ?, message_key = ?,
         message_params = ?, top_json = ?, reissued_voucher_id = ?, checked_by = ?, checked_by_name = ?, checked_at = ?,
         updated_at = ?
       WHERE entry_id = ? AND position = ? AND state IN ${OPEN_SQL}`,
    ).run(
      c.state,
      c.result_code,
      c.result_text,
      c.failure_kind,
      c.message_key,
      c.message_params,
      c.top_json,
      c.reissued_voucher_id,
      c.checked_by,
      c.checked_by_name,
      c.checked_at,
      this.now(),
      entryId,
      position,
    )
    return Number(changes) === 1
  }

  /** The entry's state; `maybeDelivered` only ever turns on, and a gateway request id once known stays. */
  writeEntryState(entryId: number, state: EntryState, maybeDelivered: boolean, gatewayRequestId?: string): void {
    this.#sql(
      `UPDATE journal_entries SET state = ?, gateway_request_id = COALESCE(?, gateway_request_id), updated_at = ?,
         maybe_delivered = MAX(maybe_delivered, ?)
       WHERE id = ?`,
    ).run(state, gatewayRequestId ?? null, this.now(), maybeDelivered ? 1 : 0, entryId)
  }

  /**
   * Every `pending` entry becomes `unknown` (possibly delivered), and every `pending` voucher row
   * `unknown` with the given reason, in one transaction. Returns those entries as they were.
   */
  markPendingUnknown(reason: { message_key: string; message_params: string }): EntryRecord[] {
    return this.transaction(() => {
      const pending = this.entriesIn(['pending'])
      const now = this.now()
      this.#sql(
        `UPDATE journal_entries SET state = 'unknown', maybe_delivered = 1, updated_at = ?
         WHERE state <> 'settled' AND state = 'pending'`,
      ).run(now)
      this.#sql(
        `UPDATE journal_vouchers SET state = 'unknown', message_key = ?, message_params = ?, updated_at = ?
         WHERE state IN ${OPEN_SQL} AND state = 'pending'`,
      ).run(reason.message_key, reason.message_params, now)
      return pending
    })
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  entry(entryId: number): EntryRecord | undefined {
    const row = this.#sql(`SELECT ${ENTRY_COLUMNS} FROM journal_entries WHERE id = ?`).get(entryId) as EntryRow | undefined
    return row && toEntry(row)
  }

  entryHead(entryId: number): EntryHeadRow | undefined {
    return this.#sql('SELECT id, request_id, action, customer_id FROM journal_entries WHERE id = ?').get(entryId) as
      EntryHeadRow | undefined
  }

  /** Entries in the given states, oldest first. */
  entriesIn(states: readonly EntryState[]): EntryRecord[] {
    if (states.length === 0) return []
    // Repeating the partial index's condition lets SQLite use journal_entries_unresolved instead of
    // scanning every call ever made (~0.2 s at 600,000 calls).
    const unresolvedOnly = !states.includes('settled')
    const rows = this.#sql(
      `SELECT ${ENTRY_COLUMNS}
       FROM journal_entries WHERE ${unresolvedOnly ? "state <> 'settled' AND " : ''}state IN (${states.map(() => '?').join(', ')})
       ORDER BY id`,
    ).all(...states) as unknown as EntryRow[]
    return rows.map(toEntry)
  }

  /** How many entries are not `settled`, per profile. */
  unresolvedByProfile(): Map<string, number> {
    const rows = this.#sql(
      `SELECT profile_id, COUNT(*) AS n FROM journal_entries WHERE state <> 'settled' GROUP BY profile_id`,
    ).all() as Array<{ profile_id: string; n: number }>
    return new Map(rows.map((r) => [r.profile_id, Number(r.n)]))
  }

  /** An entry's voucher rows, in request order. */
  voucherRows(entryId: number): VoucherRow[] {
    return this.#sql(
      `SELECT id, entry_id, position, action, voucher_id, profile_id, points, ${OUTCOME_COLUMNS}
       FROM journal_vouchers WHERE entry_id = ? ORDER BY position`,
    ).all(entryId) as unknown as VoucherRow[]
  }

  voucherRow(rowId: number): VoucherRow | undefined {
    return this.#sql(
      `SELECT id, entry_id, position, action, voucher_id, profile_id, points, ${OUTCOME_COLUMNS}
       FROM journal_vouchers WHERE id = ?`,
    ).get(rowId) as VoucherRow | undefined
  }

  /** A voucher row with its latest reversal's state, and the request of its call. */
  reversalTarget(rowId: number): ReversalTargetRow | undefined {
    const row = this.#sql(
      `SELECT v.id, v.voucher_id, v.action, v.state, v.profile_id, v.customer_id,
              e.request_json, r.state AS reversal_state, r.entry_id AS reversal_entry_id
       FROM journal_vouchers v
       JOIN journal_entries e ON e.id = v.entry_id
       LEFT JOIN journal_vouchers r ON r.id = v.reversal_row_id
       WHERE v.id = ?`,
    ).get(rowId) as (Omit<ReversalTargetRow, 'redemption'> & { request_json: string }) | undefined
    if (!row) return undefined
    const { request_json, ...rest } = row
    return { ...rest, redemption: JSON.parse(request_json) as VoucherStatusChangeOpenReq }
  }

  /** Reissued voucher ids this journal already knows for a customer. */
  knownReissuedIds(profileId: string, customerId: string): Set<string> {
    const rows = this.#sql(
      `SELECT reissued_voucher_id AS id FROM journal_vouchers
       WHERE profile_id = ? AND customer_id = ? AND reissued_voucher_id IS NOT NULL`,
    ).all(profileId, customerId) as { id: string }[]
    return new Set(rows.map((r) => r.id))
  }

  /** Whether any voucher row of this entry carries a manager's verdict. */
  hasManualVerdict(entryId: number): boolean {
    return this.#sql('SELECT 1 FROM journal_vouchers WHERE entry_id = ? AND checked_at IS NOT NULL LIMIT 1').get(entryId) !== undefined
  }

  /** Vouchers among `voucherIds` with an open redemption row in this profile: its call and state. */
  openRedemptions(profileId: string, voucherIds: readonly string[]): Map<string, OpenRedemptionRow> {
    const open = new Map<string, OpenRedemptionRow>()
    const find = this.#sql(
      `SELECT entry_id, state FROM journal_vouchers INDEXED BY journal_one_open_redemption
       WHERE profile_id = ? AND voucher_id = ? AND action = 'NORMAL_ISUSED' AND state IN ${OPEN_SQL}`,
    )
    for (const voucherId of voucherIds) {
      const row = find.get(profileId, voucherId) as { entry_id: number; state: OpenVoucherRowState } | undefined
      if (row) open.set(voucherId, { entryId: row.entry_id, state: row.state })
    }
    return open
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
