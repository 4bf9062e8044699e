import type { DraftBody } from '@contract/ipc/channels/templates'
import { DISCOUNT_RATE_SCALE, INVESTOR_RATIO_SCALE } from '../shared/units'
import { AMOUNT_THRESHOLD_TYPES, COUNT_THRESHOLD_TYPES, DISCOUNT_KIND_BY_TYPE } from './relevance'

/**
 * What a template would take off a sample basket, and who pays for it. A preview for the
 * store manager, in whole fen, from the template's own numbers (units as in top-protocol.md,
 * which infers them; the editor shows the raw values too). Rounding never gives away part of a
 * fen: a percentage discount is rounded down, and investor shares add up exactly to it.
 */

export interface Basket {
  /** Basket total in fen. */
  amountFen: number
  itemCount: number
}

export interface InvestorShare {
  investor: string
  /** Parts of 10000. */
  ratio: number
  shareFen: number
}

export type PreviewResult =
  /** The template lacks what the computation needs (type, amount, rate). */
  | { kind: 'incomplete'; missing: string }
  /** The basket does not reach the template's threshold. */
  | { kind: 'thresholdNotMet'; threshold: 'amount'; neededFen: number }
  | { kind: 'thresholdNotMet'; threshold: 'count'; neededCount: number }
  /** A fixed price at or above the basket total saves nothing. */
  | { kind: 'noSaving'; fixPriceFen: number }
  | {
      kind: 'applied'
      discountFen: number
      payFen: number
      shares: InvestorShare[]
      /** Discount no investor covers (shares summing to less than 100%). */
      unallocatedFen: number
    }

type Template = NonNullable<DraftBody['coupon_template']>

export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** A threshold applies when the coupon type needs it or its switch is on, as the contract's rules read them. */
export function thresholdApplies(template: Template, which: 'amount' | 'count'): boolean {
  const types = which === 'amount' ? AMOUNT_THRESHOLD_TYPES : COUNT_THRESHOLD_TYPES
  const on = which === 'amount' ? template.condition_config?.amount_at : template.condition_config?.count_at
  return types.has(template.common_config?.type) || on === true
}

export function previewDiscount(template: Template | undefined, basket: Basket): PreviewResult {
  const type = template?.common_config?.type
  const kind = typeof type === 'number' ? DISCOUNT_KIND_BY_TYPE[type] : undefined
  if (!template || kind === undefined) return { kind: 'incomplete', missing: 'type' }
  const condition = template.condition_config ?? {}
  const discount = template.discount_config ?? {}

  if (thresholdApplies(template, 'amount')) {
    if (!isCount(condition.amount)) return { kind: 'incomplete', missing: 'amount' }
    if (basket.amountFen < condition.amount) return { kind: 'thresholdNotMet', threshold: 'amount', neededFen: condition.amount }
  }
  if (thresholdApplies(template, 'count')) {
    if (!isCount(condition.count)) return { kind: 'incomplete', missing: 'count' }
    if (basket.itemCount < condition.count) return { kind: 'thresholdNotMet', threshold: 'count', neededCount: condition.count }
  }

  let discountFen: number
  switch (kind) {
    case 'fix_price': {
      const price = discount.fix_price_amount
      if (!isCount(price)) return { kind: 'incomplete', missing: 'fix_price_amount' }
      if (price >= basket.amountFen) return { kind: 'noSaving', fixPriceFen: price }
      discountFen = basket.amountFen - price
      break
    }
    case 'decrease': {
      const money = discount.decrease_money
      if (!isCount(money)) return { kind: 'incomplete', missing: 'decrease_money' }
      // A reduction never exceeds what is in the basket.
      discountFen = Math.min(money, basket.amountFen)
      break
    }
    case 'discount': {
      const rate = discount.discount_rate
      if (!isCount(rate) || rate < 1 || rate >= DISCOUNT_RATE_SCALE) return { kind: 'incomplete', missing: 'discount_rate' }
      discountFen = Math.floor((basket.amountFen * (DISCOUNT_RATE_SCALE - rate)) / DISCOUNT_RATE_SCALE)
      break
    }
  }
  const { shares, unallocatedFen } = splitAmongInvestors(discountFen, template.investment_config?.investment_info_list)
  return { kind: 'applied', discountFen, payFen: basket.amountFen - discountFen, shares, unallocatedFen }
}

/**
 * Each investor's share of `totalFen` by ratio, in whole fen. When the ratios make up 100%, the
 * fen lost to rounding down go to the largest remainders (earlier rows first on ties), so the
 * shares add up to the total exactly.
 */
export function splitAmongInvestors(
  totalFen: number,
  list: readonly { investor?: unknown; investor_ratio?: unknown }[] | undefined,
): { shares: InvestorShare[]; unallocatedFen: number } {
  const rows = (list ?? []).filter((row) => isCount(row.investor_ratio) && row.investor_ratio <= INVESTOR_RATIO_SCALE)
  const shares = rows.map((row) => {
    const ratio = row.investor_ratio as number
    const exact = totalFen * ratio
    return {
      investor: typeof row.investor === 'string' ? row.investor : '',
      ratio,
      shareFen: Math.floor(exact / INVESTOR_RATIO_SCALE),
      remainder: exact % INVESTOR_RATIO_SCALE,
    }
  })
  const ratioSum = shares.reduce((sum, s) => sum + s.ratio, 0)
  if (ratioSum === INVESTOR_RATIO_SCALE) {
    let left = totalFen - shares.reduce((sum, s) => sum + s.shareFen, 0)
    const order = shares.map((s, i) => ({ i, r: s.remainder })).sort((a, b) => b.r - a.r || a.i - b.i)
    for (const { i } of order) {
      if (left <= 0) break
      shares[i]!.shareFen++
      left--
    }
  }
  const allocated = shares.reduce((sum, s) => sum + s.shareFen, 0)
  return {
    shares: shares.map(({ investor, ratio, shareFen }) => ({ investor, ratio, shareFen })),
    unallocatedFen: totalFen - allocated,
  }
}
