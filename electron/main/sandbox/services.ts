import { CouponTemplateOperateRequestSchema, TemplateQueryRequestSchema } from '../../contract/api/template'
import { VoucherStatusChangeOpenReqSchema } from '../../contract/api/voucher'
import { TEMPLATE_QUERY, TEMPLATE_UPDATE, VOUCHER_STATUS_CHANGE, type TopApi } from '../top/apis'
import { invalid, readRequestObject } from './business-params'
import { platformError, type PlatformError } from './protocol'
import { paramErrorResult, type TemplateStore } from './templates'
import type { VoucherLedger } from './vouchers'

/** The business half of the gateway: one service per API, behind the platform checks. */

export type ServiceOutcome =
  | { kind: 'reply'; payload: Record<string, unknown>; businessKey?: string; replayed: boolean }
  | { kind: 'error'; error: PlatformError; businessKey?: string }

export interface SandboxService {
  readonly api: TopApi
  handle(params: Record<string, string>): ServiceOutcome
}

export function createServices(ledger: VoucherLedger, templates: TemplateStore): ReadonlyMap<string, SandboxService> {
  const services: SandboxService[] = [voucherService(ledger), templateService(templates), templateQueryService(templates)]
  return new Map(services.map((service) => [service.api.method, service]))
}

function voucherService(ledger: VoucherLedger): SandboxService {
  const api = VOUCHER_STATUS_CHANGE
  return {
    api,
    handle(params) {
      const read = readRequestObject(params, api.param, VoucherStatusChangeOpenReqSchema)
      if (read.kind === 'rejected') return { kind: 'error', error: read.error }
      if (read.kind === 'rule-violations') {
        const [first] = read.issues
        return { kind: 'error', error: invalid(`${[api.param, ...(first?.path ?? [])].join('.')} (${first?.key})`) }
      }
      const req = read.value
      const outcome = ledger.change(req)
      if (outcome.kind === 'conflict') {
        return { kind: 'error', error: idConflict('isv.request-id-conflict', `request_id ${req.request_id}`), businessKey: req.request_id }
      }
      return { kind: 'reply', payload: { result: outcome.result }, businessKey: req.request_id, replayed: outcome.replayed }
    },
  }
}

function templateService(templates: TemplateStore): SandboxService {
  const api = TEMPLATE_UPDATE
  return {
    api,
    handle(params) {
      const read = readRequestObject(params, api.param, CouponTemplateOperateRequestSchema)
      if (read.kind === 'rejected') return { kind: 'error', error: read.error }
      if (read.kind === 'rule-violations') {
        return { kind: 'reply', payload: { result: paramErrorResult(read.issues) }, replayed: false }
      }
      const req = read.value
      const uniqueId = req.coupon_template.unique_id
      const key = uniqueId === undefined ? {} : { businessKey: uniqueId }
      const outcome = templates.update(req)
      if (outcome.kind === 'conflict') {
        return { kind: 'error', error: idConflict('isv.unique-id-conflict', `unique_id ${uniqueId}`), ...key }
      }
      return { kind: 'reply', payload: { result: outcome.result }, replayed: outcome.replayed, ...key }
    },
  }
}

/**
 * `alibaba.wdk.coupon.template.query`, in the shape the contract assumes. Read-only: no business
 * key, nothing to replay. When the store plays "not available", it answers what a real gateway
 * would: 22 for a method it does not know, 11 for one the app was not granted.
 */
function templateQueryService(templates: TemplateStore): SandboxService {
  const api = TEMPLATE_QUERY
  return {
    api,
    handle(params) {
      switch (templates.queryAccess) {
        case 'unknown-method':
          return { kind: 'error', error: platformError(22) }
        case 'no-permission':
          return {
            kind: 'error',
            error: {
              ...platformError(11, { sub_code: 'isv.permission-api-package-limit', sub_msg: `${api.method} 未授权给该应用` }),
              msg: 'Insufficient isv permissions',
            },
          }
        case 'granted':
          break
      }
      const read = readRequestObject(params, api.param, TemplateQueryRequestSchema)
      if (read.kind === 'rejected') return { kind: 'error', error: read.error }
      // The request has no cross-field rules; anything else is a parameter the platform refuses.
      if (read.kind === 'rule-violations') return { kind: 'error', error: invalid(api.param) }
      return { kind: 'reply', payload: { result: templates.query(read.value.template_id) }, replayed: false }
    },
  }
}

/** The same idempotency key with a different payload: the caller's bug, never to be retried. */
function idConflict(subCode: string, key: string): PlatformError {
  return platformError(15, { sub_code: subCode, sub_msg: `${key} 已用于另一笔内容不同的请求` })
}
