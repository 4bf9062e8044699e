/**
 * JSON with 64-bit integers kept exact, as the gateway's Java side reads and writes them (`Long`):
 * an integer beyond 2^53 is read as a `bigint` from its source text and written back as a bare
 * JSON number. Uses JSON.parse's source-text access and `JSON.rawJSON` (V8, Node ≥ 21).
 */
interface ReviverContext {
  source?: string
}
type Reviver = (this: unknown, key: string, value: unknown, context: ReviverContext) => unknown
type RawJson = (text: string) => unknown

const INTEGER = /^-?\d+$/

export function parseJsonText(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context.source !== undefined && INTEGER.test(context.source)
      ? BigInt(context.source)
      : value
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1])
}

const rawJson = (JSON as unknown as { rawJSON: RawJson }).rawJSON

export function stringifyJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? rawJson(v.toString()) : v))
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
