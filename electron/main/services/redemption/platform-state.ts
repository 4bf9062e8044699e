import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { CustomerVoucherInfo } from '@contract/api/voucher-list'

/**
 * What the platform's own list of a customer's vouchers (`customer.voucher.list`) says about a
 * voucher write whose outcome is unknown. Pure: the one place where "was it applied?" is read
 * from the platform instead of asked of a manager.
 *
 * Redemption (NORMAL_ISUSED) of voucher V:
 *   V is ISUSED → applied;  V is NORMAL → not applied (only then may the same request be resent);
 *   V DELETED or not listed → undecided (a manager checks).
 * Reversal (ISUSED_NORMAL) of V: the doc says only that a new voucher is reissued
 * ("补发一张新的优惠券"), not what becomes of V. So it was applied if
 *   - V is back in NORMAL (the platform restored it): applied, V itself is the usable voucher; or
 *   - exactly one NORMAL voucher of V's template (voucher_template_id), created at or after the
 *     attempt (gmt_created, to the second) and not already known as another reversal's reissue,
 *     is listed: applied, that is the reissued voucher.
 *   V still ISUSED and no such voucher → not applied.
 *   Several such vouchers (the customer may also have been given one of that template meanwhile),
 *   or V not listed, or V DELETED with no such voucher → undecided: the reissued id cannot be
 *   identified, so a manager checks and records it.
 */
export type PlatformVerdict =
  | { kind: 'applied'; reissuedVoucherId?: string }
  | { kind: 'not_applied' }
  | { kind: 'undecided'; why: UndecidedWhy; candidates?: string[] }

export type UndecidedWhy = 'notListed' | 'deleted' | 'severalReissued' | 'otherState'

export interface VoucherAttempt {
  action: VoucherStatusActionCode
  voucherId: string
  /** When the intent was written, before any attempt (epoch ms). */
  attemptedAt: number
}

/** `yyyy-MM-dd HH:mm:ss` in GMT+8 → epoch ms; anything else → undefined. */
export function parseTopTime(text: string | undefined): number | undefined {
  const m = text && /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h - 8, mi, s)
}

export function platformVerdict(
  attempt: VoucherAttempt,
  listed: readonly CustomerVoucherInfo[],
  knownReissued: ReadonlySet<string> = new Set(),
): PlatformVerdict {
  const own = listed.find((v) => v.voucher_id === attempt.voucherId)
  if (attempt.action === 'NORMAL_ISUSED') {
    if (!own) return { kind: 'undecided', why: 'notListed' }
    if (own.status === 'ISUSED') return { kind: 'applied' }
    if (own.status === 'NORMAL') return { kind: 'not_applied' }
    return { kind: 'undecided', why: own.status === 'DELETED' ? 'deleted' : 'otherState' }
  }

  if (!own) return { kind: 'undecided', why: 'notListed' }
  if (own.status === 'NORMAL') return { kind: 'applied', reissuedVoucherId: attempt.voucherId }
  // gmt_created has whole seconds: a voucher made in the attempt's own second counts as after it.
  const since = Math.floor(attempt.attemptedAt / 1000) * 1000
  const reissued = listed.filter((v) => {
    const created = parseTopTime(v.gmt_created)
    return (
      v.voucher_id !== undefined &&
      v.voucher_id !== attempt.voucherId &&
      v.status === 'NORMAL' &&
      own.voucher_template_id !== undefined &&
      v.voucher_template_id === own.voucher_template_id &&
      created !== undefined &&
      created >= since &&
      !knownReissued.has(v.voucher_id)
    )
  })
  if (reissued.length === 1) return { kind: 'applied', reissuedVoucherId: reissued[0]!.voucher_id! }
  if (reissued.length > 1) return { kind: 'undecided', why: 'severalReissued', candidates: reissued.map((v) => v.voucher_id!) }
  if (own.status === 'ISUSED') return { kind: 'not_applied' }
  return { kind: 'undecided', why: own.status === 'DELETED' ? 'deleted' : 'otherState' }
}
