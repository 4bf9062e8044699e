/**
 * The gateway's clock is Beijing time (GMT+8, no daylight saving), whatever the PC's zone:
 * request timestamps and every date in an answer are `yyyy-MM-dd HH:mm:ss` in that zone.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** The instant a GMT+8 `yyyy-MM-dd HH:mm:ss` names, or undefined for any other text or an impossible date. */
export function parseBeijingTime(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const utc = Date.UTC(year, month - 1, day, hour, minute, second)
  const back = new Date(utc)
  // Date.UTC rolls 2026-02-30 over to March: such a text is not a date.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined
  return new Date(utc - BEIJING_OFFSET_MS)
}

export function formatBeijingTime(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${b.getUTCFullYear()}-${two(b.getUTCMonth() + 1)}-${two(b.getUTCDate())} ${two(b.getUTCHours())}:${two(b.getUTCMinutes())}:${two(b.getUTCSeconds())}`
}
