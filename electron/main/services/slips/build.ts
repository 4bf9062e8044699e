import { toTopDateTime } from '@contract/api/primitives'
import type { Locale } from '@contract/ipc/channels/app'
import type { ServerResult, VoucherOutcome } from '@contract/ipc/channels/redemption'
import {
  REPORT_BUCKETS,
  type ActInfo,
  type Report,
  type ReportBucket,
  type SlipSettings,
  type SlipWidth,
} from '@contract/ipc/channels/shift'
import type { BatchSlipRows, ReversalSlipRow, SlipVoucherRow, VoucherValue } from '@main/store/slips'
import { hasSlipWords, slipWords, type SlipWords } from './words'

/**
 * What a slip says, decided here from the records and put into words; `html.ts` only lays it
 * out. Nothing on a slip is made up: a voucher's value is printed only where the platform's
 * voucher list gave one (the redemption reply carries none), points only where the cashier
 * entered them, an approval only where main checked a manager's PIN.
 */

export type SlipKind = 'batch' | 'reversal' | 'report'

/** The store's rows with each outcome decoded. */
type Decoded<T extends SlipVoucherRow> = Omit<T, 'outcome'> & { outcome: VoucherOutcome }
export type BatchRecord = Omit<BatchSlipRows, 'vouchers'> & { vouchers: Decoded<BatchSlipRows['vouchers'][number]>[] }
export type ReversalRecord = Decoded<ReversalSlipRow>

export interface SlipField {
  label: string
  value: string
}

export interface SlipItem {
  code: string
  /** The voucher's result in words. */
  result: string
  ok: boolean
  /** Under the code: value, points, reissued id, why it failed. */
  details: string[]
}

export interface SlipSection {
  title: string
  rows: SlipField[]
}

export interface SlipDoc {
  kind: SlipKind
  locale: Locale
  width: SlipWidth
  title: string
  /** 副本 / COPY on a reprint; null on the first print. */
  copy: string | null
  head: SlipField[]
  items: SlipItem[]
  /** Approval, reason: beneath the vouchers. */
  notes: SlipField[]
  sections: SlipSection[]
  summary: string[]
  foot: string[]
}

/** What every slip of this counter shares. */
export interface SlipContext {
  locale: Locale
  settings: SlipSettings
  /** The connection's name, printed when the store has not named itself. */
  profileName: string
  training: boolean
  copy: boolean
  printedAt: number
}

const beijing = (ms: number): string => toTopDateTime(new Date(ms))
const person = (id: string | null, name: string | null): string => [id, name].filter((s) => s !== null && s !== '').join(' ')

function frame(ctx: SlipContext, kind: SlipKind, w: SlipWords): Pick<SlipDoc, 'kind' | 'locale' | 'width' | 'title' | 'copy'> {
  return { kind, locale: ctx.locale, width: ctx.settings.width, title: w(`slip.title.${kind}`), copy: ctx.copy ? w('slip.copy') : null }
}

/** Store, shop and counter: the lines that say where. */
function where(ctx: SlipContext, w: SlipWords, shopId: string | null): SlipField[] {
  const fields: SlipField[] = [{ label: w('slip.label.store'), value: ctx.settings.storeName || ctx.profileName }]
  if (shopId) fields.push({ label: w('slip.label.shop'), value: shopId })
  if (ctx.settings.counter) fields.push({ label: w('slip.label.counter'), value: ctx.settings.counter })
  return fields
}

function foot(ctx: SlipContext, w: SlipWords, extra: string[] = []): string[] {
  return [
    ...extra,
    ...(ctx.copy ? [w('slip.copyNote')] : []),
    `${w('slip.label.printedAt')} ${beijing(ctx.printedAt)}`,
    w('slip.footer.beijing'),
    ...(ctx.training ? [w('slip.footer.training')] : []),
  ]
}

/** Why the server refused, in few words: our words for a code we know, else what it said. */
function refusal(ctx: SlipContext, w: SlipWords, result: ServerResult): string | null {
  const known = `slip.failure.${result.code ?? ''}`
  if (result.code && hasSlipWords(ctx.locale, known)) return w(known)
  // The server writes Chinese: an English slip prints its code rather than a sentence in another language.
  if (ctx.locale === 'zh-CN' && result.text) return result.text
  if (result.code) return w('slip.failure.code', { code: result.code })
  return result.text
}

/** A voucher's outcome as the slip's result words and the reason beneath, for a redemption or a reversal. */
export function outcomeWords(
  ctx: SlipContext,
  w: SlipWords,
  outcome: VoucherOutcome,
  reversal: boolean,
): { result: string; ok: boolean; reason: string | null } {
  switch (outcome.state) {
    case 'redeemed':
      return { result: w('slip.result.redeemed'), ok: true, reason: outcome.check ? w('slip.result.byHand') : null }
    case 'reversed':
      return { result: w('slip.result.reversed'), ok: true, reason: outcome.check ? w('slip.result.byHand') : null }
    case 'pending':
      return { result: w('slip.result.pending'), ok: false, reason: null }
    case 'not_sent':
      return { result: w(reversal ? 'slip.result.notSentReversal' : 'slip.result.notSent'), ok: false, reason: null }
    case 'unknown':
      return { result: w('slip.result.unknown'), ok: false, reason: null }
    case 'needs_check':
      return { result: w('slip.result.needsCheck'), ok: false, reason: refusal(ctx, w, outcome.refusal.result) }
    case 'failed': {
      const result = w(reversal ? 'slip.result.notReversed' : 'slip.result.notRedeemed')
      const f = outcome.failure
      if (f.kind === 'manual') return { result, ok: false, reason: w('slip.result.byHand') }
      if (f.kind === 'platform') {
        const code = f.top.subCode ?? (f.top.code !== undefined ? String(f.top.code) : null)
        return { result, ok: false, reason: code ? `${w('slip.failure.platform')} (${code})` : w('slip.failure.platform') }
      }
      const said = refusal(ctx, w, f.result)
      if (f.kind === 'call') return { result, ok: false, reason: said ? `${w('slip.failure.call')}: ${said}` : w('slip.failure.call') }
      return { result, ok: false, reason: said }
    }
  }
}

const yuan = (fen: number): string => (fen / 100).toFixed(2)

/** The voucher list's own words for what the voucher is worth (amounts read as fen, as everywhere in the app). */
export function valueWords(w: SlipWords, v: VoucherValue): string[] {
  const parts: string[] = []
  if (v.amount !== null && v.amount > 0) parts.push(w('slip.value.amount', { yuan: yuan(v.amount) }))
  if (v.discountRate) parts.push(w('slip.value.rate', { rate: v.discountRate }))
  if (v.startFee !== null && v.startFee > 0) parts.push(w('slip.value.threshold', { yuan: yuan(v.startFee) }))
  if (v.giftPoint !== null && v.giftPoint > 0) parts.push(w('slip.value.points', { points: v.giftPoint }))
  const lines = v.title ? [v.title] : []
  if (parts.length > 0) lines.push(parts.join(' · '))
  return lines
}

const pointsOf = (points: string | null): number => (points !== null && /^\d+$/.test(points) ? Number(points) : 0)

export function batchSlip(ctx: SlipContext, batch: BatchRecord, values: ReadonlyMap<string, VoucherValue>): SlipDoc {
  const w = slipWords(ctx.locale)
  const items: SlipItem[] = batch.vouchers.map((v) => {
    const words = outcomeWords(ctx, w, v.outcome, false)
    const value = values.get(v.voucherId)
    // Why it failed comes first; points only where the cashier entered some (the list pads with 0).
    const details = [
      ...(words.reason ? [words.reason] : []),
      ...(value ? valueWords(w, value) : []),
      ...(pointsOf(v.points) > 0 ? [`${w('slip.label.points')} ${v.points}`] : []),
      ...(v.reversedAs ? [w('slip.result.laterReversed', { id: v.reversedAs })] : []),
    ]
    return { code: v.voucherId, result: words.result, ok: words.ok, details }
  })
  for (const b of batch.blocked) items.push({ code: b.voucherId, result: w('slip.result.blocked'), ok: false, details: [] })
  for (const id of batch.unsent) items.push({ code: id, result: w('slip.result.unsent'), ok: false, details: [] })
  const redeemed = batch.vouchers.filter((v) => v.outcome.state === 'redeemed')
  const points = redeemed.reduce((sum, v) => sum + pointsOf(v.points), 0)
  const ok = items.filter((i) => i.ok).length
  return {
    ...frame(ctx, 'batch', w),
    head: [
      ...where(ctx, w, batch.shopId),
      { label: w('slip.label.operator'), value: person(batch.operatorId, batch.operatorName) },
      { label: w('slip.label.time'), value: beijing(batch.createdAt) },
      { label: w('slip.label.customer'), value: batch.customerId },
      { label: w('slip.label.batch'), value: batch.batchId.slice(0, 8) },
    ],
    items,
    notes: [],
    sections: [],
    summary: [w('slip.summary.batch', { ok, notOk: items.length - ok }), ...(points > 0 ? [w('slip.summary.points', { points })] : [])],
    foot: foot(ctx, w, values.size < batch.vouchers.length ? [w('slip.summary.noValue')] : []),
  }
}

function approvalWords(w: SlipWords, act: ActInfo | undefined): SlipField[] {
  if (!act) return []
  const fields: SlipField[] = []
  if (act.approverId !== null) {
    fields.push({ label: w('slip.label.approvedBy'), value: person(act.approverId, act.approverName) })
    if (act.approvedAt !== null) fields.push({ label: w('slip.label.approvedAt'), value: beijing(act.approvedAt) })
  }
  if (act.reasonCode !== null) {
    const why = w(`slip.reason.${act.reasonCode}`)
    fields.push({ label: w('slip.label.reason'), value: act.reasonText ? `${why}: ${act.reasonText}` : why })
  }
  return fields
}

/**
 * Reversals done together. Who, when and why are the same for all of them in practice (one
 * press, one approval); where they differ each voucher carries its own.
 */
export function reversalSlip(
  ctx: SlipContext,
  rows: readonly ReversalRecord[],
  acts: ReadonlyMap<number, ActInfo>,
  values: ReadonlyMap<string, VoucherValue>,
): SlipDoc {
  const w = slipWords(ctx.locale)
  const first = rows[0]!
  const approvals = rows.map((r) => approvalWords(w, acts.get(r.entryId)))
  const shared = approvals.every((a) => JSON.stringify(a) === JSON.stringify(approvals[0]))
  const items: SlipItem[] = rows.map((r, i) => {
    const words = outcomeWords(ctx, w, r.outcome, true)
    const value = values.get(r.voucherId)
    const details = [
      ...(r.outcome.state === 'reversed' ? [`${w('slip.label.reissued')} ${r.outcome.reissuedVoucherId}`] : []),
      ...(words.reason ? [words.reason] : []),
      ...(value ? valueWords(w, value) : []),
      ...(pointsOf(r.points) > 0 ? [`${w('slip.label.points')} ${r.points}`] : []),
      `${w('slip.label.redeemedAt')} ${beijing(r.redeemedAt)}`,
      ...(shared ? [] : approvals[i]!.map((f) => `${f.label} ${f.value}`)),
    ]
    return { code: r.voucherId, result: words.result, ok: words.ok, details }
  })
  const ok = items.filter((i) => i.ok).length
  return {
    ...frame(ctx, 'reversal', w),
    head: [
      ...where(ctx, w, first.shopId),
      { label: w('slip.label.operator'), value: person(first.operatorId, first.operatorName) },
      { label: w('slip.label.time'), value: beijing(first.createdAt) },
      { label: w('slip.label.customer'), value: first.customerId },
    ],
    items,
    notes: shared ? approvals[0]! : [],
    sections: [],
    summary: [w('slip.summary.reversal', { ok, notOk: items.length - ok })],
    foot: foot(ctx, w),
  }
}

/** The day's report as a Z-slip: the same figures as the 对账 screen, CSV and XLSX. */
export function reportSlip(ctx: SlipContext, report: Report): SlipDoc {
  const w = slipWords(ctx.locale)
  const bucket = (b: ReportBucket) => w(`slip.report.bucket.${b}`)
  const head: SlipField[] = [...where(ctx, w, null)]
  if (report.shift) {
    head.push({ label: w('slip.label.shift'), value: person(report.shift.operatorId, report.shift.operatorName) })
  }
  head.push({ label: w('slip.label.range'), value: `${beijing(report.from)} – ${beijing(report.to)}` })
  const totals: SlipSection = {
    title: w('slip.report.totals'),
    rows: [
      ...REPORT_BUCKETS.map((b) => ({ label: bucket(b), value: String(report.totals[b]) })),
      { label: w('slip.report.points'), value: String(report.points) },
    ],
  }
  const operators: SlipSection = {
    title: w('slip.report.operators'),
    rows: report.operators.map((o) => ({
      label: person(o.operatorId, o.operatorName),
      value: [
        `${bucket('redeemed')} ${o.counts.redeemed}`,
        `${bucket('reversed')} ${o.counts.reversed}`,
        `${bucket('failed')} ${o.counts.failed}`,
        ...(o.points > 0 ? [`${w('slip.label.points')} ${o.points}`] : []),
      ].join(' · '),
    })),
  }
  const hours: SlipSection = {
    title: w('slip.report.hours'),
    rows: report.hours
      .map((h) => ({ hour: h.hour, n: h.counts.redeemed + h.counts.redeemedReversed }))
      .filter((h) => h.n > 0)
      .map((h) => ({ label: `${beijing(h.hour).slice(11, 13)}:00`, value: String(h.n) })),
  }
  const empty = REPORT_BUCKETS.every((b) => report.totals[b] === 0)
  return {
    ...frame(ctx, 'report', w),
    head,
    items: [],
    notes: [],
    sections: empty ? [totals] : [totals, operators, hours].filter((s) => s.rows.length > 0),
    summary: empty ? [w('slip.report.nothing')] : [],
    foot: foot(ctx, w, [`${w('slip.report.signature')}: ____________`]),
  }
}
