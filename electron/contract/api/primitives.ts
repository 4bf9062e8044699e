import { z } from 'zod'
import { REQUIRED, requiredError } from './issues'

/** Shared field schemas of both APIs. Each carries its own message key (see `../messages`). */

// ---------------------------------------------------------------------------------------------
// Date-times

/** TOP's wire format for `Date` fields. Always GMT+8 (Asia/Shanghai), whatever the PC's zone. */
export const TOP_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** True for a well-formed `yyyy-MM-dd HH:mm:ss` naming a real calendar moment (no 02-30, no 24:00). */
export function isTopDateTime(value: string): boolean {
  const m = TOP_DATE_TIME_PATTERN.exec(value)
  if (!m) return false
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  if (y < 1 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return false
  const days = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!
  return d >= 1 && d <= days
}

/**
 * `yyyy-MM-dd HH:mm:ss` in GMT+8. Fixed-width and zero-padded, so two values compare correctly
 * with `<` as plain strings; the cross-field rules rely on that.
 */
export const topDateTime = z.string(REQUIRED).refine(isTopDateTime, { error: 'contract.dateTime' })
export type TopDateTime = z.infer<typeof topDateTime>

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/** A JS Date as TOP's GMT+8 wall-clock string (China has had no DST since 1991). */
export function toTopDateTime(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

// ---------------------------------------------------------------------------------------------
// 64-bit ids

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const inInt64 = (v: bigint): boolean => v >= INT64_MIN && v <= INT64_MAX
const INT64_KEY = 'contract.int64'

/** A 64-bit id as decimal text: the form `int64Id` hands on (range checked there, not here). */
export const INT64_TEXT = /^-?\d{1,19}$/

/**
 * Template ids, contract ids etc. are Java `Long`s and can exceed 2^53, where a JS number silently
 * rounds. Accept the exact forms (digit string, bigint) or a number that is still exact, and always
 * hand on a canonical decimal string; the TOP client writes it back as a bare JSON number.
 */
export const int64Id = z
  .union(
    [
      z
        .string()
        .regex(INT64_TEXT, { error: INT64_KEY })
        .refine((s) => !INT64_TEXT.test(s) || inInt64(BigInt(s)), { error: INT64_KEY }),
      z.number().int({ error: INT64_KEY }),
      z.bigint().refine(inInt64, { error: INT64_KEY }),
    ],
    { error: (issue) => requiredError(issue) ?? INT64_KEY },
  )
  .transform((v) => BigInt(v).toString())
export type Int64Id = z.output<typeof int64Id>

/** Fields the TOP client must emit as bare JSON numbers (their values here are decimal strings). */
export const INT64_FIELD_NAMES = ['id', 'source_id', 'contract_instance_id', 'purchase_id', 'user_id'] as const
export type Int64FieldName = (typeof INT64_FIELD_NAMES)[number]

// ---------------------------------------------------------------------------------------------
// Numbers

/** Quantity caps: a count, or -1 for "unlimited" (the doc's "-1表示不限制"). */
export const limitCount = z.number(REQUIRED).int().gte(-1, { error: 'contract.limitCount' })

/** Money in fen (1 yuan = 100 fen); integers so no float rounding reaches the wire. */
export const fen = z.number(REQUIRED).int().nonnegative()

/** Durations in seconds. */
export const seconds = z.number(REQUIRED).int().nonnegative()

/** A plain count (items, order numbers). */
export const count = z.number(REQUIRED).int().nonnegative()

// ---------------------------------------------------------------------------------------------
// Strings

/**
 * Ids and names typed or scanned at the counter: surrounding whitespace (a scanner's trailing
 * newline) is trimmed away, and what remains must not be empty.
 */
export const trimmedId = z.string(REQUIRED).trim().min(1, { error: 'contract.blank' })

/** An http(s) URL (logo and picture links are opened by the POS and the app). */
export const httpUrl = z.url({ protocol: /^https?$/, error: (issue) => requiredError(issue) ?? 'contract.url' })

export const bool = z.boolean(REQUIRED)

/** A string list; an empty list is allowed (the server treats it like an absent one). */
export const stringList = <T extends z.ZodType>(item: T) => z.array(item, REQUIRED)
