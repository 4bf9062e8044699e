import type { SQLInputValue } from 'node:sqlite'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { Database } from './db'
import { OPEN_STATES, OUTCOME_COLUMNS, type OutcomeColumns, type VoucherRowState } from './journal'

/**
 * The read side of the journal: filtered history rows, newest first, one keyset page at a time.
 * The rows come out as stored; `services/redemption/history.ts` reads them for the screen.
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

/** Which rows: every field narrows; times are epoch ms, `from` inclusive, `to` exclusive. */
export interface HistoryFilter {
  from?: number | undefined
  to?: number | undefined
  /** The voucher acted on, the id a reversal reissued, or the voucher a redemption's was reissued from. */
  voucherId?: string | undefined
  customerId?: string | undefined
  operatorId?: string | undefined
  shopId?: string | undefined
  status?: VoucherRowState | undefined
  action?: VoucherStatusActionCode | undefined
}

/** Keyset position: the last row of the previous page. */
export interface HistoryCursor {
  createdAt: number
  rowId: number
}

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

/**
 * Usually `INDEX_BY_FILTER`. An open status (pending, not sent, unknown, needs check) goes first:
 * such rows are the calls still waiting to be resolved, a handful in a journal of millions, while
 * the busiest operator's or shop's range is a fifth of it and would be walked to its end when no
 * row matches (13.9 ms p95 at 10M rows for operator + unknown, against 1 ms from the state index).
 */
function indexOrder(filter: HistoryFilter): readonly (typeof INDEX_BY_FILTER)[number][] {
  const status = filter.status
  if (status === undefined || !(OPEN_STATES as readonly VoucherRowState[]).includes(status)) return INDEX_BY_FILTER
  return [...INDEX_BY_FILTER.filter(([name]) => name === 'status'), ...INDEX_BY_FILTER.filter(([name]) => name !== 'status')]
}

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
  for (const [name, index, column] of indexOrder(filter)) {
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

/** The reversal's outcome columns ride along under this prefix. */
export const REVERSAL_PREFIX = 'r_'

const prefixed = (alias: string, prefix: string) =>
  OUTCOME_COLUMNS.split(', ')
    .map((c) => `${alias}.${c} AS ${prefix}${c}`)
    .join(', ')

/** One history row as stored, with its call's request id, operator name and source, and its latest reversal's outcome columns (`r_…`). */
export interface HistorySqlRow extends OutcomeColumns {
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
      ${prefixed('r', REVERSAL_PREFIX)},
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

/** One row of this profile's history. */
export function historyRecord(db: Database, profileId: string, rowId: number): HistorySqlRow | undefined {
  const sql = selectSql({ from: 'journal_vouchers v', where: ['v.profile_id = ?', 'v.id = ?'] })
  return db.prepare(sql).get(profileId, rowId, 1) as HistorySqlRow | undefined
}

/** Up to `limit` matching rows after the cursor, newest first. */
export function historyRecords(db: Database, query: HistoryQuery): HistorySqlRow[] {
  const built = build(query.profileId, query.filter, query.after)
  return db.prepare(selectSql(built)).all(...built.params, query.limit) as unknown as HistorySqlRow[]
}
