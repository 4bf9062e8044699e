import type { DraftBody, OutboxEntry, ServerCheck, SubmissionError, TemplateResult } from '@contract/ipc/channels/templates'
import type { DraftRecord as StoredDraft, DraftWithBody as StoredDraftWithBody } from '@main/store/drafts'
import type {
  OutboxListed as StoredListed,
  OutboxRecord as StoredRecord,
  ServerAnswer as StoredAnswer,
  Settlement as StoredSettlement,
} from '@main/store/outbox'

/**
 * The JSON the drafts and the outbox store for coupon templates, by role, and the rows that carry
 * it; and how an outbox row is shown.
 */
export interface TemplateRows {
  body: DraftBody
  error: SubmissionError
  check: ServerCheck
  response: TemplateResult
}

export type DraftRecord = StoredDraft<TemplateRows>
export type DraftWithBody = StoredDraftWithBody<TemplateRows>
export type OutboxRecord = StoredRecord<TemplateRows>
export type OutboxListed = StoredListed<TemplateRows>
export type ServerAnswer = StoredAnswer<TemplateRows>
export type Settlement = StoredSettlement<TemplateRows>

const UNKNOWN_ERROR: SubmissionError = { key: 'templates.outcome.unknown', params: {} }

/** The record as the renderer sees it: only the facts that belong to its status. */
export function toOutboxEntry(r: OutboxListed): OutboxEntry {
  const base = {
    submissionId: r.submissionId,
    draftId: r.draftId,
    revision: r.revision,
    uniqueId: r.uniqueId,
    title: r.title,
    attempts: r.attempts,
    serverCheck: r.serverCheck,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
  const finishedAt = r.finishedAt ?? r.updatedAt
  const answer = { response: r.answer?.response ?? null, gatewayRequestId: r.answer?.gatewayRequestId ?? null }
  switch (r.status) {
    case 'queued':
      return {
        ...base,
        status: 'queued',
        maybeDelivered: r.maybeDelivered,
        cancellable: !r.maybeDelivered,
        nextAttemptAt: r.nextAttemptAt,
        lastError: r.lastError,
      }
    case 'sending':
      return { ...base, status: 'sending' }
    case 'blocked':
      return { ...base, status: 'blocked', error: r.lastError ?? UNKNOWN_ERROR }
    case 'submitted':
      return { ...base, status: 'submitted', templateId: r.templateId, ...answer, finishedAt }
    case 'failed':
      return { ...base, status: 'failed', error: r.lastError ?? UNKNOWN_ERROR, ...answer, finishedAt }
    case 'conflict':
      return { ...base, status: 'conflict', error: r.lastError ?? UNKNOWN_ERROR, resolution: r.resolution, finishedAt }
    case 'cancelled':
      return { ...base, status: 'cancelled', finishedAt }
  }
}
