/** Coupon-template draft, outbox and sync channels (issue 5). */
export const templateChannels = {}
