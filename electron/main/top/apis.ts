import type { z } from 'zod'
import {
  TemplateQueryResponseSchema,
  TemplateUpdateResponseSchema,
  type CouponTemplateOperateRequest,
} from '../../contract/api/template'
import { VoucherStatusChangeResponseSchema, type VoucherStatusChangeOpenReq } from '../../contract/api/voucher'
import type { TopCallResult, TopClient } from './client'

/** What the client needs to know about one TOP API. */
export interface TopApi<S extends z.ZodType = z.ZodType> {
  method: string
  /** The single form field that carries the request object as JSON. */
  param: string
  needsSession: boolean
  response: S
}

/** 核销 / 反核销 (redeem / reverse). The voucher sample calls it without a session. */
export const VOUCHER_STATUS_CHANGE = {
  method: 'alibaba.alsc.crm.voucher.status.change',
  param: 'param_voucher_status_change_open_req',
  needsSession: false,
  response: VoucherStatusChangeResponseSchema,
} as const satisfies TopApi

/** 优惠券模版修改 (create when `id` is absent, else update). Acts for a store, so it needs its session. */
export const TEMPLATE_UPDATE = {
  method: 'alibaba.wdk.coupon.template.update',
  param: 'param_coupon_template_operate_request',
  needsSession: true,
  response: TemplateUpdateResponseSchema,
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
    { responseSchema: api.response, needsSession: api.needsSession, ...(signal ? { signal } : {}) },
  )
}

/**
 * Redeems or reverses vouchers. `req` is an already validated request; its `request_id` is the
 * idempotency key every retry reuses, so a call whose outcome is unknown can be repeated as is.
 */
export function changeVoucherStatus(client: TopClient, req: VoucherStatusChangeOpenReq, signal?: AbortSignal) {
  return callApi(client, VOUCHER_STATUS_CHANGE, req, signal)
}

/** Creates or updates a coupon template; `coupon_template.unique_id` is its idempotency key. */
export function updateTemplate(client: TopClient, req: CouponTemplateOperateRequest, signal?: AbortSignal) {
  return callApi(client, TEMPLATE_UPDATE, req, signal)
}

/**
 * Reads the server's copy of a template by its `id` (decimal text; it goes out as a bare JSON
 * number), with the operator's `user_info` when there is one.
 */
export function queryTemplate(
  client: TopClient,
  templateId: string,
  signal?: AbortSignal,
  userInfo?: CouponTemplateOperateRequest['user_info'],
) {
  return callApi(client, TEMPLATE_QUERY, { id: BigInt(templateId), ...(userInfo ? { user_info: userInfo } : {}) }, signal)
}
