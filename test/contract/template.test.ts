import { describe, it, expect } from 'vitest'
import { TEMPLATE_REQUEST_EXAMPLE, TEMPLATE_RESPONSE_EXAMPLE, VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { CouponType } from '@contract/api/enums'
import {
  AMOUNT_THRESHOLD_TYPES,
  COUNT_THRESHOLD_TYPES,
  COUPON_TYPE_NEEDS,
  DISCOUNT_KIND_BY_TYPE,
  ApiResultSchema,
  CouponTemplateOperateRequestPlainSchema,
  CouponTemplateOperateRequestSchema,
  CouponTemplateSchema,
  TEMPLATE_GROUPS,
  TemplateUpdateResponseSchema,
  templateCrossFieldIssues,
  templateWarnings,
  type CouponTemplateInput,
  type CouponTemplateOperateRequestInput,
} from '@contract/api/template'
import { clone, deleteAt, expectIssue, issuesOf, requiredPaths } from './helpers'

type Draft = CouponTemplateOperateRequestInput
type Template = CouponTemplateInput

const REQUIRED_PATHS = [
  ['coupon_template'],
  ['coupon_template', 'apply_limit_config'],
  ['coupon_template', 'apply_limit_config', 'coupon_total_lmt'],
  ['coupon_template', 'common_config'],
  ['coupon_template', 'common_config', 'description'],
  ['coupon_template', 'common_config', 'title'],
  ['coupon_template', 'common_config', 'type'],
]

const Refined = CouponTemplateOperateRequestSchema

/** The valid example with `edit` applied to a copy of its template. */
function variant(edit: (t: Template) => void): Draft {
  const draft: Draft = clone(VALID_TEMPLATE_EXAMPLE)
  edit(draft.coupon_template)
  return draft
}

const at = (...path: (string | number)[]) => ['coupon_template', ...path]

describe('CouponTemplateOperateRequest', () => {
  it('parses the doc example with the plain schema', () => {
    const parsed = CouponTemplateOperateRequestPlainSchema.parse(TEMPLATE_REQUEST_EXAMPLE)
    expect(parsed.coupon_template.common_config.title).toBe('超市8折')
    expect(parsed.coupon_template.option_config?.contract_instance_id).toBe('100100331414')
    expect(parsed.coupon_template.id).toBe('1')
    expect(parsed.user_info?.user_id).toBe('1')
  })

  it('the doc example passes: what it breaks are rules the doc does not state, shown as warnings', () => {
    expect(issuesOf(Refined, TEMPLATE_REQUEST_EXAMPLE)).toEqual([])
    const warnings = templateWarnings(TEMPLATE_REQUEST_EXAMPLE, new Date('2019-01-01T00:00:00Z')).map((i) => i.key)
    expect(warnings).toEqual(
      expect.arrayContaining([
        'contract.template.applyTimeEqual',
        'contract.template.validTimeEqual',
        'contract.template.discountKindForType',
        'contract.template.investorRatioSum',
      ]),
    )
  })

  it('parses the valid example with the refined schema', () => {
    expect(issuesOf(Refined, VALID_TEMPLATE_EXAMPLE)).toEqual([])
  })

  it('covers every group and field of the doc', () => {
    expect(Object.keys(CouponTemplateSchema.shape)).toEqual([...TEMPLATE_GROUPS, 'id', 'source_id', 'uuid', 'unique_id'])
    // The doc example sets every field: after parsing, none was dropped, also inside list items
    // (InvestmentInfo, LogicGroup). The field list itself is checked against the doc in api-docs.test.ts.
    const parsed = CouponTemplateOperateRequestPlainSchema.parse(TEMPLATE_REQUEST_EXAMPLE)
    const keysOf = (v: unknown): string[] => {
      if (Array.isArray(v)) return v.flatMap((item, i) => keysOf(item).map((k) => `[${i}].${k}`))
      if (!v || typeof v !== 'object') return []
      return Object.entries(v).flatMap(([k, child]) => [k, ...keysOf(child).map((kk) => `${k}${kk.startsWith('[') ? '' : '.'}${kk}`)])
    }
    const keys = keysOf(TEMPLATE_REQUEST_EXAMPLE)
    expect(keys).toContain('coupon_template.investment_config.investment_info_list[0].investor')
    expect(keys).toContain('coupon_template.participate_config.participate_list[0].wdk_group_name')
    expect(keysOf(parsed).sort()).toEqual(keys.sort())
  })

  it("requires exactly the doc's required fields (optional groups have none inside)", () => {
    expect(requiredPaths(CouponTemplateOperateRequestPlainSchema)).toEqual(REQUIRED_PATHS)
    expect(requiredPaths(CouponTemplateOperateRequestPlainSchema, true)).toEqual(REQUIRED_PATHS)
  })

  it.each(REQUIRED_PATHS.map((p) => [p.join('.'), p] as const))('reports a missing %s as required', (_name, path) => {
    const value = clone(TEMPLATE_REQUEST_EXAMPLE)
    deleteAt(value, path)
    for (const schema of [CouponTemplateOperateRequestPlainSchema, Refined]) {
      expectIssue(issuesOf(schema, value), path, 'contract.required')
    }
  })

  it('keeps 64-bit ids above 2^53 exact', () => {
    const parsed = Refined.parse(
      variant((t) => {
        t.source_id = 18014398509481985n
        t.option_config = { contract_instance_id: '9223372036854775807', purchase_id: '9007199254740993' }
      }),
    )
    expect(parsed.coupon_template.id).toBe('9007199254740993')
    expect(parsed.coupon_template.source_id).toBe('18014398509481985')
    expect(parsed.coupon_template.option_config?.contract_instance_id).toBe('9223372036854775807')
    expect(parsed.coupon_template.option_config?.purchase_id).toBe('9007199254740993')
    expect(parsed.user_info?.user_id).toBe('2088000000000001')
  })

  it('rejects an id that would lose precision as a number', () => {
    const draft = variant((t) => (t.id = 2 ** 53 + 2))
    expectIssue(issuesOf(Refined, draft), at('id'), 'contract.int64')
  })

  it('checks field formats with keyed messages', () => {
    const draft = variant((t) => {
      t.apply_limit_config.apply_end_time = '2025-02-30 00:00:00'
      Object.assign(t.common_config, { type: 7 })
      t.condition_config!.terminals = ['3' as never]
      t.option_config = { logo_url: 'javascript:alert(1)' }
      t.compatible_config = { valid_till_night: 2 as never }
    })
    const issues = issuesOf(Refined, draft)
    expectIssue(issues, at('apply_limit_config', 'apply_end_time'), 'contract.dateTime')
    expectIssue(issues, at('common_config', 'type'), 'contract.invalidValue')
    expectIssue(issues, at('condition_config', 'terminals', 0), 'contract.invalidValue')
    expectIssue(issues, at('option_config', 'logo_url'), 'contract.url')
    expectIssue(issues, at('compatible_config', 'valid_till_night'), 'contract.invalidValue')
  })
})

interface RuleCase {
  name: string
  pass: (t: Template) => void
  fail: (t: Template) => void
  path: (string | number)[]
  key: string
  params?: Record<string, string | number>
  /** A rule the docs do not state: reported as a warning, never blocking the request. */
  warning?: true
}

const asType = (t: Template, type: number) => Object.assign(t.common_config, { type })

const RULES: RuleCase[] = [
  // caps
  {
    name: 'personal_daily_lmt ≤ personal_lmt',
    pass: (t) => Object.assign(t.apply_limit_config, { personal_daily_lmt: 3, personal_lmt: 3 }),
    fail: (t) => Object.assign(t.apply_limit_config, { personal_daily_lmt: 4, personal_lmt: 3 }),
    path: at('apply_limit_config', 'personal_daily_lmt'),
    key: 'contract.template.capsOrder',
    params: { other: 'personal_lmt', limit: 3 },
  },
  {
    name: 'personal_lmt ≤ coupon_total_lmt (-1 is unlimited)',
    pass: (t) => Object.assign(t.apply_limit_config, { personal_lmt: 50, coupon_total_lmt: -1 }),
    fail: (t) => Object.assign(t.apply_limit_config, { personal_lmt: 20000 }),
    path: at('apply_limit_config', 'personal_lmt'),
    key: 'contract.template.capsOrder',
    params: { other: 'coupon_total_lmt', limit: 10000 },
  },
  {
    name: 'personal_daily_lmt ≤ coupon_daily_lmt',
    pass: (t) => Object.assign(t.apply_limit_config, { personal_daily_lmt: 2, coupon_daily_lmt: 2 }),
    fail: (t) => Object.assign(t.apply_limit_config, { personal_daily_lmt: 3, coupon_daily_lmt: 2 }),
    path: at('apply_limit_config', 'personal_daily_lmt'),
    key: 'contract.template.capsOrder',
    params: { other: 'coupon_daily_lmt', limit: 2 },
  },
  {
    name: 'coupon_daily_lmt ≤ coupon_total_lmt',
    pass: (t) => Object.assign(t.apply_limit_config, { coupon_daily_lmt: 10000 }),
    fail: (t) => Object.assign(t.apply_limit_config, { coupon_daily_lmt: 10001 }),
    path: at('apply_limit_config', 'coupon_daily_lmt'),
    key: 'contract.template.capsOrder',
    params: { other: 'coupon_total_lmt', limit: 10000 },
  },
  {
    name: 'personal_daily_lmt ≤ coupon_total_lmt when the caps between are open',
    pass: (t) => (t.apply_limit_config = { coupon_total_lmt: 5, personal_daily_lmt: 5, personal_lmt: -1 }),
    fail: (t) => (t.apply_limit_config = { coupon_total_lmt: 5, personal_daily_lmt: 6, personal_lmt: -1 }),
    path: at('apply_limit_config', 'personal_daily_lmt'),
    key: 'contract.template.capsOrder',
    params: { other: 'coupon_total_lmt', limit: 5 },
  },
  // apply window
  {
    name: 'apply_end_time not before apply_start_time',
    pass: (t) => Object.assign(t.apply_limit_config, { apply_start_time: '2025-01-01 00:00:00', apply_end_time: '2025-01-01 00:00:01' }),
    fail: (t) => Object.assign(t.apply_limit_config, { apply_start_time: '2025-01-01 00:00:01', apply_end_time: '2025-01-01 00:00:00' }),
    path: at('apply_limit_config', 'apply_end_time'),
    key: 'contract.template.applyTimeOrder',
    params: { start: '2025-01-01 00:00:01' },
  },
  {
    name: 'an apply window of no length (the doc example) is only advised against',
    warning: true,
    pass: (t) => Object.assign(t.apply_limit_config, { apply_start_time: '2025-01-01 00:00:00', apply_end_time: '2025-01-01 00:00:01' }),
    fail: (t) => Object.assign(t.apply_limit_config, { apply_start_time: '2025-01-01 00:00:00', apply_end_time: '2025-01-01 00:00:00' }),
    path: at('apply_limit_config', 'apply_end_time'),
    key: 'contract.template.applyTimeEqual',
    params: { start: '2025-01-01 00:00:00' },
  },
  // valid time
  {
    name: 'RANGE needs start_valid_time',
    pass: () => {},
    fail: (t) => (t.time_limit_config = { valid_time_type: 1, end_valid_time: '2025-02-28 23:59:59' }),
    path: at('time_limit_config', 'start_valid_time'),
    key: 'contract.template.rangeTimeRequired',
  },
  {
    name: 'RANGE needs end_valid_time',
    pass: () => {},
    fail: (t) => (t.time_limit_config = { valid_time_type: 1, start_valid_time: '2025-02-28 23:59:59' }),
    path: at('time_limit_config', 'end_valid_time'),
    key: 'contract.template.rangeTimeRequired',
  },
  {
    name: 'RANGE needs start < end',
    pass: (t) => Object.assign(t.time_limit_config!, { start_valid_time: '2025-01-01 00:00:00', end_valid_time: '2025-01-01 00:00:01' }),
    fail: (t) => Object.assign(t.time_limit_config!, { start_valid_time: '2025-03-01 00:00:00' }),
    path: at('time_limit_config', 'end_valid_time'),
    key: 'contract.template.validTimeOrder',
    params: { start: '2025-03-01 00:00:00' },
  },
  {
    name: 'DURATION needs validity_period > 0',
    pass: (t) => (t.time_limit_config = { valid_time_type: 2, validity_period: 86400 }),
    fail: (t) => (t.time_limit_config = { valid_time_type: 2, validity_period: 0 }),
    path: at('time_limit_config', 'validity_period'),
    key: 'contract.template.durationRequired',
  },
  {
    name: 'DURATION accepts start/end intervals instead of a period',
    pass: (t) => (t.time_limit_config = { valid_time_type: 2, validity_start_interval: 0, validity_end_interval: 86400 }),
    fail: (t) => (t.time_limit_config = { valid_time_type: 2, validity_start_interval: 0 }),
    path: at('time_limit_config', 'validity_period'),
    key: 'contract.template.durationRequired',
  },
  {
    name: 'DURATION intervals need start < end',
    pass: (t) => (t.time_limit_config = { valid_time_type: 2, validity_start_interval: 7200, validity_end_interval: 14400 }),
    fail: (t) => (t.time_limit_config = { valid_time_type: 2, validity_start_interval: 14400, validity_end_interval: 14400 }),
    path: at('time_limit_config', 'validity_end_interval'),
    key: 'contract.template.intervalOrder',
    params: { start: 14400 },
  },
  // discount flags by type
  {
    name: 'FIX_PRICE needs fix_price on',
    warning: true,
    pass: (t) => {
      asType(t, 6)
      t.discount_config = { fix_price: true, fix_price_amount: 990 }
    },
    fail: (t) => {
      asType(t, 6)
      t.discount_config = { fix_price: false, fix_price_amount: 990 }
    },
    path: at('discount_config', 'fix_price'),
    key: 'contract.template.discountKindForType',
    params: { type: 6 },
  },
  {
    name: 'FIX_PRICE needs fix_price_amount',
    pass: (t) => {
      asType(t, 6)
      t.discount_config = { fix_price: true, fix_price_amount: 0 }
    },
    fail: (t) => {
      asType(t, 6)
      t.discount_config = { fix_price: true }
    },
    path: at('discount_config', 'fix_price_amount'),
    key: 'contract.template.fixPriceAmountRequired',
  },
  {
    name: 'FULL_AMOUNT_REDUCE needs decrease on',
    warning: true,
    pass: () => {},
    fail: (t) => Object.assign(t.discount_config!, { decrease: false }),
    path: at('discount_config', 'decrease'),
    key: 'contract.template.discountKindForType',
    params: { type: 11 },
  },
  {
    name: 'VOUCHER needs decrease_money > 0',
    pass: (t) => {
      asType(t, 15)
      t.condition_config = {}
    },
    fail: (t) => {
      asType(t, 15)
      t.condition_config = {}
      Object.assign(t.discount_config!, { decrease_money: 0 })
    },
    path: at('discount_config', 'decrease_money'),
    key: 'contract.template.decreaseMoneyRequired',
  },
  {
    name: 'FULL_COUNT_REDUCE needs decrease on',
    warning: true,
    pass: (t) => {
      asType(t, 13)
      t.condition_config = { count_at: true, count: 3 }
    },
    fail: (t) => {
      asType(t, 13)
      t.condition_config = { count_at: true, count: 3 }
      t.discount_config = { decrease_money: 500 }
    },
    path: at('discount_config', 'decrease'),
    key: 'contract.template.discountKindForType',
    params: { type: 13 },
  },
  {
    name: 'FULL_AMOUNT_DISCOUNT needs discount on',
    warning: true,
    pass: (t) => {
      asType(t, 12)
      t.discount_config = { discount: true, discount_rate: 800 }
    },
    fail: (t) => {
      asType(t, 12)
      t.discount_config = { discount_rate: 800 }
    },
    path: at('discount_config', 'discount'),
    key: 'contract.template.discountKindForType',
    params: { type: 12 },
  },
  {
    name: 'FULL_COUNT_DISCOUNT needs discount_rate in 1..999',
    warning: true,
    pass: (t) => {
      asType(t, 14)
      t.condition_config = { count_at: true, count: 2 }
      t.discount_config = { discount: true, discount_rate: 999 }
    },
    fail: (t) => {
      asType(t, 14)
      t.condition_config = { count_at: true, count: 2 }
      t.discount_config = { discount: true, discount_rate: 1000 }
    },
    path: at('discount_config', 'discount_rate'),
    key: 'contract.template.discountRateRange',
    params: { min: 1, max: 999 },
  },
  {
    name: 'discount_rate 0 is no discount',
    warning: true,
    pass: (t) => {
      asType(t, 12)
      t.discount_config = { discount: true, discount_rate: 1 }
    },
    fail: (t) => {
      asType(t, 12)
      t.discount_config = { discount: true, discount_rate: 0 }
    },
    path: at('discount_config', 'discount_rate'),
    key: 'contract.template.discountRateRange',
    params: { min: 1, max: 999 },
  },
  {
    name: 'at most one of fix_price/decrease/discount',
    warning: true,
    pass: (t) => Object.assign(t.discount_config!, { discount: false, fix_price: false }),
    fail: (t) => Object.assign(t.discount_config!, { discount: true, discount_rate: 900 }),
    path: at('discount_config'),
    key: 'contract.template.oneDiscountKind',
    params: { kinds: 'decrease, discount' },
  },
  // thresholds
  {
    name: 'amount_at needs amount > 0',
    pass: (t) => Object.assign(t.condition_config!, { amount: 1001 }),
    fail: (t) => Object.assign(t.condition_config!, { amount: 0 }),
    path: at('condition_config', 'amount'),
    key: 'contract.template.amountRequired',
  },
  {
    name: 'count_at needs count > 0',
    pass: (t) => Object.assign(t.condition_config!, { count_at: true, count: 1 }),
    fail: (t) => Object.assign(t.condition_config!, { count_at: true, count: 0 }),
    path: at('condition_config', 'count'),
    key: 'contract.template.countRequired',
  },
  {
    name: 'FULL_AMOUNT_* needs amount_at',
    warning: true,
    pass: () => {},
    fail: (t) => Object.assign(t.condition_config!, { amount_at: false }),
    path: at('condition_config', 'amount_at'),
    key: 'contract.template.amountThresholdForType',
    params: { type: 11 },
  },
  {
    name: 'FULL_COUNT_* needs count_at',
    warning: true,
    pass: (t) => {
      asType(t, 13)
      t.condition_config = { count_at: true, count: 2 }
    },
    fail: (t) => {
      asType(t, 13)
      t.condition_config = { count: 2 }
    },
    path: at('condition_config', 'count_at'),
    key: 'contract.template.countThresholdForType',
    params: { type: 13 },
  },
  {
    name: 'decrease_money < amount threshold',
    pass: (t) => Object.assign(t.discount_config!, { decrease_money: 9999 }),
    fail: (t) => Object.assign(t.discount_config!, { decrease_money: 10000 }),
    path: at('discount_config', 'decrease_money'),
    key: 'contract.template.reduceBelowThreshold',
    params: { amount: 10000 },
  },
  // investors
  {
    name: 'investor ratios sum to 10000',
    warning: true,
    pass: (t) => (t.investment_config = { investment_info_list: [{ investor: 'brand', investor_ratio: 10000 }] }),
    fail: (t) => (t.investment_config!.investment_info_list![1]!.investor_ratio = 3000),
    path: at('investment_config', 'investment_info_list'),
    key: 'contract.template.investorRatioSum',
    params: { sum: 9000, expected: 10000 },
  },
  {
    name: 'each investor ratio is within 0..10000',
    pass: (t) =>
      (t.investment_config = {
        investment_info_list: [
          { investor: 'a', investor_ratio: 0 },
          { investor: 'b', investor_ratio: 10000 },
        ],
      }),
    fail: (t) =>
      (t.investment_config = {
        investment_info_list: [
          { investor: 'a', investor_ratio: 12000 },
          { investor: 'b', investor_ratio: -2000 },
        ],
      }),
    path: at('investment_config', 'investment_info_list', 0, 'investor_ratio'),
    key: 'contract.template.investorRatioRange',
  },
  {
    name: 'each investor ratio is an integer',
    pass: (t) =>
      (t.investment_config = {
        investment_info_list: [
          { investor: 'a', investor_ratio: 5000 },
          { investor: 'b', investor_ratio: 5000 },
        ],
      }),
    fail: (t) =>
      (t.investment_config = {
        investment_info_list: [
          { investor: 'a', investor_ratio: 5000.5 },
          { investor: 'b', investor_ratio: 4999.5 },
        ],
      }),
    path: at('investment_config', 'investment_info_list', 0, 'investor_ratio'),
    key: 'contract.notInteger',
  },
  // participants
  {
    name: 'participate_list numbers are unique',
    pass: (t) => (t.participate_config!.participate_list![1]!.number = 3),
    fail: (t) => (t.participate_config!.participate_list![1]!.number = 1),
    path: at('participate_config', 'participate_list', 1, 'number'),
    key: 'contract.template.duplicateGroupNumber',
    params: { number: 1 },
  },
]

/** Before the examples' claim windows end, so no "claim window in the past" warning. */
const EARLY = new Date('2024-06-01T00:00:00Z')

describe('template cross-field rules', () => {
  describe.each(RULES)('$name', ({ pass, fail, path, key, params, warning }) => {
    it('passes', () => {
      expect(issuesOf(Refined, variant(pass))).toEqual([])
      expect(templateWarnings(variant(pass), EARLY).filter((w) => w.key === key)).toEqual([])
    })

    if (warning) {
      it(`warns with ${key}, without blocking`, () => {
        expect(issuesOf(Refined, variant(fail)).filter((i) => i.key === key)).toEqual([])
        const issue = expectIssue(templateWarnings(variant(fail), EARLY), path, key)
        if (params) expect(issue.params).toEqual(params)
      })
    } else {
      it(`fails with ${key}`, () => {
        const issue = expectIssue(issuesOf(Refined, variant(fail)), path, key)
        if (params) expect(issue.params).toEqual(params)
        expect(templateWarnings(variant(fail), EARLY).filter((w) => w.key === key)).toEqual([])
      })
    }
  })

  it('a claim window wholly in the past is a warning, not a blocker', () => {
    const past = variant((t) =>
      Object.assign(t.apply_limit_config, { apply_start_time: '2020-01-01 00:00:00', apply_end_time: '2020-01-31 23:59:59' }),
    )
    expect(issuesOf(Refined, past)).toEqual([])
    expect(templateWarnings(past, new Date('2026-12-04T12:00:00Z'))).toEqual([
      {
        path: at('apply_limit_config', 'apply_end_time'),
        key: 'contract.template.applyWindowPast',
        params: { end: '2020-01-31 23:59:59' },
      },
    ])
    // Still open in Beijing: 2020-01-31 23:59:59 GMT+8 is 15:59:59 UTC.
    expect(templateWarnings(past, new Date('2020-01-31T15:59:00Z'))).toEqual([])
  })

  it('reports a cap violation once even when two chains see it', () => {
    const issues = issuesOf(
      Refined,
      variant((t) => (t.apply_limit_config = { coupon_total_lmt: 5, personal_daily_lmt: 6 })),
    )
    expect(issues).toEqual([
      {
        path: at('apply_limit_config', 'personal_daily_lmt'),
        key: 'contract.template.capsOrder',
        params: { other: 'coupon_total_lmt', limit: 5 },
      },
    ])
  })

  it('ignores a template without valid_time_type or type-specific groups', () => {
    const draft = variant((t) => {
      t.time_limit_config = {}
      Object.assign(t.investment_config!, { investment_info_list: [{ investor: 'x' }] })
    })
    expect(issuesOf(Refined, draft)).toEqual([])
  })

  it('run on partial drafts outside zod (the editor)', () => {
    expect(templateCrossFieldIssues({})).toEqual([])
    expect(templateCrossFieldIssues({ coupon_template: { apply_limit_config: { personal_lmt: 9, coupon_total_lmt: 3 } } })).toEqual([
      {
        path: at('apply_limit_config', 'personal_lmt'),
        key: 'contract.template.capsOrder',
        params: { other: 'coupon_total_lmt', limit: 3 },
      },
    ])
    // A draft with ids still as numbers is fine too.
    // VOUCHER with decrease off: what the type suggests is advice, not a blocker.
    const voucher = { coupon_template: { id: 5, common_config: { type: 15 as const } } }
    expect(templateCrossFieldIssues(voucher)).toEqual([])
    expect(templateWarnings(voucher).map((i) => i.key)).toEqual([
      'contract.template.discountKindForType',
      'contract.template.decreaseMoneyRequired',
    ])
  })

  describe('when a field is also wrong (zod 4 runs refinements only if nothing aborted)', () => {
    const capsTooHigh = (t: Template) => Object.assign(t.apply_limit_config, { personal_lmt: 20000 })
    const capsIssue = [at('apply_limit_config', 'personal_lmt'), 'contract.template.capsOrder'] as const

    it('a type error is all the user gets until it is fixed; then the rule speaks', () => {
      const wrongType = variant((t) => {
        capsTooHigh(t)
        t.condition_config!.amount = '10000' as never
      })
      expect(issuesOf(Refined, wrongType)).toEqual([
        { path: at('condition_config', 'amount'), key: 'contract.invalidType', params: { expected: 'number' } },
      ])
      wrongType.coupon_template.condition_config!.amount = 10000
      expect(issuesOf(Refined, wrongType)).toEqual([expect.objectContaining({ path: capsIssue[0], key: capsIssue[1] })])
    })

    it('so is a missing required field', () => {
      const missing = variant((t) => {
        capsTooHigh(t)
        delete (t.common_config as { title?: string }).title
      })
      expect(issuesOf(Refined, missing)).toEqual([{ path: at('common_config', 'title'), key: 'contract.required', params: {} }])
    })

    it('a failed field check does not stop the rules: both are reported', () => {
      const blank = variant((t) => {
        capsTooHigh(t)
        t.common_config.title = '   '
      })
      const issues = issuesOf(Refined, blank)
      expectIssue(issues, at('common_config', 'title'), 'contract.blank')
      expectIssue(issues, ...capsIssue)
    })

    it('the editor sees the rule next to the type error (it runs the rules on the draft itself)', () => {
      const draft = variant((t) => {
        capsTooHigh(t)
        t.condition_config!.amount = '10000' as never
      })
      expect(templateCrossFieldIssues(draft).map((i) => i.key)).toContain('contract.template.capsOrder')
    })
  })

  it('the plain schema leaves cross-field rules out (partial drafts validate field by field)', () => {
    const draft = variant((t) => Object.assign(t.apply_limit_config, { personal_lmt: 20000 }))
    expect(CouponTemplateOperateRequestPlainSchema.safeParse(draft).success).toBe(true)
    expect(CouponTemplateSchema.shape.discount_config.unwrap().partial().safeParse({ decrease: true }).success).toBe(true)
  })
})

describe('template response', () => {
  const requiredInReply = [['result'], ['result', 'success']]

  it('requires exactly result and its success flag', () => {
    expect(requiredPaths(TemplateUpdateResponseSchema, true)).toEqual(requiredInReply)
  })

  it.each(requiredInReply.map((p) => [p.join('.'), p] as const))('reports a missing %s at its path', (_name, path) => {
    const value = clone(TEMPLATE_RESPONSE_EXAMPLE)
    deleteAt(value, path)
    expectIssue(issuesOf(TemplateUpdateResponseSchema, value), path, 'contract.required')
  })

  it('parses the doc example', () => {
    expect(TemplateUpdateResponseSchema.parse(TEMPLATE_RESPONSE_EXAMPLE)).toEqual(TEMPLATE_RESPONSE_EXAMPLE)
  })

  it('keeps unknown extra fields and reads types as the official Java SDK does', () => {
    expect(ApiResultSchema.parse({ success: true, model: '42', extra: 1 })).toEqual({ success: true, model: '42', extra: 1 })
    // A success answered with "err_code": null is a success, not an unreadable reply.
    expect(ApiResultSchema.parse({ success: true, err_code: null, err_msg: null, model: null })).toEqual({ success: true })
    expect(ApiResultSchema.parse({ success: 'false', err_code: 15, model: 42 })).toEqual({ success: false, err_code: '15', model: '42' })
    expectIssue(issuesOf(ApiResultSchema, { success: 'maybe' }), ['success'], 'contract.invalidType')
    expectIssue(issuesOf(ApiResultSchema, { success: true, err_code: { code: 15 } }), ['err_code'], 'contract.invalidType')
    expectIssue(issuesOf(TemplateUpdateResponseSchema, {}), ['result'], 'contract.required')
  })
})

describe('what each coupon type works with', () => {
  it('has one entry per coupon type, and the views the editor reads agree with it', () => {
    expect(Object.keys(COUPON_TYPE_NEEDS).map(Number).sort()).toEqual([...CouponType.codes].sort())
    expect(DISCOUNT_KIND_BY_TYPE).toEqual({
      6: 'fix_price',
      11: 'decrease',
      12: 'discount',
      13: 'decrease',
      14: 'discount',
      15: 'decrease',
    })
    expect([...AMOUNT_THRESHOLD_TYPES].sort()).toEqual([11, 12])
    expect([...COUNT_THRESHOLD_TYPES].sort()).toEqual([13, 14])
  })
})
