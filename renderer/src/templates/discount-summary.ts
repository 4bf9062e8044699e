import type { DraftBody } from '@contract/ipc/channels/templates'
import { DISCOUNT_RATE_SCALE, formatScaled, rateToZhe } from '../shared/units'
import { isCount, previewDiscount, thresholdApplies, type Basket, type PreviewResult } from './discount-preview'
import { DISCOUNT_KIND_BY_TYPE } from './relevance'

/**
 * The one-line reading of the discount shown inside the editor while typing ("满 ¥100 减 ¥10：
 * 样例订单 ¥120（1 件）→ 减 ¥10，实付 ¥110"): the template's own numbers read back in words,
 * and what they do to a sample order that meets its threshold. The preview tab does the same for
 * any basket; this picks one, so a unit slip (10 typed for ¥0.10) shows at once.
 */

type Template = NonNullable<DraftBody['coupon_template']>

/** A message key with its params (money as yuan text, shortest form). */
export interface Phrase {
  key: string
  params: Record<string, string | number>
}

export interface DiscountSummary {
  rule?: Phrase
  basket: Basket
  result: PreviewResult
}

/** Sample order when the template has no threshold: ¥100, one item. */
const DEFAULT_SAMPLE_FEN = 10_000
/** Whole yuan at or above `fen`. */
const roundUpToYuan = (fen: number): number => Math.ceil(fen / 100) * 100
export const yuanText = (fen: number): string => formatScaled(fen, 2)

/** The threshold the sample order must clear, when it applies and is set. */
function thresholdOf(template: Template, which: 'amount' | 'count'): number | undefined {
  const value = template.condition_config?.[which]
  return thresholdApplies(template, which) && isCount(value) && value > 0 ? value : undefined
}

/**
 * An order that just clears the threshold: 20% above the amount threshold (in whole yuan), as
 * many items as the count threshold asks; for a fixed price, an order well above that price.
 */
function sampleBasket(template: Template | undefined): Basket {
  if (!template) return { amountFen: DEFAULT_SAMPLE_FEN, itemCount: 1 }
  const amount = thresholdOf(template, 'amount')
  const count = thresholdOf(template, 'count')
  let amountFen = amount !== undefined ? roundUpToYuan(Math.ceil((amount * 6) / 5)) : DEFAULT_SAMPLE_FEN
  const fixPrice = template.discount_config?.fix_price_amount
  const type = template.common_config?.type
  if (typeof type === 'number' && DISCOUNT_KIND_BY_TYPE[type] === 'fix_price' && isCount(fixPrice)) {
    amountFen = Math.max(amountFen, roundUpToYuan(Math.ceil((fixPrice * 3) / 2)))
  }
  return { amountFen, itemCount: count ?? 1 }
}

/** The rule in words, from the coupon type and its numbers; undefined while they are incomplete. */
export function ruleOf(template: Template | undefined): Phrase | undefined {
  const type = template?.common_config?.type
  const kind = typeof type === 'number' ? DISCOUNT_KIND_BY_TYPE[type] : undefined
  if (!template || kind === undefined) return undefined
  const discount = template.discount_config ?? {}
  const amount = thresholdOf(template, 'amount')
  const count = thresholdOf(template, 'count')
  const threshold = amount !== undefined ? 'Amount' : count !== undefined ? 'Count' : ''
  const base: Record<string, string | number> = {
    ...(amount !== undefined ? { amount: yuanText(amount) } : {}),
    ...(count !== undefined ? { count } : {}),
  }
  switch (kind) {
    case 'fix_price':
      return isCount(discount.fix_price_amount)
        ? { key: 'templates.summary.rule.fixPrice', params: { price: yuanText(discount.fix_price_amount) } }
        : undefined
    case 'decrease':
      return isCount(discount.decrease_money)
        ? { key: `templates.summary.rule.decrease${threshold}`, params: { ...base, off: yuanText(discount.decrease_money) } }
        : undefined
    case 'discount': {
      const rate = discount.discount_rate
      return isCount(rate) && rate >= 1 && rate < DISCOUNT_RATE_SCALE
        ? { key: `templates.summary.rule.discount${threshold}`, params: { ...base, zhe: rateToZhe(rate) } }
        : undefined
    }
  }
}

export function summarizeDiscount(template: Template | undefined): DiscountSummary {
  const basket = sampleBasket(template)
  const rule = ruleOf(template)
  return { ...(rule ? { rule } : {}), basket, result: previewDiscount(template, basket) }
}
