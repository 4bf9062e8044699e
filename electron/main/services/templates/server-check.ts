import { QUERY_ONLY_FIELDS, type QueriedCouponTemplate } from '@contract/api/template'
import { INT64_FIELD_NAMES, INT64_TEXT } from '@contract/api/primitives'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { isPlainObject } from '@main/top/response'

/**
 * The pre-send check of an update: does the server still hold the version this draft was made
 * from (its base: the last version submitted from here, or imported)? If another PC or the
 * platform console changed the template since, sending would silently overwrite their change,
 * so the outbox stops and shows the user all three versions instead.
 *
 * The comparison is of content, not of spelling: the server may answer ids as numbers, lists of
 * ids in another order, or leave out empty fields, and none of that is a change. `unique_id` is
 * never compared (it is per submission, not part of the template), nor is `user_info` (who is
 * operating, not what the template is; the query does not return it). There is no compare-and-set
 * in the API, so a change in the instant between this read and the update cannot be caught.
 */

const INT64_FIELDS: ReadonlySet<string> = new Set(INT64_FIELD_NAMES)
const DECIMAL = /^-?\d{1,15}(\.\d+)?$/

/** A value in a form where equal content is equal JSON; undefined where the field counts as absent. */
/** The sort key of a list item that is not a row: ids and codes are strings, numbers or booleans. */
const scalarText = (item: unknown): string => (typeof item === 'string' ? item : JSON.stringify(item))

function canonical(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') {
    const text = value.trim()
    if (text === '') return undefined
    if (INT64_FIELDS.has(key) && INT64_TEXT.test(text)) return BigInt(text).toString()
    return DECIMAL.test(text) ? String(Number(text)) : text
  }
  // A number and its decimal text are the same content: the query answers `terminals` as numbers
  // where the draft (and update) hold strings.
  if (typeof value === 'number') return INT64_FIELDS.has(key) && Number.isInteger(value) ? BigInt(value).toString() : String(value)
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item, key)).filter((item) => item !== undefined)
    // Lists of ids and codes are sets to the server; lists of rows (investors, groups) keep order.
    if (items.every((item) => !isPlainObject(item)))
      items.sort((a, b) => (scalarText(a) < scalarText(b) ? -1 : scalarText(a) > scalarText(b) ? 1 : 0))
    return items
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const name of Object.keys(value).sort()) {
      const child = canonical(value[name], name)
      if (child !== undefined) out[name] = child
    }
    return Object.keys(out).length === 0 ? undefined : out
  }
  return value
}

/** The template's content as it is compared: no unique_id. */
function content(template: Readonly<Record<string, unknown>> | undefined): string {
  const { unique_id: _perSubmission, ...rest } = template ?? {}
  return JSON.stringify(canonical(rest, '') ?? {})
}

/**
 * The server's copy without what only the query answers (`option_config.devalue`): no request can
 * set it, so it is not a change the update would overwrite, and a draft cannot carry it.
 */
function withoutQueryOnlyFields(server: QueriedCouponTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = { ...server }
  for (const [group, names] of Object.entries(QUERY_ONLY_FIELDS)) {
    const value = out[group]
    if (!isPlainObject(value)) continue
    const copy: Record<string, unknown> = { ...value }
    for (const name of names) delete copy[name]
    out[group] = copy
  }
  return out
}

/**
 * Whether the server's copy is the version the draft was based on. The platform fills in
 * `source_id` (its ump id) on every copy it answers; a base made before the app knew it has none,
 * and that is not a change.
 */
export function serverHoldsBase(base: DraftBody, server: QueriedCouponTemplate): boolean {
  const mine = base.coupon_template as Record<string, unknown> | undefined
  const { source_id: sourceId, ...rest } = withoutQueryOnlyFields(server)
  const theirs = mine?.source_id === undefined ? rest : { ...rest, source_id: sourceId }
  return content(mine) === content(theirs)
}

/**
 * The server's copy as a draft body, for the three-way view and for "take the server's": the
 * server's template without its last unique_id (a copy the query answers has none) nor what only
 * the query answers, and the operator of the base (the query does
 * not say who operates, and the operator is this PC's, not the template's).
 */
export function serverDraftBody(server: QueriedCouponTemplate, base: DraftBody): DraftBody {
  const { unique_id: _perSubmission, ...template } = withoutQueryOnlyFields(server)
  const body: DraftBody = { coupon_template: structuredClone(template) }
  if (base.user_info !== undefined) body.user_info = structuredClone(base.user_info)
  return body
}

/** The template id the base refers to, canonical, when it has one. */
export function baseTemplateId(base: DraftBody): string | undefined {
  const id = canonical(base.coupon_template?.id, 'id')
  return typeof id === 'string' ? id : undefined
}
