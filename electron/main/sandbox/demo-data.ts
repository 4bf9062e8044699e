/**
 * The sandbox's seeded vouchers and template, shown on the first-start screen so a new cashier
 * can practise every answer the counter will meet. Voucher ids look like real ones (12 digits) but
 * start with 88 so nobody mistakes one for a live voucher.
 *
 * Units are assumptions (the metadata of `customer.voucher.list` gives none): `amount` and
 * `start_fee` in fen, as the sibling template APIs' money fields; `gift_point` in points.
 */

export interface DemoVoucher {
  voucherId: string
  customerId: string
  /** State at start: `ISUSED` seeds one already redeemed voucher. */
  initialState: 'NORMAL' | 'ISUSED'
  note: { zh: string; en: string }
  /** What `customer.voucher.list` shows: 优惠券名称. */
  title: string
  /** 优惠券金额, fen (assumed). 0 for a discount-rate voucher. */
  amount: number
  /** 满足金额阈值, fen (assumed); 0 means no threshold. */
  startFee: number
  /** 优惠率, as text (format assumed: "0.9" = pay 90 %); only on discount vouchers. */
  discountRate?: string
  /** 券实例有效点数: the points a points voucher carries. */
  giftPoint?: number
  /** 优惠券模版ID: vouchers of one offer share it. */
  templateId: string
  /** Validity relative to when the gateway starts: from `validFromDays` ago to `validForDays` ahead. */
  validFromDays: number
  validForDays: number
}

export const DEMO_CUSTOMERS = ['C10001', 'C10002'] as const

const TEMPLATE = {
  off10of100: '700100001',
  off5of50: '700100002',
  discount90: '700100003',
  points100: '700100004',
  off3of30: '700100005',
  off2of20: '700100006',
  off30of200: '700100007',
  freeDelivery: '700100008',
} as const

export const DEMO_VOUCHERS: readonly DemoVoucher[] = Object.freeze([
  {
    voucherId: '880000000001',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '满100减10，可正常核销', en: '10 off 100, redeems normally' },
    title: '满100减10',
    amount: 1000,
    startFee: 10000,
    templateId: TEMPLATE.off10of100,
    validFromDays: 7,
    validForDays: 60,
  },
  {
    voucherId: '880000000002',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '满50减5，可正常核销', en: '5 off 50, redeems normally' },
    title: '满50减5',
    amount: 500,
    startFee: 5000,
    templateId: TEMPLATE.off5of50,
    validFromDays: 3,
    validForDays: 30,
  },
  {
    voucherId: '880000000003',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '全场9折，练习一次核销多张券', en: '10% off everything: practise redeeming several at once' },
    title: '全场9折',
    amount: 0,
    startFee: 0,
    discountRate: '0.9',
    templateId: TEMPLATE.discount90,
    validFromDays: 1,
    validForDays: 14,
  },
  {
    voucherId: '880000000004',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '积分券（100点），练习填写点数', en: 'Points voucher (100 points): practise entering points' },
    title: '积分抵扣券（100点）',
    amount: 1000,
    startFee: 0,
    giftPoint: 100,
    templateId: TEMPLATE.points100,
    validFromDays: 10,
    validForDays: 90,
  },
  {
    voucherId: '880000000005',
    customerId: 'C10001',
    initialState: 'NORMAL',
    note: { zh: '核销后再练习反核销（会补发一张新券）', en: 'Redeem, then reverse it (a new voucher is reissued)' },
    title: '满30减3',
    amount: 300,
    startFee: 3000,
    templateId: TEMPLATE.off3of30,
    validFromDays: 2,
    validForDays: 30,
  },
  {
    voucherId: '880000000006',
    customerId: 'C10001',
    initialState: 'ISUSED',
    note: { zh: '已使用：再次核销会提示“已使用”，可练习反核销', en: 'Already used: redeeming says so; practise reversing' },
    title: '满100减10',
    amount: 1000,
    startFee: 10000,
    templateId: TEMPLATE.off10of100,
    validFromDays: 20,
    validForDays: 40,
  },
  {
    voucherId: '880000000101',
    customerId: 'C10002',
    initialState: 'NORMAL',
    note: { zh: '属于顾客 C10002；用 C10001 核销会提示“不属于该顾客”', en: 'Belongs to C10002; redeeming for C10001 is refused' },
    title: '满20减2',
    amount: 200,
    startFee: 2000,
    templateId: TEMPLATE.off2of20,
    validFromDays: 5,
    validForDays: 30,
  },
  {
    voucherId: '880000000102',
    customerId: 'C10002',
    initialState: 'NORMAL',
    note: { zh: '满200减30，可正常核销', en: '30 off 200, redeems normally' },
    title: '满200减30',
    amount: 3000,
    startFee: 20000,
    templateId: TEMPLATE.off30of200,
    validFromDays: 4,
    validForDays: 45,
  },
  {
    voucherId: '880000000103',
    customerId: 'C10002',
    initialState: 'NORMAL',
    note: { zh: '免运费券，可正常核销', en: 'Free delivery voucher, redeems normally' },
    title: '免运费券',
    amount: 600,
    startFee: 0,
    templateId: TEMPLATE.freeDelivery,
    validFromDays: 6,
    validForDays: 30,
  },
])

/** An id that is in no ledger: redeeming it shows "voucher not found". */
export const DEMO_UNKNOWN_VOUCHER_ID = '880000009999'

/**
 * The seeded coupon template (满100减10), so "edit an existing template" works from the first
 * start. Its ids are above 2^53 on purpose: every client meets a 64-bit id at once.
 */
export const DEMO_TEMPLATE_ID = '9007199254740993'
export const DEMO_TEMPLATE_SOURCE_ID = '9007199254800001'

/** The seeded template as the platform holds it, field names and types from the template metadata. */
export const DEMO_TEMPLATE = Object.freeze({
  id: BigInt(DEMO_TEMPLATE_ID),
  source_id: BigInt(DEMO_TEMPLATE_SOURCE_ID),
  apply_limit_config: {
    apply_start_time: '2025-01-01 00:00:00',
    apply_end_time: '2025-01-31 23:59:59',
    coupon_total_lmt: 10000,
    coupon_daily_lmt: 500,
    personal_lmt: 3,
    personal_daily_lmt: 1,
  },
  common_config: { title: '满100减10', description: '全场满100元减10元', type: 11, status: 1, send_type: 'registered' },
  condition_config: { amount_at: true, amount: 10000, count_at: false, range_type: 1, terminals: ['1', '2'], max_use_count_per_order: 1 },
  discount_config: { decrease: true, decrease_money: 1000, discount: false, fix_price: false },
  investment_config: {
    investment_info_list: [
      { investor: 'brand', investor_ratio: 6000 },
      { investor: 'store', investor_ratio: 4000 },
    ],
  },
  participate_config: {
    participate_list: [
      { number: 1, wdk_group_name: '普通', logic_group_type: 1 },
      { number: 2, wdk_group_name: '换购', logic_group_type: 2 },
    ],
  },
  time_limit_config: { valid_time_type: 1, start_valid_time: '2025-01-01 00:00:00', end_valid_time: '2025-02-28 23:59:59' },
  compatible_config: { valid_till_night: 1 },
})
