import type { z } from 'zod'
import { toFieldIssues, type FieldIssue } from '@contract/api/issues'
import {
  CouponTemplateOperateRequestPlainSchema,
  CouponTemplateSchema,
  templateCrossFieldIssues,
  templateWarnings,
  type TemplateDraft,
} from '@contract/api/template'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { pathKey } from './draft-path'
import { fieldAt, sectionOf, type SectionId, type Widget } from './field-specs'

/**
 * Every problem of a draft, from the shared contract: the field rules of each group schema and
 * the cross-field rules, the same ones main applies before anything is queued. Pure, so it can
 * be benchmarked on a 10,000-shop template.
 */

export interface DraftIssue extends FieldIssue {
  /** `path` joined with dots: the field row it belongs to. */
  field: string
  section: SectionId
  /** Set on advice that does not block submitting (`draftWarnings`); errors leave it out. */
  severity?: 'warning'
}

export const isWarning = (issue: DraftIssue): boolean => issue.severity === 'warning'

/**
 * A field whose text does not parse in its unit is kept in the draft as that text, so the
 * contract sees a string where a number belongs. Such a field gets its unit's own message
 * instead of "wrong type".
 */
const UNIT_MESSAGE: Partial<Record<Widget, string>> = {
  money: 'templates.units.money',
  ratio: 'templates.units.ratio',
  discountRate: 'templates.units.discountRate',
  limit: 'templates.units.limit',
  count: 'templates.units.count',
  duration: 'templates.units.duration',
  int64: 'templates.units.int64',
}

/** The unique_id is generated per submission; whatever the draft holds there is never sent. */
const isUniqueId = (issue: FieldIssue): boolean => issue.path[0] === 'coupon_template' && issue.path[1] === 'unique_id'

/**
 * Field issues of one part of the request (a config group, the template's own ids, user_info),
 * remembered per object: edits replace only the objects along their path, so typing a title
 * re-checks the basic-info group, not the 10,000 shop ids next door.
 */
type Part = { schema: z.ZodType; cache: WeakMap<object, FieldIssue[]> }
const part = (schema: z.ZodType): Part => ({ schema, cache: new WeakMap() })
const TEMPLATE_PARTS = new Map(Object.entries(CouponTemplateSchema.shape).map(([key, schema]) => [key, part(schema)]))
const USER_INFO = part(CouponTemplateOperateRequestPlainSchema.shape.user_info)

function partIssues(p: Part, value: unknown, prefix: readonly (string | number)[]): FieldIssue[] {
  const cached = value !== null && typeof value === 'object' ? p.cache.get(value) : undefined
  if (cached) return cached
  const parsed = p.schema.safeParse(value)
  const issues = parsed.success ? [] : toFieldIssues(parsed.error, value).map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }))
  if (value !== null && typeof value === 'object') p.cache.set(value, issues)
  return issues
}

/** The field rules of the plain request schema, part by part. */
function fieldIssues(body: DraftBody): FieldIssue[] {
  const template: unknown = body.coupon_template
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    // No template object at all: the whole-request schema says so in its own words.
    const parsed = CouponTemplateOperateRequestPlainSchema.safeParse(body)
    return parsed.success ? [] : toFieldIssues(parsed.error, body)
  }
  const issues: FieldIssue[] = []
  for (const [key, p] of TEMPLATE_PARTS) {
    issues.push(...partIssues(p, (template as Record<string, unknown>)[key], ['coupon_template', key]))
  }
  issues.push(...partIssues(USER_INFO, body.user_info, ['user_info']))
  return issues
}

export function validateDraft(body: DraftBody): DraftIssue[] {
  // The cross-field rules are written for partial drafts and check every value's type themselves.
  const crossIssues = templateCrossFieldIssues(body as TemplateDraft)
  return [...fieldIssues(body), ...crossIssues].filter((issue) => !isUniqueId(issue)).map(toDraftIssue)
}

/**
 * What the contract advises without blocking (rules the docs do not state, a claim window in the
 * past): shown at the field, set apart from errors, never holding the submission back.
 */
export function draftWarnings(body: DraftBody, now: Date = new Date()): DraftIssue[] {
  return templateWarnings(body as TemplateDraft, now).map((issue) => ({ ...toDraftIssue(issue), severity: 'warning' as const }))
}

function toDraftIssue(issue: FieldIssue): DraftIssue {
  const spec = fieldAt(issue.path)
  const unitKey = spec && issue.key === 'contract.invalidType' ? UNIT_MESSAGE[spec.widget] : undefined
  return {
    ...issue,
    ...(unitKey ? { key: unitKey, params: {} } : {}),
    field: pathKey(issue.path),
    section: sectionOf(issue.path),
  }
}

/** Errors per section, for the badges (warnings are not counted: they block nothing). */
export function countBySection(issues: readonly DraftIssue[]): Map<SectionId, number> {
  const counts = new Map<SectionId, number>()
  for (const issue of issues) if (!isWarning(issue)) counts.set(issue.section, (counts.get(issue.section) ?? 0) + 1)
  return counts
}

/** Issues per field key. */
export function issuesByField(issues: readonly DraftIssue[]): Map<string, DraftIssue[]> {
  const byField = new Map<string, DraftIssue[]>()
  for (const issue of issues) byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue])
  return byField
}
