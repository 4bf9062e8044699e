/** Labels of the two TOP APIs' code tables (`../../api/enums.ts`), by table and entry key: the doc's own wording. */
export default {
  enums: {
    CouponType: {
      FIX_PRICE: '一口价券',
      FULL_AMOUNT_REDUCE: '满元减券',
      FULL_AMOUNT_DISCOUNT: '满元折券',
      FULL_COUNT_REDUCE: '满件减券',
      FULL_COUNT_DISCOUNT: '满件折券',
      VOUCHER: '抵用券',
    },
    TemplateStatus: {
      NORMAL: '有效',
      DELETE: '删除',
      ENDING: '结束领取',
      NOUSE: '无效',
      WDK_COUPON_DRAFT: '草稿',
    },
    SendType: {
      ANONYMOUS: '匿名券',
      REGISTERED: '记名券',
    },
    RangeType: {
      COUPON_RANGE_STORE: '店铺券',
      COUPON_RANGE_ITEM: '商品券',
      COUPON_RANGE_CATEGORY: '品类券',
      COUPON_RANGE_SELLER: '卖家券',
    },
    LogicGroupType: {
      COMMON: '普通分组',
      EXCHANGE: '换购分组',
      BUY_GIFT: '买赠分组',
      EXCHANGE_TJ_OVERLAY: '特价换购叠加分组',
    },
    ValidTimeType: {
      RANGE: '开始/结束时间',
      DURATION: '固定时长',
    },
    Terminal: {
      APP: 'App',
      POS: 'POS',
    },
    VoucherStatusAction: {
      NORMAL_ISUSED: '核销',
      ISUSED_NORMAL: '反核销',
    },
    VoucherSource: {
      POS: 'POS',
      MOBILE_STORE: '移动门店',
    },
    ApplicationType: {
      POINT_COUPON: '积分券',
    },
  },
}
