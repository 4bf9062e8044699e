import { describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { AppError } from '@main/ipc/app-error'
import { DraftService } from '@main/services/templates/draft-service'
import { ManualClock, openDraftsDb, validBody, withTitle } from './support'

function service() {
  const clock = new ManualClock()
  let n = 0
  const svc = new DraftService({
    db: openDraftsDb(),
    now: clock.now,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    newUniqueId: () => `cd-test-${n}`,
  })
  return { svc, clock }
}

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('did not throw')
}

describe('draft service', () => {
  it('creates a blank draft whose required groups are present, so their fields show as required', () => {
    const { svc } = service()
    const draft = svc.create()
    expect(draft).toMatchObject({ state: 'draft', revision: 1, title: '', couponType: null, base: null, submission: null })
    expect(draft.body).toEqual({ coupon_template: { apply_limit_config: {}, common_config: {} } })
  })

  it('imports a template with the import as the diff base, and stores nothing on bad input', () => {
    const { svc } = service()
    const draft = svc.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    expect(draft.base?.kind).toBe('imported')
    expect(draft.base?.body).toEqual(draft.body)
    expect(draft.title).toBe('满100减10')
    expect(thrown(() => svc.import('{"coupon_template": ')).key).toMatch(/^templates\.import\.badJson/)
    expect(svc.list()).toHaveLength(1)
  })

  it('autosaves revisions; an edit after a finished submission makes it a draft again', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    expect(svc.save(draftId, validBody()).revision).toBe(2)
    const { submission } = svc.submit(draftId, 2)
    svc.outbox.markSending(submission.submissionId, new Date().toISOString())
    svc.settle(submission.submissionId, { status: 'submitted', templateId: '9007199254741001' }, validBody())
    expect(svc.get(draftId)).toMatchObject({ state: 'submitted', templateId: '9007199254741001', editedSinceSubmission: false })
    const edited = svc.save(draftId, withTitle(validBody(), '满100减20'))
    expect(edited).toMatchObject({ state: 'draft', revision: 3, editedSinceSubmission: true })
  })

  it('duplicates without the server id or unique_id, so the copy creates a new template', () => {
    const { svc } = service()
    const source = svc.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const copy = svc.duplicate(source.draftId)
    expect(copy.draftId).not.toBe(source.draftId)
    expect(copy.body.coupon_template).not.toHaveProperty('id')
    expect(copy.body.coupon_template).not.toHaveProperty('unique_id')
    expect(copy.body.coupon_template?.common_config).toEqual(source.body.coupon_template?.common_config)
    expect(copy.base).toBeNull()
  })

  it('deletes into the bin and restores; deleting cancels a submission that never left', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = svc.submit(draftId, 2)
    expect(svc.delete(draftId).deletedAt).not.toBeNull()
    expect(svc.outbox.get(submission.submissionId)?.status).toBe('cancelled')
    expect(svc.list()).toEqual([])
    expect(svc.restore(draftId)).toMatchObject({ deletedAt: null, state: 'draft' })
  })

  it('refuses to delete a draft whose submission may already be on the server', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = svc.submit(draftId, 2)
    svc.outbox.markSending(submission.submissionId, new Date().toISOString())
    const error = thrown(() => svc.delete(draftId))
    expect([error.code, error.key]).toEqual(['conflict', 'templates.error.deleteInFlight'])
    expect(svc.get(draftId).deletedAt).toBeNull()
  })

  it('submits only a valid draft, with every contract issue, and queues nothing otherwise', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    const error = thrown(() => svc.submit(draftId, 1))
    expect([error.code, error.key]).toEqual(['invalid-input', 'templates.error.invalidDraft'])
    expect(error.extra.issues?.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['coupon_template.common_config.title', 'coupon_template.apply_limit_config.coupon_total_lmt']),
    )
    expect(svc.outboxEntries()).toEqual([])
    expect(svc.get(draftId).state).toBe('draft')
  })

  it('snapshots the submitted revision with a fresh unique_id, whatever unique_id the draft carries', () => {
    const { svc } = service()
    const draft = svc.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const { submission, draft: after } = svc.submit(draft.draftId, 1)
    expect(after.state).toBe('queued')
    expect(submission).toMatchObject({ status: 'queued', revision: 1, cancellable: true, maybeDelivered: false })
    const stored = JSON.parse(svc.outbox.get(submission.submissionId)!.request)
    expect(stored.coupon_template.unique_id).toBe(submission.uniqueId)
    expect(submission.uniqueId).not.toBe(VALID_TEMPLATE_EXAMPLE.coupon_template.unique_id)
    // The draft keeps what it had.
    expect(svc.get(draft.draftId).body.coupon_template?.unique_id).toBe(VALID_TEMPLATE_EXAMPLE.coupon_template.unique_id)
  })

  it('refuses to submit a revision other than the latest', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    expect(thrown(() => svc.submit(draftId, 1)).key).toBe('templates.error.staleRevision')
  })

  it('replaces a queued, unsent submission when a newer revision is submitted', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const first = svc.submit(draftId, 2).submission
    svc.save(draftId, withTitle(validBody(), '满100减20'))
    const second = svc.submit(draftId, 3).submission
    expect(svc.outbox.get(first.submissionId)?.status).toBe('cancelled')
    expect(second).toMatchObject({ status: 'queued', revision: 3 })
    expect(second.uniqueId).not.toBe(first.uniqueId)
  })

  it('will not queue a second submission while one may have been delivered', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = svc.submit(draftId, 2)
    svc.outbox.markSending(submission.submissionId, new Date().toISOString())
    svc.outbox.requeue(
      submission.submissionId,
      { nextAttemptAt: null, maybeDelivered: true, error: { key: 'top.error.transport.outcomeUnknown', params: {} } },
      new Date().toISOString(),
    )
    svc.save(draftId, withTitle(validBody(), 'again'))
    expect(thrown(() => svc.submit(draftId, 3)).key).toBe('templates.error.submissionInFlight')
    expect(thrown(() => svc.cancel(submission.submissionId)).key).toBe('templates.error.cancelInFlight')
  })

  it('cancels a queued submission and brings the draft back to draft', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = svc.submit(draftId, 2)
    expect(svc.cancel(submission.submissionId).status).toBe('cancelled')
    expect(svc.get(draftId)).toMatchObject({ state: 'draft', editedSinceSubmission: false })
    expect(thrown(() => svc.cancel(submission.submissionId)).key).toBe('templates.error.cancelFinished')
  })

  it('keeps the outcome of a superseded-by-edit submission off the draft state but records the base', () => {
    const { svc } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = svc.submit(draftId, 2)
    svc.save(draftId, withTitle(validBody(), 'edited while queued'))
    expect(svc.get(draftId).state).toBe('queued')
    svc.outbox.markSending(submission.submissionId, new Date().toISOString())
    svc.settle(submission.submissionId, { status: 'submitted', templateId: '77' }, validBody())
    const after = svc.get(draftId)
    expect(after).toMatchObject({ state: 'draft', templateId: '77', editedSinceSubmission: true })
    expect(after.base?.body.coupon_template?.common_config?.title).toBe('满100减10')
    expect(after.body.coupon_template?.id).toBe('77')
  })
})
