import { VoucherSource, VoucherStatusAction } from '@contract/api/enums'
import { toTopDateTime } from '@contract/api/primitives'
import type { Locale } from '@contract/ipc/channels/app'
import { manualCheckOf, type HistoryRow, type VoucherOutcome, type VoucherState } from '@contract/ipc/channels/redemption'
import type { ActInfo } from '@contract/ipc/channels/shift'
import { catalogues } from '@contract/locales'

/**
 * History as CSV for Excel and WPS: UTF-8 with a BOM (without it Excel reads Chinese as
 * mojibake), CRLF rows, RFC 4180 quoting, and times in Beijing time like everything TOP does.
 */

const BOM = '\uFEFF'

const COLUMNS = [
  'time',
  'action',
  'voucherId',
  'points',
  'customerId',
  'shopId',
  'operatorId',
  'operatorName',
  'source',
  'status',
  'reversal',
  'reissuedVoucherId',
  'reissuedFrom',
  'resultCode',
  'resultText',
  // A manager's verdict after checking the merchant backend, when the row was settled by hand.
  'checkedBy',
  'checkedAt',
  // Shift: why a reversal was made, and the manager who approved it.
  'reason',
  'approvedBy',
  'approvedAt',
  'requestId',
] as const
type Column = (typeof COLUMNS)[number]

/** Ids and codes: text, never numbers (see `csvIdField`). */
const ID_COLUMNS: ReadonlySet<Column> = new Set([
  'voucherId',
  'customerId',
  'shopId',
  'operatorId',
  'reissuedVoucherId',
  'reissuedFrom',
  'resultCode',
  'checkedBy',
  'approvedBy',
  'requestId',
])

/** A column's heading and a state's word, from the message catalogue (`redemption.csv`). */
const headers = (locale: Locale): Record<Column, string> => catalogues[locale].redemption.csv.header
const stateWord = (locale: Locale, state: VoucherState): string => catalogues[locale].redemption.csv.status[state]

/**
 * Would a spreadsheet run this text as a formula? `=`, `+` and `@` start one; so does a leading
 * tab or CR (Excel strips it, then reads what follows). A leading `-` starts one only when what
 * follows is not a plain number: `-1` (a result code) is the number -1, `-1+2` or `-A1` is a formula.
 */
function looksLikeFormula(value: string): boolean {
  if (/^[=+@\t\r]/.test(value)) return true
  return value.startsWith('-') && !/^-\d+(\.\d+)?$/.test(value)
}

/**
 * One field, quoted when it holds a separator, a quote, a line break or edge spaces. Text a
 * spreadsheet would run as a formula (server texts and typed ids are not ours) starts with an
 * apostrophe instead, so it shows as text.
 */
export function csvField(value: string): string {
  return quoted(looksLikeFormula(value) ? `'${value}` : value)
}

/** RFC 4180: quoted when it holds a separator, a quote, a line break or edge spaces. */
function quoted(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * Text Excel or WPS would turn into a number or a date on opening: starting with a digit (after
 * an optional sign) and holding only digits and number or date punctuation (`880000000001`,
 * `0012`, `-1`, `2025-01`, `3/4`, `12:30`), or written in scientific notation (`1E5`).
 */
const NUMBER_OR_DATE_LIKE = /^[+-]?\d[\d.,/: -]*$|^[+-]?\d+(\.\d+)?e[+-]?\d+$/i

/**
 * An id or code column. Opened in Excel, `880000000001` becomes 8.8E+11 and anything longer than
 * 15 digits loses its last digits for good (Excel keeps 15 significant digits), `0012` loses its
 * zeros. Such a value is written as the formula `="880000000001"`, which Excel and WPS both show
 * as exactly that text, and which copies, sorts and VLOOKUPs as text. The alternative, a leading
 * tab, also keeps Excel from converting, but the tab stays part of the cell's value, so a copied
 * id pasted into the TOP console or a lookup against it fails. (LibreOffice shows the formula as
 * written unless "Evaluate formulas" is ticked in its CSV import dialog; the digits are still all
 * there.) The formula is ours and inert: the pattern admits no `"`, so the value cannot end the
 * string early. Anything else goes through the formula guard like every other field.
 */
export function csvIdField(value: string): string {
  return NUMBER_OR_DATE_LIKE.test(value) ? quoted(`="${value}"`) : csvField(value)
}

function resultOf(outcome: VoucherOutcome): { code: string; text: string } {
  switch (outcome.state) {
    case 'redeemed':
    case 'reversed':
      return { code: outcome.result.code ?? '', text: outcome.result.text ?? '' }
    case 'needs_check':
      // The server's refusal of the repeat: what the manager checks against the backend.
      return { code: outcome.refusal.result.code ?? '', text: outcome.refusal.result.text ?? '' }
    case 'failed': {
      const f = outcome.failure
      if (f.kind !== 'platform') return { code: f.result.code ?? '', text: f.result.text ?? '' }
      const code = [f.top.code, f.top.subCode].filter((c) => c !== undefined && c !== '').join(' / ')
      return { code, text: f.top.subMsg || f.top.msg || '' }
    }
    default:
      return { code: '', text: '' }
  }
}

function reissuedOf(row: HistoryRow): string {
  if (row.outcome.state === 'reversed') return row.outcome.reissuedVoucherId
  if (row.reversal?.outcome.state === 'reversed') return row.reversal.outcome.reissuedVoucherId
  return ''
}

function reasonOf(act: ActInfo | null | undefined, locale: Locale): string {
  if (!act?.reasonCode) return ''
  // The words the reversal dialog offers.
  const label = catalogues[locale].shift.reasons[act.reasonCode]
  return act.reasonText ? `${label}: ${act.reasonText}` : label
}

function approverOf(act: ActInfo | null | undefined): string {
  if (!act?.approverId) return ''
  return act.approverName ? `${act.approverId} ${act.approverName}` : act.approverId
}

function cells(row: HistoryRow, locale: Locale): Record<Column, string> {
  const result = resultOf(row.outcome)
  const check = manualCheckOf(row.outcome)
  const act = row.act
  return {
    time: toTopDateTime(new Date(row.createdAt)),
    action: VoucherStatusAction.label(row.action, locale),
    voucherId: row.voucherId,
    points: row.points ?? '',
    customerId: row.customerId,
    shopId: row.shopId ?? '',
    operatorId: row.operatorId,
    operatorName: row.operatorName ?? '',
    source: VoucherSource.label(row.source, locale),
    status: stateWord(locale, row.outcome.state),
    reversal: row.reversal ? stateWord(locale, row.reversal.outcome.state) : '',
    reissuedVoucherId: reissuedOf(row),
    reissuedFrom: row.reissuedFrom ?? '',
    resultCode: result.code,
    resultText: result.text,
    checkedBy: check?.operatorId ?? '',
    checkedAt: check ? toTopDateTime(new Date(check.at)) : '',
    reason: reasonOf(act, locale),
    approvedBy: approverOf(act),
    approvedAt: act?.approvedAt ? toTopDateTime(new Date(act.approvedAt)) : '',
    requestId: row.requestId,
  }
}

export function historyCsv(rows: readonly HistoryRow[], locale: Locale): string {
  const heads = headers(locale)
  const lines = [COLUMNS.map((c) => csvField(heads[c])).join(',')]
  for (const row of rows) {
    const values = cells(row, locale)
    lines.push(COLUMNS.map((c) => (ID_COLUMNS.has(c) ? csvIdField(values[c]) : csvField(values[c]))).join(','))
  }
  return `${BOM}${lines.join('\r\n')}\r\n`
}

/** `券台核销记录-20250110-093000.csv`: sortable, and named in the language of its headers. */
export function exportFileName(now: Date, locale: Locale): string {
  const stamp = toTopDateTime(now).replaceAll('-', '').replace(' ', '-').replaceAll(':', '')
  return `${catalogues[locale].redemption.csv.fileStem}-${stamp}.csv`
}
