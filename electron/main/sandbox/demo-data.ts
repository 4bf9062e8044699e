import { VALID_TEMPLATE_EXAMPLE } from '../../contract/api/examples'

/**
 * The sandbox's seeded vouchers, shown on the first-start screen so a new cashier can practise
 * every answer the counter will meet. Ids look like real voucher ids (12 digits) but start with
 * 88 so nobody mistakes one for a live voucher.
 */

export interface DemoVoucher {
  voucherId: string
  customerId: string
  /** State at start: `ISUSED` seeds one already redeemed voucher. */
  initialState: 'NORMAL' | 'ISUSED'
  note: { zh: string; en: string }
}

export const DEMO_CUSTOMERS = ['C10001', 'C10002'] as const

export const DEMO_VOUCHERS: readonly DemoVoucher[] = Object.freeze([
  {
    voucherId: '880000000001',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '满100减10，可正常核销', en: '10 off 100, redeems normally' },
  },
  {
    voucherId: '880000000002',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '满50减5，可正常核销', en: '5 off 50, redeems normally' },
  },
  {
    voucherId: '880000000003',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '全场9折，练习一次核销多张券', en: '10% off everything: practise redeeming several at once' },
  },
  {
    voucherId: '880000000004',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '积分券（100点），练习填写点数', en: 'Points voucher (100 points): practise entering points' },
  },
  {
    voucherId: '880000000005',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '核销后再练习反核销（会补发一张新券）', en: 'Redeem, then reverse it (a new voucher is reissued)' },
  },
  {
    voucherId: '880000000006',
    customerId: 'C10001',
    initialState: 'ISUSED',
    note: { zh: '已使用：再次核销会提示“已使用”，可练习反核销', en: 'Already used: redeeming says so; practise reversing' },
  },
  {
    voucherId: '880000000101',
    customerId: 'C10002',
    initialState: 'NORMAL',
    note: { zh: '属于顾客 C10002；用 C10001 核销会提示“不属于该顾客”', en: 'Belongs to C10002; redeeming for C10001 is refused' },
  },
  {
    voucherId: '880000000102',
    customerId: 'C10002',
    initialState: 'NORMAL',
    note: { zh: '满200减30，可正常核销', en: '30 off 200, redeems normally' },
  },
  {
    voucherId: '880000000103',
    customerId: 'C10002',
    initialState: 'NORMAL',
    note: { zh: '免运费券，可正常核销', en: 'Free delivery voucher, redeems normally' },
  },
])

/** An id that is in no ledger: redeeming it shows "voucher not found". */
export const DEMO_UNKNOWN_VOUCHER_ID = '880000009999'

/**
 * The seeded coupon template (满100减10), so "edit an existing template" works from the first
 * start. Its id is above 2^53 on purpose: every client meets a 64-bit id at once.
 */
export const DEMO_TEMPLATE_ID = VALID_TEMPLATE_EXAMPLE.coupon_template.id
export const DEMO_TEMPLATE_REQUEST = VALID_TEMPLATE_EXAMPLE
