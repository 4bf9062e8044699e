import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '@main/store/db'
import { saveDraftBody } from '@main/services/templates/draft-body'
import type { TemplateRows } from '@main/services/templates/template-rows'
import { DraftStore, draftHeadline } from '@main/store/drafts'
import { draftMigrations } from '@main/store/drafts-migrations'
import { OutboxStore } from '@main/store/outbox'
import { openDraftsDb, validBody, withTitle } from '../templates/support'

const T0 = '2025-01-10T02:00:00.000Z'
const T1 = '2025-01-10T02:00:01.000Z'
const DRAFT = '6f1c7f0e-0000-4000-8000-000000000001'

function submission(draftId: string, id: string, uniqueId: string) {
  return { submissionId: id, draftId, revision: 1, title: 't', uniqueId, request: '{}', baseBody: null, profileId: 'sandbox', now: T0 }
}

describe('draft store', () => {
  it('keeps drafts across reopening the database file (synchronous writes)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-drafts-')), 'app.db')
    const first = openDatabase(file, { drafts: draftMigrations })
    new DraftStore<TemplateRows>(first).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    new DraftStore<TemplateRows>(first).writeBody(DRAFT, withTitle(validBody(), '满200减30'), T1)
    first.close()

    const again = openDatabase(file, { drafts: draftMigrations })
    const draft = new DraftStore<TemplateRows>(again).get(DRAFT)
    expect(draft).toMatchObject({ revision: 2, title: '满200减30', couponType: 11, state: 'draft', updatedAt: T1 })
    expect(draft?.body.coupon_template?.common_config?.title).toBe('满200减30')
    again.close()
  })

  it('reads title and type for the list without trusting their types', () => {
    expect(draftHeadline({ coupon_template: { common_config: { title: '  夏季券 ', type: 12 } } })).toEqual({
      title: '夏季券',
      couponType: 12,
    })
    expect(draftHeadline({ coupon_template: { common_config: { title: 5, type: '12' } } })).toEqual({
      title: '',
      couponType: null,
    })
    expect(draftHeadline({})).toEqual({ title: '', couponType: null })
  })

  it('searches titles and template ids, taking % and _ literally', () => {
    const store = new DraftStore<TemplateRows>(openDraftsDb())
    const ids = ['a', 'b', 'c'].map((c) => `6f1c7f0e-0000-4000-8000-00000000000${c}`)
    store.insert({ draftId: ids[0]!, body: withTitle(validBody(), '满100减10'), now: T0 })
    store.insert({ draftId: ids[1]!, body: withTitle(validBody(), '100%_返现'), now: T0 })
    store.insert({ draftId: ids[2]!, body: withTitle(validBody(), 'Summer SALE'), now: T1 })
    expect(
      store
        .list({ query: '100' })
        .map((d) => d.draftId)
        .sort(),
    ).toEqual([ids[0], ids[1]].sort())
    expect(store.list({ query: '%_' }).map((d) => d.draftId)).toEqual([ids[1]])
    expect(store.list({ query: 'sale' }).map((d) => d.draftId)).toEqual([ids[2]])
    // Newest change first.
    expect(store.list().map((d) => d.draftId)[0]).toBe(ids[2])
  })

  it('soft-deletes into the bin and restores', () => {
    const store = new DraftStore<TemplateRows>(openDraftsDb())
    store.insert({ draftId: DRAFT, body: validBody(), now: T0 })
    expect(store.softDelete(DRAFT, T1)).toBe(true)
    expect(store.list()).toEqual([])
    expect(store.list({ deleted: true }).map((d) => d.deletedAt)).toEqual([T1])
    // A deleted draft cannot be saved into.
    expect(saveDraftBody(store, DRAFT, validBody(), T1)).toBeUndefined()
    expect(store.restore(DRAFT)).toBe(true)
    expect(store.list().map((d) => d.draftId)).toEqual([DRAFT])
    expect(store.restore(DRAFT)).toBe(false)
  })
})

describe('outbox table rules', () => {
  it('allows one active submission per draft', () => {
    const db = openDraftsDb()
    new DraftStore<TemplateRows>(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore<TemplateRows>(db)
    outbox.enqueue(submission(DRAFT, '00000000-0000-4000-8000-000000000001', 'u1'))
    expect(() => outbox.enqueue(submission(DRAFT, '00000000-0000-4000-8000-000000000002', 'u2'))).toThrow(/UNIQUE/)
  })

  it('never cancels a submission that may have reached the server, even if asked directly', () => {
    const db = openDraftsDb()
    new DraftStore<TemplateRows>(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore<TemplateRows>(db)
    const id = '00000000-0000-4000-8000-000000000001'
    outbox.enqueue(submission(DRAFT, id, 'u1'))
    expect(outbox.markSending(id, T0)).toBe(true)
    outbox.requeue(id, { nextAttemptAt: T1, maybeDelivered: true, error: { key: 'k', params: {} } }, T0)
    expect(outbox.cancel(id, T1)).toBe(false)
    expect(() =>
      db.prepare(`UPDATE template_outbox SET status = 'cancelled', finished_at = ? WHERE submission_id = ?`).run(T1, id),
    ).toThrow(/CHECK/)
    // maybe_delivered only ever turns on.
    outbox.markSending(id, T1)
    outbox.requeue(id, { nextAttemptAt: T1, maybeDelivered: false, error: { key: 'k', params: {} } }, T1)
    expect(outbox.get(id)).toMatchObject({ status: 'queued', maybeDelivered: true, attempts: 2 })
  })

  it('requeues attempts a crash interrupted as possibly delivered', () => {
    const db = openDraftsDb()
    new DraftStore<TemplateRows>(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore<TemplateRows>(db)
    const id = '00000000-0000-4000-8000-000000000001'
    outbox.enqueue(submission(DRAFT, id, 'u1'))
    outbox.markSending(id, T0)
    expect(outbox.recoverInterrupted(T1)).toBe(1)
    expect(outbox.get(id)).toMatchObject({ status: 'queued', maybeDelivered: true, nextAttemptAt: T1 })
    expect(outbox.nextDue(T1)?.submissionId).toBe(id)
  })
})

describe('outbox table rules, v2', () => {
  const id = '00000000-0000-4000-8000-000000000001'

  function queuedAndSending() {
    const db = openDraftsDb()
    new DraftStore<TemplateRows>(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore<TemplateRows>(db)
    outbox.enqueue(submission(DRAFT, id, 'u1'))
    outbox.markSending(id, T0)
    return { db, outbox }
  }

  it('keeps a blocked submission active and possibly delivered: no second submission, no cancel', () => {
    const { outbox } = queuedAndSending()
    outbox.block(id, { key: 'templates.outcome.unsendable', params: { reason: 'json' } }, T1)
    expect(outbox.get(id)).toMatchObject({ status: 'blocked', maybeDelivered: true, nextAttemptAt: null, finishedAt: null })
    expect(outbox.activeFor(DRAFT)?.submissionId).toBe(id)
    expect(outbox.cancel(id, T1)).toBe(false)
    expect(outbox.nextDue('9999')).toBeUndefined()
    expect(() => outbox.enqueue(submission(DRAFT, '00000000-0000-4000-8000-000000000002', 'u2'))).toThrow(/UNIQUE/)
    // Only the user's release ends it.
    expect(outbox.release(id, { key: 'templates.outcome.released', params: {} }, T1)).toBe(true)
    expect(outbox.get(id)).toMatchObject({ status: 'failed', maybeDelivered: true, finishedAt: T1 })
    expect(outbox.activeFor(DRAFT)).toBeUndefined()
  })

  it('releases only what may have been delivered and cannot finish by itself', () => {
    const { outbox } = queuedAndSending()
    outbox.requeue(id, { nextAttemptAt: T1, maybeDelivered: false, error: { key: 'k', params: {} } }, T0)
    expect(outbox.release(id, { key: 'templates.outcome.released', params: {} }, T1)).toBe(false)
    outbox.markSending(id, T1)
    outbox.requeue(id, { nextAttemptAt: T1, maybeDelivered: true, error: { key: 'k', params: {} } }, T1)
    expect(outbox.release(id, { key: 'templates.outcome.released', params: {} }, T1)).toBe(true)
  })

  it('stores the full answer and the gateway trace id with a success', () => {
    const { outbox } = queuedAndSending()
    outbox.settle(
      id,
      { status: 'submitted', templateId: '42', response: { success: true, model: '42', err_code: '' }, gatewayRequestId: 'tr4c3' },
      T1,
    )
    expect(outbox.get(id)?.answer).toEqual({ response: { success: true, model: '42', err_code: '' }, gatewayRequestId: 'tr4c3' })
  })

  it('refuses a conflict without the server copy, or one that may have been delivered', () => {
    const { db, outbox } = queuedAndSending()
    expect(() =>
      db.prepare(`UPDATE template_outbox SET status = 'conflict', last_error = '{}', finished_at = ? WHERE submission_id = ?`).run(T1, id),
    ).toThrow(/CHECK/)
    outbox.requeue(id, { nextAttemptAt: T1, maybeDelivered: true, error: { key: 'k', params: {} } }, T0)
    outbox.markSending(id, T1)
    expect(() =>
      outbox.settle(
        id,
        { status: 'conflict', error: { key: 'k', params: {} }, serverBody: validBody(), check: { kind: 'differs', at: T1 } },
        T1,
      ),
    ).toThrow(/CHECK/)
  })

  it('defers queued work to the end of a ban, leaving network waits and later times alone', () => {
    const db = openDraftsDb()
    const drafts = new DraftStore<TemplateRows>(db)
    const outbox = new OutboxStore<TemplateRows>(db)
    const ids = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`)
    ids.forEach((sid, i) => {
      const draftId = `6f1c7f0e-0000-4000-8000-00000000000${i}`
      drafts.insert({ draftId, body: validBody(), now: T0 })
      outbox.enqueue(submission(draftId, sid, `u${i}`))
    })
    outbox.markSending(ids[1]!, T0)
    outbox.requeue(ids[1]!, { nextAttemptAt: null, maybeDelivered: false, error: { key: 'k', params: {} } }, T0)
    outbox.markSending(ids[2]!, T0)
    outbox.requeue(ids[2]!, { nextAttemptAt: '2025-01-10T03:00:00.000Z', maybeDelivered: false, error: { key: 'k', params: {} } }, T0)
    outbox.deferQueued('2025-01-10T02:01:00.000Z', T0, 'sandbox')
    expect(ids.map((sid) => outbox.get(sid)?.nextAttemptAt)).toEqual(['2025-01-10T02:01:00.000Z', null, '2025-01-10T03:00:00.000Z'])
  })
})

describe('drafts migration 2', () => {
  it('keeps v1 drafts and submissions, and turns v1 guessed conflicts into failures', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-drafts-v1-')), 'app.db')
    const v1 = openDatabase(file, { drafts: draftMigrations.slice(0, 1) })
    v1.prepare(
      `INSERT INTO template_drafts (draft_id, body, revision, title, state, last_submission_id, base_body, base_kind, base_at,
         created_at, updated_at) VALUES (?, ?, 1, 't', 'conflict', 's1', '{}', 'submitted', ?, ?, ?)`,
    ).run(DRAFT, JSON.stringify(validBody()), T0, T0, T0)
    v1.prepare(
      `INSERT INTO template_outbox (submission_id, draft_id, draft_revision, title, unique_id, request, status, attempts,
         last_error, template_id, created_at, updated_at, finished_at)
       VALUES ('s1', ?, 1, 't', 'u1', '{}', 'conflict', 1, '{"key":"templates.outcome.conflict","params":{}}', NULL, ?, ?, ?)`,
    ).run(DRAFT, T0, T0, T0)
    v1.prepare(
      `INSERT INTO template_outbox (submission_id, draft_id, draft_revision, title, unique_id, request, status, attempts,
         template_id, created_at, updated_at, finished_at)
       VALUES ('s0', ?, 1, 't', 'u0', '{"coupon_template":{}}', 'submitted', 1, '77', ?, ?, ?)`,
    ).run(DRAFT, T0, T0, T0)
    v1.close()

    const v2 = openDatabase(file, { drafts: draftMigrations })
    const outbox = new OutboxStore<TemplateRows>(v2)
    expect(outbox.get('s1')).toMatchObject({ status: 'failed', lastError: { key: 'templates.outcome.conflict' }, serverBody: null })
    expect(outbox.get('s0')).toMatchObject({ status: 'submitted', templateId: '77', answer: null, request: '{"coupon_template":{}}' })
    expect(new DraftStore<TemplateRows>(v2).get(DRAFT)).toMatchObject({ state: 'failed', revision: 1, base: { kind: 'submitted' } })
    // The rebuilt tables keep their rules: foreign key, one active per draft, the new base kind.
    expect(() => outbox.enqueue(submission('6f1c7f0e-0000-4000-8000-00000000ffff', 's9', 'u9'))).toThrow(/FOREIGN KEY/)
    new DraftStore<TemplateRows>(v2).rebase(DRAFT, { kind: 'server', body: validBody(), at: T1 })
    expect(new DraftStore<TemplateRows>(v2).get(DRAFT)?.base?.kind).toBe('server')
    v2.close()
  })
})

describe('drafts migration 3', () => {
  it('leaves rows from before without a profile; the waiting ones are adopted by the profile active at first start', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-drafts-v2-')), 'app.db')
    const v2 = openDatabase(file, { drafts: draftMigrations.slice(0, 2) })
    new DraftStore<TemplateRows>(v2).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const other = '6f1c7f0e-0000-4000-8000-00000000abcd'
    new DraftStore<TemplateRows>(v2).insert({ draftId: other, body: validBody(), now: T0 })
    const insert = v2.prepare(
      `INSERT INTO template_outbox (submission_id, draft_id, draft_revision, title, unique_id, request, status, attempts,
         next_attempt_at, template_id, created_at, updated_at, finished_at)
       VALUES (?, ?, 1, 't', ?, '{}', ?, 0, NULL, NULL, ?, ?, ?)`,
    )
    insert.run('queued-old', DRAFT, 'u1', 'queued', T0, T0, null)
    insert.run('done-old', other, 'u2', 'submitted', T0, T0, T0)
    v2.close()

    const v3 = openDatabase(file, { drafts: draftMigrations })
    const outbox = new OutboxStore<TemplateRows>(v3)
    expect(outbox.get('queued-old')?.profileId).toBeNull()
    expect(outbox.adoptUnattributed('sandbox', T1)).toBe(1)
    expect(outbox.get('queued-old')?.profileId).toBe('sandbox')
    // A finished row is never sent again: nobody recorded where it went, and it says so.
    expect(outbox.get('done-old')?.profileId).toBeNull()
    expect(outbox.waitingByProfile()).toEqual(new Map([['sandbox', 1]]))
    v3.close()
  })
})
