/**
 * Human units ↔ the API's integer units, exactly. Every conversion works on decimal text, never
 * on floating point: `0.1 + 0.2` yuan is 30 fen, not 30.000000000000004.
 *
 *   money          yuan (2 decimals)        ↔ fen (×100)
 *   investor ratio percent (2 decimals)     ↔ parts of 10000 (2000 = 20%)
 *   discount rate  percent paid (1 decimal) ↔ parts of 1000 (800 = pay 80% = 8折)
 *   durations      days / hours / minutes / seconds ↔ seconds
 */

export type Parsed = { ok: true; value: number } | { ok: false }

/** Full-width digits and separators (Chinese IMEs type them) as ASCII. */
export function normalizeDigits(text: string): string {
  return text.replace(/[０-９．，]/g, (c) => (c === '．' ? '.' : c === '，' ? ',' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
}

/**
 * Non-negative decimal text → integer scaled by 10^`decimals`, exactly: ("12.5", 2) → 1250.
 * Refuses more decimals than the unit has (no silent rounding), signs, exponents and anything
 * beyond 2^53.
 */
export function parseScaled(text: string, decimals: number): Parsed {
  const clean = normalizeDigits(text)
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/%$/, '')
    .trim()
  const match = /^(\d*)(?:\.(\d*))?$/.exec(clean)
  if (!match || clean === '' || clean === '.') return { ok: false }
  const whole = match[1] ?? ''
  const fraction = match[2] ?? ''
  if (fraction.length > decimals) return { ok: false }
  const digits = `${whole}${fraction.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '')
  const value = Number(digits)
  return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false }
}

/** Integer scaled by 10^`decimals` → shortest exact decimal text: (1250, 2) → "12.5", (1200, 2) → "12". */
export function formatScaled(value: number, decimals: number, keepDecimals = false): string {
  if (!Number.isSafeInteger(value)) return String(value)
  const sign = value < 0 ? '-' : ''
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  let fraction = digits.slice(digits.length - decimals)
  if (!keepDecimals) fraction = fraction.replace(/0+$/, '')
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`
}

// ---------------------------------------------------------------------------------------------
// Money

export const parseYuan = (text: string): Parsed => parseScaled(text, 2)
/** 1234 → "12.34", 1200 → "12.00": money always shows its two decimals. */
export const formatYuan = (fen: number): string => formatScaled(fen, 2, true)

// ---------------------------------------------------------------------------------------------
// Ratios and rates

export const INVESTOR_RATIO_SCALE = 10_000
export const DISCOUNT_RATE_SCALE = 1_000

/** "20.5" (%) → 2050 of 10000. */
export const parseRatioPercent = (text: string): Parsed => parseScaled(text, 2)
export const formatRatioPercent = (ratio: number): string => formatScaled(ratio, 2)

/** "80" (% paid) → 800 of 1000. */
export const parseRatePercent = (text: string): Parsed => parseScaled(text, 1)
export const formatRatePercent = (rate: number): string => formatScaled(rate, 1)

/** 800 → "8" (8折), 855 → "8.55": the customer pays that many tenths. */
export const rateToZhe = (rate: number): string => formatScaled(rate, 2)
/** 800 → "20": percent taken off. */
export const rateToPercentOff = (rate: number): string => formatScaled(DISCOUNT_RATE_SCALE - rate, 1)

// ---------------------------------------------------------------------------------------------
// Plain integers

/** A non-negative whole number. */
export const parseCount = (text: string): Parsed => parseScaled(text, 0)

/** A 64-bit id typed or pasted: digits only, kept as text (exact past 2^53). */
export function parseInt64Text(text: string): { ok: true; value: string } | { ok: false } {
  const clean = normalizeDigits(text).trim()
  return /^-?\d{1,19}$/.test(clean) ? { ok: true, value: clean.replace(/^(-?)0+(?=\d)/, '$1') } : { ok: false }
}

// ---------------------------------------------------------------------------------------------
// Durations

export interface DurationParts {
  days: number
  hours: number
  minutes: number
  seconds: number
}

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export function secondsToParts(total: number): DurationParts {
  const days = Math.floor(total / DAY)
  const hours = Math.floor((total % DAY) / HOUR)
  const minutes = Math.floor((total % HOUR) / MINUTE)
  return { days, hours, minutes, seconds: total % MINUTE }
}

export function partsToSeconds(parts: DurationParts): number {
  return parts.days * DAY + parts.hours * HOUR + parts.minutes * MINUTE + parts.seconds
}

/**
 * A value as it is, for places that show what does not fit a field (imported text where a number
 * belongs): text stays text, a scalar reads as itself, anything else as its JSON, never
 * "[object Object]".
 */
export function rawText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (value === undefined) return ''
  return JSON.stringify(value) ?? ''
}
