/** Voucher redemption, reversal and history channels (issue 4). */
export const redemptionChannels = {}
