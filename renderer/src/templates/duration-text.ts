import { normalizeDigits } from '../shared/units'

/**
 * One box of a duration (days, hours, minutes or seconds) read as whole seconds, exactly. A
 * decimal is taken when it comes to whole seconds (1.5 days = 129600 s, 0.25 hours = 900 s);
 * anything else is refused rather than reshaped: stripping the dot would turn 1.5 days into 15.
 */

export type DurationUnit = 'days' | 'hours' | 'minutes' | 'seconds'

const UNIT_SECONDS: Readonly<Record<DurationUnit, number>> = { days: 86_400, hours: 3_600, minutes: 60, seconds: 1 }

export type PartRead = { ok: true; seconds: number; empty: boolean } | { ok: false; reason: 'notNumber' | 'notWholeSeconds' | 'tooLarge' }

export function readDurationPart(text: string, unit: DurationUnit): PartRead {
  const clean = normalizeDigits(text).trim()
  if (clean === '') return { ok: true, seconds: 0, empty: true }
  const match = /^(\d*)(?:\.(\d+))?$/.exec(clean)
  if (!match || (match[1] === '' && match[2] === undefined)) return { ok: false, reason: 'notNumber' }
  const fraction = match[2] ?? ''
  // Exact decimal arithmetic: digits × unit, then divided by 10^decimals, in BigInt.
  const scaled = BigInt(`${match[1] || '0'}${fraction}`) * BigInt(UNIT_SECONDS[unit])
  const divisor = 10n ** BigInt(fraction.length)
  if (scaled % divisor !== 0n) return { ok: false, reason: 'notWholeSeconds' }
  const seconds = scaled / divisor
  if (seconds > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'tooLarge' }
  return { ok: true, seconds: Number(seconds), empty: false }
}
