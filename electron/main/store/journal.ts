import type { StatementSync } from 'node:sqlite'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import {
  isCheckable,
  manualCheckOf,
  type BatchProgress,
  type BatchStatus,
  type BlockedVoucher,
  type EntryResult,
  type ManualCheck,
  type Message,
  type ResolveVerdict,
  type ServerResult,
  type VoucherOutcome,
  type VoucherResult,
} from '@contract/ipc/channels/redemption'
import { transaction, type Database } from './db'
import { OUTCOME_COLUMNS, decodeOutcome, decodeResult, encodeOutcome, type OutcomeColumns } from './journal-codec'

export { journalMigrations } from './journal-schema'

/**
 * The write side of the redemption journal (see `journal-schema.ts`). Every method is synchronous:
 * a check and the insert that depends on it run without an `await` between them, so no other
 * work of this process can slip in; the schema's unique indexes and trigger hold the line for
 * anything else.
 */

/**
 *   pending      a call may be in flight
 *   unknown      some voucher's fate is unknown: retried at start-up and on demand
 *   not_sent     some voucher certainly never reached the server: retried on demand
 *   needs_check  nothing a retry can settle is left, but some voucher waits for a manager's check
 *   settled      every voucher has its answer
 */
export type EntryState = 'pending' | 'settled' | 'not_sent' | 'unknown' | 'needs_check'

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

/** What a manager read in the merchant backend about a voucher the server could not settle. */
export type ManualVerdict =
  | { verdict: Extract<ResolveVerdict, 'applied'>; reissuedVoucherId?: string | undefined }
  | { verdict: Extract<ResolveVerdict, 'not_applied'> }

/** Why a verdict was not recorded; each is a `redemption.resolve.*` message key. */
export type ResolveRefusal =
  'notFound' | 'otherProfile' | 'notCheckable' | 'inFlight' | 'reissuedRequired' | 'reissuedNotForRedemption' | 'reissuedSameAsOriginal'

export type ResolveByHand = { kind: 'resolved'; entryId: number } | { kind: 'refused'; reason: ResolveRefusal; voucherId: string | null }

/** An unresolved voucher of a new batch's plan: the entry to retry or check instead. */
export interface OpenRedemption {
  entryId: number
  /** `needs_check`: a manager has to look it up; otherwise a retry can settle it. */
  needsCheck: boolean
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

interface VoucherRow extends OutcomeColumns {
  id: number
  entry_id: number
  voucher_id: string
  points: string | null
}

/**
 * Voucher states that keep the voucher blocked and that a later answer may still replace. Every
 * query on them repeats this exact list: it is the condition of the partial indexes
 * `journal_vouchers_unresolved` and `journal_one_open_redemption`, which SQLite only uses when
 * the query implies it.
 */
const OPEN_SQL = "('pending', 'not_sent', 'unknown', 'needs_check')"

/**
 * Whether anything in these outcomes still needs a retry, which kind, or a manager's check. Once
 * a manager has settled one voucher of a call by hand, the call is never resent: its request
 * still holds that voucher, and a server that does not deduplicate would apply it now, after the
 * manager found it "not applied". Its other open vouchers are then settled by hand too.
 */
export function entryStateOf(outcomes: readonly VoucherOutcome[]): EntryState {
  const open = outcomes.filter((o) => o.state !== 'redeemed' && o.state !== 'reversed' && o.state !== 'failed')
  if (open.length === 0) return 'settled'
  if (outcomes.some((o) => manualCheckOf(o) !== undefined)) return 'needs_check'
  if (open.some((o) => o.state === 'unknown' || o.state === 'pending')) return 'unknown'
  if (open.some((o) => o.state === 'not_sent')) return 'not_sent'
  return 'needs_check'
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
  beginReversal(rowId: number, profileId: string, build: (target: ReversalTarget) => VoucherStatusChangeOpenReq): BeginReversal {
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
      if (row.state === 'needs_check') return refuse('needsCheck')
      if (row.state !== 'redeemed') return refuse('notRedeemed')
      switch (row.reversal_state) {
        case 'reversed':
          return refuse('alreadyReversed')
        case 'pending':
        case 'unknown':
          return refuse('inFlight')
        case 'needs_check':
          return refuse('needsCheck')
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
      this.#sql('UPDATE journal_vouchers SET reversal_row_id = ?, updated_at = ? WHERE id = ?').run(reversalRowId, this.#ms(), row.id)
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
   * Before a retry is sent: the entry and its open rows are `pending` again, durably, so a crash
   * during the retry is seen as "may have been applied" at the next start. A needs-check row's
   * refusal is dropped with the rest: the retry's answer replaces it.
   */
  markAttempt(entryId: number): void {
    transaction(this.#db, () => {
      const now = this.#ms()
      this.#sql(`UPDATE journal_entries SET state = 'pending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(now, entryId)
      this.#sql(
        `UPDATE journal_vouchers SET state = 'pending', message_key = NULL, message_params = NULL, failure_kind = NULL,
           result_code = NULL, result_text = NULL, updated_at = ?
         WHERE entry_id = ? AND state IN ${OPEN_SQL}`,
      ).run(now, entryId)
    })
  }

  /**
   * The reply (or the failure) of a call, per voucher by position, in one transaction. Rows that
   * already have a final answer keep it (a replayed reply can only confirm it, and a manager's
   * verdict is final too).
   */
  settle(entryId: number, outcomes: readonly VoucherOutcome[], gatewayRequestId?: string): void {
    transaction(this.#db, () => {
      const now = this.#ms()
      outcomes.forEach((outcome, position) => {
        this.#writeOutcome(entryId, position, outcome, now)
      })
      this.#updateEntryState(entryId, now, gatewayRequestId)
    })
  }

  /**
   * Outcomes for some of an entry's vouchers, by position, in one transaction (what a lookup of
   * the platform's voucher states decided); the others keep theirs. Final rows are never changed.
   */
  settleSome(entryId: number, outcomes: ReadonlyMap<number, VoucherOutcome>): void {
    if (outcomes.size === 0) return
    transaction(this.#db, () => {
      const now = this.#ms()
      for (const [position, outcome] of outcomes) this.#writeOutcome(entryId, position, outcome, now)
      this.#updateEntryState(entryId, now)
    })
  }

  /** Reissued voucher ids this journal already knows for a customer (they cannot be another reversal's). */
  knownReissuedIds(profileId: string, customerId: string): Set<string> {
    const rows = this.#sql(
      `SELECT reissued_voucher_id AS id FROM journal_vouchers
       WHERE profile_id = ? AND customer_id = ? AND reissued_voucher_id IS NOT NULL`,
    ).all(profileId, customerId) as { id: string }[]
    return new Set(rows.map((r) => r.id))
  }

  #writeOutcome(entryId: number, position: number, outcome: VoucherOutcome, now: number): boolean {
    const c = encodeOutcome(outcome)
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
      now,
      entryId,
      position,
    )
    return Number(changes) === 1
  }

  /** The entry's state from its rows. Unknown and needs-check both mean some attempt may have landed. */
  #updateEntryState(entryId: number, now: number, gatewayRequestId?: string): void {
    const current = this.entryResult(entryId)?.vouchers.map((v) => v.outcome) ?? []
    const state = entryStateOf(current)
    const delivered = current.some((o) => o.state === 'unknown' || o.state === 'needs_check') ? 1 : 0
    this.#sql(
      `UPDATE journal_entries SET state = ?, gateway_request_id = COALESCE(?, gateway_request_id), updated_at = ?,
         maybe_delivered = MAX(maybe_delivered, ?)
       WHERE id = ?`,
    ).run(state, gatewayRequestId ?? null, now, delivered, entryId)
  }

  /**
   * A manager's verdict on one `unknown` or `needs_check` voucher row, after looking it up in the
   * merchant backend, in one transaction: the row becomes redeemed / reversed ("applied", a
   * reversal with the reissued id the backend shows) or failed ("not applied", which frees the
   * voucher), with who and when; the call's state follows. `isInFlight` says whether this process
   * is sending the row's call right now: its answer is on the way, so no verdict yet.
   */
  resolveByHand(
    rowId: number,
    profileId: string,
    verdict: ManualVerdict,
    operator: { operatorId: string; operatorName: string | null },
    isInFlight: (entryId: number) => boolean,
  ): ResolveByHand {
    return transaction(this.#db, (): ResolveByHand => {
      const row = this.#sql(
        `SELECT id, entry_id, position, action, voucher_id, profile_id, points, ${OUTCOME_COLUMNS}
         FROM journal_vouchers WHERE id = ?`,
      ).get(rowId) as (VoucherRow & { position: number; action: VoucherStatusActionCode; profile_id: string }) | undefined
      const refuse = (reason: ResolveRefusal): ResolveByHand => ({ kind: 'refused', reason, voucherId: row?.voucher_id ?? null })
      if (!row) return refuse('notFound')
      if (row.profile_id !== profileId) return refuse('otherProfile')
      if (!isCheckable(row.state)) return refuse('notCheckable')
      if (isInFlight(row.entry_id)) return refuse('inFlight')

      const now = this.#ms()
      const check: ManualCheck = { ...operator, at: now }
      // What the server last said: the refusal of a needs-check row; nothing for an unknown one.
      const result: ServerResult = row.state === 'needs_check' ? decodeResult(row) : { code: null, text: null }
      let outcome: VoucherOutcome
      if (verdict.verdict === 'not_applied') {
        outcome = { state: 'failed', failure: { kind: 'manual', check, result } }
      } else if (row.action === 'NORMAL_ISUSED') {
        if (verdict.reissuedVoucherId !== undefined) return refuse('reissuedNotForRedemption')
        outcome = { state: 'redeemed', result, check }
      } else {
        const reissued = verdict.reissuedVoucherId
        if (reissued === undefined) return refuse('reissuedRequired')
        if (reissued === row.voucher_id) return refuse('reissuedSameAsOriginal')
        outcome = { state: 'reversed', reissuedVoucherId: reissued, result, check }
      }
      if (!this.#writeOutcome(row.entry_id, row.position, outcome, now)) return refuse('notCheckable')
      this.#updateEntryState(row.entry_id, now)
      return { kind: 'resolved', entryId: row.entry_id }
    })
  }

  /** Whether a manager has settled any voucher of this call by hand (it is then never resent). */
  hasManualVerdict(entryId: number): boolean {
    return this.#sql('SELECT 1 FROM journal_vouchers WHERE entry_id = ? AND checked_at IS NOT NULL LIMIT 1').get(entryId) !== undefined
  }

  entry(entryId: number): EntryRecord | undefined {
    const row = this.#sql(
      `SELECT id, request_id, batch_id, action, request_json, profile_id, customer_id, state, attempts, maybe_delivered, created_at
       FROM journal_entries WHERE id = ?`,
    ).get(entryId) as EntryRow | undefined
    return row && toEntry(row)
  }

  /** Entries in the given states, oldest first. */
  /** Calls still without a final answer (pending, not sent, unknown, waiting for a check), per profile. */
  unresolvedByProfile(): Map<string, number> {
    const rows = this.#sql(
      `SELECT profile_id, COUNT(*) AS n FROM journal_entries WHERE state <> 'settled' GROUP BY profile_id`,
    ).all() as Array<{ profile_id: string; n: number }>
    return new Map(rows.map((r) => [r.profile_id, Number(r.n)]))
  }

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
         WHERE state IN ${OPEN_SQL} AND state = 'pending'`,
      ).run(now)
      return interrupted
    })
  }

  /** Vouchers among `voucherIds` whose redemption is unresolved, with the entry to retry or check instead. */
  openRedemptions(profileId: string, voucherIds: readonly string[]): Map<string, OpenRedemption> {
    const open = new Map<string, OpenRedemption>()
    const find = this.#sql(
      `SELECT entry_id, state FROM journal_vouchers INDEXED BY journal_one_open_redemption
       WHERE profile_id = ? AND voucher_id = ? AND action = 'NORMAL_ISUSED' AND state IN ${OPEN_SQL}`,
    )
    for (const voucherId of voucherIds) {
      const row = find.get(profileId, voucherId) as { entry_id: number; state: string } | undefined
      if (row) open.set(voucherId, { entryId: row.entry_id, needsCheck: row.state === 'needs_check' })
    }
    return open
  }

  entryResult(entryId: number): EntryResult | undefined {
    const entry = this.#sql('SELECT id, request_id, action, customer_id FROM journal_entries WHERE id = ?').get(entryId) as
      { id: number; request_id: string; action: VoucherStatusActionCode; customer_id: string } | undefined
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
    const row = this.#sql('SELECT blocked_json FROM journal_batches WHERE id = ?').get(batchId) as { blocked_json: string } | undefined
    const all = [...(row ? (JSON.parse(row.blocked_json) as BlockedVoucher[]) : []), ...blocked]
    this.#sql('UPDATE journal_batches SET blocked_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(all), this.#ms(), batchId)
  }

  callDone(batchId: string): void {
    this.#sql('UPDATE journal_batches SET calls_done = calls_done + 1, updated_at = ? WHERE id = ?').run(this.#ms(), batchId)
  }

  finishBatch(batchId: string, status: Exclude<BatchStatus, 'running'>): void {
    this.#sql(`UPDATE journal_batches SET status = ?, updated_at = ? WHERE id = ? AND status = 'running'`).run(status, this.#ms(), batchId)
  }

  /** At start-up: batches the last run did not finish. Their unsent vouchers stay unsent. */
  interruptRunningBatches(): string[] {
    return transaction(this.#db, () => {
      const ids = (
        this.#sql(`SELECT id FROM journal_batches WHERE status = 'running' ORDER BY created_at`).all() as {
          id: string
        }[]
      ).map((r) => r.id)
      this.#sql(`UPDATE journal_batches SET status = 'interrupted', updated_at = ? WHERE status = 'running'`).run(this.#ms())
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
