import {
  isCheckable,
  type HistoryCursor,
  type HistoryFilter,
  type HistoryPage,
  type HistoryRow,
  type VoucherOutcome,
} from '@contract/ipc/channels/redemption'
import type { Database } from '@main/store/db'
import { OUTCOME_COLUMNS, type OutcomeColumns } from '@main/store/journal'
import { REVERSAL_PREFIX, historyRecord, historyRecords, type HistorySqlRow } from '@main/store/journal-history'
import { decodeOutcome } from './journal-codec'

/**
 * History as the screen shows it: the journal's rows (`store/journal-history.ts`) with their
 * outcomes read and what the cashier may do with each row.
 *
 * Pages continue from the last row seen rather than an OFFSET, so page 2,000 costs what page 1
 * costs and rows written meanwhile never shift a page. There is no total count: a COUNT over a
 * million rows is the one query that cannot be fast, and the UI only needs to know whether more
 * rows follow (`next`).
 */

export interface HistoryQuery {
  profileId: string
  filter: HistoryFilter
  after?: HistoryCursor | undefined
  limit: number
}

function reversalOf(row: HistorySqlRow): HistoryRow['reversal'] {
  if (row.reversal_row_id === null) return null
  const columns = Object.fromEntries(
    OUTCOME_COLUMNS.split(', ').map((c) => [c, row[`${REVERSAL_PREFIX}${c}`] ?? null]),
  ) as unknown as OutcomeColumns
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
  const row = historyRecord(db, profileId, rowId)
  return row && toHistoryRow(row)
}

export function queryHistory(db: Database, query: HistoryQuery): HistoryPage {
  // One row more than asked: its presence is the "has more" flag, at no extra query.
  const rows = historyRecords(db, { ...query, limit: query.limit + 1 })
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
