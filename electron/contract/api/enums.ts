import { z } from 'zod'
// The enum labels only, not the whole catalogue: the renderer loads the English catalogue on
// demand, and these tables are on its first screen (bench: start.*).
import enEnums from '../locales/en/enums'
import zhEnums from '../locales/zh-CN/enums'
import { REQUIRED } from './issues'

/**
 * Code tables of the two TOP APIs. Each table is built by `defineEnum` from one list of entries,
 * so the wire code, the programmer's name and both UI labels can never drift apart. The labels
 * are words, so they live in the message catalogue (`enums.<Table>.<key>`, the doc's own wording
 * in Chinese); `labelled` looks them up, and an entry whose key has no label fails to compile.
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

type EnumLabels = (typeof zhEnums)['enums']
type Labelled<E extends readonly { readonly code: EnumCode; readonly key: string }[]> = {
  readonly [I in keyof E]: E[I] & { readonly zh: string; readonly en: string }
}

/** A table's entries with their zh-CN and en labels from the catalogue's `enums.<table>`. */
function labelled<
  N extends keyof EnumLabels,
  const E extends readonly { readonly code: EnumCode; readonly key: keyof EnumLabels[N] & string }[],
>(table: N, entries: E): Labelled<E> {
  const zh = zhEnums.enums[table] as Record<string, string>
  const en = enEnums.enums[table] as Record<string, string>
  return entries.map((e) => ({ ...e, zh: zh[e.key], en: en[e.key] })) as unknown as Labelled<E>
}

/** common_config.type */
export const CouponType = defineEnum(
  labelled('CouponType', [
    { code: 6, key: 'FIX_PRICE' },
    { code: 11, key: 'FULL_AMOUNT_REDUCE' },
    { code: 12, key: 'FULL_AMOUNT_DISCOUNT' },
    { code: 13, key: 'FULL_COUNT_REDUCE' },
    { code: 14, key: 'FULL_COUNT_DISCOUNT' },
    { code: 15, key: 'VOUCHER' },
  ] as const),
)
export type CouponTypeCode = (typeof CouponType.codes)[number]

/** common_config.status */
export const TemplateStatus = defineEnum(
  labelled('TemplateStatus', [
    { code: 1, key: 'NORMAL' },
    { code: -1, key: 'DELETE' },
    { code: 0, key: 'ENDING' },
    { code: -2, key: 'NOUSE' },
    { code: -999, key: 'WDK_COUPON_DRAFT' },
  ] as const),
)
export type TemplateStatusCode = (typeof TemplateStatus.codes)[number]

/** common_config.send_type */
export const SendType = defineEnum(
  labelled('SendType', [
    { code: 'anonymous', key: 'ANONYMOUS' },
    { code: 'registered', key: 'REGISTERED' },
  ] as const),
)
export type SendTypeCode = (typeof SendType.codes)[number]

/** condition_config.range_type */
export const RangeType = defineEnum(
  labelled('RangeType', [
    { code: 1, key: 'COUPON_RANGE_STORE' },
    { code: 2, key: 'COUPON_RANGE_ITEM' },
    { code: 3, key: 'COUPON_RANGE_CATEGORY' },
    { code: 307, key: 'COUPON_RANGE_SELLER' },
  ] as const),
)
export type RangeTypeCode = (typeof RangeType.codes)[number]

/** participate_list[].logic_group_type */
export const LogicGroupType = defineEnum(
  labelled('LogicGroupType', [
    { code: 1, key: 'COMMON' },
    { code: 2, key: 'EXCHANGE' },
    { code: 3, key: 'BUY_GIFT' },
    { code: 4, key: 'EXCHANGE_TJ_OVERLAY' },
  ] as const),
)
export type LogicGroupTypeCode = (typeof LogicGroupType.codes)[number]

/** time_limit_config.valid_time_type */
export const ValidTimeType = defineEnum(
  labelled('ValidTimeType', [
    { code: 1, key: 'RANGE' },
    { code: 2, key: 'DURATION' },
  ] as const),
)
export type ValidTimeTypeCode = (typeof ValidTimeType.codes)[number]

/** condition_config.terminals: strings on the wire because the field is String[]. */
export const Terminal = defineEnum(
  labelled('Terminal', [
    { code: '1', key: 'APP' },
    { code: '2', key: 'POS' },
  ] as const),
)
export type TerminalCode = (typeof Terminal.codes)[number]

/** voucher_status_action */
export const VoucherStatusAction = defineEnum(
  labelled('VoucherStatusAction', [
    { code: 'NORMAL_ISUSED', key: 'NORMAL_ISUSED' },
    { code: 'ISUSED_NORMAL', key: 'ISUSED_NORMAL' },
  ] as const),
)
export type VoucherStatusActionCode = (typeof VoucherStatusAction.codes)[number]

/** Voucher request `source`: the doc lists exactly these two values. */
export const VoucherSource = defineEnum(
  labelled('VoucherSource', [
    { code: 'POS', key: 'POS' },
    { code: '移动门店', key: 'MOBILE_STORE' },
  ] as const),
)
export type VoucherSourceCode = (typeof VoucherSource.codes)[number]

/** compatible_config.application_type */
export const ApplicationType = defineEnum(labelled('ApplicationType', [{ code: 'pointCoupon', key: 'POINT_COUPON' }] as const))
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
