import type { DeepStringRecord } from '../types'
import type zh from '../zh-CN/report'

export default {
  report: {
    title: 'Day report',
    byDay: 'By day',
    byShift: 'By shift',
    chooseShift: 'Choose a shift',
    open: 'still open',
    refresh: 'Refresh',
    csv: 'Export CSV',
    xlsx: 'Export Excel',
    range: 'Range (Beijing time): {from} – {to}',
    perHour: 'Redemptions per hour',
    perOperator: 'By operator',
    hourTable: 'By hour',
    hour: 'Hour',
    points: 'Points redeemed',
    empty: 'Nothing in this period',
    valueNote:
      'Each number equals the rows History lists for the same filter; face values are not in the redemption reply: see the merchant backend.',
    redeemedNote: '“Redemptions” include vouchers reversed later; “Redeemed, standing” does not.',
    badRange: 'The range is not valid (one year at most)',
    noSuchShift: 'No shift {id}',
    bucket: {
      redeemed: 'Redeemed, standing',
      redeemedAll: 'Redemptions',
      redeemedReversed: 'Redeemed, then reversed',
      reversed: 'Reversals',
      failed: 'Failed',
      needsCheck: 'Needs checking',
      open: 'Unconfirmed',
    },
  },
} satisfies DeepStringRecord<typeof zh>
