import { isTopDateTime, toTopDateTime } from '@contract/api/primitives'
import { normalizeDigits } from '../shared/units'

/**
 * Times the template screens show are Beijing wall-clock time (the time the platform and the
 * store work in), whatever zone this PC is set to; they are built on the contract's GMT+8
 * formatter, so they read exactly like the `yyyy-MM-dd HH:mm:ss` values in the draft.
 */

/** An ISO instant as `yyyy-MM-dd HH:mm:ss` (or `HH:mm` shorter forms) in Beijing time. */
export function beijingTime(iso: string, form: 'full' | 'minutes' | 'clock' = 'full'): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const text = toTopDateTime(date)
  if (form === 'minutes') return text.slice(0, 16)
  if (form === 'clock') return text.slice(11)
  return text
}

/** Now, in Beijing time, as the draft stores it. */
export const beijingNow = (now: Date = new Date()): string => toTopDateTime(now)

const LOOSE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}))?)?$/

/**
 * What the user typed into a date-time box, read as Beijing wall-clock text without ever making
 * a Date of it (a Date would pass through this PC's zone, where a daylight-saving gap turns
 * 02:30 into 03:30). Accepts short forms (`2025-3-9 2:30`, `2025/03/09`), pads them, and puts
 * `defaultTime` on a bare date. Undefined when it is not a real date-time.
 */
export function readDateTime(text: string, defaultTime: string): string | undefined {
  const clean = normalizeDigits(text).trim()
  const m = LOOSE.exec(clean)
  if (!m) return undefined
  const pad = (part: string | undefined, fallback: string) => (part === undefined ? fallback : part.padStart(2, '0'))
  const [hh, mm, ss] = defaultTime.split(':')
  const hasTime = m[4] !== undefined
  const result = `${m[1]}-${pad(m[2], '')}-${pad(m[3], '')} ${hasTime ? pad(m[4], '00') : hh}:${hasTime ? pad(m[5], '00') : mm}:${hasTime ? pad(m[6], '00') : ss}`
  return isTopDateTime(result) ? result : undefined
}
