import { z } from 'zod'
import { VoucherSource, VoucherStatusAction } from './enums'
import { REQUIRED, collectIssues, report, type DeepPartial, type FieldIssue, type IssueSink } from './issues'
import { stringList, trimmedId } from './primitives'
import { replyBool, replyOptional, replyText, replyTextOptional } from './reply-fields'

/**
 * `alibaba.alsc.crm.voucher.status.change` (核销 / 反核销): request and response. The doc is kept
 * verbatim in `./docs/`; test/contract/api-docs.test.ts checks these schemas against it.
 */

// ---------------------------------------------------------------------------------------------
// Request: VoucherStatusChangeOpenReq

/** 待核销点数: a non-negative integer, sent as a string because the field is String[]. */
export const voucherPoint = z.string(REQUIRED).trim().regex(/^\d+$/, { error: 'contract.voucher.pointFormat' })

/** Field by field as the doc lists them; no cross-field rules, so `.shape` stays usable. */
export const VoucherStatusChangeOpenReqPlainSchema = z.object(
  {
    brand_id: trimmedId.optional(),
    customer_id: trimmedId,
    operator_id: trimmedId,
    operator_name: trimmedId.optional(),
    out_brand_id: trimmedId.optional(),
    out_order_id: trimmedId.optional(),
    out_shop_id: trimmedId.optional(),
    /** The business idempotency key: a retry must reuse it (see top-protocol.md). */
    request_id: trimmedId,
    shop_id: trimmedId.optional(),
    source: VoucherSource.schema,
    voucher_id_list: stringList(trimmedId).min(1, { error: 'contract.voucher.idListEmpty' }),
    voucher_status_action: VoucherStatusAction.schema,
    /** Aligned by index with `voucher_id_list`. */
    voucher_point_list: stringList(voucherPoint).optional(),
  },
  REQUIRED,
)

/** Draft shape the rules accept: a parsed request, or anything partial the form holds. */
export type VoucherDraft = DeepPartial<z.input<typeof VoucherStatusChangeOpenReqPlainSchema>>

/**
 * Rules spanning several fields. Empty and untrimmed ids are handled by the item schema (same
 * path, `['voucher_id_list', i]`); here: duplicates, and points aligned with ids.
 */
export function voucherCrossFieldRules(value: VoucherDraft, ctx: IssueSink): void {
  const ids = value.voucher_id_list ?? []
  const seen = new Set<string>()
  ids.forEach((raw, index) => {
    if (typeof raw !== 'string') return
    const id = raw.trim()
    if (id === '') return
    // Redeeming the same voucher twice in one call is never intended and the server's answer is undefined.
    if (seen.has(id)) report(ctx, ['voucher_id_list', index], 'contract.voucher.duplicateId', { id })
    seen.add(id)
  })
  const points = value.voucher_point_list
  if (points !== undefined && points.length !== ids.length) {
    report(ctx, ['voucher_point_list'], 'contract.voucher.pointsLength', {
      expected: ids.length,
      actual: points.length,
    })
  }
}

/** What the TOP client sends: every field plus the cross-field rules. */
export const VoucherStatusChangeOpenReqSchema = VoucherStatusChangeOpenReqPlainSchema.superRefine(voucherCrossFieldRules)

export type VoucherStatusChangeOpenReq = z.output<typeof VoucherStatusChangeOpenReqSchema>
export type VoucherStatusChangeOpenReqInput = z.input<typeof VoucherStatusChangeOpenReqSchema>

/** The rules on a draft, outside zod (the form shows them next to the fields). */
export const voucherCrossFieldIssues = (value: VoucherDraft): FieldIssue[] => collectIssues(voucherCrossFieldRules, value)

// ---------------------------------------------------------------------------------------------
// Response. Lenient about unknown fields (the server adds fields without notice), and about
// types as far as the official Java SDK is (see `reply-fields.ts`).

const optionalText = replyTextOptional

export const VoucherStatusSchema = z.looseObject({
  is_success: replyBool,
  /** 优惠券实例ID; after 反核销 (ISUSED_NORMAL) the id of the newly reissued voucher. */
  voucher_id: replyText,
  // Assumed, the metadata being silent: it lists result_code/desc/view only on the call's common
  // result, the seed doc's field tree also on each voucher status. Read here when present (a
  // voucher's own words), else the common result's (services/redemption/outcomes.ts).
  result_code: optionalText,
  result_desc: optionalText,
  result_view: optionalText,
})
export type VoucherStatus = z.output<typeof VoucherStatusSchema>

/**
 * Unwrapped lists (`simplify=true`, or unwrapped by the TOP client) are plain arrays; the classic
 * JSON wraps them as `{ voucher_status: [...] }`; TOP omits an empty list. All three arrive here
 * as an array. A preprocess rather than a union, so a bad item is reported at its own path.
 */
const topList = <T extends z.ZodType>(itemName: string, item: T) =>
  z.preprocess(
    (v: unknown) => {
      if (v === undefined || v === null) return []
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && itemName in v) {
        return (v as Record<string, unknown>)[itemName]
      }
      return v
    },
    z.array(item, REQUIRED),
  )

export const VoucherUsingOpenInfoSchema = z.looseObject({
  voucher_status_list: topList('voucher_status', VoucherStatusSchema),
})
export type VoucherUsingOpenInfo = z.output<typeof VoucherUsingOpenInfoSchema>

/**
 * The doc's field tree puts result_code/desc/view on each voucher status, its XML example on the
 * common result: both levels accept them.
 */
export const VoucherCommonResultSchema = z.looseObject({
  biz_success: replyBool,
  result: replyOptional(VoucherUsingOpenInfoSchema),
  result_code: optionalText,
  result_desc: optionalText,
  result_view: optionalText,
})
export type VoucherCommonResult = z.output<typeof VoucherCommonResultSchema>

export const VoucherStatusChangeResponseSchema = z.looseObject({
  result: VoucherCommonResultSchema,
})
export type VoucherStatusChangeResponse = z.output<typeof VoucherStatusChangeResponseSchema>
