import type { DraftBody } from '@contract/ipc/channels/templates'
import type { DraftStore } from '@main/store/drafts'
import type { TemplateRows } from './template-rows'

/**
 * What the templates service writes into a draft's body beyond what the editor sent: the ids the
 * server confirmed. The store keeps bodies as given; these rules decide what is given.
 */

/** The body with `coupon_template.source_id` set, when the server answered one. */
function withSourceId(body: DraftBody, sourceId: string | undefined): DraftBody {
  if (sourceId === undefined) return body
  return { ...body, coupon_template: { ...(body.coupon_template ?? {}), source_id: sourceId } }
}

/** The body with `coupon_template.id` filled in from `templateId` when the body has none (an id the user typed is theirs). */
export function withTemplateId(body: DraftBody, templateId: string | null): DraftBody {
  const template = body.coupon_template ?? {}
  const id = template.id
  if (templateId === null || (id !== undefined && id !== '')) return body
  return { ...body, coupon_template: { ...template, id: templateId } }
}

/**
 * Stores a new revision of a draft that is not in the bin, and returns the body as stored. A
 * template id the server confirmed is written back into a body that lacks it, so an editor that
 * had not yet seen the confirmation cannot erase it. Undefined: no such draft, or in the bin.
 */
export function saveDraftBody(drafts: DraftStore<TemplateRows>, draftId: string, body: DraftBody, now: string): DraftBody | undefined {
  const templateId = drafts.liveTemplateId(draftId)
  if (templateId === undefined) return undefined
  const stored = withTemplateId(body, templateId)
  drafts.writeBody(draftId, stored, now)
  return stored
}

/**
 * A successful submission: remember the server's id (in the body too, if the body has none) and
 * the submitted request as the base of the next diff. `sourceId`: the platform's ump id a create
 * answered, kept on the draft (terminate names a template by it).
 */
export function recordSubmitted(
  drafts: DraftStore<TemplateRows>,
  draftId: string,
  submitted: { templateId: string | null; sourceId?: string; request: DraftBody },
  now: string,
): void {
  const current = drafts.bodyAndTemplateId(draftId)
  if (!current) return
  const templateId = submitted.templateId ?? current.templateId
  const withIds = (b: DraftBody) => withSourceId(withTemplateId(b, templateId), submitted.sourceId)
  drafts.writeSubmitted(draftId, { templateId, body: withIds(current.body), base: withIds(submitted.request) }, now)
}
