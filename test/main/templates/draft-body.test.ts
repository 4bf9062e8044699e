import { describe, expect, it } from 'vitest'
import { recordSubmitted, saveDraftBody, withTemplateId } from '@main/services/templates/draft-body'
import type { TemplateRows } from '@main/services/templates/template-rows'
import { DraftStore } from '@main/store/drafts'
import { openDraftsDb, validBody } from './support'

const T0 = '2025-01-10T02:00:00.000Z'
const T1 = '2025-01-10T02:00:01.000Z'
const DRAFT = '6f1c7f0e-0000-4000-8000-000000000001'

describe('the ids the server confirmed, in the draft body', () => {
  it('writes a confirmed template id back into a body that lacks it', () => {
    const db = openDraftsDb()
    const store = new DraftStore<TemplateRows>(db)
    store.insert({ draftId: DRAFT, body: validBody(), now: T0 })
    recordSubmitted(store, DRAFT, { templateId: '9007199254741001', request: validBody() }, T1)
    // An editor that saved before it saw the id must not erase it.
    const saved = saveDraftBody(store, DRAFT, validBody(), T1)
    expect(saved?.coupon_template?.id).toBe('9007199254741001')
    expect(store.get(DRAFT)?.base).toMatchObject({ kind: 'submitted', at: T1 })
    expect(store.get(DRAFT)?.base?.body.coupon_template?.id).toBe('9007199254741001')
    // An id the user typed is theirs.
    expect(withTemplateId({ coupon_template: { id: '42' } }, '7').coupon_template?.id).toBe('42')
  })
})
