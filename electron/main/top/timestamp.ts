import { isTopDateTime, toTopDateTime, TOP_DATE_TIME_PATTERN } from '@contract/api/primitives'

/**
 * The gateway reads `timestamp` (and every Date field) as Beijing wall-clock time, whatever the
 * PC's time zone; the official JS SDKs use local time and fail with code 31 abroad. Both
 * directions work on UTC fields shifted by the fixed +8 h (China has no DST), so neither the
 * process `TZ` nor Intl's zone data can change the result.
 */
const GMT8_OFFSET_MS = 8 * 60 * 60 * 1000

/** `yyyy-MM-dd HH:mm:ss` in GMT+8. */
export function formatTopTimestamp(date: Date): string {
  return toTopDateTime(date)
}

/** The instant a GMT+8 `yyyy-MM-dd HH:mm:ss` names, or undefined if it is not one (e.g. 02-30). */
export function parseTopTimestamp(text: string): Date | undefined {
  if (!isTopDateTime(text)) return undefined
  const [y, mo, d, h, mi, s] = TOP_DATE_TIME_PATTERN.exec(text)!.slice(1).map(Number) as [number, number, number, number, number, number]
  const wallClock = new Date(Date.UTC(2000, 0, 1, h, mi, s))
  wallClock.setUTCFullYear(y, mo - 1, d) // Date.UTC would read years 0–99 as 1900–1999
  return new Date(wallClock.getTime() - GMT8_OFFSET_MS)
}
