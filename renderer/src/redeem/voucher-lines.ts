import type { z } from 'zod'
import { zodIssueToKey } from '@contract/api/issues'
import { voucherCode, voucherPoints } from '@contract/ipc/channels/redemption'

/**
 * The voucher list on the Redeem screen, checked with the same schemas main applies, so what the
 * cashier sees flagged is exactly what main would refuse, and why.
 */
export interface VoucherLine {
  uid: number
  code: string
  /** Empty when the voucher takes no points. */
  points: string
}

export interface LineIssue {
  key: string
  params: Record<string, string | number>
}

/** Full-width letters, digits, "-" and "_" (a Chinese input method types them) as ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[０-９Ａ-Ｚａ-ｚ－＿]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}

/** Pasted text: one code per line, or separated by commas, semicolons or spaces (full-width too). */
export function splitCodes(text: string): string[] {
  return toHalfWidth(text)
    .split(/[\s,，;；、]+/u)
    .map((c) => c.trim())
    .filter((c) => c !== '')
}

function issueOf(issue: z.core.$ZodIssue): LineIssue {
  // Our own keys travel in the zod message; the contract's are mapped by its helper.
  if (issue.message.startsWith('redemption.')) return { key: issue.message, params: {} }
  const { key, params } = zodIssueToKey(issue)
  return { key, params: params ?? {} }
}

/**
 * Issues per line uid; a line without issues is absent. A list longer than one batch is not an
 * issue of its lines: the screen sends it in batches (see `batchPlan`).
 */
export function checkLines(lines: readonly VoucherLine[]): Map<number, LineIssue[]> {
  const issues = new Map<number, LineIssue[]>()
  const add = (uid: number, issue: LineIssue) => issues.set(uid, [...(issues.get(uid) ?? []), issue])
  const seen = new Set<string>()
  lines.forEach((line) => {
    const code = voucherCode.safeParse(toHalfWidth(line.code))
    if (!code.success) code.error.issues.forEach((i) => add(line.uid, issueOf(i)))
    else if (seen.has(code.data)) add(line.uid, { key: 'contract.voucher.duplicateId', params: { id: code.data } })
    else seen.add(code.data)
    if (line.points.trim() !== '') {
      const points = voucherPoints.safeParse(toHalfWidth(line.points))
      if (!points.success) points.error.issues.forEach((i) => add(line.uid, issueOf(i)))
    }
  })
  return issues
}

/** How a list is sent: one batch of at most `limit` vouchers per press of 核销, in list order. */
export interface BatchPlan {
  /** Vouchers the next press sends. */
  next: number
  /** Batches the whole list needs (1 for a list within the limit). */
  batches: number
}

export function batchPlan(count: number, limit: number): BatchPlan {
  return { next: Math.min(count, limit), batches: Math.max(1, Math.ceil(count / limit)) }
}

/**
 * Does text typed or scanned into the customer box look like one of this counter's vouchers
 * rather than a customer? Neither API says what either id looks like, so this compares with the
 * vouchers the screen already knows (listed, just redeemed, or offered for practice): same length
 * and the same first four characters. A guess: the screen only offers, the cashier decides.
 */
export function looksLikeVoucher(text: string, knownVouchers: readonly string[]): boolean {
  const code = toHalfWidth(text).trim()
  if (code.length < 8 || !voucherCode.safeParse(code).success) return false
  return knownVouchers.some((known) => known.length === code.length && known.slice(0, 4) === code.slice(0, 4))
}
