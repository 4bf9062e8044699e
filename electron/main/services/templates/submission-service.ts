import type { DraftBody, DraftDetail, DraftSummary, OutboxEntry, SubmissionError } from '@contract/ipc/channels/templates'
import type { UserInfo } from '@contract/api/template'
import { AppError } from '@main/ipc/app-error'
import { transaction, type Database } from '@main/store/db'
import { draftHeadline, type DraftStore } from '@main/store/drafts'
import { OutboxStore } from '@main/store/outbox'
import { recordSubmitted, saveDraftBody } from './draft-body'
import { draftDetail, draftNotFound, draftSummary, openConflict } from './draft-views'
import { baseTemplateId } from './server-check'
import { buildSubmissionRequest } from './submission'
import { toOutboxEntry, type DraftWithBody, type Settlement, type TemplateRows } from './template-rows'

/**
 * Submissions of drafts through the outbox: queueing a draft's revision, settling a conflict,
 * cancelling or releasing a submission, and writing how an attempt ended (the outbox worker sends
 * them). Every operation that touches the outbox and the draft runs in one transaction, so a crash
 * leaves either all of it or none of it.
 */

export interface SubmissionServiceOptions {
  db: Database
  now: () => Date
  drafts: DraftStore<TemplateRows>
  /** The profile a new submission is made under (the active one): the only one it is sent with. */
  activeProfileId: () => string
  newId: () => string
  newUniqueId: () => string
}

export class SubmissionService {
  readonly outbox: OutboxStore<TemplateRows>
  readonly #drafts: DraftStore<TemplateRows>
  readonly #db: Database
  readonly #now: () => Date
  readonly #newId: () => string
  readonly #newUniqueId: () => string
  readonly #activeProfileId: () => string

  constructor(options: SubmissionServiceOptions) {
    this.#db = options.db
    this.#now = options.now
    this.#drafts = options.drafts
    this.#activeProfileId = options.activeProfileId
    this.#newId = options.newId
    this.#newUniqueId = options.newUniqueId
    this.outbox = new OutboxStore<TemplateRows>(options.db)
  }

  /**
   * Queues the draft's current revision with a fresh unique_id. A previous submission that is
   * still queued and certainly unsent is replaced (the newer revision is what the user wants
   * on the server); one that may have been delivered has to finish first, or a create could
   * run twice.
   * @throws AppError `invalid-input` (contract issues), `conflict` (stale revision, in flight)
   */
  submit(draftId: string, revision: number, userInfo?: UserInfo): { draft: DraftSummary; submission: OutboxEntry } {
    const ended = this.#drafts.get(draftId)?.terminated
    // The platform takes no updates of an ended template; a copy (duplicate) is a new one.
    if (ended) throw new AppError('conflict', 'templates.terminate.endedNoSubmit', { at: ended.at })
    const profileId = this.#activeProfileId()
    const submissionId = transaction(this.#db, () => this.#enqueue(this.#current(draftId, revision), profileId, this.#iso(), userInfo))
    return { draft: this.#summary(draftId), submission: this.entry(submissionId) }
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
        this.outbox.resolveConflict(latest.submissionId, 'take-server', now)
        saveDraftBody(this.#drafts, draftId, body, now)
        this.#drafts.rebase(draftId, base)
        return null
      }
      this.outbox.resolveConflict(latest.submissionId, resolution, now)
      this.#drafts.rebase(draftId, base)
      // The new base is that profile's platform copy: "mine" goes over it, to the same platform.
      return this.#enqueue({ ...draft, base }, latest.profileId ?? this.#activeProfileId(), now)
    })
    return { draft: this.#detail(draftId), submission: submissionId === null ? null : this.entry(submissionId) }
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
      this.#drafts.settle(entry.draftId, { submissionId, state: 'failed', revision: entry.revision }, now)
    })
    return this.entry(submissionId)
  }

  /** A stored request that cannot be resent: kept active and possibly delivered, for the user. */
  block(submissionId: string, error: SubmissionError): void {
    this.outbox.block(submissionId, error, this.#iso())
  }

  /** The draft, unless it is in the bin or no longer the revision the user acted on. */
  #current(draftId: string, revision: number): DraftWithBody {
    const draft = this.#drafts.get(draftId)
    if (!draft || draft.deletedAt !== null) throw draftNotFound(draftId)
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
    this.#drafts.markQueued(draftId, submissionId, now)
    return submissionId
  }

  /** Cancels a submission that has certainly not been sent. */
  cancel(submissionId: string): OutboxEntry {
    transaction(this.#db, () => {
      const entry = this.outbox.get(submissionId)
      if (!entry) throw new AppError('not-found', 'templates.error.submissionNotFound')
      if (!this.cancelActive(submissionId, this.#iso())) {
        throw new AppError(
          'conflict',
          entry.maybeDelivered || entry.status === 'sending' || entry.status === 'blocked'
            ? 'templates.error.cancelInFlight'
            : 'templates.error.cancelFinished',
        )
      }
    })
    return this.entry(submissionId)
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
          this.#drafts,
          entry.draftId,
          {
            templateId: settlement.templateId,
            ...(settlement.sourceId !== undefined ? { sourceId: settlement.sourceId } : {}),
            request: { ...sentRequest, coupon_template: template },
          },
          now,
        )
      }
      this.#drafts.settle(entry.draftId, { submissionId, state: settlement.status, revision: entry.revision }, now)
    })
  }

  /** Cancels a submission that certainly never left, inside the caller's transaction; false if it may have. */
  cancelActive(submissionId: string, now: string): boolean {
    const entry = this.outbox.get(submissionId)
    if (!entry || !this.outbox.cancel(submissionId, now)) return false
    this.#drafts.settle(entry.draftId, { submissionId, state: 'draft', revision: entry.revision }, now)
    return true
  }

  /** The submission as the screens show it. */
  entry(submissionId: string): OutboxEntry {
    const entry = this.outbox.get(submissionId)
    if (!entry) throw new AppError('not-found', 'templates.error.submissionNotFound')
    return toOutboxEntry(entry)
  }

  #summary(draftId: string): DraftSummary {
    return draftSummary(this.#drafts, draftId)
  }

  #detail(draftId: string): DraftDetail {
    return draftDetail(this.#drafts, this.outbox, draftId)
  }

  #iso(): string {
    return this.#now().toISOString()
  }
}
