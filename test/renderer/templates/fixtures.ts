import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import type { DraftBody, DraftDetail, DraftSummary, OutboxEntry } from '@contract/ipc/channels/templates'

/** One draft as main describes it, for the template screens' tests. */

export const T = 'coupon_template'
export const DRAFT_ID = '00000000-0000-4000-8000-000000000001'
export const SUBMISSION_ID = '00000000-0000-4000-8000-0000000000aa'
/** 10:00:00 in Beijing. */
export const NOW = '2025-01-10T02:00:00.000Z'

/** The contract's valid example as a new draft: no template id, no unique_id yet. */
export function body(): DraftBody {
  const b = structuredClone(VALID_TEMPLATE_EXAMPLE) as DraftBody
  delete b.coupon_template!.id
  delete b.coupon_template!.unique_id
  return b
}

export function summary(over: Partial<DraftSummary> = {}): DraftSummary {
  return {
    draftId: DRAFT_ID,
    title: '满100减10',
    couponType: 11,
    state: 'draft',
    revision: 1,
    templateId: null,
    editedSinceSubmission: false,
    lastError: null,
    createdAt: NOW,
    updatedAt: NOW,
    deletedAt: null,
    terminated: null,
    ...over,
  }
}

export function detail(b: DraftBody, over: Partial<DraftDetail> = {}): DraftDetail {
  return { ...summary(), body: b, base: null, submission: null, conflict: null, ...over }
}

export const queuedEntry: Extract<OutboxEntry, { status: 'queued' }> = {
  submissionId: SUBMISSION_ID,
  draftId: DRAFT_ID,
  revision: 1,
  uniqueId: 'cd-1',
  title: '满100减10',
  attempts: 1,
  serverCheck: null,
  createdAt: NOW,
  updatedAt: NOW,
  status: 'queued',
  maybeDelivered: false,
  cancellable: true,
  nextAttemptAt: null,
  lastError: { key: 'top.error.transport.notSent', params: { reason: 'refused' } },
}

export const outboxList = () => ({ entries: [], network: { state: 'online' as const, nextProbeAt: null } })
