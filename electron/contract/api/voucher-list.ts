import { z } from 'zod'
import { REQUIRED } from './issues'
import { trimmedId } from './primitives'
import { replyBool, replyNumberOptional, replyOptional, replyTextOptional } from './reply-fields'

/**
 * `alibaba.alsc.crm.customer.voucher.list` (获取顾客优惠券列表): a customer's vouchers, paged.
 * Shapes from TOP's API metadata (`./docs/metadata/`); test/contract/api-metadata.test.ts ties
 * them to it. The metadata marks no field required and states no units:
 *   - `amount`, `start_fee` (优惠券金额, 满足金额阈值) are read as fen, like the sibling voucher and
 *     template APIs' money fields; the UI shows the raw value beside the yuan reading.
 *   - `discount_rate` (优惠率) is a String of unknown scale: shown as sent.
 *   - `gift_point` (券实例有效点数): the voucher's points, as sent.
 *   - `start_time`, `end_time`, `gmt_created`: Strings; read as TOP's `yyyy-MM-dd HH:mm:ss` GMT+8
 *     when they have that form, shown as sent otherwise.
 *   - `page_size` defaults to 20 (the metadata says so); the largest page is not stated, so we
 *     ask for 20 and follow `has_next_page`.
 */

/** The states the metadata lists (优惠券状态 NORMAL，DELETED，ISUSED). */
export const VOUCHER_LIST_STATUSES = ['NORMAL', 'ISUSED', 'DELETED'] as const
export type VoucherListStatus = (typeof VOUCHER_LIST_STATUSES)[number]

/** 每页大小，默认20: what we ask for. */
export const VOUCHER_LIST_PAGE_SIZE = 20

// ---------------------------------------------------------------------------------------------
// Request: CustomerVoucherFullOpenReq

export const CustomerVoucherFullOpenReqSchema = z.object(
  {
    brand_id: trimmedId.optional(),
    /** Not marked required by the metadata; the app always sends it. */
    customer_id: trimmedId.optional(),
    out_brand_id: trimmedId.optional(),
    out_shop_id: trimmedId.optional(),
    /** 第几页,从1开始计数 */
    page_no: z.number(REQUIRED).int().positive().optional(),
    page_size: z.number(REQUIRED).int().positive().optional(),
    /** SaaS门店ID */
    shop_id: trimmedId.optional(),
    voucher_status_list: z.array(z.enum(VOUCHER_LIST_STATUSES), REQUIRED).optional(),
  },
  REQUIRED,
)
export type CustomerVoucherFullOpenReq = z.output<typeof CustomerVoucherFullOpenReqSchema>

// ---------------------------------------------------------------------------------------------
// Response: CommonPageResult of CustomerVoucherFullOpenInfo. Lenient as the Java SDK is.

export const CustomerVoucherInfoSchema = z.looseObject({
  amount: replyNumberOptional,
  /** A Number in the metadata, but an id: kept as text so a 64-bit value stays exact. */
  customer_id: replyTextOptional,
  end_time: replyTextOptional,
  gmt_created: replyTextOptional,
  start_fee: replyNumberOptional,
  start_time: replyTextOptional,
  /** NORMAL / ISUSED / DELETED as far as the metadata says; any other text is kept as sent. */
  status: replyTextOptional,
  title: replyTextOptional,
  voucher_id: replyTextOptional,
  discount_rate: replyTextOptional,
  voucher_template_id: replyTextOptional,
  gift_point: replyNumberOptional,
})
export type CustomerVoucherInfo = z.output<typeof CustomerVoucherInfoSchema>

/** A wrapped list (`{customer_voucher_full_open_info: [...]}`), a plain array, null or absent. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v: unknown) => {
      if (v === undefined || v === null) return []
      if (typeof v === 'object' && !Array.isArray(v)) {
        const values = Object.values(v as Record<string, unknown>)
        if (values.length === 1 && Array.isArray(values[0])) return values[0] as unknown[]
      }
      return v
    },
    z.array(item, REQUIRED),
  )

export const CustomerVoucherPageResultSchema = z.looseObject({
  biz_success: replyBool,
  current_page: replyNumberOptional,
  has_next_page: replyOptional(replyBool),
  page_size: replyNumberOptional,
  result_list: listOf(CustomerVoucherInfoSchema),
  result_code: replyTextOptional,
  result_desc: replyTextOptional,
  result_view: replyTextOptional,
  total_page: replyNumberOptional,
  total_size: replyNumberOptional,
})
export type CustomerVoucherPageResult = z.output<typeof CustomerVoucherPageResultSchema>

export const CustomerVoucherListResponseSchema = z.looseObject({
  result: CustomerVoucherPageResultSchema,
})
export type CustomerVoucherListResponse = z.output<typeof CustomerVoucherListResponseSchema>
