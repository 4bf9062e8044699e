import type { Database } from './db'

/**
 * The day's (or a shift's) figures straight from the journal, in one grouped SQL pass: counts by
 * operator, hour and History status, with the points entered. The buckets are exactly History's
 * status filter (`journal-history.ts`), so each total matches the rows History lists for that
 * status and range: a redemption later reversed is counted as `redeemedReversed` (History lists it
 * by voucher, and its reversal under 已反核销), not as still redeemed.
 */

/** Which History status a row counts under (a redemption later reversed has its own). */
export type ReportBucket = 'redeemed' | 'redeemedReversed' | 'reversed' | 'failed' | 'needsCheck' | 'open'

export interface ReportCell {
  operatorId: string
  operatorName: string | null
  /** Epoch ms of the hour's start (Beijing hours start on UTC hours: the offset is whole hours). */
  hour: number
  bucket: ReportBucket
  count: number
  points: number
}

export function reportCells(db: Database, profileId: string, from: number, to: number): ReportCell[] {
  const rows = db
    .prepare(
      `SELECT v.operator_id AS operator_id, MAX(e.operator_name) AS operator_name,
         (v.created_at / 3600000) * 3600000 AS hour,
         CASE
           WHEN v.state = 'redeemed' AND v.reversal_row_id IS NOT NULL AND EXISTS (
             SELECT 1 FROM journal_vouchers x WHERE x.id = v.reversal_row_id AND x.state = 'reversed') THEN 'redeemedReversed'
           WHEN v.state = 'redeemed' THEN 'redeemed'
           WHEN v.state = 'reversed' THEN 'reversed'
           WHEN v.state = 'failed' THEN 'failed'
           WHEN v.state = 'needs_check' THEN 'needsCheck'
           ELSE 'open'
         END AS bucket,
         COUNT(*) AS n,
         COALESCE(SUM(CASE WHEN v.points GLOB '[0-9]*' THEN CAST(v.points AS INTEGER) END), 0) AS points
       FROM journal_vouchers v INDEXED BY journal_hist_time
       JOIN journal_entries e ON e.id = v.entry_id
       WHERE v.profile_id = ? AND v.created_at >= ? AND v.created_at < ?
       GROUP BY v.operator_id, hour, bucket
       ORDER BY hour, v.operator_id`,
    )
    .all(profileId, from, to) as {
    operator_id: string
    operator_name: string | null
    hour: number
    bucket: ReportBucket
    n: number
    points: number
  }[]
  return rows.map((r) => ({
    operatorId: r.operator_id,
    operatorName: r.operator_name,
    hour: Number(r.hour),
    bucket: r.bucket,
    count: Number(r.n),
    points: Number(r.points),
  }))
}
