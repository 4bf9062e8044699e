import { ValidTimeType } from '@contract/api/enums'
import {
  AMOUNT_THRESHOLD_TYPES,
  COUNT_THRESHOLD_TYPES,
  CREATE_ONLY_CONDITION_FIELDS,
  DISCOUNT_KIND_BY_TYPE,
  type DiscountKind,
} from '@contract/api/template'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { pathKey, type DraftPath } from './draft-path'

/** One table in the contract; discount-summary.ts and discount-preview.ts read it through here. */
export { AMOUNT_THRESHOLD_TYPES, COUNT_THRESHOLD_TYPES, DISCOUNT_KIND_BY_TYPE }

/**
 * Which fields matter for the chosen coupon type and modes. An irrelevant field is hidden while
 * empty; once it holds a value it stays visible, marked as unused, so nothing in a draft is ever
 * out of sight (the value is kept and sent as it is; the server ignores it).
 */

type Kind = DiscountKind
const KIND_VALUE: Readonly<Record<Kind, string>> = {
  fix_price: 'fix_price_amount',
  decrease: 'decrease_money',
  discount: 'discount_rate',
}

const T = 'coupon_template'
const CREATE_ONLY: ReadonlySet<string> = new Set(CREATE_ONLY_CONDITION_FIELDS)
const hasPlatformId = (id: unknown): boolean => typeof id === 'string' && id.trim() !== ''
const RANGE_FIELDS = new Set(['start_valid_time', 'end_valid_time'])
const DURATION_FIELDS = new Set(['validity_period', 'validity_start_interval', 'validity_end_interval'])

/** False when the field does nothing for this draft's type and modes. */
export function isRelevant(body: DraftBody, path: DraftPath): boolean {
  if (path[0] !== T) return true
  const template = body.coupon_template ?? {}
  const [, group, field] = path
  if (typeof field !== 'string' || path.length !== 3) return true

  if (group === 'time_limit_config') {
    const mode = template.time_limit_config?.valid_time_type
    if (mode === ValidTimeType.byKey.RANGE.code) return !DURATION_FIELDS.has(field)
    if (mode === ValidTimeType.byKey.DURATION.code) return !RANGE_FIELDS.has(field)
    return true
  }

  const type = template.common_config?.type
  const typeKnown = typeof type === 'number' && DISCOUNT_KIND_BY_TYPE[type] !== undefined
  if (group === 'discount_config') {
    const needed = typeKnown ? DISCOUNT_KIND_BY_TYPE[type] : undefined
    const discount = template.discount_config ?? {}
    for (const kind of Object.keys(KIND_VALUE) as Kind[]) {
      if (field !== kind && field !== KIND_VALUE[kind]) continue
      const on = discount[kind]
      if (on === true || needed === kind) return true
      // The value means nothing while its switch is off; the switch of another type's kind is noise.
      return field === kind ? !typeKnown : !typeKnown && on === undefined
    }
    return true
  }

  // Create's extra conditions do nothing once the template exists: an update leaves them out.
  if (group === 'condition_config' && CREATE_ONLY.has(field)) return !hasPlatformId(template.id)

  if (group === 'condition_config' && (field === 'amount' || field === 'count')) {
    const condition = template.condition_config ?? {}
    const on = field === 'amount' ? condition.amount_at : condition.count_at
    const needed = (field === 'amount' ? AMOUNT_THRESHOLD_TYPES : COUNT_THRESHOLD_TYPES).has(type)
    return on === true || needed || (!typeKnown && on === undefined)
  }
  return true
}

/** The keys of every irrelevant field of the draft, for the sections to look up. */
export function irrelevantKeys(body: DraftBody, paths: readonly DraftPath[]): Set<string> {
  return new Set(paths.filter((path) => !isRelevant(body, path)).map(pathKey))
}
