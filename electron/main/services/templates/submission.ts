import { randomUUID } from 'node:crypto'
import { toFieldIssues } from '@contract/api/issues'
import {
  CouponTemplateOperateRequestSchema,
  type CouponTemplateOperateRequest,
} from '@contract/api/template'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { AppError } from '@main/ipc/app-error'

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
  const candidate = { ...body, coupon_template: { ...(body.coupon_template ?? {}), unique_id: uniqueId } }
  const parsed = CouponTemplateOperateRequestSchema.safeParse(candidate)
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error, candidate)
    throw new AppError('invalid-input', 'templates.error.invalidDraft', { count: issues.length }, { issues })
  }
  return parsed.data
}

/**
 * A stored request read back for an attempt. Parsing again is a no-op on valid output (ids are
 * already canonical text, strings trimmed), so every attempt sends the identical request; it
 * only fails if a later app version tightened the contract, which is reported, not sent.
 */
export function readStoredRequest(text: string): { ok: true; request: CouponTemplateOperateRequest } | { ok: false; error: AppError } {
  const raw: unknown = JSON.parse(text)
  const parsed = CouponTemplateOperateRequestSchema.safeParse(raw)
  if (parsed.success) return { ok: true, request: parsed.data }
  const issues = toFieldIssues(parsed.error, raw)
  return { ok: false, error: new AppError('invalid-input', 'templates.error.invalidDraft', { count: issues.length }, { issues }) }
}
