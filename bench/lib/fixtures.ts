import { VALID_TEMPLATE_EXAMPLE, VALID_VOUCHER_REQUEST } from '../../electron/contract/api/examples'
import type { CouponTemplateOperateRequestInput } from '../../electron/contract/api/template'
import type { VoucherStatusChangeOpenReqInput } from '../../electron/contract/api/voucher'

/** Shared inputs of the cases: what the counter really sends, at the sizes the issue names. */

export const VOUCHER_METHOD = 'alibaba.alsc.crm.voucher.status.change'
export const TEMPLATE_METHOD = 'alibaba.wdk.coupon.template.update'

/** A two-voucher redemption at a POS, with a cashier's Chinese name (so the text is not ASCII). */
export function voucherRequest(
  requestId: string,
  voucherIds: readonly string[] = VALID_VOUCHER_REQUEST.voucher_id_list,
): VoucherStatusChangeOpenReqInput {
  return { ...VALID_VOUCHER_REQUEST, request_id: requestId, voucher_id_list: [...voucherIds] }
}

/** The valid 满100减10 template, limited to `shops` shops and `categories` categories. */
export function bigTemplate(shops: number, categories: number): CouponTemplateOperateRequestInput {
  const base = VALID_TEMPLATE_EXAMPLE
  return {
    ...base,
    coupon_template: {
      ...base.coupon_template,
      condition_config: {
        ...base.coupon_template.condition_config,
        shop_ids: Array.from({ length: shops }, (_, i) => String(300_000 + i)),
        categories: Array.from({ length: categories }, (_, i) => `cat-${String(i).padStart(5, '0')}`),
      },
    },
  }
}
