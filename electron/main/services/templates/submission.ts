import { randomUUID } from 'node:crypto'
import { toFieldIssues } from '@contract/api/issues'
import { INT64_TEXT } from '@contract/api/primitives'
import { CREATE_ONLY_CONDITION_FIELDS, CouponTemplateOperateRequestSchema, type CouponTemplateOperateRequest } from '@contract/api/template'
import type { DraftBody, SubmissionError } from '@contract/ipc/channels/templates'
import { AppError } from '@main/ipc/app-error'
import { isPlainObject } from '@main/top/response'

/**
 * Turns a draft into the request the outbox will send, or says why it cannot be sent. The
 * full refined contract schema is the judge (field rules and cross-field rules), the same one
 * the editor shows errors from.
 */

/** 幂等id of one submission: unique, recognisably ours in the platform's logs. */
export const newUniqueId = (): string => `cd-${randomUUID()}`

/**
 * The draft with this submission's unique_id, validated. The draft's own `unique_id` (from an
 * imported file, say) is left in the draft but never reused: a new submission is a new key.
 * @throws AppError `invalid-input` with every issue, paths as in the draft
 */
export function buildSubmissionRequest(body: DraftBody, uniqueId: string): CouponTemplateOperateRequest {
  const template = { ...(body.coupon_template ?? {}), unique_id: uniqueId }
  // An update (the draft has a platform id) does not take create's extra conditions: left out.
  if (hasId(template.id) && template.condition_config) {
    const conditions: Record<string, unknown> = { ...template.condition_config }
    for (const name of CREATE_ONLY_CONDITION_FIELDS) delete conditions[name]
    template.condition_config = conditions
  }
  const candidate = { ...body, coupon_template: template }
  const parsed = CouponTemplateOperateRequestSchema.safeParse(candidate)
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error, candidate)
    throw new AppError('invalid-input', 'templates.error.invalidDraft', { count: issues.length }, { issues })
  }
  return parsed.data
}

const hasId = (id: unknown): boolean => (typeof id === 'string' && id.trim() !== '') || typeof id === 'number' || typeof id === 'bigint'

/**
 * A stored request as it is resent: the committed JSON, not parsed by the contract again. It was
 * validated when it was queued; a later app version that tightened the contract must not refuse
 * (or alter) what may already be on the server, so every attempt sends the identical text.
 */
export interface StoredRequest {
  /** The parsed JSON, handed to the TOP client unchanged (it serialises it back to the same text). */
  readonly request: CouponTemplateOperateRequest
  /** `coupon_template.id`: set for an update (the pre-send check reads that template), absent for a create. */
  readonly templateId: string | undefined
}

/**
 * Reads a stored request back for an attempt. Only what the outbox itself relies on is checked:
 * that it is the JSON of a request object carrying this submission's own unique_id, and a
 * well-formed id if it has one. Anything else cannot be sent safely, and is reported.
 */
export function readStoredRequest(
  text: string,
  uniqueId: string,
): { ok: true; stored: StoredRequest } | { ok: false; error: SubmissionError } {
  const unsendable = (reason: string) => ({ ok: false, error: { key: 'templates.outcome.unsendable', params: { reason } } }) as const
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return unsendable('json')
  }
  if (!isPlainObject(raw) || !isPlainObject(raw.coupon_template)) return unsendable('shape')
  const template = raw.coupon_template
  if (template.unique_id !== uniqueId) return unsendable('unique_id')
  const id = template.id
  if (id !== undefined && (typeof id !== 'string' || !INT64_TEXT.test(id))) return unsendable('id')
  // Validated when it was committed (see above): this is that very object again, not a new one.
  return { ok: true, stored: { request: raw as unknown as CouponTemplateOperateRequest, templateId: id } }
}
