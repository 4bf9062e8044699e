import type { SQLInputValue } from 'node:sqlite'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import {
  isCheckable,
  type HistoryCursor,
  type HistoryFilter,
  type HistoryPage,
  type HistoryRow,
  type VoucherOutcome,
} from '@contract/ipc/channels/redemption'
import type { Database } from './db'
import { OUTCOME_COLUMNS, decodeOutcome, type OutcomeColumns } from './journal-codec'

/**
 * The read side of the journal: filtered history, newest first, in keyset pages.
 *
 * Pages continue from the last row seen (`(created_at, id) < (?, ?)`) rather than an OFFSET, so
 * page 2,000 costs what page 1 costs and rows written meanwhile never shift a page. There is no
 * total count: a COUNT over a million rows is the one query that cannot be fast, and the UI only
 * needs to know whether more rows follow (`next`).
 *
 * Each query names its index (`INDEXED BY`), most selective filter first, instead of trusting the
 * planner: without ANALYZE statistics it would sometimes start from `state` when `customer_id`
 * narrows to a handful of rows. Every index ends in `created_at` (plus the implicit rowid), so
 * the scan already runs in display order and stops after one page.
 */

export interface HistoryQuery {
  profileId: string
  filter: HistoryFilter
  after?: HistoryCursor | undefined
  limit: number
}

type IndexedFilter = 'customerId' | 'operatorId' | 'shopId' | 'status' | 'action'

/** Most selective first. */
const INDEX_BY_FILTER: readonly [IndexedFilter, string, string][] = [
  ['customerId', 'journal_hist_customer', 'customer_id'],
  ['operatorId', 'journal_hist_operator', 'operator_id'],
  ['shopId', 'journal_hist_shop', 'shop_id'],
  ['status', 'journal_hist_state', 'state'],
  ['action', 'journal_hist_action', 'action'],
]

interface Built {
  from: string
  where: string[]
  params: SQLInputValue[]
}

function build(profileId: string, filter: HistoryFilter, after: HistoryCursor | undefined): Built {
  const where = ['v.profile_id = ?']
  const params: SQLInputValue[] = [profileId]
  let from = 'journal_vouchers v INDEXED BY journal_hist_time'

  if (filter.voucherId !== undefined) {
    // A voucher's whole chain: rows that acted on it, the reversal that reissued it, and the
    // redemption of the voucher reissued in its place. Three index lookups; the few rows found
    // are sorted, which is cheap. NOT INDEXED keeps the planner from walking the time index in
    // display order and testing every row against the list (rowid lookups stay allowed).
    from = 'journal_vouchers v NOT INDEXED'
    where.push(`v.id IN (
      SELECT id FROM journal_vouchers INDEXED BY journal_hist_voucher WHERE profile_id = ? AND voucher_id = ?
      UNION SELECT id FROM journal_vouchers INDEXED BY journal_hist_reissued WHERE profile_id = ? AND reissued_voucher_id = ?
      UNION SELECT id FROM journal_vouchers INDEXED BY journal_hist_reissued_from WHERE profile_id = ? AND reissued_from = ?)`)
    params.push(profileId, filter.voucherId, profileId, filter.voucherId, profileId, filter.voucherId)
  }
  let indexed = filter.voucherId !== undefined
  for (const [name, index, column] of INDEX_BY_FILTER) {
    const value = filter[name]
    if (value === undefined) continue
    if (!indexed) from = `journal_vouchers v INDEXED BY ${index}`
    indexed = true
    where.push(`v.${column} = ?`)
    params.push(value)
  }
  if (filter.status === 'redeemed') {
    // "已核销" lists what is still redeemed. A redemption later reversed keeps its own state (it
    // was redeemed, and the row says so: 已核销 → 已反核销); it is found under "已反核销" (its
    // reversal row) and by voucher id. One rowid lookup, only for rows that have a reversal.
    where.push(`(v.reversal_row_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM journal_vouchers x WHERE x.id = v.reversal_row_id AND x.state = 'reversed'))`)
  }
  if (filter.from !== undefined) {
    where.push('v.created_at >= ?')
    params.push(filter.from)
  }
  // With a cursor inside the range the cursor is the tighter upper bound. Leaving `to` in would let
  // SQLite seek from `to` and walk down to the cursor, so every deeper page would cost more.
  if (filter.to !== undefined && !(after && after.createdAt < filter.to)) {
    where.push('v.created_at < ?')
    params.push(filter.to)
  }
  if (after) {
    where.push('(v.created_at, v.id) < (?, ?)')
    params.push(after.createdAt, after.rowId)
  }
  return { from, where, params }
}

const prefixed = (alias: string, prefix: string) =>
  OUTCOME_COLUMNS.split(', ')
    .map((c) => `${alias}.${c} AS ${prefix}${c}`)
    .join(', ')

interface HistorySqlRow extends OutcomeColumns {
  id: number
  entry_id: number
  action: VoucherStatusActionCode
  voucher_id: string
  points: string | null
  customer_id: string
  shop_id: string | null
  operator_id: string
  created_at: number
  updated_at: number
  reissued_from: string | null
  reverses_row_id: number | null
  reversal_row_id: number | null
  request_id: string
  operator_name: string | null
  source: string
  reverses_voucher_id: string | null
  [key: `r_${string}`]: string | number | null
}

function selectSql(built: Pick<Built, 'from' | 'where'>): string {
  return `SELECT v.id, v.entry_id, v.action, v.voucher_id, v.points, v.customer_id, v.shop_id, v.operator_id,
      v.created_at, v.updated_at, v.reissued_from, v.reverses_row_id, v.reversal_row_id,
      ${prefixed('v', '')},
      e.request_id, e.operator_name, e.source,
      ${prefixed('r', 'r_')},
      o.voucher_id AS reverses_voucher_id
    FROM ${built.from}
    JOIN journal_entries e ON e.id = v.entry_id
    LEFT JOIN journal_vouchers r ON r.id = v.reversal_row_id
    LEFT JOIN journal_vouchers o ON o.id = v.reverses_row_id
    WHERE ${built.where.join(' AND ')}
    ORDER BY v.created_at DESC, v.id DESC
    LIMIT ?`
}

/** The plan SQLite picks for a filter; tests assert it never sorts a large range. */
export function explainHistory(db: Database, profileId: string, filter: HistoryFilter, after?: HistoryCursor): string[] {
  const built = build(profileId, filter, after)
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${selectSql(built)}`).all(...built.params, 1) as { detail: string }[]
  return rows.map((r) => r.detail)
}

function reversalOf(row: HistorySqlRow): HistoryRow['reversal'] {
  if (row.reversal_row_id === null) return null
  const columns = Object.fromEntries(OUTCOME_COLUMNS.split(', ').map((c) => [c, row[`r_${c}`] ?? null])) as unknown as OutcomeColumns
  return { rowId: row.reversal_row_id, outcome: decodeOutcome(columns) }
}

/**
 * Redeemed, and no reversal done or possibly under way (a never-sent one is retried instead; one
 * waiting for a manager's check may have reissued the voucher).
 */
function canReverse(outcome: VoucherOutcome, reversal: HistoryRow['reversal']): boolean {
  if (outcome.state !== 'redeemed') return false
  return reversal === null || reversal.outcome.state === 'failed' || reversal.outcome.state === 'not_sent'
}

function toHistoryRow(row: HistorySqlRow): HistoryRow {
  const outcome = decodeOutcome(row)
  const reversal = reversalOf(row)
  return {
    rowId: row.id,
    entryId: row.entry_id,
    requestId: row.request_id,
    action: row.action,
    voucherId: row.voucher_id,
    points: row.points,
    customerId: row.customer_id,
    shopId: row.shop_id,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    outcome,
    reversal,
    reverses: row.reverses_row_id === null ? null : { rowId: row.reverses_row_id, voucherId: row.reverses_voucher_id ?? '' },
    reissuedFrom: row.reissued_from,
    canReverse: canReverse(outcome, reversal),
    canResolve: isCheckable(outcome.state),
  }
}

/** One row of this profile's history, as the table shows it (after a change to it). */
export function historyRow(db: Database, profileId: string, rowId: number): HistoryRow | undefined {
  const sql = selectSql({ from: 'journal_vouchers v', where: ['v.profile_id = ?', 'v.id = ?'] })
  const row = db.prepare(sql).get(profileId, rowId, 1) as HistorySqlRow | undefined
  return row && toHistoryRow(row)
}

export function queryHistory(db: Database, query: HistoryQuery): HistoryPage {
  const built = build(query.profileId, query.filter, query.after)
  // One row more than asked: its presence is the "has more" flag, at no extra query.
  const rows = db.prepare(selectSql(built)).all(...built.params, query.limit + 1) as unknown as HistorySqlRow[]
  const page = rows.slice(0, query.limit).map(toHistoryRow)
  const last = page.at(-1)
  return { rows: page, next: rows.length > query.limit && last ? { createdAt: last.createdAt, rowId: last.rowId } : null }
}

/** Every matching row, newest first, page by page, up to `cap` rows; `truncated` says whether more matched. */
export function collectHistory(
  db: Database,
  profileId: string,
  filter: HistoryFilter,
  cap: number,
  pageSize = 1000,
): { rows: HistoryRow[]; truncated: boolean } {
  const rows: HistoryRow[] = []
  let after: HistoryCursor | undefined
  for (;;) {
    const page = queryHistory(db, { profileId, filter, after, limit: Math.min(pageSize, cap + 1 - rows.length) })
    rows.push(...page.rows)
    if (rows.length > cap) return { rows: rows.slice(0, cap), truncated: true }
    if (!page.next) return { rows, truncated: false }
    after = page.next
  }
}
