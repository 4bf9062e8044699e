import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { VoucherState } from '@contract/ipc/channels/redemption'
import { REPORT_BUCKETS } from '@contract/ipc/channels/shift'
import { transaction, openDatabase } from '@main/store/db'
import { collectHistory } from '@main/services/redemption/history'
import { journalMigrations } from '@main/store/journal'
import { ShiftStore, shiftMigrations } from '@main/store/shift'
import { buildReport, exportReport } from '@main/services/shift/report'

/**
 * The day's report over a journal of 100,000 voucher rows filled straight through SQL (as the
 * History scale test does): every total must equal the number of rows History lists for that
 * status, operator and range.
 */
const ROWS = 100_000
const DAY = Date.parse('2026-12-04T00:00:00+08:00')
const STEP = 800 // ms between rows: 100,000 rows span ~22 hours

function seeded() {
  const db = openDatabase(':memory:', { journal: journalMigrations, shift: shiftMigrations })
  transaction(db, () => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO journal_entries (id, request_id, action, request_json, profile_id, operator_id, operator_name, customer_id,
         shop_id, source, state, attempts, created_at, updated_at)
       SELECT i + 1, 'req-' || i, 'NORMAL_ISUSED', '{}', 'sandbox', 'OP' || (i % 7), '收银' || (i % 7), 'C' || (i % 900),
         'S1', 'POS', CASE WHEN i % 97 = 0 THEN 'needs_check' WHEN i % 211 = 0 THEN 'unknown' ELSE 'settled' END, 1,
         ${DAY} + i * ${STEP}, ${DAY} + i * ${STEP}
       FROM n`,
    ).run(ROWS)
    db.exec(
      `INSERT INTO journal_vouchers (id, entry_id, position, action, voucher_id, points, profile_id, customer_id, operator_id,
         shop_id, created_at, updated_at, state, result_code, result_text, failure_kind)
       SELECT e.id, e.id, 0, 'NORMAL_ISUSED', printf('88%010d', e.id), CASE WHEN e.id % 3 = 0 THEN '5' END, 'sandbox',
         e.customer_id, e.operator_id, e.shop_id, e.created_at, e.created_at,
         CASE WHEN e.state = 'needs_check' THEN 'needs_check' WHEN e.state = 'unknown' THEN 'unknown'
              WHEN e.id % 50 = 0 THEN 'failed' ELSE 'redeemed' END,
         '0', 'x',
         CASE WHEN e.state = 'needs_check' OR (e.state = 'settled' AND e.id % 50 = 0) THEN 'voucher' END
       FROM journal_entries e`,
    )
    // Reversals: every 13th redemption reversed (a reissued id), every 17th reversal refused.
    db.exec(
      `INSERT INTO journal_entries (id, request_id, action, request_json, profile_id, operator_id, operator_name, customer_id,
         shop_id, source, state, attempts, created_at, updated_at)
       SELECT 1000000 + v.id, 'rev-' || v.id, 'ISUSED_NORMAL', '{}', 'sandbox', 'OP9', '店长', v.customer_id, 'S1', 'POS', 'settled', 1,
         v.created_at + 300, v.created_at + 300
       FROM journal_vouchers v WHERE v.state = 'redeemed' AND (v.id % 13 = 0 OR v.id % 17 = 0)`,
    )
    db.exec(
      `INSERT INTO journal_vouchers (id, entry_id, position, action, voucher_id, profile_id, customer_id, operator_id, shop_id,
         created_at, updated_at, state, result_code, failure_kind, reissued_voucher_id, reverses_row_id)
       SELECT e.id, e.id, 0, 'ISUSED_NORMAL', v.voucher_id, 'sandbox', v.customer_id, 'OP9', 'S1', e.created_at, e.created_at,
         CASE WHEN v.id % 13 = 0 THEN 'reversed' ELSE 'failed' END, '0',
         CASE WHEN v.id % 13 = 0 THEN NULL ELSE 'voucher' END,
         CASE WHEN v.id % 13 = 0 THEN printf('99%010d', v.id) END, v.id
       FROM journal_entries e JOIN journal_vouchers v ON v.id = e.id - 1000000 WHERE e.action = 'ISUSED_NORMAL'`,
    )
    db.exec(
      `UPDATE journal_vouchers SET reversal_row_id = 1000000 + id WHERE id IN (SELECT reverses_row_id FROM journal_vouchers WHERE reverses_row_id IS NOT NULL)`,
    )
  })
  return db
}

const STATUS_OF: Record<(typeof REPORT_BUCKETS)[number], VoucherState[] | null> = {
  redeemed: ['redeemed'],
  reversed: ['reversed'],
  failed: ['failed'],
  needsCheck: ['needs_check'],
  open: ['pending', 'unknown', 'not_sent'],
  // Listed by History under its voucher, not under a status of its own: checked below from the rows.
  redeemedReversed: null,
}

describe(`the day's report over ${ROWS.toLocaleString('en')} journal rows`, () => {
  const db = seeded()
  const store = new ShiftStore(db)
  const count = (filter: Parameters<typeof collectHistory>[2]) => collectHistory(db, 'sandbox', filter, 200_000).rows.length

  it('each total, per status, per operator and per hour, equals the rows History lists', () => {
    const from = DAY
    const to = DAY + 86_400_000
    const started = performance.now()
    const report = buildReport(db, store, 'sandbox', { from, to }, to)
    const ms = performance.now() - started
    expect(ms).toBeLessThan(5_000) // one grouped pass, not a query per operator or hour

    const all = collectHistory(db, 'sandbox', { from, to }, 300_000).rows
    expect(Object.values(report.totals).reduce((a, b) => a + b, 0)).toBe(all.length)
    for (const [bucket, statuses] of Object.entries(STATUS_OF)) {
      const expected = statuses
        ? statuses.reduce((n, status) => n + count({ from, to, status }), 0)
        : all.filter((r) => r.outcome.state === 'redeemed' && r.reversal?.outcome.state === 'reversed').length
      expect([bucket, report.totals[bucket as keyof typeof report.totals]]).toEqual([bucket, expected])
    }
    expect(report.totals.redeemed).toBeGreaterThan(80_000)
    expect(report.totals.reversed).toBe(report.totals.redeemedReversed)

    // Per operator: History filtered by operator and status.
    for (const op of report.operators.filter((o) => ['OP3', 'OP9'].includes(o.operatorId))) {
      expect(op.counts.redeemed).toBe(count({ from, to, operatorId: op.operatorId, status: 'redeemed' }))
      expect(op.counts.reversed).toBe(count({ from, to, operatorId: op.operatorId, status: 'reversed' }))
      expect(op.counts.failed).toBe(count({ from, to, operatorId: op.operatorId, status: 'failed' }))
    }
    expect(report.operators.find((o) => o.operatorId === 'OP3')?.operatorName).toBe('收银3')

    // Per hour (Beijing): an hour's redemptions are History's rows in that hour.
    const tenOClock = Date.parse('2026-12-04T10:00:00+08:00')
    const hour = report.hours.find((h) => h.hour === tenOClock)!
    expect(hour.counts.redeemed).toBe(count({ from: tenOClock, to: tenOClock + 3_600_000, status: 'redeemed' }))
    expect(report.hours.reduce((n, h) => n + h.counts.failed, 0)).toBe(report.totals.failed)

    // Points of the redemptions that stand.
    const points = all.filter(
      (r) => r.action === 'NORMAL_ISUSED' && r.outcome.state === 'redeemed' && r.reversal?.outcome.state !== 'reversed',
    )
    expect(report.points).toBe(points.reduce((n, r) => n + Number(r.points ?? 0), 0))
  })

  it('a shift covers sign-in to sign-out', () => {
    const start = Date.parse('2026-12-04T09:00:00+08:00')
    const id = store.startSession('OP3', '收银3', start)
    store.endSession(id, start + 2 * 3_600_000)
    const report = buildReport(db, store, 'sandbox', { shiftId: id }, Date.now())
    expect(report.shift).toMatchObject({ operatorId: 'OP3' })
    expect(report.hours.map((h) => h.hour)).toEqual([start, start + 3_600_000, start + 7_200_000])
    expect(report.totals.failed).toBe(count({ from: start, to: start + 2 * 3_600_000 + 1, status: 'failed' }))
  })

  it('exports the same figures as CSV and as an XLSX workbook', async () => {
    const from = Date.parse('2026-12-04T10:00:00+08:00')
    const report = buildReport(db, store, 'sandbox', { from, to: from + 3_600_000 }, Date.now())
    const csv = await exportReport(report, 'csv', 'zh-CN')
    expect(csv.fileName).toBe('券台对账-20261204.csv')
    expect(csv.data).toContain(`合计,,,${report.totals.redeemed},`)
    const xlsx = await exportReport(report, 'xlsx', 'en')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(xlsx.data, 'base64') as unknown as ExcelJS.Buffer)
    const sheet = book.getWorksheet('Report')!
    const totalRow = sheet.getRow(4).values as unknown[]
    expect(totalRow.slice(1, 5)).toEqual(['Total', '', '', report.totals.redeemed])
    expect(sheet.getRow(5).getCell(2).value).toBe('OP0')
  })
})
