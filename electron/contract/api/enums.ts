import { z } from 'zod'
import { REQUIRED } from './issues'

/**
 * Code tables of the two TOP APIs. Each table is built by `defineEnum` from one list of entries,
 * so the wire code, the programmer's name and both UI labels can never drift apart.
 * Chinese labels are the doc's own wording.
 */

export type EnumCode = string | number
export type EnumLocale = 'zh-CN' | 'en'

export interface EnumEntry<C extends EnumCode = EnumCode, K extends string = string> {
  readonly code: C
  readonly key: K
  readonly zh: string
  readonly en: string
}

type CodeOf<E extends readonly EnumEntry[]> = E[number]['code']
type KeyOf<E extends readonly EnumEntry[]> = E[number]['key']

export interface EnumTable<E extends readonly EnumEntry[]> {
  readonly entries: E
  readonly codes: readonly CodeOf<E>[]
  /** Accepts exactly the listed codes (one `invalid_value` issue listing them otherwise). */
  readonly schema: z.ZodLiteral<CodeOf<E>>
  /** Entries by programmer's name: `CouponType.byKey.FIX_PRICE.code === 6`. */
  readonly byKey: { readonly [K in KeyOf<E>]: Extract<E[number], { key: K }> }
  /** The entry for a code, or undefined for a code this table does not know (e.g. a newer server value). */
  byCode(code: unknown): E[number] | undefined
  has(code: unknown): code is CodeOf<E>
  /** UI label; an unknown code is shown raw rather than hidden, so support can still read it. */
  label(code: CodeOf<E> | EnumCode, locale: string): string
}

export function defineEnum<const E extends readonly EnumEntry[]>(entries: E): EnumTable<E> {
  const codes = entries.map((e) => e.code) as CodeOf<E>[]
  if (new Set(codes).size !== codes.length) throw new Error(`defineEnum: duplicate code in ${String(codes)}`)
  const byCodeMap = new Map<unknown, E[number]>(entries.map((e) => [e.code, e]))
  const byKey = Object.freeze(Object.fromEntries(entries.map((e) => [e.key, e]))) as EnumTable<E>['byKey']
  return Object.freeze({
    entries,
    codes: Object.freeze(codes),
    schema: z.literal(codes as [CodeOf<E>, ...CodeOf<E>[]], REQUIRED),
    byKey,
    byCode: (code: unknown) => byCodeMap.get(code),
    has: (code: unknown): code is CodeOf<E> => byCodeMap.has(code),
    label(code: EnumCode, locale: string): string {
      const entry = byCodeMap.get(code)
      if (!entry) return String(code)
      return locale.startsWith('zh') ? entry.zh : entry.en
    },
  })
}

/** common_config.type */
export const CouponType = defineEnum([
  { code: 6, key: 'FIX_PRICE', zh: '一口价券', en: 'Fixed-price coupon' },
  { code: 11, key: 'FULL_AMOUNT_REDUCE', zh: '满元减券', en: 'Spend-X-save-Y coupon' },
  { code: 12, key: 'FULL_AMOUNT_DISCOUNT', zh: '满元折券', en: 'Spend-X-get-discount coupon' },
  { code: 13, key: 'FULL_COUNT_REDUCE', zh: '满件减券', en: 'Buy-N-save-Y coupon' },
  { code: 14, key: 'FULL_COUNT_DISCOUNT', zh: '满件折券', en: 'Buy-N-get-discount coupon' },
  { code: 15, key: 'VOUCHER', zh: '抵用券', en: 'Cash voucher' },
] as const)
export type CouponTypeCode = (typeof CouponType.codes)[number]

/** common_config.status */
export const TemplateStatus = defineEnum([
  { code: 1, key: 'NORMAL', zh: '有效', en: 'Active' },
  { code: -1, key: 'DELETE', zh: '删除', en: 'Deleted' },
  { code: 0, key: 'ENDING', zh: '结束领取', en: 'Claiming ended' },
  { code: -2, key: 'NOUSE', zh: '无效', en: 'Invalid' },
  { code: -999, key: 'WDK_COUPON_DRAFT', zh: '草稿', en: 'Draft' },
] as const)
export type TemplateStatusCode = (typeof TemplateStatus.codes)[number]

/** common_config.send_type */
export const SendType = defineEnum([
  { code: 'anonymous', key: 'ANONYMOUS', zh: '匿名券', en: 'Anonymous coupon' },
  { code: 'registered', key: 'REGISTERED', zh: '记名券', en: 'Registered coupon' },
] as const)
export type SendTypeCode = (typeof SendType.codes)[number]

/** condition_config.range_type */
export const RangeType = defineEnum([
  { code: 1, key: 'COUPON_RANGE_STORE', zh: '店铺券', en: 'Store-wide coupon' },
  { code: 2, key: 'COUPON_RANGE_ITEM', zh: '商品券', en: 'Item coupon' },
  { code: 3, key: 'COUPON_RANGE_CATEGORY', zh: '品类券', en: 'Category coupon' },
  { code: 307, key: 'COUPON_RANGE_SELLER', zh: '卖家券', en: 'Seller coupon' },
] as const)
export type RangeTypeCode = (typeof RangeType.codes)[number]

/** participate_list[].logic_group_type */
export const LogicGroupType = defineEnum([
  { code: 1, key: 'COMMON', zh: '普通分组', en: 'Regular group' },
  { code: 2, key: 'EXCHANGE', zh: '换购分组', en: 'Trade-up group' },
  { code: 3, key: 'BUY_GIFT', zh: '买赠分组', en: 'Buy-and-get-gift group' },
  { code: 4, key: 'EXCHANGE_TJ_OVERLAY', zh: '特价换购叠加分组', en: 'Special-price trade-up stacking group' },
] as const)
export type LogicGroupTypeCode = (typeof LogicGroupType.codes)[number]

/** time_limit_config.valid_time_type */
export const ValidTimeType = defineEnum([
  { code: 1, key: 'RANGE', zh: '开始/结束时间', en: 'Start/end time' },
  { code: 2, key: 'DURATION', zh: '固定时长', en: 'Fixed duration' },
] as const)
export type ValidTimeTypeCode = (typeof ValidTimeType.codes)[number]

/** condition_config.terminals: strings on the wire because the field is String[]. */
export const Terminal = defineEnum([
  { code: '1', key: 'APP', zh: 'App', en: 'App' },
  { code: '2', key: 'POS', zh: 'POS', en: 'POS' },
] as const)
export type TerminalCode = (typeof Terminal.codes)[number]

/** voucher_status_action */
export const VoucherStatusAction = defineEnum([
  { code: 'NORMAL_ISUSED', key: 'NORMAL_ISUSED', zh: '核销', en: 'Redeem' },
  { code: 'ISUSED_NORMAL', key: 'ISUSED_NORMAL', zh: '反核销', en: 'Reverse redemption' },
] as const)
export type VoucherStatusActionCode = (typeof VoucherStatusAction.codes)[number]

/** Voucher request `source`: the doc lists exactly these two values. */
export const VoucherSource = defineEnum([
  { code: 'POS', key: 'POS', zh: 'POS', en: 'POS' },
  { code: '移动门店', key: 'MOBILE_STORE', zh: '移动门店', en: 'Mobile store' },
] as const)
export type VoucherSourceCode = (typeof VoucherSource.codes)[number]

/** compatible_config.application_type */
export const ApplicationType = defineEnum([{ code: 'pointCoupon', key: 'POINT_COUPON', zh: '积分券', en: 'Points coupon' }] as const)
export type ApplicationTypeCode = (typeof ApplicationType.codes)[number]

/** Every table, for tests and for UIs that list them generically. */
export const ENUMS = {
  CouponType,
  TemplateStatus,
  SendType,
  RangeType,
  LogicGroupType,
  ValidTimeType,
  Terminal,
  VoucherStatusAction,
  VoucherSource,
  ApplicationType,
} as const
