import { describe, expect, it } from 'vitest'
import { previewDiscount, splitAmongInvestors } from '@renderer/templates/discount-preview'
import { ruleOf, summarizeDiscount } from '@renderer/templates/discount-summary'
import { catalogues as messages } from '@contract/locales'

type Template = Parameters<typeof previewDiscount>[0]

const investors = [
  { investor: 'brand', investor_ratio: 6000 },
  { investor: 'store', investor_ratio: 4000 },
]

function template(type: number, discount: object, condition: object = {}): Template {
  return {
    common_config: { type },
    discount_config: discount,
    condition_config: condition,
    investment_config: { investment_info_list: investors },
  }
}

describe('discount preview', () => {
  it('FIX_PRICE: the basket costs the fixed price', () => {
    const result = previewDiscount(template(6, { fix_price: true, fix_price_amount: 990 }), { amountFen: 2500, itemCount: 1 })
    expect(result).toMatchObject({ kind: 'applied', discountFen: 1510, payFen: 990 })
  })

  it('FIX_PRICE at or above the basket saves nothing', () => {
    expect(previewDiscount(template(6, { fix_price: true, fix_price_amount: 2500 }), { amountFen: 2500, itemCount: 1 })).toEqual({
      kind: 'noSaving',
      fixPriceFen: 2500,
    })
    expect(previewDiscount(template(6, { fix_price: true, fix_price_amount: 3000 }), { amountFen: 2500, itemCount: 1 }).kind).toBe(
      'noSaving',
    )
  })

  it('FULL_AMOUNT_REDUCE: 满100减10 takes 10 off at 100, nothing below', () => {
    const t = template(11, { decrease: true, decrease_money: 1000 }, { amount_at: true, amount: 10000 })
    expect(previewDiscount(t, { amountFen: 10000, itemCount: 1 })).toMatchObject({ kind: 'applied', discountFen: 1000, payFen: 9000 })
    expect(previewDiscount(t, { amountFen: 9999, itemCount: 5 })).toEqual({
      kind: 'thresholdNotMet',
      threshold: 'amount',
      neededFen: 10000,
    })
  })

  it('FULL_AMOUNT_DISCOUNT: 满200打8折 rounds the discount down to the fen', () => {
    const t = template(12, { discount: true, discount_rate: 800 }, { amount_at: true, amount: 20000 })
    expect(previewDiscount(t, { amountFen: 20001, itemCount: 1 })).toMatchObject({ kind: 'applied', discountFen: 4000, payFen: 16001 })
    // 0.2 × 33333 = 6666.6 → 6666: the fraction of a fen stays with the store.
    expect(previewDiscount(t, { amountFen: 33333, itemCount: 1 })).toMatchObject({ discountFen: 6666, payFen: 26667 })
  })

  it('FULL_COUNT_REDUCE: 满3件减5', () => {
    const t = template(13, { decrease: true, decrease_money: 500 }, { count_at: true, count: 3 })
    expect(previewDiscount(t, { amountFen: 3000, itemCount: 3 })).toMatchObject({ kind: 'applied', discountFen: 500 })
    expect(previewDiscount(t, { amountFen: 3000, itemCount: 2 })).toEqual({ kind: 'thresholdNotMet', threshold: 'count', neededCount: 3 })
  })

  it('FULL_COUNT_DISCOUNT: 满2件打9折', () => {
    const t = template(14, { discount: true, discount_rate: 900 }, { count_at: true, count: 2 })
    expect(previewDiscount(t, { amountFen: 1999, itemCount: 2 })).toMatchObject({ kind: 'applied', discountFen: 199, payFen: 1800 })
  })

  it('VOUCHER: takes its value off, never more than the basket', () => {
    const t = template(15, { decrease: true, decrease_money: 2000 })
    expect(previewDiscount(t, { amountFen: 5000, itemCount: 1 })).toMatchObject({ discountFen: 2000, payFen: 3000 })
    expect(previewDiscount(t, { amountFen: 1500, itemCount: 1 })).toMatchObject({ discountFen: 1500, payFen: 0 })
  })

  it('a threshold switched on applies to any type', () => {
    const t = template(15, { decrease: true, decrease_money: 500 }, { amount_at: true, amount: 3000 })
    expect(previewDiscount(t, { amountFen: 2999, itemCount: 1 }).kind).toBe('thresholdNotMet')
  })

  it('says what is missing instead of guessing', () => {
    expect(previewDiscount({}, { amountFen: 100, itemCount: 1 })).toEqual({ kind: 'incomplete', missing: 'type' })
    expect(previewDiscount(template(11, { decrease: true }, { amount_at: true, amount: 100 }), { amountFen: 100, itemCount: 1 })).toEqual({
      kind: 'incomplete',
      missing: 'decrease_money',
    })
    expect(
      previewDiscount(template(12, { discount: true, discount_rate: '800' }, { amount: 1 }), { amountFen: 100, itemCount: 1 }),
    ).toEqual({
      kind: 'incomplete',
      missing: 'discount_rate',
    })
    expect(previewDiscount(template(11, { decrease_money: 10 }), { amountFen: 100, itemCount: 1 })).toEqual({
      kind: 'incomplete',
      missing: 'amount',
    })
  })
})

describe('investor shares', () => {
  it('splits by ratio and hands the rounding fen to the largest remainders, adding up exactly', () => {
    const { shares, unallocatedFen } = splitAmongInvestors(1001, investors)
    expect(shares.map((s) => s.shareFen)).toEqual([601, 400])
    expect(unallocatedFen).toBe(0)
    const thirds = splitAmongInvestors(100, [
      { investor: 'a', investor_ratio: 3333 },
      { investor: 'b', investor_ratio: 3333 },
      { investor: 'c', investor_ratio: 3334 },
    ])
    expect(thirds.shares.map((s) => s.shareFen)).toEqual([33, 33, 34])
    expect(thirds.shares.reduce((sum, s) => sum + s.shareFen, 0)).toBe(100)
  })

  it('leaves what shares under 100% do not cover as unallocated', () => {
    const { shares, unallocatedFen } = splitAmongInvestors(1000, [{ investor: 'caoding', investor_ratio: 2000 }])
    expect(shares).toEqual([{ investor: 'caoding', ratio: 2000, shareFen: 200 }])
    expect(unallocatedFen).toBe(800)
  })
})

describe('discount summary in the editor (rule in words + a sample order that meets it)', () => {
  it.each([
    [
      '满元减: an order 20% above the threshold',
      template(11, { decrease: true, decrease_money: 1000 }, { amount_at: true, amount: 10000 }),
      { key: 'templates.summary.rule.decreaseAmount', params: { amount: '100', off: '10' } },
      { amountFen: 12000, itemCount: 1 },
      { kind: 'applied', discountFen: 1000, payFen: 11000 },
    ],
    [
      '满元折: rounded up to whole yuan',
      template(12, { discount: true, discount_rate: 800 }, { amount_at: true, amount: 9950 }),
      { key: 'templates.summary.rule.discountAmount', params: { amount: '99.5', zhe: '8' } },
      { amountFen: 12000, itemCount: 1 },
      { kind: 'applied', discountFen: 2400, payFen: 9600 },
    ],
    [
      '满件减: as many items as the threshold',
      template(13, { decrease: true, decrease_money: 500 }, { count_at: true, count: 3 }),
      { key: 'templates.summary.rule.decreaseCount', params: { count: 3, off: '5' } },
      { amountFen: 10000, itemCount: 3 },
      { kind: 'applied', discountFen: 500, payFen: 9500 },
    ],
    [
      '一口价: an order well above the price',
      template(6, { fix_price: true, fix_price_amount: 9900 }),
      { key: 'templates.summary.rule.fixPrice', params: { price: '99' } },
      { amountFen: 14900, itemCount: 1 },
      { kind: 'applied', discountFen: 5000, payFen: 9900 },
    ],
    [
      '抵用券: no threshold, a ¥100 order',
      template(15, { decrease: true, decrease_money: 2000 }),
      { key: 'templates.summary.rule.decrease', params: { off: '20' } },
      { amountFen: 10000, itemCount: 1 },
      { kind: 'applied', discountFen: 2000, payFen: 8000 },
    ],
  ])('%s', (_name, t, rule, basket, result) => {
    const summary = summarizeDiscount(t)
    expect(summary.rule).toEqual(rule)
    expect(summary.basket).toEqual(basket)
    expect(summary.result).toMatchObject(result)
  })

  it('has no rule while the numbers are missing, and says what is missing', () => {
    const summary = summarizeDiscount(template(11, { decrease: true }, { amount_at: true, amount: 10000 }))
    expect(summary.rule).toBeUndefined()
    expect(summary.result).toEqual({ kind: 'incomplete', missing: 'decrease_money' })
    expect(summarizeDiscount(undefined).result).toEqual({ kind: 'incomplete', missing: 'type' })
  })

  it('every rule it can name has a text in both languages', () => {
    const keys = [
      template(6, { fix_price_amount: 1 }),
      template(11, { decrease_money: 1 }, { amount_at: true, amount: 1 }),
      template(13, { decrease_money: 1 }, { count_at: true, count: 1 }),
      template(15, { decrease_money: 1 }),
      template(12, { discount_rate: 800 }, { amount_at: true, amount: 1 }),
      template(14, { discount_rate: 800 }, { count_at: true, count: 1 }),
      template(12, { discount_rate: 800 }, { amount_at: false }),
    ].map((t) => ruleOf(t)?.key)
    expect(new Set(keys).size).toBe(7)
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys) {
        const text = key!.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], messages[locale])
        expect(typeof text, `${locale} ${key}`).toBe('string')
      }
    }
  })
})
