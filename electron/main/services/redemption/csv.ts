import { VoucherSource, VoucherStatusAction } from '@contract/api/enums'
import { toTopDateTime } from '@contract/api/primitives'
import type { Locale } from '@contract/ipc/channels/app'
import type { HistoryRow, VoucherOutcome, VoucherState } from '@contract/ipc/channels/redemption'

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
  'requestId',
] as const
type Column = (typeof COLUMNS)[number]

const HEADERS: Record<Locale, Record<Column, string>> = {
  'zh-CN': {
    time: '时间（北京时间）',
    action: '操作',
    voucherId: '券码',
    points: '点数',
    customerId: '顾客ID',
    shopId: '门店ID',
    operatorId: '操作人ID',
    operatorName: '操作人',
    source: '来源',
    status: '状态',
    reversal: '反核销',
    reissuedVoucherId: '补发券码',
    reissuedFrom: '原券码',
    resultCode: '结果码',
    resultText: '结果说明',
    requestId: '请求ID',
  },
  en: {
    time: 'Time (Beijing)',
    action: 'Action',
    voucherId: 'Voucher',
    points: 'Points',
    customerId: 'Customer ID',
    shopId: 'Shop ID',
    operatorId: 'Operator ID',
    operatorName: 'Operator',
    source: 'Source',
    status: 'Status',
    reversal: 'Reversal',
    reissuedVoucherId: 'Reissued voucher',
    reissuedFrom: 'Replaces voucher',
    resultCode: 'Result code',
    resultText: 'Result',
    requestId: 'Request ID',
  },
}

const STATUS: Record<Locale, Record<VoucherState, string>> = {
  'zh-CN': {
    pending: '处理中',
    redeemed: '已核销',
    reversed: '已反核销',
    failed: '失败',
    not_sent: '未发出',
    unknown: '结果未知',
  },
  en: {
    pending: 'In progress',
    redeemed: 'Redeemed',
    reversed: 'Reversed',
    failed: 'Failed',
    not_sent: 'Not sent',
    unknown: 'Outcome unknown',
  },
}

/**
 * One field, quoted when it holds a separator, a quote, a line break or edge spaces. A leading
 * = + - @ would make a spreadsheet run the cell as a formula (server texts are not ours), so
 * such a cell starts with an apostrophe, which spreadsheets show as text.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

function resultOf(outcome: VoucherOutcome): { code: string; text: string } {
  switch (outcome.state) {
    case 'redeemed':
    case 'reversed':
      return { code: outcome.result.code ?? '', text: outcome.result.text ?? '' }
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

function cells(row: HistoryRow, locale: Locale): Record<Column, string> {
  const result = resultOf(row.outcome)
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
    status: STATUS[locale][row.outcome.state],
    reversal: row.reversal ? STATUS[locale][row.reversal.outcome.state] : '',
    reissuedVoucherId: reissuedOf(row),
    reissuedFrom: row.reissuedFrom ?? '',
    resultCode: result.code,
    resultText: result.text,
    requestId: row.requestId,
  }
}

export function historyCsv(rows: readonly HistoryRow[], locale: Locale): string {
  const lines = [COLUMNS.map((c) => csvField(HEADERS[locale][c])).join(',')]
  for (const row of rows) {
    const values = cells(row, locale)
    lines.push(COLUMNS.map((c) => csvField(values[c])).join(','))
  }
  return `${BOM}${lines.join('\r\n')}\r\n`
}

/** `券台核销记录-20250110-093000.csv`: sortable, and named in the language of its headers. */
export function exportFileName(now: Date, locale: Locale): string {
  const stamp = toTopDateTime(now).replaceAll('-', '').replace(' ', '-').replaceAll(':', '')
  return `${locale === 'en' ? 'coupon-desk-history' : '券台核销记录'}-${stamp}.csv`
}
