import type { z } from 'zod'

// Walking a zod schema tree (zod 4 keeps the structure in `_zod.def`), for the tests that tie the
// schemas to the API docs and to TOP's metadata.

type Def = { type: string; [key: string]: unknown }
export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

/** Optional, nullable, default, refinement and preprocess wrappers do not change what a field is. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema
  for (;;) {
    const def = defOf(s)
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') s = def['innerType'] as z.ZodType
    else if (def.type === 'pipe') s = (defOf(def['in'] as z.ZodType).type === 'transform' ? def['out'] : def['in']) as z.ZodType
    else return s
  }
}

/** The JS kinds a schema accepts on the wire. */
export function kinds(schema: z.ZodType): Set<string> {
  const s = unwrap(schema)
  const def = defOf(s)
  switch (def.type) {
    case 'literal':
      return new Set((def['values'] as unknown[]).map((v) => typeof v))
    case 'enum':
      return new Set(Object.values(def['entries'] as object).map((v) => typeof v))
    case 'union':
      return new Set((def['options'] as z.ZodType[]).flatMap((o) => [...kinds(o)]))
    case 'pipe':
      return kinds(def['in'] as z.ZodType)
    default:
      return new Set([def.type])
  }
}
