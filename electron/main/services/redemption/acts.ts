import type { HistoryRow } from '@contract/ipc/channels/redemption'
import type { ShiftGate } from '../shift/service'

/**
 * History rows with the shift's record beside them: a reversal row gets the act recorded on its
 * journal entry (who reversed, who approved, why), any row a manager settled by hand gets the
 * act on that row. One lookup per page (chunked for an export), not one per row.
 */
export function withActs(rows: HistoryRow[], shift: Pick<ShiftGate, 'acts'>): HistoryRow[] {
  if (rows.length === 0) return rows
  const reversals = rows.filter((r) => r.action === 'ISUSED_NORMAL').map((r) => r.entryId)
  const { byEntry, byRow } = shift.acts(
    reversals,
    rows.map((r) => r.rowId),
  )
  if (byEntry.size === 0 && byRow.size === 0) return rows
  return rows.map((row) => {
    const act = byRow.get(row.rowId) ?? (row.action === 'ISUSED_NORMAL' ? byEntry.get(row.entryId) : undefined)
    return act ? { ...row, act } : row
  })
}
