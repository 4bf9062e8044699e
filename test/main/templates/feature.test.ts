import { afterEach, describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { DRAFT_LIST_MAX, type DraftDetail, type DraftSummary } from '@contract/ipc/channels/templates'
import { createRouter, type Handlers } from '@main/ipc/router'
import { createTemplateFeature, type TemplateFeature } from '@main/services/templates/feature'
import { ManualClock, openDraftsDb, validBody } from './support'

/**
 * The channels end to end through the IPC router, replies checked against their schemas (a
 * reply that drifts from the contract fails as `ipc.invalidOutput`).
 */
let feature: TemplateFeature | undefined
afterEach(async () => feature?.dispose())

function setup() {
  const clock = new ManualClock()
  feature = createTemplateFeature(
    {
      db: openDraftsDb(),
      connection: {
        current: async () => Promise.reject(new Error('offline in this test')),
        of: async () => Promise.reject(new Error('offline in this test')),
        activeProfileId: () => 'sandbox',
      },
      dataDir: '/nonexistent',
      now: clock.now,
    },
    { timers: clock, probe: async () => false },
  )
  const unexpected: unknown[] = []
  const router = createRouter(feature.handlers as unknown as Handlers, {
    validateOutput: true,
    onUnexpectedError: (_channel, error) => unexpected.push(error),
  })
  async function call<T>(channel: string, payload?: unknown): Promise<T> {
    const reply = await router.dispatch(channel, payload)
    if (!reply.ok) throw Object.assign(new Error(reply.error.key), { ipc: reply.error })
    return reply.value as T
  }
  async function failure(channel: string, payload?: unknown) {
    const reply = await router.dispatch(channel, payload)
    if (reply.ok) throw new Error(`${channel} succeeded`)
    return reply.error
  }
  return { call, failure, unexpected, clock }
}

describe('template channels', () => {
  it('runs a draft through create, save, list, duplicate, export, delete and restore', async () => {
    const { call, unexpected } = setup()
    const created = await call<DraftDetail>('drafts.create')
    const saved = await call<DraftSummary>('drafts.save', { draftId: created.draftId, body: validBody() })
    expect(saved).toMatchObject({ revision: 2, title: '满100减10', couponType: 11, state: 'draft' })

    const copy = await call<DraftDetail>('drafts.duplicate', { draftId: created.draftId })
    const list = await call<{ drafts: DraftSummary[] }>('drafts.list', { query: '满100' })
    expect(list.drafts.map((d) => d.draftId).sort()).toEqual([created.draftId, copy.draftId].sort())

    const exported = await call<{ fileName: string; text: string }>('drafts.export', { draftId: created.draftId })
    expect(exported.fileName).toBe('满100减10.json')
    expect(JSON.parse(exported.text).coupon_template.common_config.title).toBe('满100减10')

    await call('drafts.delete', { draftId: copy.draftId })
    expect((await call<{ drafts: DraftSummary[] }>('drafts.list')).drafts).toHaveLength(1)
    expect((await call<{ drafts: DraftSummary[] }>('drafts.list', { deleted: true })).drafts).toHaveLength(1)
    await call('drafts.restore', { draftId: copy.draftId })
    expect((await call<{ drafts: DraftSummary[] }>('drafts.list')).drafts).toHaveLength(2)
    expect(unexpected).toEqual([])
  })

  it('imports, submits into the outbox, lists and cancels', async () => {
    const { call } = setup()
    const imported = await call<DraftDetail>('drafts.import', { text: JSON.stringify(VALID_TEMPLATE_EXAMPLE) })
    const { submission } = await call<{ submission: { submissionId: string; status: string } }>('drafts.submit', {
      draftId: imported.draftId,
      revision: 1,
    })
    await feature!.worker.idle()
    const outbox = await call<{ entries: { status: string }[]; network: { state: string } }>('outbox.list', { active: true })
    expect(outbox.entries).toEqual([expect.objectContaining({ submissionId: submission.submissionId, status: 'queued' })])
    const cancelled = await call<{ status: string }>('outbox.cancel', { submissionId: submission.submissionId })
    expect(cancelled.status).toBe('cancelled')
    const detail = await call<DraftDetail>('drafts.get', { draftId: imported.draftId })
    expect(detail.submission?.status).toBe('cancelled')
    const network = await call<{ network: { state: string } }>('templates.networkOnline')
    expect(network.network.state).toBe('offline')
  })

  it('answers bad input with translatable errors and stores nothing', async () => {
    const { call, failure } = setup()
    expect((await failure('drafts.import', { text: '{"coupon_template": {"id": 1,,}}' })).key).toBe('templates.import.badJsonAt')
    expect((await failure('drafts.get', { draftId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not-found')
    expect((await call<{ drafts: unknown[] }>('drafts.list')).drafts).toEqual([])

    const { draftId } = await call<DraftDetail>('drafts.create')
    const unknownField = await failure('drafts.save', { draftId, body: { coupon_template: { titel: 'x' } } })
    expect(unknownField).toMatchObject({ code: 'invalid-input', issues: [expect.objectContaining({ key: 'contract.unknownKeys' })] })
    const tooMany = Array.from({ length: DRAFT_LIST_MAX + 1 }, (_, i) => String(i))
    const huge = await failure('drafts.save', { draftId, body: { coupon_template: { condition_config: { shop_ids: tooMany } } } })
    expect(huge.issues?.[0]).toMatchObject({ key: 'contract.tooManyItems', params: { limit: DRAFT_LIST_MAX } })
    const invalid = await failure('drafts.submit', { draftId, revision: 1 })
    expect(invalid).toMatchObject({ code: 'invalid-input', key: 'templates.error.invalidDraft' })
    expect((await call<DraftDetail>('drafts.get', { draftId })).revision).toBe(1)
  })

  it('saves and returns a template with 10,000 shop ids within the bounds', async () => {
    const { call } = setup()
    const { draftId } = await call<DraftDetail>('drafts.create')
    const body = validBody()
    body.coupon_template!.condition_config!.shop_ids = Array.from({ length: 10_000 }, (_, i) => `S${100000 + i}`)
    await call('drafts.save', { draftId, body })
    const detail = await call<DraftDetail>('drafts.get', { draftId })
    expect(detail.body.coupon_template?.condition_config?.shop_ids).toHaveLength(10_000)
  })
})
