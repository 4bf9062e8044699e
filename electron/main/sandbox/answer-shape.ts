import { listItemType, SCALAR_TYPES, type FieldSpec } from './api-metadata'
import { isRecord } from './json-text'

/**
 * Projects a stored value onto a response's field list from the metadata: only listed fields, each in
 * its listed type. The point is the platform's own shapes where request and answer differ: the query
 * answers `terminals` and `exclude_item_rules` as `Number[]` although create and update take
 * `String[]`, and it has no `unique_id`.
 */
export function shapeAs(value: unknown, fields: readonly FieldSpec[]): Record<string, unknown> {
  if (!isRecord(value)) return {}
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    const shaped = shapeField(value[field.name], field, field.type)
    if (shaped !== undefined) out[field.name] = shaped
  }
  return out
}

function shapeField(value: unknown, field: FieldSpec, type: string): unknown {
  if (value === undefined || value === null) return undefined
  const itemType = listItemType(type)
  if (itemType !== undefined) {
    if (!Array.isArray(value)) return undefined
    return value.map((item) => shapeField(item, field, itemType)).filter((item) => item !== undefined)
  }
  if (!SCALAR_TYPES.has(type)) return shapeAs(value, field.subParams ?? [])
  switch (type) {
    case 'Number':
      if (typeof value === 'number' || typeof value === 'bigint') return value
      if (typeof value === 'string' && /^-?\d+$/.test(value)) {
        const n = Number(value)
        return Number.isSafeInteger(n) ? n : BigInt(value)
      }
      return undefined
    case 'String':
    case 'Date':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : undefined
    case 'Boolean':
      return typeof value === 'boolean' ? value : undefined
    default:
      return undefined
  }
}

/** The sub-fields of a field path in a response's metadata, e.g. `result.model.coupon_template`. */
export function responseFieldsAt(responseParams: readonly FieldSpec[], path: readonly string[]): readonly FieldSpec[] {
  let fields = responseParams
  for (const name of path) {
    const next = fields.find((f) => f.name === name)
    if (!next) throw new Error(`no response field ${path.join('.')}`)
    fields = next.subParams ?? []
  }
  return fields
}
