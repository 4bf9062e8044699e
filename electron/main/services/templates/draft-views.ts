import type { DraftConflict, DraftDetail, DraftState, DraftSummary, SubmissionError } from '@contract/ipc/channels/templates'
import { AppError } from '@main/ipc/app-error'
import type { DraftStore } from '@main/store/drafts'
import type { OutboxStore } from '@main/store/outbox'
import { toOutboxEntry, type DraftRecord, type OutboxRecord, type TemplateRows } from './template-rows'

/** Drafts as the screens show them: the list's summary and the editor's detail, with the latest submission. */

/** A draft with its body, its base, its latest submission and, while one is open, the conflict to settle. */
export function draftDetail(drafts: DraftStore<TemplateRows>, outbox: OutboxStore<TemplateRows>, draftId: string): DraftDetail {
  const draft = drafts.get(draftId)
  if (!draft) throw draftNotFound(draftId)
  const latest = draft.latest ? outbox.get(draft.latest.submissionId) : undefined
  return {
    ...toSummary(draft),
    body: draft.body,
    base: draft.base,
    submission: latest ? toOutboxEntry(latest) : null,
    conflict: latest ? openConflict(latest) : null,
  }
}

export function draftSummary(drafts: DraftStore<TemplateRows>, draftId: string): DraftSummary {
  const record = drafts.get(draftId)
  if (!record) throw draftNotFound(draftId)
  return toSummary(record)
}

/** The latest submission's error is the draft's news while it failed, is blocked or is an open conflict. */
function latestError(latest: DraftRecord['latest']): SubmissionError | null {
  if (!latest) return null
  if (latest.status === 'failed' || latest.status === 'blocked') return latest.error
  if (latest.status === 'conflict' && latest.resolution === null) return latest.error
  return null
}

/** The three versions of an open conflict, if `record` is one. */
export function openConflict(record: OutboxRecord): DraftConflict | null {
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

export function draftNotFound(draftId: string): AppError {
  return new AppError('not-found', 'templates.error.draftNotFound', { draftId })
}
