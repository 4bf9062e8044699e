/**
 * JSON from the gateway, with 64-bit integers kept exact. Template ids, `source_id` and
 * `contract_instance_id` are Java `Long`s; past 2^53 `JSON.parse` would silently round them, so
 * such numbers come back as their decimal text instead (Node 24's reviver sees the source text).
 */
export function parseTopJson(text: string): unknown {
  return JSON.parse(text, keepBigIntegersExact as Reviver)
}

type Reviver = (this: unknown, key: string, value: unknown) => unknown

const INTEGER_LITERAL = /^-?\d+$/

function keepBigIntegersExact(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined) {
    if (INTEGER_LITERAL.test(context.source)) return context.source
  }
  return value
}
