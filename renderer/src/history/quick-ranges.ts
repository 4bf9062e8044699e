/**
 * History's quick ranges — today, yesterday, the last 7 days, this month — as the store's days:
 * Beijing time (UTC+8, no daylight saving), whatever zone the PC is set to, because that is the
 * day the merchant backend and TOP's timestamps count in. Each range runs from a midnight
 * (inclusive) to the next midnight after its last day (exclusive), as History's filter reads it.
 */
const HOUR = 3_600_000
const DAY = 24 * HOUR
const BEIJING = 8 * HOUR

export type QuickRange = 'today' | 'yesterday' | 'last7' | 'thisMonth'
export const QUICK_RANGES: readonly QuickRange[] = ['today', 'yesterday', 'last7', 'thisMonth']

/** Epoch ms of the Beijing midnight that starts the day holding `ms`. */
export function beijingMidnight(ms: number): number {
  return Math.floor((ms + BEIJING) / DAY) * DAY - BEIJING
}

export function quickRange(range: QuickRange, now: number): [number, number] {
  const today = beijingMidnight(now)
  switch (range) {
    case 'today':
      return [today, today + DAY]
    case 'yesterday':
      return [today - DAY, today]
    case 'last7':
      return [today - 6 * DAY, today + DAY]
    case 'thisMonth': {
      const b = new Date(now + BEIJING)
      const first = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), 1) - BEIJING
      const next = Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 1) - BEIJING
      return [first, next]
    }
  }
}
