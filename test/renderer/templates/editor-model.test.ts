import { describe, expect, it } from 'vitest'
import { TEMPLATE_REQUEST_EXAMPLE, VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import {
  ApplyLimitConfigSchema,
  CommonConfigSchema,
  CompatibleConfigSchema,
  ConditionConfigSchema,
  CouponTemplateSchema,
  DiscountConfigSchema,
  InvestmentConfigSchema,
  InvestmentInfoSchema,
  LogicGroupSchema,
  OptionConfigSchema,
  ParticipateConfigSchema,
  TEMPLATE_GROUPS,
  TimeLimitConfigSchema,
  UserCrowdConfigSchema,
  UserInfoSchema,
} from '@contract/api/template'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { diffBySection, diffDrafts } from '@renderer/templates/draft-diff'
import { getIn, setIn } from '@renderer/templates/draft-path'
import { SECTIONS, SECTION_BY_ID, fieldAt, sectionOf } from '@renderer/templates/field-specs'
import { idListChanges, mergeIds, splitIds } from '@renderer/templates/id-list'
import { isRelevant } from '@renderer/templates/relevance'
import { countBySection, validateDraft } from '@renderer/templates/validation'

const GROUP_SCHEMAS = {
  apply_limit_config: ApplyLimitConfigSchema,
  common_config: CommonConfigSchema,
  condition_config: ConditionConfigSchema,
  discount_config: DiscountConfigSchema,
  investment_config: InvestmentConfigSchema,
  option_config: OptionConfigSchema,
  participate_config: ParticipateConfigSchema,
  time_limit_config: TimeLimitConfigSchema,
  compatible_config: CompatibleConfigSchema,
} as const

const example = (): DraftBody => structuredClone(VALID_TEMPLATE_EXAMPLE)

describe('field table', () => {
  it('has a section for every config group of the contract, plus identity and user_info', () => {
    expect(SECTIONS.map((s) => s.id)).toEqual([
      'identity',
      'common_config',
      'apply_limit_config',
      'condition_config',
      'discount_config',
      'investment_config',
      'option_config',
      'participate_config',
      'time_limit_config',
      'compatible_config',
      'user_info',
    ])
    expect([...TEMPLATE_GROUPS].sort()).toEqual(
      SECTIONS.map((s) => s.id)
        .filter((id) => id !== 'identity' && id !== 'user_info')
        .sort(),
    )
  })

  it.each(TEMPLATE_GROUPS)('covers every field of %s', (group) => {
    const section = SECTION_BY_ID.get(group)!
    const keys = [...section.fields.map((f) => f.key), section.nested?.key, section.list?.key].filter(Boolean)
    expect(keys.sort()).toEqual(Object.keys(GROUP_SCHEMAS[group].shape).sort())
  })

  it('covers nested objects, list rows, identity and user_info', () => {
    const condition = SECTION_BY_ID.get('condition_config')!
    expect(condition.nested!.fields.map((f) => f.key).sort()).toEqual(Object.keys(UserCrowdConfigSchema.shape).sort())
    expect(
      SECTION_BY_ID.get('investment_config')!
        .list!.item.map((f) => f.key)
        .sort(),
    ).toEqual(Object.keys(InvestmentInfoSchema.shape).sort())
    expect(
      SECTION_BY_ID.get('participate_config')!
        .list!.item.map((f) => f.key)
        .sort(),
    ).toEqual(Object.keys(LogicGroupSchema.shape).sort())
    const templateOwn = Object.keys(CouponTemplateSchema.shape).filter((k) => !(TEMPLATE_GROUPS as readonly string[]).includes(k))
    expect(
      SECTION_BY_ID.get('identity')!
        .fields.map((f) => f.key)
        .sort(),
    ).toEqual(templateOwn.sort())
    expect(
      SECTION_BY_ID.get('user_info')!
        .fields.map((f) => f.key)
        .sort(),
    ).toEqual(Object.keys(UserInfoSchema.shape).sort())
  })

  it('finds the field and section of any path', () => {
    expect(fieldAt(['coupon_template', 'condition_config', 'amount'])?.widget).toBe('money')
    expect(fieldAt(['coupon_template', 'condition_config', 'user_crowd_config', 'platform_crowd_name'])?.widget).toBe('text')
    expect(fieldAt(['coupon_template', 'investment_config', 'investment_info_list', 1, 'investor_ratio'])?.widget).toBe('ratio')
    expect(sectionOf(['coupon_template', 'unique_id'])).toBe('identity')
    expect(sectionOf(['user_info', 'user_id'])).toBe('user_info')
    expect(sectionOf(['coupon_template'])).toBe('identity')
  })
})

describe('draft paths', () => {
  it('writes immutably, sharing untouched branches, and removes cleared fields', () => {
    const body = example()
    const next = setIn(body, ['coupon_template', 'common_config', 'title'], '新')
    expect(getIn(next, ['coupon_template', 'common_config', 'title'])).toBe('新')
    expect(getIn(body, ['coupon_template', 'common_config', 'title'])).toBe('满100减10')
    expect(next.coupon_template!.condition_config).toBe(body.coupon_template!.condition_config)
    const cleared = setIn(next, ['coupon_template', 'common_config', 'title'], '')
    expect(cleared.coupon_template!.common_config).not.toHaveProperty('title')
    const row = setIn(body, ['coupon_template', 'investment_config', 'investment_info_list', 1, 'investor_ratio'], 5000)
    expect(row.coupon_template!.investment_config!.investment_info_list).toEqual([
      { investor: 'brand', investor_ratio: 6000 },
      { investor: 'store', investor_ratio: 5000 },
    ])
  })
})

describe('validation from the contract', () => {
  it('passes a valid template and names each problem of a blank one at its field', () => {
    expect(validateDraft(example())).toEqual([])
    const issues = validateDraft({ coupon_template: { apply_limit_config: {}, common_config: {} } })
    expect(issues.map((i) => [i.field, i.key])).toEqual(
      expect.arrayContaining([
        ['coupon_template.apply_limit_config.coupon_total_lmt', 'contract.required'],
        ['coupon_template.common_config.title', 'contract.required'],
        ['coupon_template.common_config.type', 'contract.required'],
      ]),
    )
  })

  it('reports cross-field rules at the field they concern, counted per section', () => {
    const body = setIn(example(), ['coupon_template', 'discount_config', 'decrease_money'], 10000)
    const issues = validateDraft(body)
    expect(issues).toEqual([
      expect.objectContaining({
        field: 'coupon_template.discount_config.decrease_money',
        key: 'contract.template.reduceBelowThreshold',
        section: 'discount_config',
      }),
    ])
    expect(countBySection(issues)).toEqual(new Map([['discount_config', 1]]))
  })

  it('gives text typed where a number belongs its unit message, and ignores the draft unique_id', () => {
    const body = setIn(
      setIn(example(), ['coupon_template', 'condition_config', 'amount'], '12.345'),
      ['coupon_template', 'unique_id'],
      '  ',
    )
    const issues = validateDraft(body)
    expect(issues.map((i) => [i.field, i.key])).toContainEqual(['coupon_template.condition_config.amount', 'templates.units.money'])
    expect(issues.some((i) => i.field === 'coupon_template.unique_id')).toBe(false)
  })
})

describe('relevance', () => {
  it('hides what the coupon type and validity mode do not use', () => {
    const body = example()
    const at = (group: string, field: string) => isRelevant(body, ['coupon_template', group, field])
    expect(at('discount_config', 'decrease_money')).toBe(true)
    expect(at('discount_config', 'fix_price_amount')).toBe(false)
    expect(at('discount_config', 'discount_rate')).toBe(false)
    expect(at('condition_config', 'amount')).toBe(true)
    expect(at('condition_config', 'count')).toBe(false)
    expect(at('time_limit_config', 'start_valid_time')).toBe(true)
    expect(at('time_limit_config', 'validity_period')).toBe(false)
    const duration = setIn(body, ['coupon_template', 'time_limit_config', 'valid_time_type'], 2)
    expect(isRelevant(duration, ['coupon_template', 'time_limit_config', 'start_valid_time'])).toBe(false)
    expect(isRelevant(duration, ['coupon_template', 'time_limit_config', 'validity_period'])).toBe(true)
  })

  it("shows create's extra conditions only while the draft has no platform id", () => {
    const existing = example() // it has the platform id 9007199254740993
    const fresh = setIn(existing, ['coupon_template', 'id'], '')
    for (const field of ['max_effect_amount', 'exclude_item_rules']) {
      expect(isRelevant(fresh, ['coupon_template', 'condition_config', field])).toBe(true)
      expect(isRelevant(existing, ['coupon_template', 'condition_config', field])).toBe(false)
    }
  })

  it('shows everything while the type is not chosen', () => {
    const blank: DraftBody = { coupon_template: {} }
    for (const field of ['fix_price', 'fix_price_amount', 'decrease_money', 'discount_rate']) {
      expect(isRelevant(blank, ['coupon_template', 'discount_config', field])).toBe(true)
    }
  })
})

describe('id lists', () => {
  it('splits pasted text on any separator and merges without duplicates', () => {
    expect(splitIds('1\n2, 3;4\t5，6；7、8  ')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect(mergeIds(['1', '2'], '2\n3\n3\n4')).toEqual({ ids: ['1', '2', '3', '4'], added: 2, duplicates: 2 })
  })

  // How fast this is, is the benchmark's business (bench/), not a timed assertion here.
  it('merges 10,000 pasted ids into 1,000 existing ones, existing first, each once', () => {
    const existing = Array.from({ length: 1_000 }, (_, i) => `C${i}`)
    const fresh = Array.from({ length: 10_000 }, (_, i) => `S${i}`)
    const merged = mergeIds(existing, [...fresh, 'C5', 'S7'].join('\n'))
    expect(merged.ids).toEqual([...existing, ...fresh])
    expect(merged).toMatchObject({ added: 10_000, duplicates: 2 })
  })

  it('lists added and removed ids', () => {
    expect(idListChanges(['1', '2', '3'], ['2', '3', '4'])).toEqual({ added: ['4'], removed: ['1'] })
  })
})

describe('diff', () => {
  it('lists changes per section in editor order, ids lists as one field, ignoring unique_id', () => {
    const base = example()
    let now = setIn(base, ['coupon_template', 'common_config', 'title'], '满100减20')
    now = setIn(now, ['coupon_template', 'discount_config', 'decrease_money'], 2000)
    now = setIn(now, ['coupon_template', 'condition_config', 'shop_ids'], ['S1', 'S2'])
    now = setIn(now, ['coupon_template', 'unique_id'], 'another')
    now = setIn(now, ['coupon_template', 'investment_config', 'investment_info_list', 1, 'investor'], 'mall')
    now = setIn(now, ['user_info', 'user_name'], undefined)
    const entries = diffDrafts(base, now)
    expect(entries.map((e) => [e.field, e.change])).toEqual([
      ['coupon_template.common_config.title', 'changed'],
      ['coupon_template.condition_config.shop_ids', 'added'],
      ['coupon_template.discount_config.decrease_money', 'changed'],
      ['coupon_template.investment_config.investment_info_list.1.investor', 'changed'],
      ['user_info.user_name', 'removed'],
    ])
    expect(diffBySection(entries).map((g) => g.section)).toEqual([
      'common_config',
      'condition_config',
      'discount_config',
      'investment_config',
      'user_info',
    ])
    expect(diffDrafts(TEMPLATE_REQUEST_EXAMPLE as DraftBody, TEMPLATE_REQUEST_EXAMPLE as DraftBody)).toEqual([])
  })
})
