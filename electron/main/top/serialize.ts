import { INT64_FIELD_NAMES } from '@contract/api/primitives'
import { formatTopTimestamp } from './timestamp'

/**
 * Business parameters → the flat string map that is signed and sent.
 *
 * Object parameters travel as one form field holding JSON, the way the official SDKs send them:
 * snake_case keys, nulls left out, dates as GMT+8 `yyyy-MM-dd HH:mm:ss`, and 64-bit ids as bare
 * JSON numbers written digit for digit (a JS number would round them past 2^53). Empty values
 * are dropped altogether, from the request and so from the signature, as the Java SDK does.
 */
export function serializeTopParams(params: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    const text = paramText(name, value)
    if (text !== undefined && text.trim() !== '') out[name] = text
  }
  return out
}

function paramText(name: string, value: unknown): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined
    case 'string':
      return value
    case 'number':
      return finite(name, value).toString()
    case 'boolean':
    case 'bigint':
      return value.toString()
    case 'object':
      if (value === null) return undefined
      if (value instanceof Date) return formatTopTimestamp(validDate(name, value))
      return toTopJson(value)
    default:
      throw new TypeError(`TOP parameter ${name}: cannot send a ${typeof value}`)
  }
}

/** One object parameter as the JSON text the gateway expects (and the signature covers). */
export function toTopJson(value: object): string {
  return jsonText(value, '') ?? 'null'
}

const INT64_FIELDS: ReadonlySet<string> = new Set(INT64_FIELD_NAMES)

/** `voucherIdList` → `voucher_id_list`; snake_case passes through unchanged. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** JSON text of `value` found under `key`, or undefined where the field is to be left out. */
function jsonText(value: unknown, key: string): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined
    case 'string':
      return INT64_FIELDS.has(key) ? int64Literal(value) : JSON.stringify(value)
    case 'number':
      if (INT64_FIELDS.has(key) && !Number.isSafeInteger(value)) {
        throw new RangeError(`TOP field ${key}: ${value} is not an exact integer; pass 64-bit ids as strings or bigints`)
      }
      return finite(key, value).toString()
    case 'boolean':
    case 'bigint':
      return value.toString()
    case 'object':
      if (value === null) return undefined
      if (value instanceof Date) return JSON.stringify(formatTopTimestamp(validDate(key, value)))
      if (Array.isArray(value)) {
        // Nulls stay in arrays: voucher_point_list aligns with voucher_id_list by index.
        return `[${value.map((item) => jsonText(item, key) ?? 'null').join(',')}]`
      }
      return objectText(value as Record<string, unknown>)
    default:
      throw new TypeError(`TOP field ${key}: cannot send a ${typeof value}`)
  }
}

function objectText(value: Record<string, unknown>): string {
  const members: string[] = []
  for (const [rawKey, field] of Object.entries(value)) {
    const key = snakeCase(rawKey)
    const text = jsonText(field, key)
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`)
  }
  if (members.length === 0) return '{}'
  // One flat string, not a rope around the joined members: the signer and the form encoder would
  // each have to flatten a rope, and past 128 KiB (a 10,000-shop template) every flattening is a
  // large-object allocation costing about a millisecond (bench/README.md, signing).
  members[0] = `{${members[0]}`
  members[members.length - 1] += '}'
  return members.join(',')
}

/**
 * A decimal id string as a bare JSON number, exact whatever its size. A blank one is left out
 * (a template `id` is empty when creating); anything else goes as a string for the server to judge.
 */
function int64Literal(value: string): string | undefined {
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  return /^-?\d+$/.test(trimmed) ? BigInt(trimmed).toString() : JSON.stringify(value)
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`TOP field ${name}: ${value} cannot be sent`)
  return value
}

function validDate(name: string, value: Date): Date {
  if (Number.isNaN(value.getTime())) throw new RangeError(`TOP field ${name}: invalid Date`)
  return value
}
