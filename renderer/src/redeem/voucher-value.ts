import type { LookedUpVoucher } from '@contract/ipc/channels/redemption'
import { formatScaled } from '../shared/units'

type T = (key: string, params?: Record<string, unknown>) => string

/**
 * What a voucher is worth, in words the cashier acts on. The metadata states no unit for
 * `amount` / `start_fee`: they are read as fen (like the sibling APIs) and the raw value stays
 * beside the yuan reading; `discount_rate` is shown as sent (its scale is not stated either).
 */
export function voucherValue(t: T, v: LookedUpVoucher): string {
  const parts: string[] = []
  if (v.amount !== null && v.amount > 0) parts.push(t('redemption.lookup.amount', { yuan: formatScaled(v.amount, 2), raw: v.amount }))
  if (v.discountRate !== null && v.discountRate !== '') parts.push(t('redemption.lookup.rate', { rate: v.discountRate }))
  if (v.startFee !== null && v.startFee > 0)
    parts.push(t('redemption.lookup.threshold', { yuan: formatScaled(v.startFee, 2), raw: v.startFee }))
  if (v.giftPoint !== null) parts.push(t('redemption.lookup.points', { points: v.giftPoint }))
  return parts.join(' · ')
}
