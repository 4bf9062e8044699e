import { z } from 'zod'
import { replyBool, replyBoolOptional, replyTextOptional } from './reply-fields'
import { ApplicationType, CouponType, LogicGroupType, RangeType, SendType, TemplateStatus, Terminal, ValidTimeType } from './enums'
import { REQUIRED, collectIssues, report, type DeepPartial, type FieldIssue, type IssuePath, type IssueSink } from './issues'
import {
  bool,
  count,
  fen,
  httpUrl,
  int64Id,
  isTopDateTime,
  limitCount,
  seconds,
  stringList,
  toTopDateTime,
  topDateTime,
  trimmedId,
} from './primitives'

/**
 * `alibaba.wdk.coupon.template.update` (优惠券模版修改): request and response.
 *
 * Two layers: the plain object schemas below carry field rules only, so the editor can read
 * `.shape` and validate half-filled groups; `CouponTemplateOperateRequestSchema` adds the
 * cross-field rules (`templateCrossFieldRules`) and is what the TOP client sends.
 * Units follow top-protocol.md: money in fen, discount_rate out of 1000, investor_ratio out of
 * 10000, intervals in seconds, -1 = unlimited for caps. The doc is kept verbatim in `./docs/`;
 * test/contract/api-docs.test.ts checks every field name, required flag and kind against it.
 */

// ---------------------------------------------------------------------------------------------
// Groups, in the doc's order

/** 领取限制 */
export const ApplyLimitConfigSchema = z.object(
  {
    apply_start_time: topDateTime.optional(),
    apply_end_time: topDateTime.optional(),
    coupon_daily_lmt: limitCount.optional(),
    coupon_total_lmt: limitCount,
    personal_daily_lmt: limitCount.optional(),
    personal_lmt: limitCount.optional(),
  },
  REQUIRED,
)

/** 基础信息 */
export const CommonConfigSchema = z.object(
  {
    apply_channels: stringList(trimmedId).optional(),
    description: trimmedId,
    status: TemplateStatus.schema.optional(),
    title: trimmedId,
    type: CouponType.schema,
    send_type: SendType.schema.optional(),
  },
  REQUIRED,
)

/** 人群信息 */
export const UserCrowdConfigSchema = z.object(
  {
    merchant_customize_crowd_name: trimmedId.optional(),
    platform_crowd_name: trimmedId.optional(),
  },
  REQUIRED,
)

/** 生效条件 */
export const ConditionConfigSchema = z.object(
  {
    /** 门槛金额, fen */
    amount: fen.optional(),
    amount_at: bool.optional(),
    categories: stringList(trimmedId).optional(),
    /** 门槛件数 */
    count: count.optional(),
    count_at: bool.optional(),
    only_member_self: bool.optional(),
    range_type: RangeType.schema.optional(),
    shop_ids: stringList(trimmedId).optional(),
    terminals: stringList(Terminal.schema).optional(),
    user_crowd_config: UserCrowdConfigSchema.optional(),
    max_use_count_per_order: z.number(REQUIRED).int().positive().optional(),
    merchant_categories: stringList(trimmedId).optional(),
    /** 最大优惠金额, fen (assumed, like the other money fields). Create only: update's metadata does not list it. */
    max_effect_amount: fen.optional(),
    /** 排除的商品规则 ("1: 专柜品"). Create only: update's metadata does not list it. */
    exclude_item_rules: stringList(trimmedId).optional(),
  },
  REQUIRED,
)

/** Fields of `condition_config` that only `template.create` takes; an update leaves them out. */
export const CREATE_ONLY_CONDITION_FIELDS = ['max_effect_amount', 'exclude_item_rules'] as const

/** 优惠效果 */
export const DiscountConfigSchema = z.object(
  {
    decrease: bool.optional(),
    /** 减钱金额, fen */
    decrease_money: fen.optional(),
    discount: bool.optional(),
    /** 打折额度 out of 1000 (800 = pay 80%); the 1..999 range applies only when `discount` is on. */
    discount_rate: z.number(REQUIRED).int().nonnegative().optional(),
    /** 优惠后的固定价格, fen */
    fix_price_amount: fen.optional(),
    fix_price: bool.optional(),
  },
  REQUIRED,
)

const INVESTOR_RATIO_TOTAL = 10000
const investorRatio = z
  .number(REQUIRED)
  .int()
  .min(0, { error: 'contract.template.investorRatioRange' })
  .max(INVESTOR_RATIO_TOTAL, { error: 'contract.template.investorRatioRange' })

export const InvestmentInfoSchema = z.object(
  {
    investor: trimmedId.optional(),
    /** 出资比例 out of 10000 (2000 = 20%) */
    investor_ratio: investorRatio.optional(),
  },
  REQUIRED,
)

/** 出资人配置 */
export const InvestmentConfigSchema = z.object({ investment_info_list: z.array(InvestmentInfoSchema, REQUIRED).optional() }, REQUIRED)

/** 其他配置--拓展信息 */
export const OptionConfigSchema = z.object(
  {
    out_coupon_template_id: trimmedId.optional(),
    out_coupon_type: trimmedId.optional(),
    logo_url: httpUrl.optional(),
    picture_url: httpUrl.optional(),
    purchase_id: int64Id.optional(),
    contract_instance_id: int64Id.optional(),
  },
  REQUIRED,
)

export const LogicGroupSchema = z.object(
  {
    number: count.optional(),
    wdk_group_name: trimmedId.optional(),
    logic_group_type: LogicGroupType.schema.optional(),
  },
  REQUIRED,
)

/** 参与者 */
export const ParticipateConfigSchema = z.object({ participate_list: z.array(LogicGroupSchema, REQUIRED).optional() }, REQUIRED)

/** 实例有效时间配置 */
export const TimeLimitConfigSchema = z.object(
  {
    end_valid_time: topDateTime.optional(),
    start_valid_time: topDateTime.optional(),
    valid_time_type: ValidTimeType.schema.optional(),
    validity_period: seconds.optional(),
    validity_start_interval: seconds.optional(),
    validity_end_interval: seconds.optional(),
  },
  REQUIRED,
)

/** 兼容历史逻辑配置 */
export const CompatibleConfigSchema = z.object(
  {
    /** 1 = the coupon expires at 23:59:59 of its last day */
    valid_till_night: z.literal([0, 1], REQUIRED).optional(),
    application_type: ApplicationType.schema.optional(),
  },
  REQUIRED,
)

/** 用户信息 */
export const UserInfoSchema = z.object(
  {
    source: trimmedId.optional(),
    user_id: int64Id.optional(),
    user_name: trimmedId.optional(),
  },
  REQUIRED,
)

/** 券模版 (plain: field rules only) */
export const CouponTemplateSchema = z.object(
  {
    apply_limit_config: ApplyLimitConfigSchema,
    common_config: CommonConfigSchema,
    condition_config: ConditionConfigSchema.optional(),
    discount_config: DiscountConfigSchema.optional(),
    investment_config: InvestmentConfigSchema.optional(),
    option_config: OptionConfigSchema.optional(),
    participate_config: ParticipateConfigSchema.optional(),
    time_limit_config: TimeLimitConfigSchema.optional(),
    compatible_config: CompatibleConfigSchema.optional(),
    /** 模板表主键: empty when creating */
    id: int64Id.optional(),
    /** ump模板ID */
    source_id: int64Id.optional(),
    uuid: trimmedId.optional(),
    /** 幂等id: the business idempotency key of the call */
    unique_id: trimmedId.optional(),
  },
  REQUIRED,
)

/** The nine config groups of a template, in the doc's order (the editor's sections). */
export const TEMPLATE_GROUPS = [
  'apply_limit_config',
  'common_config',
  'condition_config',
  'discount_config',
  'investment_config',
  'option_config',
  'participate_config',
  'time_limit_config',
  'compatible_config',
] as const satisfies readonly (keyof typeof CouponTemplateSchema.shape)[]
export type TemplateGroup = (typeof TEMPLATE_GROUPS)[number]

/** CouponTemplateOperateRequest (plain: field rules only) */
export const CouponTemplateOperateRequestPlainSchema = z.object(
  {
    coupon_template: CouponTemplateSchema,
    user_info: UserInfoSchema.optional(),
  },
  REQUIRED,
)

// ---------------------------------------------------------------------------------------------
// Cross-field rules

/** What the rules accept: a parsed request, or any partial draft of one (ids in any accepted form). */
export type TemplateDraft = DeepPartial<z.input<typeof CouponTemplateOperateRequestPlainSchema>>

const T = 'coupon_template'
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isTime = (v: unknown): v is string => typeof v === 'string' && isTopDateTime(v)

/** A discount switch of `discount_config`: 一口价, 减 (money off) or 折 (a rate). */
export type DiscountKind = 'fix_price' | 'decrease' | 'discount'

/**
 * What each coupon type works with: its discount switch, and the threshold its name implies
 * (满元: an amount, 满件: a count). The doc never ties them together (see the rules below), so this
 * is our reading; the one table the contract's cross-field rules and the editor both read.
 */
export const COUPON_TYPE_NEEDS: Readonly<Record<number, { discount: DiscountKind; threshold: 'amount' | 'count' | null }>> = {
  [CouponType.byKey.FIX_PRICE.code]: { discount: 'fix_price', threshold: null },
  [CouponType.byKey.FULL_AMOUNT_REDUCE.code]: { discount: 'decrease', threshold: 'amount' },
  [CouponType.byKey.FULL_COUNT_REDUCE.code]: { discount: 'decrease', threshold: 'count' },
  [CouponType.byKey.VOUCHER.code]: { discount: 'decrease', threshold: null },
  [CouponType.byKey.FULL_AMOUNT_DISCOUNT.code]: { discount: 'discount', threshold: 'amount' },
  [CouponType.byKey.FULL_COUNT_DISCOUNT.code]: { discount: 'discount', threshold: 'count' },
}

const typesWhere = (test: (needs: (typeof COUPON_TYPE_NEEDS)[number]) => boolean): number[] =>
  Object.entries(COUPON_TYPE_NEEDS).flatMap(([type, needs]) => (test(needs) ? [Number(type)] : []))

/** Which discount switch each coupon type needs. */
export const DISCOUNT_KIND_BY_TYPE: Readonly<Record<number, DiscountKind>> = Object.fromEntries(
  Object.entries(COUPON_TYPE_NEEDS).map(([type, needs]) => [Number(type), needs.discount]),
)
/** The 满元 types: they need an amount threshold. */
export const AMOUNT_THRESHOLD_TYPES: ReadonlySet<unknown> = new Set(typesWhere((n) => n.threshold === 'amount'))
/** The 满件 types: they need a count threshold. */
export const COUNT_THRESHOLD_TYPES: ReadonlySet<unknown> = new Set(typesWhere((n) => n.threshold === 'count'))

export const DISCOUNT_RATE_MIN = 1
export const DISCOUNT_RATE_MAX = 999

type Template = NonNullable<TemplateDraft['coupon_template']>
/**
 * A cross-field rule reports to one of two sinks. `block`: what the docs state, and what cannot
 * be (an end before its start, a value missing for a switch that is on): the request is not sent.
 * `warn`: our reading of what the docs leave unsaid (which switch a coupon type uses, the rate's
 * scale, shares adding up to 100 %…): shown at the field with the reason, never a reason to hold
 * a submission back — the seed doc's own example breaks several of them.
 */
type Rule = (t: Template, block: IssueSink, warn: IssueSink) => void

/** Where the rules of the other severity go when only one is wanted. */
const NOWHERE: IssueSink = { addIssue: () => undefined }

/**
 * Each cap must fit inside the wider ones: one person per day ≤ one person overall ≤ everyone;
 * one person per day ≤ everyone per day ≤ everyone. Unset and -1 (unlimited) caps are skipped,
 * so the comparison jumps to the next set cap (personal_daily_lmt ≤ coupon_total_lmt when the
 * middle ones are open).
 */
const CAP_CHAINS = [
  ['personal_daily_lmt', 'personal_lmt', 'coupon_total_lmt'],
  ['personal_daily_lmt', 'coupon_daily_lmt', 'coupon_total_lmt'],
] as const

/** A narrower cap above a wider one contradicts it: it blocks. */
const capsInOrder: Rule = (t, ctx) => {
  const caps = t.apply_limit_config ?? {}
  const reported = new Set<string>()
  for (const chain of CAP_CHAINS) {
    const set = chain.filter((f) => isNum(caps[f]) && caps[f] >= 0)
    for (let i = 0; i + 1 < set.length; i++) {
      const lower = set[i]!
      const upper = set[i + 1]!
      const lo = caps[lower] as number
      const hi = caps[upper] as number
      if (lo > hi && !reported.has(`${lower}>${upper}`)) {
        reported.add(`${lower}>${upper}`)
        report(ctx, [T, 'apply_limit_config', lower], 'contract.template.capsOrder', { other: upper, limit: hi })
      }
    }
  }
}

/**
 * An end before its start cannot be: it blocks. An end equal to its start (the doc's own example)
 * is a window of no length, likely a mistake but not impossible: a warning.
 */
const applyWindowInOrder: Rule = (t, block, warn) => {
  const { apply_start_time: start, apply_end_time: end } = t.apply_limit_config ?? {}
  // Fixed-width GMT+8 strings: string order is time order.
  if (!isTime(start) || !isTime(end)) return
  const path: IssuePath = [T, 'apply_limit_config', 'apply_end_time']
  if (start > end) report(block, path, 'contract.template.applyTimeOrder', { start })
  else if (start === end) report(warn, path, 'contract.template.applyTimeEqual', { start })
}

const validTimeMatchesType: Rule = (t, ctx, warn) => {
  const tl = t.time_limit_config ?? {}
  const at = (field: string): IssuePath => [T, 'time_limit_config', field]
  if (tl.valid_time_type === ValidTimeType.byKey.RANGE.code) {
    const start = tl.start_valid_time
    const end = tl.end_valid_time
    if (start === undefined || start === '') report(ctx, at('start_valid_time'), 'contract.template.rangeTimeRequired')
    if (end === undefined || end === '') report(ctx, at('end_valid_time'), 'contract.template.rangeTimeRequired')
    if (isTime(start) && isTime(end) && start > end) {
      report(ctx, at('end_valid_time'), 'contract.template.validTimeOrder', { start })
    } else if (isTime(start) && start === end) {
      report(warn, at('end_valid_time'), 'contract.template.validTimeEqual', { start })
    }
  } else if (tl.valid_time_type === ValidTimeType.byKey.DURATION.code) {
    const period = tl.validity_period
    const from = tl.validity_start_interval
    const to = tl.validity_end_interval
    const hasInterval = isNum(from) && isNum(to)
    if (hasInterval && from >= to) {
      report(ctx, at('validity_end_interval'), 'contract.template.intervalOrder', { start: from })
    } else if (!(isNum(period) && period > 0) && !hasInterval) {
      report(ctx, at('validity_period'), 'contract.template.durationRequired')
    }
  }
}

/**
 * The doc names the coupon types and the three switches but never ties one to the other, nor
 * says that only one may be on, nor the scale of `discount_rate` (its example value is 10): all
 * of that is our reading, so a warning. A switch that is on without its value blocks: the
 * platform cannot apply a discount it is not given.
 */
const discountMatchesType: Rule = (t, block, warn) => {
  const type = t.common_config?.type
  const d = t.discount_config ?? {}
  const at = (field: string): IssuePath => [T, 'discount_config', field]
  const on = (['fix_price', 'decrease', 'discount'] as const).filter((f) => d[f] === true)
  if (on.length > 1) report(warn, [T, 'discount_config'], 'contract.template.oneDiscountKind', { kinds: on.join(', ') })

  const needed = isNum(type) ? DISCOUNT_KIND_BY_TYPE[type] : undefined
  if (needed !== undefined && isNum(type) && d[needed] !== true) {
    report(warn, at(needed), 'contract.template.discountKindForType', { type })
  }
  // A switch that is on needs its value (blocks); one only the type suggests, a warning.
  const valueSink = (kind: 'fix_price' | 'decrease' | 'discount'): IssueSink | undefined =>
    d[kind] === true ? block : needed === kind ? warn : undefined
  const fixSink = valueSink('fix_price')
  if (fixSink && !isNum(d.fix_price_amount)) report(fixSink, at('fix_price_amount'), 'contract.template.fixPriceAmountRequired')
  const decreaseSink = valueSink('decrease')
  if (decreaseSink && !(isNum(d.decrease_money) && d.decrease_money > 0)) {
    report(decreaseSink, at('decrease_money'), 'contract.template.decreaseMoneyRequired')
  }
  const rate = d.discount_rate
  const rateSink = valueSink('discount')
  if (rateSink && !isNum(rate)) {
    report(rateSink, at('discount_rate'), 'contract.template.discountRateRequired')
  } else if (
    (rateSink || rate !== undefined) &&
    isNum(rate) &&
    !(Number.isInteger(rate) && rate >= DISCOUNT_RATE_MIN && rate <= DISCOUNT_RATE_MAX)
  ) {
    report(warn, at('discount_rate'), 'contract.template.discountRateRange', {
      min: DISCOUNT_RATE_MIN,
      max: DISCOUNT_RATE_MAX,
    })
  }
}

/**
 * 满元 / 满件 types with their threshold: the type's name suggests it, the doc does not state it
 * (a warning). A threshold switched on without its value blocks.
 */
const thresholdsMatchType: Rule = (t, block, warn) => {
  const type = t.common_config?.type
  const c = t.condition_config ?? {}
  const at = (field: string): IssuePath => [T, 'condition_config', field]
  const needsAmount = AMOUNT_THRESHOLD_TYPES.has(type)
  const needsCount = COUNT_THRESHOLD_TYPES.has(type)
  if (needsAmount && c.amount_at !== true) {
    report(warn, at('amount_at'), 'contract.template.amountThresholdForType', { type: type as number })
  }
  if (needsCount && c.count_at !== true) {
    report(warn, at('count_at'), 'contract.template.countThresholdForType', { type: type as number })
  }
  const amountSink = c.amount_at === true ? block : needsAmount ? warn : undefined
  if (amountSink && !(isNum(c.amount) && c.amount > 0)) report(amountSink, at('amount'), 'contract.template.amountRequired')
  const countSink = c.count_at === true ? block : needsCount ? warn : undefined
  if (countSink && !(isNum(c.count) && c.count > 0)) report(countSink, at('count'), 'contract.template.countRequired')
}

/** 满100减100 would make the goods free: a reduction must stay below its amount threshold. */
const reductionBelowThreshold: Rule = (t, ctx) => {
  const d = t.discount_config ?? {}
  const c = t.condition_config ?? {}
  if (d.decrease !== true || c.amount_at !== true) return
  if (isNum(d.decrease_money) && isNum(c.amount) && d.decrease_money >= c.amount) {
    report(ctx, [T, 'discount_config', 'decrease_money'], 'contract.template.reduceBelowThreshold', {
      amount: c.amount,
    })
  }
}

/**
 * Shares that do not add up to the whole cost (10000 = 100%): the doc states the scale, not that
 * the shares must add up (the platform or another party may carry the rest), so a warning.
 */
const investorRatiosSum: Rule = (t, _block, ctx) => {
  const list = t.investment_config?.investment_info_list
  if (!Array.isArray(list)) return
  const ratios = list.map((item) => item?.investor_ratio).filter((r) => r !== undefined)
  if (ratios.length === 0) return
  // An out-of-range share is already reported on its item; a sum over it would only repeat that.
  const valid = ratios.every((r) => isNum(r) && Number.isInteger(r) && r >= 0 && r <= INVESTOR_RATIO_TOTAL)
  if (!valid) return
  const sum = ratios.reduce((a, b) => a + b, 0)
  if (sum !== INVESTOR_RATIO_TOTAL) {
    report(ctx, [T, 'investment_config', 'investment_info_list'], 'contract.template.investorRatioSum', {
      sum,
      expected: INVESTOR_RATIO_TOTAL,
    })
  }
}

const participateNumbersUnique: Rule = (t, ctx) => {
  const list = t.participate_config?.participate_list
  if (!Array.isArray(list)) return
  const seen = new Set<number>()
  list.forEach((item, index) => {
    const n = item?.number
    if (!isNum(n)) return
    if (seen.has(n)) {
      report(ctx, [T, 'participate_config', 'participate_list', index, 'number'], 'contract.template.duplicateGroupNumber', {
        number: n,
      })
    }
    seen.add(n)
  })
}

/** A claim window (领取时间) that has wholly passed: nobody could claim the coupon. A warning. */
const claimWindowInPast =
  (now: Date): Rule =>
  (t, _block, warn) => {
    const end = t.apply_limit_config?.apply_end_time
    if (isTime(end) && end <= toTopDateTime(now)) {
      report(warn, [T, 'apply_limit_config', 'apply_end_time'], 'contract.template.applyWindowPast', { end })
    }
  }

const TEMPLATE_RULES: readonly Rule[] = [
  capsInOrder,
  applyWindowInOrder,
  validTimeMatchesType,
  discountMatchesType,
  thresholdsMatchType,
  reductionBelowThreshold,
  investorRatiosSum,
  participateNumbersUnique,
]

function runRules(value: TemplateDraft, rules: readonly Rule[], block: IssueSink, warn: IssueSink): void {
  const template = value.coupon_template
  if (!template || typeof template !== 'object') return
  for (const rule of rules) rule(template, block, warn)
}

/**
 * The blocking cross-field rules of a template request. In zod 4 a refinement runs only if
 * nothing before it aborted: after a field *check* fails (a negative amount, a blank title) the
 * rules still run, on values that may be out of range, so they are written defensively; after a
 * *type* error or a missing required field they are skipped, and a parse reports only that error
 * until it is fixed. The editor calls `templateCrossFieldIssues` on the draft itself, so it shows
 * both at once.
 */
export function templateCrossFieldRules(value: TemplateDraft, ctx: IssueSink): void {
  runRules(value, TEMPLATE_RULES, ctx, NOWHERE)
}

/** The blocking rules on a draft, outside zod. */
export const templateCrossFieldIssues = (value: TemplateDraft): FieldIssue[] => collectIssues(templateCrossFieldRules, value)

/**
 * What the rules advise without blocking, as of `now` (a claim window in the past). Each issue's
 * key says why; the editor shows them at their fields, set apart from errors.
 */
export function templateWarnings(value: TemplateDraft, now: Date = new Date()): FieldIssue[] {
  return collectIssues((v: TemplateDraft, ctx) => runRules(v, [...TEMPLATE_RULES, claimWindowInPast(now)], NOWHERE, ctx), value)
}

/** What the TOP client sends: every field plus the cross-field rules. */
export const CouponTemplateOperateRequestSchema = CouponTemplateOperateRequestPlainSchema.superRefine(templateCrossFieldRules)

// ---------------------------------------------------------------------------------------------
// Response

/**
 * result: ApiResult. Lenient about unknown fields, and about types as far as the official Java
 * SDK is (`"err_code": null` on a success is no error code; `model` may come as a number).
 */
export const ApiResultSchema = z.looseObject({
  err_code: replyTextOptional,
  err_msg: replyTextOptional,
  model: replyTextOptional,
  success: replyBool,
})

export const TemplateUpdateResponseSchema = z.looseObject({
  result: ApiResultSchema,
})

// ---------------------------------------------------------------------------------------------
// alibaba.wdk.coupon.template.create / .terminate, in the shape of TOP's API metadata

/** create's `model` (CouponTemplateOperateResponse): the new template's id and ump id. */
export const TemplateCreateModelSchema = z.looseObject({ id: int64Id.optional(), source_id: int64Id.optional() })

/** create takes update's request (no `id`) and answers `result{success, err_code, err_msg, model{id, source_id}}`. */
export const TemplateCreateResponseSchema = z.looseObject({
  result: ApiResultSchema.extend({ model: TemplateCreateModelSchema.optional() }),
})

/** terminate: `param_coupon_template_terminate_request` = `{source_id, user_info}`; `model` is text. */
export const TemplateTerminateRequestSchema = z.object({ source_id: int64Id, user_info: UserInfoSchema.optional() }, REQUIRED)
export const TemplateTerminateResponseSchema = TemplateUpdateResponseSchema

// ---------------------------------------------------------------------------------------------
// alibaba.wdk.coupon.template.query, in the shape of TOP's API metadata

/**
 * 优惠券模版查询, as TOP's metadata describes it:
 *   request   `param_coupon_template_query_request` = `{id, source_id, user_info}` (ids are Longs),
 *             with the store's session, like update
 *   response  `result{success, err_code, err_msg, model{coupon_template}}`, the template in the
 *             platform's own spelling: `terminals` (and `exclude_item_rules`) as numbers where update
 *             takes strings, `source_id` filled in, no `unique_id`.
 * The server's numbers are read back as the draft's strings here, so a copy the platform answers
 * compares like with like. The outbox uses the query only as a pre-send check, and treats any
 * refusal of the method (22), of the permission (11/12/13) or of these parameters (40/41, isv.*)
 * as "no check possible", never as a reason to hold a submission back.
 */
export const TemplateQueryRequestSchema = z.object(
  { id: int64Id.optional(), source_id: int64Id.optional(), user_info: UserInfoSchema.optional() },
  REQUIRED,
)

/** A number the query answers where create and update take its decimal text. */
const numberAsText = (item: unknown): unknown => (typeof item === 'number' || typeof item === 'bigint' ? String(item) : item)

/**
 * `condition_config` as the query answers it: `terminals` and `exclude_item_rules` are `Number[]`
 * there (`String[]` in create and update), read back as the draft's strings so that a copy the
 * platform answers compares like with like.
 */
export const QueriedConditionConfigSchema = ConditionConfigSchema.extend({
  terminals: stringList(z.preprocess(numberAsText, Terminal.schema)).optional(),
  exclude_item_rules: stringList(z.preprocess(numberAsText, trimmedId)).optional(),
})

/** `option_config` as the query answers it: with `devalue` (抵用券是否可贬值使用), which no request takes. */
export const QueriedOptionConfigSchema = OptionConfigSchema.extend({ devalue: replyBoolOptional })

/**
 * Fields only the query answers: create and update do not take them, so they are neither part of
 * what the pre-send check compares nor of a draft made from the platform's copy.
 */
export const QUERY_ONLY_FIELDS = { option_config: ['devalue'] } as const satisfies Partial<Record<TemplateGroup, readonly string[]>>

/** The template the query answers: the platform's spelling (see above), no `unique_id`. */
export const QueriedCouponTemplateSchema = CouponTemplateSchema.omit({ unique_id: true }).extend({
  condition_config: QueriedConditionConfigSchema.optional(),
  option_config: QueriedOptionConfigSchema.optional(),
})

/** `model` of the query: the stored template, in the draft's spelling. */
export const TemplateQueryModelSchema = z.looseObject({ coupon_template: QueriedCouponTemplateSchema.optional() })

export const TemplateQueryResultSchema = ApiResultSchema.extend({ model: TemplateQueryModelSchema.optional() })

export const TemplateQueryResponseSchema = z.looseObject({
  result: TemplateQueryResultSchema,
})

// ---------------------------------------------------------------------------------------------
// Types (inferred, never written twice). `…Input` is what a caller may pass, the plain name what parsing yields.

export type ApplyLimitConfig = z.output<typeof ApplyLimitConfigSchema>
export type CommonConfig = z.output<typeof CommonConfigSchema>
export type UserCrowdConfig = z.output<typeof UserCrowdConfigSchema>
export type ConditionConfig = z.output<typeof ConditionConfigSchema>
export type DiscountConfig = z.output<typeof DiscountConfigSchema>
export type InvestmentInfo = z.output<typeof InvestmentInfoSchema>
export type InvestmentConfig = z.output<typeof InvestmentConfigSchema>
export type OptionConfig = z.output<typeof OptionConfigSchema>
export type LogicGroup = z.output<typeof LogicGroupSchema>
export type ParticipateConfig = z.output<typeof ParticipateConfigSchema>
export type TimeLimitConfig = z.output<typeof TimeLimitConfigSchema>
export type CompatibleConfig = z.output<typeof CompatibleConfigSchema>
export type UserInfo = z.output<typeof UserInfoSchema>
export type CouponTemplate = z.output<typeof CouponTemplateSchema>
export type CouponTemplateInput = z.input<typeof CouponTemplateSchema>
export type CouponTemplateOperateRequest = z.output<typeof CouponTemplateOperateRequestSchema>
export type CouponTemplateOperateRequestInput = z.input<typeof CouponTemplateOperateRequestSchema>
export type ApiResult = z.output<typeof ApiResultSchema>
export type TemplateUpdateResponse = z.output<typeof TemplateUpdateResponseSchema>
export type TemplateCreateResponse = z.output<typeof TemplateCreateResponseSchema>
export type TemplateTerminateRequest = z.output<typeof TemplateTerminateRequestSchema>
export type TemplateQueryRequest = z.output<typeof TemplateQueryRequestSchema>
export type QueriedCouponTemplate = z.output<typeof QueriedCouponTemplateSchema>
export type TemplateQueryResult = z.output<typeof TemplateQueryResultSchema>
export type TemplateQueryResponse = z.output<typeof TemplateQueryResponseSchema>
