import type { z } from 'zod'
import type { CouponTemplateOperateRequestInput, TemplateUpdateResponseSchema } from './template'
import type { VoucherStatusChangeOpenReqInput, VoucherStatusChangeResponseSchema } from './voucher'

/**
 * The docs' own examples, transcribed as typed objects (tests, the sandbox and the editor's
 * "fill sample" use them), plus examples that also pass the cross-field rules.
 * The doc examples are kept as published: they satisfy the field rules but not all cross-field
 * rules (equal start/end times, a FIX_PRICE type with every discount switch off, one 20% investor).
 */

/** alibaba.alsc.crm.voucher.status.change, from the doc's Java sample. */
export const VOUCHER_REQUEST_EXAMPLE = {
  brand_id: '123',
  customer_id: '123',
  operator_id: '123',
  operator_name: '操作人名字',
  out_brand_id: '123',
  out_order_id: '123',
  out_shop_id: '123',
  request_id: '123',
  shop_id: '123',
  source: 'POS',
  voucher_id_list: ['123', '345'],
  voucher_status_action: 'NORMAL_ISUSED',
  voucher_point_list: ['100', '200'],
} satisfies VoucherStatusChangeOpenReqInput

/** A realistic redemption of two vouchers at a POS. */
export const VALID_VOUCHER_REQUEST = {
  customer_id: '2088102177846875',
  operator_id: 'op-1024',
  operator_name: '张三',
  request_id: 'cd-20250110-0001',
  shop_id: '300125',
  source: 'POS',
  voucher_id_list: ['9287341029384', '9287341029385'],
  voucher_status_action: 'NORMAL_ISUSED',
} satisfies VoucherStatusChangeOpenReqInput

/** The doc's XML response example, unwrapped and as JSON. */
export const VOUCHER_RESPONSE_EXAMPLE = {
  result: {
    biz_success: true,
    result: {
      voucher_status_list: [{ is_success: false, voucher_id: '123' }],
    },
    result_code: '0',
    result_desc: '使用成功',
    result_view: '使用成功',
  },
} satisfies z.input<typeof VoucherStatusChangeResponseSchema>

/** alibaba.wdk.coupon.template.update, from the doc's Java sample (list setters given as one-item lists). */
export const TEMPLATE_REQUEST_EXAMPLE = {
  coupon_template: {
    apply_limit_config: {
      apply_end_time: '2019-12-31 23:59:59',
      coupon_daily_lmt: 1,
      coupon_total_lmt: 1000,
      personal_daily_lmt: 1,
      personal_lmt: 1,
      apply_start_time: '2019-12-31 23:59:59',
    },
    common_config: {
      apply_channels: ['darunfa'],
      description: '全场8折',
      status: 1,
      title: '超市8折',
      type: 6,
      send_type: 'anonymous',
    },
    condition_config: {
      amount: 100,
      amount_at: false,
      categories: ['23123'],
      count: 1,
      count_at: false,
      only_member_self: false,
      range_type: 1,
      shop_ids: ['23123'],
      terminals: ['1'],
      user_crowd_config: {
        merchant_customize_crowd_name: 'DRFMem',
        platform_crowd_name: 'HEMAX',
      },
      max_use_count_per_order: 12,
      merchant_categories: ['601'],
    },
    discount_config: {
      decrease: false,
      decrease_money: 100,
      discount: false,
      discount_rate: 10,
      fix_price_amount: 1000,
      fix_price: false,
    },
    id: 1,
    investment_config: {
      investment_info_list: [{ investor: 'caoding', investor_ratio: 2000 }],
    },
    option_config: {
      out_coupon_template_id: '11111',
      out_coupon_type: 'qwer',
      logo_url: 'http://taobao.com',
      picture_url: 'http://taobao.com',
      purchase_id: 1001,
      contract_instance_id: 100100331414,
    },
    participate_config: {
      participate_list: [{ number: 1, wdk_group_name: '换购', logic_group_type: 1 }],
    },
    source_id: 1,
    time_limit_config: {
      end_valid_time: '2019-12-31 23:59:59',
      start_valid_time: '2019-12-31 23:59:59',
      valid_time_type: 1,
      validity_period: 1000,
      validity_start_interval: 7200,
      validity_end_interval: 14400,
    },
    uuid: '113131212',
    unique_id: '4123123',
    compatible_config: {
      valid_till_night: 1,
      application_type: 'pointCoupon',
    },
  },
  user_info: {
    source: '1',
    user_id: 1,
    user_name: '1',
  },
} satisfies CouponTemplateOperateRequestInput

/**
 * 满100减10 (FULL_AMOUNT_REDUCE): spend 100.00 yuan, get 10.00 off; passes every cross-field rule.
 * The id is above 2^53 on purpose, as a string, the way real template ids arrive.
 */
export const VALID_TEMPLATE_EXAMPLE = {
  coupon_template: {
    id: '9007199254740993',
    unique_id: 'cd-tpl-20250101-0001',
    apply_limit_config: {
      apply_start_time: '2025-01-01 00:00:00',
      apply_end_time: '2025-01-31 23:59:59',
      coupon_total_lmt: 10000,
      coupon_daily_lmt: 500,
      personal_lmt: 3,
      personal_daily_lmt: 1,
    },
    common_config: {
      title: '满100减10',
      description: '全场满100元减10元',
      type: 11,
      status: 1,
      send_type: 'registered',
    },
    condition_config: {
      amount_at: true,
      amount: 10000,
      count_at: false,
      range_type: 1,
      terminals: ['1', '2'],
      max_use_count_per_order: 1,
    },
    discount_config: {
      decrease: true,
      decrease_money: 1000,
      discount: false,
      fix_price: false,
    },
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
    time_limit_config: {
      valid_time_type: 1,
      start_valid_time: '2025-01-01 00:00:00',
      end_valid_time: '2025-02-28 23:59:59',
    },
    compatible_config: { valid_till_night: 1 },
  },
  user_info: { source: 'coupon-desk', user_id: '2088000000000001', user_name: '店长' },
} satisfies CouponTemplateOperateRequestInput

/** The doc's XML response example, unwrapped and as JSON. */
export const TEMPLATE_RESPONSE_EXAMPLE = {
  result: {
    err_code: '参数异常',
    err_msg: '参数异常',
    model: '空',
    success: false,
  },
} satisfies z.input<typeof TemplateUpdateResponseSchema>
