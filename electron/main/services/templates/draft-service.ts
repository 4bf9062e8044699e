import { randomUUID } from 'node:crypto'
import type {
  DraftBody,
  DraftDetail,
  DraftState,
  DraftSummary,
  OutboxEntry,
} from '@contract/ipc/channels/templates'
import { AppError } from '@main/ipc/app-error'
import { transaction, type Database } from '@main/store/db'
import { DraftStore, draftHeadline, type DraftListFilter, type DraftRecord } from '@main/store/drafts'
import { OutboxStore, toOutboxEntry, type Settlement } from '@main/store/outbox'
import { exportFileName, exportTemplateJson, parseTemplateImport } from './import-export'
import { buildSubmissionRequest, newUniqueId } from './submission'

/**
 * The drafts and the outbox kept consistent with each other: every operation that touches both
 * runs in one transaction, so a crash leaves either all of it or none of it.
 */

/** What a new blank draft starts with: the two required groups, empty, so their fields show as required. */
export const BLANK_DRAFT: DraftBody = Object.freeze({ coupon_template: { apply_limit_config: {}, common_config: {} } })

export interface DraftServiceOptions {
  db: Database
  now: () => Date
  newId?: () => string
  newUniqueId?: () => string
}

export class DraftService {
  readonly drafts: DraftStore
  readonly outbox: OutboxStore
  readonly #db: Database
  readonly #now: () => Date
  readonly #newId: () => string
  readonly #newUniqueId: () => string

  constructor(options: DraftServiceOptions) {
    this.#db = options.db
    this.#now = options.now
    this.#newId = options.newId ?? randomUUID
    this.#newUniqueId = options.newUniqueId ?? newUniqueId
    this.drafts = new DraftStore(options.db)
    this.outbox = new OutboxStore(options.db)
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
    const saved = transaction(this.#db, () => this.drafts.saveBody(draftId, body, this.#iso()))
    if (!saved) throw notFound(draftId)
    return this.#summary(draftId)
  }

  /** A new, unlinked copy: no template id and no unique_id, so submitting it creates a new template. */
  duplicate(draftId: string): DraftDetail {
    const source = this.drafts.get(draftId)
    if (!source || source.deletedAt !== null) throw notFound(draftId)
    const template = { ...(source.body.coupon_template ?? {}) }
    delete template.id
    delete template.unique_id
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
  submit(draftId: string, revision: number): { draft: DraftSummary; submission: OutboxEntry } {
    const submissionId = this.#newId()
    transaction(this.#db, () => {
      const now = this.#iso()
      const draft = this.drafts.get(draftId)
      if (!draft || draft.deletedAt !== null) throw notFound(draftId)
      if (draft.revision !== revision) {
        throw new AppError('conflict', 'templates.error.staleRevision', { revision: draft.revision })
      }
      const active = this.outbox.activeFor(draftId)
      if (active && !this.outbox.cancel(active.submissionId, now)) {
        throw new AppError('conflict', 'templates.error.submissionInFlight')
      }
      const uniqueId = this.#newUniqueId()
      const request = buildSubmissionRequest(draft.body, uniqueId)
      this.outbox.enqueue({
        submissionId,
        draftId,
        revision,
        title: draftHeadline(draft.body).title,
        uniqueId,
        request: JSON.stringify(request),
        now,
      })
      this.drafts.markQueued(draftId, submissionId, now)
    })
    return { draft: this.#summary(draftId), submission: this.#entry(submissionId) }
  }

  /** Cancels a submission that has certainly not been sent. */
  cancel(submissionId: string): OutboxEntry {
    transaction(this.#db, () => {
      const entry = this.outbox.get(submissionId)
      if (!entry) throw new AppError('not-found', 'templates.error.submissionNotFound')
      if (!this.#cancelActive(submissionId, this.#iso())) {
        throw new AppError('conflict', entry.maybeDelivered || entry.status === 'sending'
          ? 'templates.error.cancelInFlight'
          : 'templates.error.cancelFinished')
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
        this.drafts.recordSubmitted(entry.draftId, { templateId: settlement.templateId, request: { ...sentRequest, coupon_template: template } }, now)
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

const FINISHED_WITH_ERROR: ReadonlySet<string> = new Set(['failed', 'conflict'])

export function toSummary(record: DraftRecord): DraftSummary {
  const latest = record.latest
  return {
    draftId: record.draftId,
    title: record.title,
    couponType: record.couponType,
    state: record.state satisfies DraftState,
    revision: record.revision,
    templateId: record.templateId,
    editedSinceSubmission: latest !== null && latest.status !== 'cancelled' && record.revision > latest.revision,
    lastError: latest && FINISHED_WITH_ERROR.has(latest.status) ? latest.error : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deletedAt: record.deletedAt,
  }
}

function notFound(draftId: string): AppError {
  return new AppError('not-found', 'templates.error.draftNotFound', { draftId })
}
