import { randomUUID } from 'node:crypto'
import type {
  DraftBody,
  DraftConflict,
  DraftDetail,
  DraftState,
  DraftSummary,
  DraftTermination,
  OutboxEntry,
  SubmissionError,
} from '@contract/ipc/channels/templates'
import type { UserInfo } from '@contract/api/template'
import { AppError } from '@main/ipc/app-error'
import { transaction, type Database } from '@main/store/db'
import { DraftStore, draftHeadline, type DraftListFilter } from '@main/store/drafts'
import { OutboxStore } from '@main/store/outbox'
import { recordSubmitted, saveDraftBody } from './draft-body'
import { exportFileName, exportTemplateJson, parseTemplateImport } from './import-export'
import { baseTemplateId } from './server-check'
import { buildSubmissionRequest, newUniqueId } from './submission'
import { toOutboxEntry, type DraftRecord, type DraftWithBody, type OutboxRecord, type Settlement, type TemplateRows } from './template-rows'

/**
 * The drafts and the outbox kept consistent with each other: every operation that touches both
 * runs in one transaction, so a crash leaves either all of it or none of it.
 */

/** What a new blank draft starts with: the two required groups, empty, so their fields show as required. */
export const BLANK_DRAFT: DraftBody = Object.freeze({ coupon_template: { apply_limit_config: {}, common_config: {} } })

export interface DraftServiceOptions {
  db: Database
  now: () => Date
  /** The profile a new submission is made under (the active one): the only one it is sent with. */
  activeProfileId: () => string
  newId?: () => string
  newUniqueId?: () => string
}

export class DraftService {
  readonly drafts: DraftStore<TemplateRows>
  readonly outbox: OutboxStore<TemplateRows>
  readonly #db: Database
  readonly #now: () => Date
  readonly #newId: () => string
  readonly #newUniqueId: () => string
  readonly #activeProfileId: () => string

  constructor(options: DraftServiceOptions) {
    this.#db = options.db
    this.#now = options.now
    this.#activeProfileId = options.activeProfileId
    this.#newId = options.newId ?? randomUUID
    this.#newUniqueId = options.newUniqueId ?? newUniqueId
    this.drafts = new DraftStore<TemplateRows>(options.db)
    this.outbox = new OutboxStore<TemplateRows>(options.db)
  }

  list(filter: DraftListFilter = {}): DraftSummary[] {
    return this.drafts.list(filter).map(toSummary)
  }

  get(draftId: string): DraftDetail {
    const draft = this.drafts.get(draftId)
    if (!draft) throw notFound(draftId)
    const latest = draft.latest ? this.outbox.get(draft.latest.submissionId) : undefined
    return {
      ...toSummary(draft),
      body: draft.body,
      base: draft.base,
      submission: latest ? toOutboxEntry(latest) : null,
      conflict: latest ? openConflict(latest) : null,
    }
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
      const active = this.outbox.activeFor(draftId)
      if (active && !this.#cancelActive(active.submissionId, now)) {
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
   * Queues the draft's current revision with a fresh unique_id. A previous submission that is
   * still queued and certainly unsent is replaced (the newer revision is what the user wants
   * on the server); one that may have been delivered has to finish first, or a create could
   * run twice.
   * @throws AppError `invalid-input` (contract issues), `conflict` (stale revision, in flight)
   */
  submit(draftId: string, revision: number, userInfo?: UserInfo): { draft: DraftSummary; submission: OutboxEntry } {
    const ended = this.drafts.get(draftId)?.terminated
    // The platform takes no updates of an ended template; a copy (duplicate) is a new one.
    if (ended) throw new AppError('conflict', 'templates.terminate.endedNoSubmit', { at: ended.at })
    const profileId = this.#activeProfileId()
    const submissionId = transaction(this.#db, () => this.#enqueue(this.#current(draftId, revision), profileId, this.#iso(), userInfo))
    return { draft: this.#summary(draftId), submission: this.#entry(submissionId) }
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
    if (this.outbox.activeFor(draftId)) throw new AppError('conflict', 'templates.terminate.submissionInFlight')
    // Null: a submission from before profiles were recorded, which the app then sent with the
    // active profile; nothing says it belongs elsewhere.
    const submittedUnder = this.outbox.latestSubmitted(draftId)?.profileId ?? null
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

  /**
   * Settles an open conflict (see `DraftConflict`) as the user chose, in one transaction.
   * `keep-mine`: the server's copy becomes the base and the draft is queued again over it, under
   * a new unique_id (nothing of the conflicting submission was sent). `take-server`: the draft
   * becomes the server's copy (its operator kept), and that copy its base.
   * @throws AppError `conflict` (stale revision, no open conflict, in flight), `invalid-input`
   */
  resolveConflict(
    draftId: string,
    revision: number,
    resolution: 'keep-mine' | 'take-server',
  ): { draft: DraftDetail; submission: OutboxEntry | null } {
    const submissionId = transaction(this.#db, () => {
      const now = this.#iso()
      const draft = this.#current(draftId, revision)
      const latest = draft.latest ? this.outbox.get(draft.latest.submissionId) : undefined
      const conflict = latest ? openConflict(latest) : null
      if (!latest || !conflict) throw new AppError('conflict', 'templates.error.noConflict')
      const base = { kind: 'server', body: conflict.server, at: conflict.detectedAt } as const
      if (resolution === 'take-server') {
        const mine = draft.body.user_info
        const body: DraftBody = { ...conflict.server, ...(mine !== undefined ? { user_info: mine } : {}) }
        this.outbox.resolveConflict(latest.submissionId, 'took-server', now)
        saveDraftBody(this.drafts, draftId, body, now)
        this.drafts.rebase(draftId, base)
        return null
      }
      this.outbox.resolveConflict(latest.submissionId, 'kept-mine', now)
      this.drafts.rebase(draftId, base)
      // The new base is that profile's platform copy: "mine" goes over it, to the same platform.
      return this.#enqueue({ ...draft, base }, latest.profileId ?? this.#activeProfileId(), now)
    })
    return { draft: this.get(draftId), submission: submissionId === null ? null : this.#entry(submissionId) }
  }

  /**
   * The user's decision about a submission that may have been delivered but cannot finish by
   * itself: they checked the platform, and it ends as failed, so the draft can be submitted again
   * (under a new unique_id: the user now knows whether that would apply it twice).
   * @throws AppError `not-found`, `conflict` (nothing to release: cancel it, or it is finished)
   */
  release(submissionId: string): OutboxEntry {
    transaction(this.#db, () => {
      const entry = this.outbox.get(submissionId)
      if (!entry) throw new AppError('not-found', 'templates.error.submissionNotFound')
      const now = this.#iso()
      if (!this.outbox.release(submissionId, { key: 'templates.outcome.released', params: {} }, now)) {
        throw new AppError(
          'conflict',
          entry.status === 'queued' ? 'templates.error.releaseCancellable' : 'templates.error.releaseNotNeeded',
        )
      }
      this.drafts.settle(entry.draftId, { submissionId, state: 'failed', revision: entry.revision }, now)
    })
    return this.#entry(submissionId)
  }

  /** A stored request that cannot be resent: kept active and possibly delivered, for the user. */
  block(submissionId: string, error: SubmissionError): void {
    this.outbox.block(submissionId, error, this.#iso())
  }

  /** The draft, unless it is in the bin or no longer the revision the user acted on. */
  #current(draftId: string, revision: number): DraftWithBody {
    const draft = this.drafts.get(draftId)
    if (!draft || draft.deletedAt !== null) throw notFound(draftId)
    if (draft.revision !== revision) {
      throw new AppError('conflict', 'templates.error.staleRevision', { revision: draft.revision })
    }
    return draft
  }

  /**
   * Queues `draft` (as `#current` read it) with a fresh unique_id, inside the caller's
   * transaction, with the draft's base as the version the server should still hold.
   */
  /** `userInfo`: who submits, from the counter's shift; it replaces what the draft says. */
  #enqueue(draft: DraftWithBody, profileId: string, now: string, userInfo?: UserInfo): string {
    const submissionId = this.#newId()
    const { draftId, revision } = draft
    const active = this.outbox.activeFor(draftId)
    if (active && !this.outbox.cancel(active.submissionId, now)) {
      throw new AppError('conflict', 'templates.error.submissionInFlight')
    }
    const uniqueId = this.#newUniqueId()
    const request = buildSubmissionRequest(userInfo ? { ...draft.body, user_info: userInfo } : draft.body, uniqueId)
    // A base of another template (the id was retyped since) says nothing about this one.
    const id = request.coupon_template.id
    const base = id !== undefined && draft.base && baseTemplateId(draft.base.body) === id ? draft.base.body : null
    this.outbox.enqueue({
      submissionId,
      draftId,
      revision,
      title: draftHeadline(draft.body).title,
      uniqueId,
      request: JSON.stringify(request),
      baseBody: base ? JSON.stringify(base) : null,
      profileId,
      now,
    })
    this.drafts.markQueued(draftId, submissionId, now)
    return submissionId
  }

  /** Cancels a submission that has certainly not been sent. */
  cancel(submissionId: string): OutboxEntry {
    transaction(this.#db, () => {
      const entry = this.outbox.get(submissionId)
      if (!entry) throw new AppError('not-found', 'templates.error.submissionNotFound')
      if (!this.#cancelActive(submissionId, this.#iso())) {
        throw new AppError(
          'conflict',
          entry.maybeDelivered || entry.status === 'sending' || entry.status === 'blocked'
            ? 'templates.error.cancelInFlight'
            : 'templates.error.cancelFinished',
        )
      }
    })
    return this.#entry(submissionId)
  }

  outboxEntries(filter: { draftId?: string; active?: boolean } = {}): OutboxEntry[] {
    return this.outbox.list(filter).map(toOutboxEntry)
  }

  /** How an attempt ended, written to the outbox and the draft together. */
  settle(submissionId: string, settlement: Settlement, sentRequest: DraftBody): void {
    transaction(this.#db, () => {
      const entry = this.outbox.get(submissionId)
      if (!entry) return
      const now = this.#iso()
      this.outbox.settle(submissionId, settlement, now)
      if (settlement.status === 'submitted') {
        const template = { ...(sentRequest.coupon_template ?? {}) }
        // The unique_id belongs to that one submission, not to the template's content.
        delete template.unique_id
        recordSubmitted(
          this.drafts,
          entry.draftId,
          {
            templateId: settlement.templateId,
            ...(settlement.sourceId !== undefined ? { sourceId: settlement.sourceId } : {}),
            request: { ...sentRequest, coupon_template: template },
          },
          now,
        )
      }
      this.drafts.settle(entry.draftId, { submissionId, state: settlement.status, revision: entry.revision }, now)
    })
  }

  #cancelActive(submissionId: string, now: string): boolean {
    const entry = this.outbox.get(submissionId)
    if (!entry || !this.outbox.cancel(submissionId, now)) return false
    this.drafts.settle(entry.draftId, { submissionId, state: 'draft', revision: entry.revision }, now)
    return true
  }

  #summary(draftId: string): DraftSummary {
    const record = this.drafts.get(draftId)
    if (!record) throw notFound(draftId)
    return toSummary(record)
  }

  #entry(submissionId: string): OutboxEntry {
    const entry = this.outbox.get(submissionId)
    if (!entry) throw new AppError('not-found', 'templates.error.submissionNotFound')
    return toOutboxEntry(entry)
  }

  #iso(): string {
    return this.#now().toISOString()
  }
}

/** The latest submission's error is the draft's news while it failed, is blocked or is an open conflict. */
function latestError(latest: DraftRecord['latest']): SubmissionError | null {
  if (!latest) return null
  if (latest.status === 'failed' || latest.status === 'blocked') return latest.error
  if (latest.status === 'conflict' && latest.resolution === null) return latest.error
  return null
}

/** The three versions of an open conflict, if `record` is one. */
function openConflict(record: OutboxRecord): DraftConflict | null {
  if (record.status !== 'conflict' || record.resolution !== null || !record.serverBody || !record.baseBody) return null
  return {
    submissionId: record.submissionId,
    revision: record.revision,
    base: record.baseBody,
    server: record.serverBody,
    detectedAt: record.serverCheck?.at ?? record.finishedAt ?? record.updatedAt,
  }
}

export function toSummary(record: DraftRecord): DraftSummary {
  const latest = record.latest
  return {
    draftId: record.draftId,
    title: record.title,
    couponType: record.couponType,
    state: record.state satisfies DraftState,
    revision: record.revision,
    templateId: record.templateId,
    // A cancelled submission and a conflict never reached the server: nothing to be "edited since".
    editedSinceSubmission:
      latest !== null && latest.status !== 'cancelled' && latest.status !== 'conflict' && record.revision > latest.revision,
    lastError: latestError(latest),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deletedAt: record.deletedAt,
    terminated: record.terminated,
  }
}

function notFound(draftId: string): AppError {
  return new AppError('not-found', 'templates.error.draftNotFound', { draftId })
}
