import { describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { AppError } from '@main/ipc/app-error'
import { createTemplateServices } from '@main/services/templates/draft-service'
import { ManualClock, openDraftsDb, validBody, withTitle } from './support'

function service() {
  const clock = new ManualClock()
  let n = 0
  const { drafts: svc, submissions: subs } = createTemplateServices({
    db: openDraftsDb(),
    now: clock.now,
    activeProfileId: () => 'sandbox',
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    newUniqueId: () => `cd-test-${n}`,
  })
  return { svc, subs, clock }
}

const submitted = (templateId: string) =>
  ({ status: 'submitted', templateId, response: { success: true, model: templateId }, gatewayRequestId: 'tr' }) as const

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
    const { svc, subs } = service()
    const { draftId } = svc.create()
    expect(svc.save(draftId, validBody()).revision).toBe(2)
    const { submission } = subs.submit(draftId, 2)
    subs.outbox.markSending(submission.submissionId, new Date().toISOString())
    subs.settle(submission.submissionId, submitted('9007199254741001'), validBody())
    expect(svc.get(draftId)).toMatchObject({ state: 'submitted', templateId: '9007199254741001', editedSinceSubmission: false })
    const edited = svc.save(draftId, withTitle(validBody(), '满100减20'))
    expect(edited).toMatchObject({ state: 'draft', revision: 3, editedSinceSubmission: true })
  })

  it('duplicates without anything that identifies the original, so the copy creates a new template', () => {
    const { svc, subs } = service()
    const linked = {
      ...VALID_TEMPLATE_EXAMPLE,
      coupon_template: { ...VALID_TEMPLATE_EXAMPLE.coupon_template, uuid: 'tpl-uuid-1', source_id: '9007199254740999' },
    }
    const source = svc.import(JSON.stringify(linked))
    expect(source.body.coupon_template).toMatchObject({ uuid: 'tpl-uuid-1', source_id: '9007199254740999' })
    const copy = svc.duplicate(source.draftId)
    expect(copy.draftId).not.toBe(source.draftId)
    for (const key of ['id', 'uuid', 'unique_id', 'source_id']) expect(copy.body.coupon_template).not.toHaveProperty(key)
    expect(copy.body.coupon_template?.common_config).toEqual(source.body.coupon_template?.common_config)
    expect(copy.base).toBeNull()
    // Submitting the copy is a create: no id goes out.
    const { submission } = subs.submit(copy.draftId, 1)
    expect(JSON.parse(subs.outbox.get(submission.submissionId)!.request).coupon_template).not.toHaveProperty('id')
    // The original is untouched.
    expect(svc.get(source.draftId).body.coupon_template).toMatchObject({ uuid: 'tpl-uuid-1', id: '9007199254740993' })
  })

  it('deletes into the bin and restores; deleting cancels a submission that never left', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = subs.submit(draftId, 2)
    expect(svc.delete(draftId).deletedAt).not.toBeNull()
    expect(subs.outbox.get(submission.submissionId)?.status).toBe('cancelled')
    expect(svc.list()).toEqual([])
    expect(svc.restore(draftId)).toMatchObject({ deletedAt: null, state: 'draft' })
  })

  it('refuses to delete a draft whose submission may already be on the server', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = subs.submit(draftId, 2)
    subs.outbox.markSending(submission.submissionId, new Date().toISOString())
    const error = thrown(() => svc.delete(draftId))
    expect([error.code, error.key]).toEqual(['conflict', 'templates.error.deleteInFlight'])
    expect(svc.get(draftId).deletedAt).toBeNull()
  })

  it('submits only a valid draft, with every contract issue, and queues nothing otherwise', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    const error = thrown(() => subs.submit(draftId, 1))
    expect([error.code, error.key]).toEqual(['invalid-input', 'templates.error.invalidDraft'])
    expect(error.extra.issues?.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['coupon_template.common_config.title', 'coupon_template.apply_limit_config.coupon_total_lmt']),
    )
    expect(subs.outboxEntries()).toEqual([])
    expect(svc.get(draftId).state).toBe('draft')
  })

  it('snapshots the submitted revision with a fresh unique_id, whatever unique_id the draft carries', () => {
    const { svc, subs } = service()
    const draft = svc.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const { submission, draft: after } = subs.submit(draft.draftId, 1)
    expect(after.state).toBe('queued')
    expect(submission).toMatchObject({ status: 'queued', revision: 1, cancellable: true, maybeDelivered: false })
    const stored = JSON.parse(subs.outbox.get(submission.submissionId)!.request)
    expect(stored.coupon_template.unique_id).toBe(submission.uniqueId)
    expect(submission.uniqueId).not.toBe(VALID_TEMPLATE_EXAMPLE.coupon_template.unique_id)
    // The draft keeps what it had.
    expect(svc.get(draft.draftId).body.coupon_template?.unique_id).toBe(VALID_TEMPLATE_EXAMPLE.coupon_template.unique_id)
  })

  it('refuses to submit a revision other than the latest', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    expect(thrown(() => subs.submit(draftId, 1)).key).toBe('templates.error.staleRevision')
  })

  it('replaces a queued, unsent submission when a newer revision is submitted', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const first = subs.submit(draftId, 2).submission
    svc.save(draftId, withTitle(validBody(), '满100减20'))
    const second = subs.submit(draftId, 3).submission
    expect(subs.outbox.get(first.submissionId)?.status).toBe('cancelled')
    expect(second).toMatchObject({ status: 'queued', revision: 3 })
    expect(second.uniqueId).not.toBe(first.uniqueId)
  })

  it('will not queue a second submission while one may have been delivered', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = subs.submit(draftId, 2)
    subs.outbox.markSending(submission.submissionId, new Date().toISOString())
    subs.outbox.requeue(
      submission.submissionId,
      { nextAttemptAt: null, maybeDelivered: true, error: { key: 'top.error.transport.outcomeUnknown', params: {} } },
      new Date().toISOString(),
    )
    svc.save(draftId, withTitle(validBody(), 'again'))
    expect(thrown(() => subs.submit(draftId, 3)).key).toBe('templates.error.submissionInFlight')
    expect(thrown(() => subs.cancel(submission.submissionId)).key).toBe('templates.error.cancelInFlight')
  })

  it('cancels a queued submission and brings the draft back to draft', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = subs.submit(draftId, 2)
    expect(subs.cancel(submission.submissionId).status).toBe('cancelled')
    expect(svc.get(draftId)).toMatchObject({ state: 'draft', editedSinceSubmission: false })
    expect(thrown(() => subs.cancel(submission.submissionId)).key).toBe('templates.error.cancelFinished')
  })

  it('keeps the outcome of a superseded-by-edit submission off the draft state but records the base', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = subs.submit(draftId, 2)
    svc.save(draftId, withTitle(validBody(), 'edited while queued'))
    expect(svc.get(draftId).state).toBe('queued')
    subs.outbox.markSending(submission.submissionId, new Date().toISOString())
    subs.settle(submission.submissionId, submitted('77'), validBody())
    const after = svc.get(draftId)
    expect(after).toMatchObject({ state: 'draft', templateId: '77', editedSinceSubmission: true })
    expect(after.base?.body.coupon_template?.common_config?.title).toBe('满100减10')
    expect(after.body.coupon_template?.id).toBe('77')
  })

  it('snapshots the base with an update, but not a base of another template', () => {
    const { svc, subs } = service()
    const draft = svc.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const first = subs.submit(draft.draftId, 1).submission
    expect(subs.outbox.get(first.submissionId)?.baseBody?.coupon_template?.id).toBe('9007199254740993')
    const retyped = structuredClone(draft.body)
    retyped.coupon_template!.id = '123'
    svc.save(draft.draftId, retyped)
    const second = subs.submit(draft.draftId, 2).submission
    expect(subs.outbox.get(second.submissionId)?.baseBody).toBeNull()
  })

  it('releases a possibly delivered submission only on request, and then allows a new one', () => {
    const { svc, subs } = service()
    const { draftId } = svc.create()
    svc.save(draftId, validBody())
    const { submission } = subs.submit(draftId, 2)
    expect(thrown(() => subs.release(submission.submissionId)).key).toBe('templates.error.releaseCancellable')
    subs.outbox.markSending(submission.submissionId, new Date().toISOString())
    subs.block(submission.submissionId, { key: 'templates.outcome.unsendable', params: { reason: 'json' } })
    expect(svc.get(draftId)).toMatchObject({ state: 'queued', lastError: { key: 'templates.outcome.unsendable' } })
    expect(thrown(() => subs.submit(draftId, 2)).key).toBe('templates.error.submissionInFlight')
    expect(thrown(() => subs.cancel(submission.submissionId)).key).toBe('templates.error.cancelInFlight')
    expect(thrown(() => svc.delete(draftId)).key).toBe('templates.error.deleteInFlight')

    expect(subs.release(submission.submissionId)).toMatchObject({ status: 'failed', error: { key: 'templates.outcome.released' } })
    expect(svc.get(draftId)).toMatchObject({ state: 'failed', lastError: { key: 'templates.outcome.released' } })
    expect(thrown(() => subs.release(submission.submissionId)).key).toBe('templates.error.releaseNotNeeded')
    expect(subs.submit(draftId, 2).submission.uniqueId).not.toBe(submission.uniqueId)
  })

  it('settles a conflict only when there is an open one, for the revision on screen, all or nothing', () => {
    const { svc, subs } = service()
    const draft = svc.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    expect(thrown(() => subs.resolveConflict(draft.draftId, 1, 'keep-mine')).key).toBe('templates.error.noConflict')
    const { submission } = subs.submit(draft.draftId, 1)
    subs.outbox.markSending(submission.submissionId, new Date().toISOString())
    const server = withTitle(draft.body, '后台改的')
    subs.settle(
      submission.submissionId,
      {
        status: 'conflict',
        error: { key: 'templates.outcome.conflict', params: {} },
        serverBody: server,
        check: { kind: 'differs', at: new Date().toISOString() },
      },
      draft.body,
    )
    expect(svc.get(draft.draftId)).toMatchObject({ state: 'conflict', conflict: { submissionId: submission.submissionId } })

    // The user broke the draft meanwhile: "keep mine" cannot queue it, and nothing changes.
    const broken = structuredClone(draft.body)
    broken.coupon_template!.common_config!.title = ''
    svc.save(draft.draftId, broken)
    expect(thrown(() => subs.resolveConflict(draft.draftId, 1, 'keep-mine')).key).toBe('templates.error.staleRevision')
    expect(thrown(() => subs.resolveConflict(draft.draftId, 2, 'keep-mine')).key).toBe('templates.error.invalidDraft')
    const after = svc.get(draft.draftId)
    expect(after.base?.kind).toBe('imported')
    expect(after.conflict).not.toBeNull()
    expect(subs.outbox.get(submission.submissionId)?.resolution).toBeNull()

    // Taking the server's needs no valid draft: it replaces it.
    const taken = subs.resolveConflict(draft.draftId, 2, 'take-server')
    expect(taken.submission).toBeNull()
    expect(taken.draft).toMatchObject({
      revision: 3,
      state: 'draft',
      conflict: null,
      editedSinceSubmission: false,
      base: { kind: 'server' },
    })
    expect(taken.draft.title).toBe('后台改的')
    expect(thrown(() => subs.resolveConflict(draft.draftId, 3, 'take-server')).key).toBe('templates.error.noConflict')
  })
})
