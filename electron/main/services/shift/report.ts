import ExcelJS from 'exceljs'
import { toTopDateTime } from '@contract/api/primitives'
import type { Locale } from '@contract/ipc/channels/app'
import {
  REPORT_BUCKETS,
  type BucketCounts,
  type Report,
  type ReportBucket,
  type ReportExport,
  type ReportInput,
  type SessionView,
} from '@contract/ipc/channels/shift'
import { catalogues } from '@contract/locales'
import { AppError } from '@main/ipc/app-error'
import type { Database } from '@main/store/db'
import type { ShiftStore } from '@main/store/shift'
import { reportCells } from '@main/store/shift-report'
import { csvField, csvIdField } from '../redemption/csv'

const zero = (): BucketCounts => Object.fromEntries(REPORT_BUCKETS.map((b) => [b, 0])) as BucketCounts

/**
 * The day's report (对账): the journal's rows in a range — a day, or one shift from sign-in to
 * sign-out — counted by History status, per operator and per hour. Totals are sums of the same
 * SQL cells, so the three views always agree with each other and with History.
 */
export function buildReport(db: Database, store: Pick<ShiftStore, 'session'>, profileId: string, input: ReportInput, now: number): Report {
  let from: number
  let to: number
  let shift: SessionView | null = null
  if ('shiftId' in input) {
    const session = store.session(input.shiftId)
    if (!session) throw new AppError('not-found', 'report.noSuchShift', { id: input.shiftId })
    shift = session
    from = session.startedAt
    // A shift still open runs to now; +1 so a row written in this very millisecond is in.
    to = (session.endedAt ?? now) + 1
  } else {
    from = input.from
    to = input.to
  }
  const totals = zero()
  let points = 0
  const operators = new Map<string, Report['operators'][number]>()
  const hours = new Map<number, BucketCounts>()
  for (const cell of reportCells(db, profileId, from, to)) {
    totals[cell.bucket] += cell.count
    const op = operators.get(cell.operatorId) ?? { operatorId: cell.operatorId, operatorName: cell.operatorName, counts: zero(), points: 0 }
    op.counts[cell.bucket] += cell.count
    op.operatorName ??= cell.operatorName
    if (cell.bucket === 'redeemed') {
      op.points += cell.points
      points += cell.points
    }
    operators.set(cell.operatorId, op)
    const hour = hours.get(cell.hour) ?? zero()
    hour[cell.bucket] += cell.count
    hours.set(cell.hour, hour)
  }
  return {
    from,
    to,
    shift,
    totals,
    points,
    operators: [...operators.values()].sort((a, b) => a.operatorId.localeCompare(b.operatorId)),
    hours: [...hours.entries()].sort(([a], [b]) => a - b).map(([hour, counts]) => ({ hour, counts })),
  }
}

/** The report's headings, from the message catalogue (`report.export.head`). */
type Heading = ReportBucket | 'section' | 'operator' | 'name' | 'hour' | 'points' | 'total' | 'range'
const headings = (locale: Locale): Record<Heading, string> => catalogues[locale].report.export.head

/** The report as rows of cells, the same for CSV and XLSX. */
function table(report: Report, locale: Locale): string[][] {
  const h = headings(locale)
  const bucketHeads = REPORT_BUCKETS.map((b) => h[b])
  const counts = (c: BucketCounts) => REPORT_BUCKETS.map((b) => String(c[b]))
  const rows: string[][] = [
    [h.range, `${toTopDateTime(new Date(report.from))} – ${toTopDateTime(new Date(report.to))}`],
    [],
    [h.section, h.operator, h.name, ...bucketHeads, h.points],
    [h.total, '', '', ...counts(report.totals), String(report.points)],
    ...report.operators.map((o) => [h.name, o.operatorId, o.operatorName ?? '', ...counts(o.counts), String(o.points)]),
    [],
    [h.hour, ...bucketHeads],
    ...report.hours.map((x) => [toTopDateTime(new Date(x.hour)).slice(0, 13) + ':00', ...counts(x.counts)]),
  ]
  return rows
}

function fileStem(report: Report, locale: Locale): string {
  const day = toTopDateTime(new Date(report.from)).slice(0, 10).replaceAll('-', '')
  const base = catalogues[locale].report.export.fileStem
  return report.shift ? `${base}-${day}-${report.shift.operatorId}` : `${base}-${day}`
}

export async function exportReport(report: Report, format: 'csv' | 'xlsx', locale: Locale): Promise<ReportExport> {
  const rows = table(report, locale)
  if (format === 'csv') {
    // Operator ids are the only id column: written so Excel keeps them as text.
    const text = rows.map((r) => r.map((cell, i) => (i === 1 ? csvIdField(cell) : csvField(cell))).join(',')).join('\r\n')
    return { fileName: `${fileStem(report, locale)}.csv`, data: `\uFEFF${text}\r\n`, mime: 'text/csv;charset=utf-8', encoding: 'text' }
  }
  const book = new ExcelJS.Workbook()
  book.creator = catalogues[locale].app.fullName
  const sheet = book.addWorksheet(catalogues[locale].report.export.sheet)
  for (const r of rows) {
    // Counts as numbers (they sum in Excel), ids and times as text.
    sheet.addRow(r.map((cell, i) => (i > 0 && /^\d+$/.test(cell) && !(i === 1 && r[0] === headings(locale).name) ? Number(cell) : cell)))
  }
  sheet.getRow(3).font = { bold: true }
  sheet.columns.forEach((c) => (c.width = 16))
  const buffer = Buffer.from(await book.xlsx.writeBuffer())
  return {
    fileName: `${fileStem(report, locale)}.xlsx`,
    data: buffer.toString('base64'),
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    encoding: 'base64',
  }
}
