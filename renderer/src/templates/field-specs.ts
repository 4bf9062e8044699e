import {
  ApplicationType,
  CouponType,
  LogicGroupType,
  RangeType,
  SendType,
  TemplateStatus,
  Terminal,
  ValidTimeType,
  type EnumEntry,
} from '@contract/api/enums'
import type { TemplateGroup } from '@contract/api/template'
import type { DraftPath } from './draft-path'

/**
 * The editor's sections and the widget of every field, in one table: the sections render from
 * it, the diff and the issue summary label from it, and a test checks it against the contract's
 * group schemas so a field added to the API cannot be left out of the editor.
 */

/** How a field is edited, and in which unit. */
export type Widget =
  | 'text'
  | 'textarea'
  | 'url'
  /** A 64-bit id, kept as decimal text. */
  | 'int64'
  /** 幂等id: generated per submission, shown read-only. */
  | 'uniqueId'
  | 'bool'
  /** 0/1 flag shown as a switch. */
  | 'flag01'
  | 'enum'
  | 'enumList'
  /** `yyyy-MM-dd HH:mm:ss`, GMT+8, kept as text. */
  | 'dateTime'
  /** Up to tens of thousands of ids. */
  | 'idList'
  /** Yuan on screen, fen in the draft. */
  | 'money'
  /** A count, or -1 for unlimited. */
  | 'limit'
  | 'count'
  /** Days/hours/minutes on screen, seconds in the draft. */
  | 'duration'
  /** Percent paid on screen, parts of 1000 in the draft. */
  | 'discountRate'
  /** Percent on screen, parts of 10000 in the draft. */
  | 'ratio'

/** What the editor needs of a contract enum table. */
export interface EnumChoices {
  readonly entries: readonly EnumEntry[]
  has(code: unknown): boolean
  label(code: string | number, locale: string): string
}

export interface FieldSpec {
  readonly key: string
  readonly widget: Widget
  readonly choices?: EnumChoices
}

/** A list of objects edited row by row (investors, participant groups). */
export interface ListSpec {
  readonly key: string
  readonly item: readonly FieldSpec[]
}

/** A nested object shown as a sub-group (user_crowd_config inside the conditions). */
export interface NestedSpec {
  readonly key: string
  /** A plain title a store manager reads (`templates.section.*`). */
  readonly titleKey: string
  /** The API's own name for the group, shown second and smaller, for whoever reads the docs. */
  readonly apiName: string
  readonly apiTitleKey?: string
  readonly fields: readonly FieldSpec[]
}

export type SectionId = 'identity' | TemplateGroup | 'user_info'

export interface SectionSpec {
  readonly id: SectionId
  /** A plain title a store manager reads (`templates.section.*`), not the API's group name. */
  readonly titleKey: string
  /** The API's object name (`time_limit_config`) and its label in the doc (实例有效时间配置). */
  readonly apiName: string
  readonly apiTitleKey?: string
  /** Where the section's fields live in the draft. */
  readonly base: DraftPath
  readonly fields: readonly FieldSpec[]
  readonly nested?: NestedSpec
  readonly list?: ListSpec
}

const f = (key: string, widget: Widget, choices?: EnumChoices): FieldSpec => (choices ? { key, widget, choices } : { key, widget })
const T = 'coupon_template'
const group = (id: TemplateGroup) => ({
  id,
  titleKey: `templates.section.${id}`,
  apiName: id,
  apiTitleKey: `contract.group.${id}`,
  base: [T, id] as const,
})

export const SECTIONS: readonly SectionSpec[] = [
  {
    id: 'identity',
    titleKey: 'templates.section.identity',
    apiName: T,
    base: [T],
    fields: [f('id', 'int64'), f('source_id', 'int64'), f('uuid', 'text'), f('unique_id', 'uniqueId')],
  },
  {
    ...group('common_config'),
    fields: [
      f('title', 'text'),
      f('description', 'textarea'),
      f('type', 'enum', CouponType),
      f('status', 'enum', TemplateStatus),
      f('send_type', 'enum', SendType),
      f('apply_channels', 'idList'),
    ],
  },
  {
    ...group('apply_limit_config'),
    fields: [
      f('apply_start_time', 'dateTime'),
      f('apply_end_time', 'dateTime'),
      f('coupon_total_lmt', 'limit'),
      f('coupon_daily_lmt', 'limit'),
      f('personal_lmt', 'limit'),
      f('personal_daily_lmt', 'limit'),
    ],
  },
  {
    ...group('condition_config'),
    fields: [
      f('range_type', 'enum', RangeType),
      f('amount_at', 'bool'),
      f('amount', 'money'),
      f('count_at', 'bool'),
      f('count', 'count'),
      f('only_member_self', 'bool'),
      f('max_use_count_per_order', 'count'),
      f('terminals', 'enumList', Terminal),
      f('shop_ids', 'idList'),
      f('categories', 'idList'),
      f('merchant_categories', 'idList'),
      // Create only (template.create's metadata; update's has neither): shown while the draft has no platform id.
      f('max_effect_amount', 'money'),
      f('exclude_item_rules', 'idList'),
    ],
    nested: {
      key: 'user_crowd_config',
      titleKey: 'templates.section.user_crowd_config',
      apiName: 'user_crowd_config',
      apiTitleKey: 'contract.group.user_crowd_config',
      fields: [f('merchant_customize_crowd_name', 'text'), f('platform_crowd_name', 'text')],
    },
  },
  {
    ...group('discount_config'),
    fields: [
      f('fix_price', 'bool'),
      f('fix_price_amount', 'money'),
      f('decrease', 'bool'),
      f('decrease_money', 'money'),
      f('discount', 'bool'),
      f('discount_rate', 'discountRate'),
    ],
  },
  {
    ...group('investment_config'),
    fields: [],
    list: { key: 'investment_info_list', item: [f('investor', 'text'), f('investor_ratio', 'ratio')] },
  },
  {
    ...group('option_config'),
    fields: [
      f('out_coupon_template_id', 'text'),
      f('out_coupon_type', 'text'),
      f('logo_url', 'url'),
      f('picture_url', 'url'),
      f('purchase_id', 'int64'),
      f('contract_instance_id', 'int64'),
    ],
  },
  {
    ...group('participate_config'),
    fields: [],
    list: {
      key: 'participate_list',
      item: [f('number', 'count'), f('wdk_group_name', 'text'), f('logic_group_type', 'enum', LogicGroupType)],
    },
  },
  {
    ...group('time_limit_config'),
    fields: [
      f('valid_time_type', 'enum', ValidTimeType),
      f('start_valid_time', 'dateTime'),
      f('end_valid_time', 'dateTime'),
      f('validity_period', 'duration'),
      f('validity_start_interval', 'duration'),
      f('validity_end_interval', 'duration'),
    ],
  },
  {
    ...group('compatible_config'),
    fields: [f('valid_till_night', 'flag01'), f('application_type', 'enum', ApplicationType)],
  },
  {
    id: 'user_info',
    titleKey: 'templates.section.user_info',
    apiName: 'user_info',
    apiTitleKey: 'contract.group.user_info',
    base: ['user_info'],
    fields: [f('source', 'text'), f('user_id', 'int64'), f('user_name', 'text')],
  },
]

export const SECTION_BY_ID: ReadonlyMap<SectionId, SectionSpec> = new Map(SECTIONS.map((s) => [s.id, s]))

/** The section an issue or a diff entry at `path` belongs to. */
export function sectionOf(path: DraftPath): SectionId {
  if (path[0] === 'user_info') return 'user_info'
  const second = path[1]
  const grouped = SECTIONS.find((s) => s.id !== 'identity' && s.id !== 'user_info' && s.id === second)
  if (grouped) return grouped.id
  // id, source_id, uuid, unique_id, and the template itself (an empty draft): the first section.
  return 'identity'
}

/** The spec of the field at `path`, wherever it sits (plain, nested or in a list row). */
export function fieldAt(path: DraftPath): FieldSpec | undefined {
  const section = SECTION_BY_ID.get(sectionOf(path))
  if (!section) return undefined
  const rest = path.slice(section.base.length)
  if (rest.length === 1) return section.fields.find((field) => field.key === rest[0])
  if (section.nested && rest.length === 2 && rest[0] === section.nested.key) {
    return section.nested.fields.find((field) => field.key === rest[1])
  }
  if (section.list && rest.length === 3 && rest[0] === section.list.key && typeof rest[1] === 'number') {
    return section.list.item.find((field) => field.key === rest[2])
  }
  return undefined
}

/**
 * Fields whose doc wording is jargon to a store manager (幂等ID, UMP 模板ID): the editor gives
 * them a plain label (`templates.field.*`) and shows the doc's label second.
 */
const PLAIN_LABELS: ReadonlySet<string> = new Set(['unique_id', 'source_id'])

/** Translation key of a field's label: the contract's own labels (the doc's wording), or a plainer one. */
export const fieldLabelKey = (key: string): string => (PLAIN_LABELS.has(key) ? `templates.field.${key}` : `contract.field.${key}`)

/** The doc's label of a field that `fieldLabelKey` relabels, to show beside the plain one. */
export const fieldApiLabelKey = (key: string): string | undefined => (PLAIN_LABELS.has(key) ? `contract.field.${key}` : undefined)
