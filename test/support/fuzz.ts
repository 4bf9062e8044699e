/**
 * Payload generators for fuzzing the IPC surface: values shaped by a channel's JSON schema (so many
 * get past the first check and reach deeper rules), then mutated (wrong types, missing and extra
 * keys, boundary numbers, hostile strings). Seeded, so a failure can be replayed.
 */
export type Rng = () => number

/** Mulberry32: tiny, fast, good enough to spread test inputs. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e reversed',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE journal; --",
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  '💳🎫券',
  '9'.repeat(40),
  '-1',
  'NaN',
  'x'.repeat(70_000),
]
const NUMBERS = [0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1.5, Number.MAX_VALUE, -0, 1e-9, 10_000, 10_001, 999]

export function randomJson(rng: Rng, depth = 0): unknown {
  const roll = rng()
  if (depth > 3 || roll < 0.25) return pick(rng, [null, true, false, ...NUMBERS, ...HOSTILE_STRINGS])
  if (roll < 0.45) return pick(rng, HOSTILE_STRINGS) + String(Math.floor(rng() * 1000))
  if (roll < 0.7) return Array.from({ length: Math.floor(rng() * 5) }, () => randomJson(rng, depth + 1))
  const object: Record<string, unknown> = {}
  for (let i = Math.floor(rng() * 5); i > 0; i--)
    object[pick(rng, [...HOSTILE_STRINGS, 'id', 'name', 'locale'])] = randomJson(rng, depth + 1)
  return object
}

/** A version-4 UUID drawn from `rng`, so a failing run replays with the same ids. */
export function seededUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(rng() * 4)]!
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  maxItems?: number
  pattern?: string
  format?: string
  default?: unknown
}

/** A value that roughly follows the schema; `wildness` is the chance of breaking it at each step. */
export function fromSchema(schema: JsonSchema, rng: Rng, wildness: number, depth = 0): unknown {
  if (rng() < wildness || depth > 6) return randomJson(rng, depth)
  const union = schema.anyOf ?? schema.oneOf
  if (union?.length) return fromSchema(pick(rng, union), rng, wildness, depth + 1)
  if (schema.allOf?.length) return fromSchema(schema.allOf[0]!, rng, wildness, depth + 1)
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return pick(rng, schema.enum)
  const type = Array.isArray(schema.type) ? pick(rng, schema.type) : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(key)
        if (required || rng() < 0.6) out[key] = fromSchema(sub, rng, wildness, depth + 1)
      }
      if (rng() < wildness) out[pick(rng, ['__proto__', 'constructor', 'extra', 'appSecret'])] = randomJson(rng, depth + 1)
      return out
    }
    case 'array': {
      const length = Math.min(schema.maxItems ?? 6, Math.floor(rng() * 6))
      return Array.from({ length }, () => fromSchema(schema.items ?? {}, rng, wildness, depth + 1))
    }
    case 'string': {
      if (schema.format === 'uuid') return seededUuid(rng)
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' || /date/i.test(schema.format ?? ''))
        return `2026-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)} 1${Math.floor(rng() * 9)}:00:00`
      const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 16, 1 + Math.floor(rng() * 16)))
      return Array.from({ length }, () => pick(rng, [...'0123456789abcXYZ券-_'])).join('')
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1
      const max = schema.maximum ?? 100_000
      const value = min + Math.floor(rng() * Math.max(1, Math.min(max - min, 1_000_000)))
      return type === 'integer' ? value : value + (rng() < 0.2 ? 0.5 : 0)
    }
    case 'boolean':
      return rng() < 0.5
    case 'null':
      return null
    default:
      return randomJson(rng, depth)
  }
}
