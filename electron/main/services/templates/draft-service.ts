import { randomUUID } from 'node:crypto'
import type { DraftBody, DraftDetail, DraftSummary, DraftTermination } from '@contract/ipc/channels/templates'
import { AppError } from '@main/ipc/app-error'
import { transaction, type Database } from '@main/store/db'
import { DraftStore, type DraftListFilter } from '@main/store/drafts'
import { saveDraftBody } from './draft-body'
import { draftDetail, draftNotFound as notFound, draftSummary, toSummary } from './draft-views'
import { exportFileName, exportTemplateJson, parseTemplateImport } from './import-export'
import { newUniqueId } from './submission'
import { SubmissionService } from './submission-service'
import type { TemplateRows } from './template-rows'

/**
 * Coupon-template drafts: create, import, save, duplicate, delete and restore, export. Their
 * submissions go through `SubmissionService`; deleting a draft cancels a submission of it that
 * never left, in the same transaction.
 */

/** What a new blank draft starts with: the two required groups, empty, so their fields show as required. */
export const BLANK_DRAFT: DraftBody = Object.freeze({ coupon_template: { apply_limit_config: {}, common_config: {} } })

export interface TemplateServicesOptions {
  db: Database
  now: () => Date
  /** The profile a new submission is made under (the active one): the only one it is sent with. */
  activeProfileId: () => string
  newId?: () => string
  newUniqueId?: () => string
}

/** The drafts and their submissions over one database: two services sharing the draft table. */
export function createTemplateServices(options: TemplateServicesOptions): { drafts: DraftService; submissions: SubmissionService } {
  const store = new DraftStore<TemplateRows>(options.db)
  const newId = options.newId ?? randomUUID
  const submissions = new SubmissionService({
    db: options.db,
    now: options.now,
    drafts: store,
    activeProfileId: options.activeProfileId,
    newId,
    newUniqueId: options.newUniqueId ?? newUniqueId,
  })
  return {
    drafts: new DraftService({
      db: options.db,
      now: options.now,
      drafts: store,
      submissions,
      newId,
      activeProfileId: options.activeProfileId,
    }),
    submissions,
  }
}

export interface DraftServiceOptions {
  db: Database
  now: () => Date
  drafts: DraftStore<TemplateRows>
  submissions: SubmissionService
  newId: () => string
  /** The profile active now: a template is ended only through the profile it was submitted under. */
  activeProfileId: () => string
}

export class DraftService {
  readonly drafts: DraftStore<TemplateRows>
  readonly #submissions: SubmissionService
  readonly #db: Database
  readonly #now: () => Date
  readonly #newId: () => string
  readonly #activeProfileId: () => string

  constructor(options: DraftServiceOptions) {
    this.#db = options.db
    this.#now = options.now
    this.#newId = options.newId
    this.#activeProfileId = options.activeProfileId
    this.drafts = options.drafts
    this.#submissions = options.submissions
  }

  list(filter: DraftListFilter = {}): DraftSummary[] {
    return this.drafts.list(filter).map(toSummary)
  }

  get(draftId: string): DraftDetail {
    return draftDetail(this.drafts, this.#submissions.outbox, draftId)
  }

  create(): DraftDetail {
    const draftId = this.#newId()
    this.drafts.insert({ draftId, body: structuredClone(BLANK_DRAFT), now: this.#iso() })
    return this.get(draftId)
  }

  /** @throws AppError `invalid-input` when the text is not a template; nothing is stored then. */
  import(text: string): DraftDetail {
    const body = parseTemplateImport(text)
    const draftId = this.#newId()
    const now = this.#iso()
    this.drafts.insert({ draftId, body, now, base: { kind: 'imported', body, at: now } })
    return this.get(draftId)
  }

  save(draftId: string, body: DraftBody): DraftSummary {
    const saved = transaction(this.#db, () => saveDraftBody(this.drafts, draftId, body, this.#iso()))
    if (!saved) throw notFound(draftId)
    return this.#summary(draftId)
  }

  /**
   * A new, unlinked copy that submitting creates as a new template. Everything that identifies
   * the original is left out: `id` (the server's key), `uuid` (the template's uuid on the
   * platform), `unique_id` (one submission's key) and `source_id`. `source_id` is the UMP
   * (marketing platform) template the original is linked to, i.e. an identity, not a setting:
   * nothing in the API says two templates may share one, and a copy that kept it would claim to
   * be the original there. Cleared, so the copy is linked only if the user types one in.
   * (`option_config.out_coupon_template_id` is the caller's own external id and stays.)
   */
  duplicate(draftId: string): DraftDetail {
    const source = this.drafts.get(draftId)
    if (!source || source.deletedAt !== null) throw notFound(draftId)
    const template = { ...(source.body.coupon_template ?? {}) }
    delete template.id
    delete template.uuid
    delete template.unique_id
    delete template.source_id
    const copyId = this.#newId()
    this.drafts.insert({ draftId: copyId, body: { ...source.body, coupon_template: template }, now: this.#iso() })
    return this.get(copyId)
  }

  /**
   * Moves a draft to the bin (restorable). A submission of it that never left is cancelled with
   * it; one that may already have reached the server must finish first.
   */
  delete(draftId: string): DraftSummary {
    transaction(this.#db, () => {
      const now = this.#iso()
      const active = this.#submissions.outbox.activeFor(draftId)
      if (active && !this.#submissions.cancelActive(active.submissionId, now)) {
        throw new AppError('conflict', 'templates.error.deleteInFlight')
      }
      if (!this.drafts.softDelete(draftId, now)) throw notFound(draftId)
    })
    return this.#summary(draftId)
  }

  restore(draftId: string): DraftSummary {
    if (!this.drafts.restore(draftId)) throw notFound(draftId)
    return this.#summary(draftId)
  }

  export(draftId: string): { fileName: string; text: string } {
    const draft = this.drafts.get(draftId)
    if (!draft) throw notFound(draftId)
    return { fileName: exportFileName(draft.body), text: exportTemplateJson(draft.body) }
  }

  /**
   * What `template.terminate` needs to end this draft's template, checked before anything is
   * sent: the platform's template id, its `source_id` (the only id terminate takes) when the draft
   * knows it, and the draft's own `user_info`. Refused when the draft has no template on the
   * platform, was ended already, has a submission under way (it could land after the end), or
   * was submitted under another profile (its app key and store, not the active one's).
   * @throws AppError `not-found`, `conflict`
   */
  terminationTarget(draftId: string): { templateId: string; sourceId: unknown; userInfo: unknown } {
    const draft = this.drafts.get(draftId)
    if (!draft || draft.deletedAt !== null) throw notFound(draftId)
    if (draft.terminated) throw new AppError('conflict', 'templates.terminate.already', { at: draft.terminated.at })
    if (draft.templateId === null) throw new AppError('conflict', 'templates.terminate.notSubmitted')
    const outbox = this.#submissions.outbox
    if (outbox.activeFor(draftId)) throw new AppError('conflict', 'templates.terminate.submissionInFlight')
    // Null: a submission from before profiles were recorded, which the app then sent with the
    // active profile; nothing says it belongs elsewhere.
    const submittedUnder = outbox.latestSubmitted(draftId)?.profileId ?? null
    if (submittedUnder !== null && submittedUnder !== this.#activeProfileId()) {
      throw new AppError('conflict', 'templates.terminate.otherProfile', { profileId: submittedUnder })
    }
    return { templateId: draft.templateId, sourceId: draft.body.coupon_template?.source_id, userInfo: draft.body.user_info }
  }

  /** The platform confirmed the end: kept on the draft, which takes no more submissions. */
  recordTerminated(draftId: string, termination: Omit<DraftTermination, 'at'>): DraftSummary {
    this.drafts.recordTerminated(draftId, { ...termination, at: this.#iso() })
    return this.#summary(draftId)
  }

  #summary(draftId: string): DraftSummary {
    return draftSummary(this.drafts, draftId)
  }

  #iso(): string {
    return this.#now().toISOString()
  }
}
