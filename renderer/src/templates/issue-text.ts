import { CouponType } from '@contract/api/enums'
import type { FieldIssue } from '@contract/api/issues'
import { fieldLabelKey } from './field-specs'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * The message of an issue in the user's language. Contract params that name fields or codes
 * (`other: 'coupon_total_lmt'`, `type: 11`, `kinds: 'fix_price, decrease'`) are shown by their
 * labels, not their wire names.
 */
export function issueText(t: Translate, locale: string, issue: Pick<FieldIssue, 'key' | 'params'>): string {
  const params: Record<string, string | number> = { ...issue.params }
  if (typeof params.other === 'string') params.other = t(fieldLabelKey(params.other))
  if (typeof params.type === 'number') params.type = CouponType.label(params.type, locale)
  if (typeof params.kinds === 'string') {
    params.kinds = params.kinds
      .split(',')
      .map((kind) => t(fieldLabelKey(kind.trim())))
      .join(locale.startsWith('zh') ? '、' : ', ')
  }
  return t(issue.key, params)
}
