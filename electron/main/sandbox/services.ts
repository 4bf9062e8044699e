import { API_METHODS, metadataOf, requestParamOf, type ApiMethod, type FieldSpec } from './api-metadata'
import { responseFieldsAt, shapeAs } from './answer-shape'
import { parseBeijingTime } from './clock'
import { platformError, type PlatformError } from './protocol'
import { num, object, readObjectParam, text, texts, type FieldValues } from './request-reader'
import { failure, TEMPLATE_ERROR, type ApiResult, type TemplateStore } from './templates'
import {
  LISTED_STATES,
  listedState,
  VOUCHER_ACTIONS,
  type ListedVoucherState,
  type Voucher,
  type VoucherAction,
  type VoucherLedger,
} from './vouchers'

/**
 * The business half of the gateway: one service per API, behind the platform checks. Each reads
 * its request object by the API's metadata (`request-reader.ts`) and answers in its response shape.
 */
export type ServiceOutcome =
  | { kind: 'reply'; payload: Record<string, unknown>; businessKey?: string; replayed: boolean; ignoredFields: string[] }
  | { kind: 'error'; error: PlatformError; businessKey?: string }

export interface SandboxService {
  readonly method: ApiMethod
  /** Whether the call needs the user's `session` (the template APIs act for a store). */
  readonly needsSession: boolean
  readonly responseParams: readonly FieldSpec[]
  handle(params: Readonly<Record<string, string>>): ServiceOutcome
}

export interface ServiceOptions {
  /** `template.update` without an id creates (the client's old way) or is refused (TOP's). */
  updateCreatesWithoutId: boolean
}

export function createServices(
  ledger: VoucherLedger,
  templates: TemplateStore,
  options: ServiceOptions = { updateCreatesWithoutId: false },
): ReadonlyMap<string, SandboxService> {
  const services: SandboxService[] = [
    service(API_METHODS.voucherStatusChange, false, (req) => changeStatus(ledger, req)),
    service(API_METHODS.customerVoucherList, false, (req) => listVouchers(ledger, req)),
    service(API_METHODS.templateCreate, true, (req) => writeTemplate(req, () => templates.create(req))),
    service(API_METHODS.templateUpdate, true, (req) =>
      writeTemplate(req, () => templates.update(req, { createWithoutId: options.updateCreatesWithoutId })),
    ),
    service(API_METHODS.templateQuery, true, (req) => queryTemplate(templates, req)),
    service(API_METHODS.templateTerminate, true, (req) => ({
      kind: 'reply',
      payload: { result: templates.terminate(req) },
      replayed: false,
    })),
  ]
  return new Map(services.map((s) => [s.method, s]))
}

type Handled =
  | { kind: 'reply'; payload: Record<string, unknown>; businessKey?: string; replayed: boolean }
  | { kind: 'error'; error: PlatformError; businessKey?: string }

function service(method: ApiMethod, needsSession: boolean, handle: (request: FieldValues) => Handled): SandboxService {
  const param = requestParamOf(method)
  return {
    method,
    needsSession,
    responseParams: metadataOf(method).responseParams,
    handle(params) {
      const read = readObjectParam(params, param)
      if (!read.ok) return { kind: 'error', error: read.error }
      const handled = handle(read.value)
      return handled.kind === 'error' ? handled : { ...handled, ignoredFields: read.ignored }
    },
  }
}

/** A parameter the service refuses: code 15 with `isv.invalid-parameter` naming the field. */
function invalidParameter(where: string): Handled {
  return { kind: 'error', error: platformError(15, { sub_code: 'isv.invalid-parameter', sub_msg: where }) }
}

const STATUS_CHANGE_PARAM = 'param_voucher_status_change_open_req'

function changeStatus(ledger: VoucherLedger, req: FieldValues): Handled {
  const action = text(req, 'voucher_status_action')
  if (!VOUCHER_ACTIONS.includes(action as VoucherAction)) return invalidParameter(`${STATUS_CHANGE_PARAM}.voucher_status_action`)
  const voucherIds = texts(req, 'voucher_id_list') ?? []
  if (voucherIds.length === 0) return invalidParameter(`${STATUS_CHANGE_PARAM}.voucher_id_list`)
  const points = texts(req, 'voucher_point_list')
  // The metadata marks these required, so the reader has checked they are there.
  const requestId = text(req, 'request_id')!
  const outcome = ledger.change({
    customerId: text(req, 'customer_id')!,
    requestId,
    action: action as VoucherAction,
    voucherIds,
    ...(points ? { points } : {}),
  })
  return { kind: 'reply', payload: { result: outcome.result }, businessKey: requestId, replayed: outcome.replayed }
}

const LIST_PARAM = 'customer_voucher_full_open_req'
/** 每页大小，默认20 (the metadata). No maximum is documented; the sandbox sets none. */
const DEFAULT_PAGE_SIZE = 20

/**
 * `customer.voucher.list`: one page of a customer's vouchers, newest first, in the states asked for
 * (all three when none). Read-only: no business key. Assumed where the metadata is silent: brand and
 * shop ids do not narrow the list (the demo has one brand); the item's `customer_id` (a `Number` in
 * the metadata, but the demo customers' ids are not numbers) is left out, since the caller named the
 * customer; an unknown customer has an empty list.
 */
function listVouchers(ledger: VoucherLedger, req: FieldValues): Handled {
  const customerId = text(req, 'customer_id')
  if (!customerId) {
    return { kind: 'error', error: platformError(15, { sub_code: 'isv.missing-parameter', sub_msg: `${LIST_PARAM}.customer_id` }) }
  }
  const pageNo = num(req, 'page_no') ?? 1
  const pageSize = num(req, 'page_size') ?? DEFAULT_PAGE_SIZE
  if (!Number.isInteger(pageNo) || pageNo < 1) return invalidParameter(`${LIST_PARAM}.page_no`)
  if (!Number.isInteger(pageSize) || pageSize < 1) return invalidParameter(`${LIST_PARAM}.page_size`)
  const states = texts(req, 'voucher_status_list')
  if (states?.some((s) => !LISTED_STATES.includes(s as ListedVoucherState))) {
    return invalidParameter(`${LIST_PARAM}.voucher_status_list`)
  }
  const all = ledger.ofCustomer(customerId, states && states.length > 0 ? (states as ListedVoucherState[]) : LISTED_STATES)
  const totalPage = Math.ceil(all.length / pageSize)
  const page = all.slice((pageNo - 1) * pageSize, pageNo * pageSize)
  return {
    kind: 'reply',
    replayed: false,
    payload: {
      result: {
        biz_success: true,
        current_page: pageNo,
        page_size: pageSize,
        has_next_page: pageNo < totalPage,
        total_page: totalPage,
        total_size: all.length,
        // TOP leaves an empty list out of the answer.
        ...(page.length > 0 ? { result_list: page.map(listItem) } : {}),
        result_code: '0',
        result_desc: '查询成功',
        result_view: '查询成功',
      },
    },
  }
}

function listItem(v: Voucher): Record<string, unknown> {
  return {
    voucher_id: v.voucherId,
    title: v.title,
    status: listedState(v.state),
    amount: v.amount,
    start_fee: v.startFee,
    ...(v.discountRate !== undefined ? { discount_rate: v.discountRate } : {}),
    ...(v.giftPoint !== undefined ? { gift_point: v.giftPoint } : {}),
    voucher_template_id: v.templateId,
    start_time: v.startTime,
    end_time: v.endTime,
    gmt_created: v.createdAt,
  }
}

/** Create or update: impossibilities are answered as a business failure and nothing is stored. */
function writeTemplate(req: FieldValues, write: () => { result: ApiResult; replayed: boolean }): Handled {
  const uniqueId = text(object(req, 'coupon_template'), 'unique_id')
  const key = uniqueId ? { businessKey: uniqueId } : {}
  const impossible = templateImpossibilities(req)
  if (impossible) return { kind: 'reply', payload: { result: impossible }, replayed: false, ...key }
  const outcome = write()
  return { kind: 'reply', payload: { result: outcome.result }, replayed: outcome.replayed, ...key }
}

/** Sub-fields of the query answer's `coupon_template`, for projecting the stored template. */
const QUERY_TEMPLATE_FIELDS = responseFieldsAt(metadataOf(API_METHODS.templateQuery).responseParams, ['result', 'model', 'coupon_template'])

/**
 * `template.query`. When the store plays "not available", it answers what a real gateway would: 22
 * for a method it does not know, 11 for one the app was not granted.
 */
function queryTemplate(templates: TemplateStore, req: FieldValues): Handled {
  switch (templates.queryAccess) {
    case 'unknown-method':
      return { kind: 'error', error: platformError(22) }
    case 'no-permission':
      return {
        kind: 'error',
        error: platformError(11, { sub_code: 'isv.permission-api-package-limit', sub_msg: `${API_METHODS.templateQuery} 未授权给该应用` }),
      }
    case 'granted':
      break
  }
  const result = templates.query(req)
  if (!result.success) return { kind: 'reply', payload: { result }, replayed: false }
  const stored = (result.model as FieldValues).coupon_template
  return {
    kind: 'reply',
    payload: { result: { success: true, model: { coupon_template: shapeAs(stored, QUERY_TEMPLATE_FIELDS) } } },
    replayed: false,
  }
}

/**
 * The sandbox's own checks of a template before it is stored, for impossibilities only (the
 * platform's real rules are not published): an end before its start, a reduction above its threshold.
 */
export function templateImpossibilities(req: FieldValues): ApiResult | undefined {
  const template = object(req, 'coupon_template') ?? {}
  const before = (group: string, start: string, end: string): string | undefined => {
    const g = object(template, group)
    const from = text(g, start)
    const to = text(g, end)
    if (!from || !to) return undefined
    return parseBeijingTime(to)!.getTime() < parseBeijingTime(from)!.getTime() ? `coupon_template.${group}.${end}` : undefined
  }
  const conditions = object(template, 'condition_config')
  const discount = object(template, 'discount_config')
  const threshold = conditions?.amount_at === true ? num(conditions, 'amount') : undefined
  const decrease = discount?.decrease === true ? num(discount, 'decrease_money') : undefined
  const problems = [
    before('apply_limit_config', 'apply_start_time', 'apply_end_time'),
    before('time_limit_config', 'start_valid_time', 'end_valid_time'),
    threshold !== undefined && decrease !== undefined && decrease > threshold
      ? 'coupon_template.discount_config.decrease_money'
      : undefined,
  ].filter((p): p is string => p !== undefined)
  return problems.length > 0 ? failure(TEMPLATE_ERROR.PARAM_ERROR, problems.join('；')) : undefined
}
