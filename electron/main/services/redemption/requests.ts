import { randomUUID } from 'node:crypto'
import type { VoucherSourceCode } from '@contract/api/enums'
import { VoucherStatusChangeOpenReqSchema, type VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import { toFieldIssues } from '@contract/api/issues'
import type { PlannedVoucher } from '@main/store/journal-batches'
import { AppError } from '@main/ipc/app-error'

/**
 * The `VoucherStatusChangeOpenReq` objects the journal stores and the TOP client sends. Each is
 * validated against the contract before it is written, so a request that reaches the journal is
 * one the server can at least parse, and a retry can resend it unchanged.
 */

export interface Operator {
  operatorId: string
  operatorName?: string | undefined
}

export interface RedemptionHeader extends Operator {
  customerId: string
  source: VoucherSourceCode
  shopId?: string | undefined
  brandId?: string | undefined
  outBrandId?: string | undefined
  outShopId?: string | undefined
  outOrderId?: string | undefined
}

/** The profile's store settings a reversal falls back on when its redemption did not carry them. */
export interface StoreIds {
  outBrandId?: string | undefined
  outShopId?: string | undefined
}

/** The redemption a reversal undoes. */
export interface ReversalTarget {
  voucherId: string
  customerId: string
  /** The redemption's own request: shop, brand and source are copied from it. */
  redemption: VoucherStatusChangeOpenReq
}

/** A fresh business idempotency key: one per intended call, reused by every retry of it. */
export const newRequestId = (): string => randomUUID()

function validated(draft: Record<string, unknown>): VoucherStatusChangeOpenReq {
  const parsed = VoucherStatusChangeOpenReqSchema.safeParse(draft)
  if (!parsed.success) {
    throw new AppError('invalid-input', 'ipc.invalidInput', undefined, { issues: toFieldIssues(parsed.error, draft) })
  }
  return parsed.data
}

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>

export function redemptionRequest(header: RedemptionHeader, vouchers: readonly PlannedVoucher[]): VoucherStatusChangeOpenReq {
  // Points are all-or-nothing: the list aligns by index, so a voucher without points gets "0".
  const anyPoints = vouchers.some((v) => v.points !== null)
  return validated(
    defined({
      request_id: newRequestId(),
      voucher_status_action: 'NORMAL_ISUSED',
      customer_id: header.customerId,
      operator_id: header.operatorId,
      operator_name: header.operatorName,
      shop_id: header.shopId,
      brand_id: header.brandId,
      out_brand_id: header.outBrandId,
      out_shop_id: header.outShopId,
      out_order_id: header.outOrderId,
      source: header.source,
      voucher_id_list: vouchers.map((v) => v.voucherId),
      voucher_point_list: anyPoints ? vouchers.map((v) => v.points ?? '0') : undefined,
    }),
  )
}

/**
 * Undoes one redemption: same customer, shop, brand, external ids and source as the redemption
 * (external ids it did not carry come from the profile's store settings), the operator who
 * reverses it, and no points (待核销点数 are the points a redemption takes; the doc gives them no
 * meaning for a reversal).
 */
export function reversalRequest(target: ReversalTarget, operator: Operator, store: StoreIds = {}): VoucherStatusChangeOpenReq {
  const r = target.redemption
  return validated(
    defined({
      request_id: newRequestId(),
      voucher_status_action: 'ISUSED_NORMAL',
      customer_id: target.customerId,
      operator_id: operator.operatorId,
      operator_name: operator.operatorName,
      shop_id: r.shop_id,
      brand_id: r.brand_id,
      out_brand_id: r.out_brand_id ?? store.outBrandId,
      out_shop_id: r.out_shop_id ?? store.outShopId,
      out_order_id: r.out_order_id,
      source: r.source,
      voucher_id_list: [target.voucherId],
    }),
  )
}

/** `MAX_VOUCHERS_PER_CALL`-sized slices, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
