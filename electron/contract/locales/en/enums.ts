import type { DeepStringRecord } from '../types'
import type zh from '../zh-CN/enums'

export default {
  enums: {
    CouponType: {
      FIX_PRICE: 'Fixed-price coupon',
      FULL_AMOUNT_REDUCE: 'Spend-X-save-Y coupon',
      FULL_AMOUNT_DISCOUNT: 'Spend-X-get-discount coupon',
      FULL_COUNT_REDUCE: 'Buy-N-save-Y coupon',
      FULL_COUNT_DISCOUNT: 'Buy-N-get-discount coupon',
      VOUCHER: 'Cash voucher',
    },
    TemplateStatus: {
      NORMAL: 'Active',
      DELETE: 'Deleted',
      ENDING: 'Claiming ended',
      NOUSE: 'Invalid',
      WDK_COUPON_DRAFT: 'Draft',
    },
    SendType: {
      ANONYMOUS: 'Anonymous coupon',
      REGISTERED: 'Registered coupon',
    },
    RangeType: {
      COUPON_RANGE_STORE: 'Store-wide coupon',
      COUPON_RANGE_ITEM: 'Item coupon',
      COUPON_RANGE_CATEGORY: 'Category coupon',
      COUPON_RANGE_SELLER: 'Seller coupon',
    },
    LogicGroupType: {
      COMMON: 'Regular group',
      EXCHANGE: 'Trade-up group',
      BUY_GIFT: 'Buy-and-get-gift group',
      EXCHANGE_TJ_OVERLAY: 'Special-price trade-up stacking group',
    },
    ValidTimeType: {
      RANGE: 'Start/end time',
      DURATION: 'Fixed duration',
    },
    Terminal: {
      APP: 'App',
      POS: 'POS',
    },
    VoucherStatusAction: {
      NORMAL_ISUSED: 'Redeem',
      ISUSED_NORMAL: 'Reverse redemption',
    },
    VoucherSource: {
      POS: 'POS',
      MOBILE_STORE: 'Mobile store',
    },
    ApplicationType: {
      POINT_COUPON: 'Points coupon',
    },
  },
} satisfies DeepStringRecord<typeof zh>
