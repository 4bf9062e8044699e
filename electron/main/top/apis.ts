import type { z } from 'zod'
import {
  TemplateCreateResponseSchema,
  TemplateQueryResponseSchema,
  TemplateTerminateResponseSchema,
  TemplateUpdateResponseSchema,
  type CouponTemplateOperateRequest,
  type TemplateTerminateRequest,
} from '@contract/api/template'
import { VoucherStatusChangeResponseSchema, type VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import { CustomerVoucherListResponseSchema, type CustomerVoucherFullOpenReq } from '@contract/api/voucher-list'
import type { TopCallResult, TopClient } from './client'

/** What the client needs to know about one TOP API. */
export interface TopApi<S extends z.ZodType = z.ZodType> {
  method: string
  /** The single form field that carries the request object as JSON. */
  param: string
  needsSession: boolean
  response: S
  /**
   * False for a write whose repeat the platform does not document as harmless: after an attempt
   * that may have been delivered the client stops, and the caller looks up what happened first.
   */
  resendAfterPossibleDelivery?: boolean
}

/**
 * 核销 / 反核销 (redeem / reverse). The voucher sample calls it without a session. The metadata
 * calls `request_id` only "请求ID", not a de-duplication key, so a call that may have been
 * delivered is not repeated by the client: the redemption service reads the voucher's state with
 * `customer.voucher.list` first and resends only what the platform shows as not applied.
 */
export const VOUCHER_STATUS_CHANGE = {
  method: 'alibaba.alsc.crm.voucher.status.change',
  param: 'param_voucher_status_change_open_req',
  needsSession: false,
  response: VoucherStatusChangeResponseSchema,
  resendAfterPossibleDelivery: false,
} as const satisfies TopApi

/** 优惠券模版修改: changes the template with this `id`. Acts for a store, so it needs its session. */
export const TEMPLATE_UPDATE = {
  method: 'alibaba.wdk.coupon.template.update',
  param: 'param_coupon_template_operate_request',
  needsSession: true,
  response: TemplateUpdateResponseSchema,
} as const satisfies TopApi

/** 优惠券模版创建: update's request without `id`; answers `model{id, source_id}`. */
export const TEMPLATE_CREATE = {
  method: 'alibaba.wdk.coupon.template.create',
  param: 'param_coupon_template_operate_request',
  needsSession: true,
  response: TemplateCreateResponseSchema,
} as const satisfies TopApi

/** 优惠券模版终止: ends a template early, named by its `source_id`. */
export const TEMPLATE_TERMINATE = {
  method: 'alibaba.wdk.coupon.template.terminate',
  param: 'param_coupon_template_terminate_request',
  needsSession: true,
  response: TemplateTerminateResponseSchema,
} as const satisfies TopApi

/**
 * 优惠券模版查询 (read one template by `id`, in the metadata's shape: see `TemplateQueryRequestSchema`).
 * The template outbox reads the server's copy with it before an update, and copes with the method
 * being unknown or not granted.
 */
export const TEMPLATE_QUERY = {
  method: 'alibaba.wdk.coupon.template.query',
  param: 'param_coupon_template_query_request',
  needsSession: true,
  response: TemplateQueryResponseSchema,
} as const satisfies TopApi

function callApi<S extends z.ZodType>(
  client: TopClient,
  api: TopApi<S>,
  request: object,
  signal?: AbortSignal,
): Promise<TopCallResult<z.output<S>>> {
  return client.call(
    api.method,
    { [api.param]: request },
    {
      responseSchema: api.response,
      needsSession: api.needsSession,
      ...(api.resendAfterPossibleDelivery === false ? { resendAfterPossibleDelivery: false } : {}),
      ...(signal ? { signal } : {}),
    },
  )
}

/**
 * Redeems or reverses vouchers. `req` is an already validated request; its `request_id` is the
 * idempotency key every retry reuses, so a call whose outcome is unknown can be repeated as is.
 */
export function changeVoucherStatus(client: TopClient, req: VoucherStatusChangeOpenReq, signal?: AbortSignal) {
  return callApi(client, VOUCHER_STATUS_CHANGE, req, signal)
}

/** Creates a coupon template (`coupon_template` without `id`); `unique_id` is its idempotency key. */
export function createTemplate(client: TopClient, req: CouponTemplateOperateRequest, signal?: AbortSignal) {
  return callApi(client, TEMPLATE_CREATE, req, signal)
}

/** Ends a template early. */
export function terminateTemplate(client: TopClient, req: TemplateTerminateRequest, signal?: AbortSignal) {
  return callApi(client, TEMPLATE_TERMINATE, { ...req, source_id: BigInt(req.source_id) }, signal)
}

/** Updates the coupon template with `coupon_template.id`; `unique_id` is its idempotency key. */
export function updateTemplate(client: TopClient, req: CouponTemplateOperateRequest, signal?: AbortSignal) {
  return callApi(client, TEMPLATE_UPDATE, req, signal)
}

/**
 * The query's request object for one template by its `id` (decimal text; it goes out as a bare
 * JSON number), with the operator's `user_info` when there is one.
 */
export function templateQueryRequest(templateId: string, userInfo?: CouponTemplateOperateRequest['user_info']): object {
  return { id: BigInt(templateId), ...(userInfo ? { user_info: userInfo } : {}) }
}

/** Reads the server's copy of a template (see `templateQueryRequest`). */
export function queryTemplate(
  client: TopClient,
  templateId: string,
  signal?: AbortSignal,
  userInfo?: CouponTemplateOperateRequest['user_info'],
) {
  return callApi(client, TEMPLATE_QUERY, templateQueryRequest(templateId, userInfo), signal)
}

/**
 * 获取顾客优惠券列表 (a customer's vouchers, paged, NORMAL / ISUSED / DELETED). Same family as the
 * voucher status API, whose sample needs no session: sent without one (an assumption; the
 * metadata does not say). Read-only, so safe to repeat.
 */
export const CUSTOMER_VOUCHER_LIST = {
  method: 'alibaba.alsc.crm.customer.voucher.list',
  param: 'customer_voucher_full_open_req',
  needsSession: false,
  response: CustomerVoucherListResponseSchema,
} as const satisfies TopApi

/** One page of a customer's vouchers. */
export function listCustomerVouchers(client: TopClient, req: CustomerVoucherFullOpenReq, signal?: AbortSignal) {
  return callApi(client, CUSTOMER_VOUCHER_LIST, req, signal)
}
