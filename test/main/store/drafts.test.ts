import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '@main/store/db'
import { DraftStore, draftHeadline, withTemplateId } from '@main/store/drafts'
import { draftMigrations } from '@main/store/drafts-migrations'
import { OutboxStore } from '@main/store/outbox'
import { openDraftsDb, validBody, withTitle } from '../templates/support'

const T0 = '2025-01-10T02:00:00.000Z'
const T1 = '2025-01-10T02:00:01.000Z'
const DRAFT = '6f1c7f0e-0000-4000-8000-000000000001'

function submission(draftId: string, id: string, uniqueId: string) {
  return { submissionId: id, draftId, revision: 1, title: 't', uniqueId, request: '{}', now: T0 }
}

describe('draft store', () => {
  it('keeps drafts across reopening the database file (synchronous writes)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-drafts-')), 'app.db')
    const first = openDatabase(file, { drafts: draftMigrations })
    new DraftStore(first).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    new DraftStore(first).saveBody(DRAFT, withTitle(validBody(), '满200减30'), T1)
    first.close()

    const again = openDatabase(file, { drafts: draftMigrations })
    const draft = new DraftStore(again).get(DRAFT)
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
    const store = new DraftStore(openDraftsDb())
    const ids = ['a', 'b', 'c'].map((c) => `6f1c7f0e-0000-4000-8000-00000000000${c}`)
    store.insert({ draftId: ids[0]!, body: withTitle(validBody(), '满100减10'), now: T0 })
    store.insert({ draftId: ids[1]!, body: withTitle(validBody(), '100%_返现'), now: T0 })
    store.insert({ draftId: ids[2]!, body: withTitle(validBody(), 'Summer SALE'), now: T1 })
    expect(store.list({ query: '100' }).map((d) => d.draftId).sort()).toEqual([ids[0], ids[1]].sort())
    expect(store.list({ query: '%_' }).map((d) => d.draftId)).toEqual([ids[1]])
    expect(store.list({ query: 'sale' }).map((d) => d.draftId)).toEqual([ids[2]])
    // Newest change first.
    expect(store.list().map((d) => d.draftId)[0]).toBe(ids[2])
  })

  it('soft-deletes into the bin and restores', () => {
    const store = new DraftStore(openDraftsDb())
    store.insert({ draftId: DRAFT, body: validBody(), now: T0 })
    expect(store.softDelete(DRAFT, T1)).toBe(true)
    expect(store.list()).toEqual([])
    expect(store.list({ deleted: true }).map((d) => d.deletedAt)).toEqual([T1])
    // A deleted draft cannot be saved into.
    expect(store.saveBody(DRAFT, validBody(), T1)).toBeUndefined()
    expect(store.restore(DRAFT)).toBe(true)
    expect(store.list().map((d) => d.draftId)).toEqual([DRAFT])
    expect(store.restore(DRAFT)).toBe(false)
  })

  it('writes a confirmed template id back into a body that lacks it', () => {
    const db = openDraftsDb()
    const store = new DraftStore(db)
    store.insert({ draftId: DRAFT, body: validBody(), now: T0 })
    store.recordSubmitted(DRAFT, { templateId: '9007199254741001', request: validBody() }, T1)
    // An editor that saved before it saw the id must not erase it.
    const saved = store.saveBody(DRAFT, validBody(), T1)
    expect(saved?.coupon_template?.id).toBe('9007199254741001')
    expect(store.get(DRAFT)?.base).toMatchObject({ kind: 'submitted', at: T1 })
    expect(store.get(DRAFT)?.base?.body.coupon_template?.id).toBe('9007199254741001')
    // An id the user typed is theirs.
    expect(withTemplateId({ coupon_template: { id: '42' } }, '7').coupon_template?.id).toBe('42')
  })
})

describe('outbox table rules', () => {
  it('allows one active submission per draft', () => {
    const db = openDraftsDb()
    new DraftStore(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore(db)
    outbox.enqueue(submission(DRAFT, '00000000-0000-4000-8000-000000000001', 'u1'))
    expect(() => outbox.enqueue(submission(DRAFT, '00000000-0000-4000-8000-000000000002', 'u2'))).toThrow(/UNIQUE/)
  })

  it('never cancels a submission that may have reached the server, even if asked directly', () => {
    const db = openDraftsDb()
    new DraftStore(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore(db)
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
    new DraftStore(db).insert({ draftId: DRAFT, body: validBody(), now: T0 })
    const outbox = new OutboxStore(db)
    const id = '00000000-0000-4000-8000-000000000001'
    outbox.enqueue(submission(DRAFT, id, 'u1'))
    outbox.markSending(id, T0)
    expect(outbox.recoverInterrupted(T1)).toBe(1)
    expect(outbox.get(id)).toMatchObject({ status: 'queued', maybeDelivered: true, nextAttemptAt: T1 })
    expect(outbox.nextDue(T1)?.submissionId).toBe(id)
  })
})
