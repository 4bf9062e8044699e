import { listItemType, SCALAR_TYPES, type FieldSpec } from './api-metadata'
import { parseBeijingTime } from './clock'
import { isRecord, parseJsonText } from './json-text'
import { platformError, type PlatformError } from './protocol'

/**
 * Reads an API's object parameter (one form field holding JSON) by the field list of TOP's metadata,
 * the way the platform's Java side binds it: listed fields are read and type-checked, fields the
 * metadata does not list are ignored (and reported, so a test can see what a client invents),
 * `null` is the same as absent, and the metadata's `required` fields must be there.
 *
 * Values: `String` → string; `Number` → number, or bigint beyond 2^53 (ids are Java `Long`);
 * `Boolean` → boolean; `Date` → `yyyy-MM-dd HH:mm:ss` text; `X[]` → array; objects → `FieldValues`.
 * Like the Java SDK's JSON binding, a number is accepted where a string is expected, and a numeric
 * string or `"true"`/`"false"` where a number or a boolean is.
 */
export type FieldValue = string | number | bigint | boolean | FieldValue[] | FieldValues
export interface FieldValues {
  [name: string]: FieldValue
}

export type ReadRequest = { ok: true; value: FieldValues; ignored: string[] } | { ok: false; error: PlatformError }

class FieldError extends Error {
  constructor(
    readonly kind: 'missing' | 'invalid',
    readonly path: string,
  ) {
    super(`${kind} ${path}`)
  }
}

export function readObjectParam(params: Readonly<Record<string, string>>, spec: FieldSpec): ReadRequest {
  const raw = params[spec.name]
  // The platform's own check of a top-level parameter: no sub-code, the name after the message.
  if (raw === undefined || raw.trim() === '') {
    return { ok: false, error: { ...platformError(40), msg: `Missing required arguments:${spec.name}` } }
  }
  let input: unknown
  try {
    input = parseJsonText(raw)
  } catch {
    input = undefined
  }
  if (!isRecord(input)) return { ok: false, error: { ...platformError(41), msg: `Invalid arguments:${spec.name}` } }

  const ignored: string[] = []
  try {
    return { ok: true, value: readObject(input, spec.subParams ?? [], spec.name, ignored), ignored }
  } catch (error) {
    if (!(error instanceof FieldError)) throw error
    // Inside the object it is the API's service that refuses (code 15, an isv.* sub-code naming the field).
    const subCode = error.kind === 'missing' ? 'isv.missing-parameter' : 'isv.invalid-parameter'
    return { ok: false, error: platformError(15, { sub_code: subCode, sub_msg: error.path }) }
  }
}

function readObject(input: Record<string, unknown>, fields: readonly FieldSpec[], path: string, ignored: string[]): FieldValues {
  const known = new Set(fields.map((f) => f.name))
  for (const name of Object.keys(input)) if (!known.has(name)) ignored.push(`${path}.${name}`)
  const out: FieldValues = {}
  for (const field of fields) {
    const where = `${path}.${field.name}`
    const value = input[field.name]
    if (value === undefined || value === null) {
      if (field.required) throw new FieldError('missing', where)
      continue
    }
    out[field.name] = readValue(value, field, field.type, where, ignored)
  }
  return out
}

function readValue(value: unknown, field: FieldSpec, type: string, path: string, ignored: string[]): FieldValue {
  const itemType = listItemType(type)
  if (itemType !== undefined) {
    if (!Array.isArray(value)) throw new FieldError('invalid', path)
    return value.map((item, i) => readValue(item, field, itemType, `${path}[${i}]`, ignored))
  }
  if (!SCALAR_TYPES.has(type)) {
    if (!isRecord(value)) throw new FieldError('invalid', path)
    return readObject(value, field.subParams ?? [], path, ignored)
  }
  const scalar = readScalar(value, type)
  if (scalar === undefined) throw new FieldError('invalid', path)
  return scalar
}

const DECIMAL = /^-?\d+(\.\d+)?$/

function readScalar(value: unknown, type: string): string | number | bigint | boolean | undefined {
  switch (type) {
    case 'String':
      if (typeof value === 'string') return value
      return typeof value === 'number' || typeof value === 'bigint' ? String(value) : undefined
    case 'Number':
      if (typeof value === 'bigint') return value
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
      if (typeof value === 'string' && DECIMAL.test(value)) {
        const n = Number(value)
        return Number.isInteger(n) && !Number.isSafeInteger(n) ? BigInt(value) : n
      }
      return undefined
    case 'Boolean':
      if (typeof value === 'boolean') return value
      return value === 'true' ? true : value === 'false' ? false : undefined
    case 'Date':
      return typeof value === 'string' && parseBeijingTime(value) ? value : undefined
    default:
      return undefined
  }
}

// Typed reads of a bound object, for the services. They never throw: a value the metadata let
// through but of another shape than the caller expects reads as absent.

export function text(values: FieldValues | undefined, name: string): string | undefined {
  const v = values?.[name]
  return typeof v === 'string' ? v : undefined
}

export function num(values: FieldValues | undefined, name: string): number | undefined {
  const v = values?.[name]
  return typeof v === 'number' ? v : undefined
}

/** A Number id as exact decimal text (64-bit ids beyond 2^53 included). */
export function idText(values: FieldValues | undefined, name: string): string | undefined {
  const v = values?.[name]
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? String(v) : undefined
}

export function texts(values: FieldValues | undefined, name: string): string[] | undefined {
  const v = values?.[name]
  return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : undefined
}

export function object(values: FieldValues | undefined, name: string): FieldValues | undefined {
  const v = values?.[name]
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) && typeof v !== 'bigint' ? v : undefined
}
