import { describe, expect, it } from 'vitest'
import type { ConnectionProvider } from '@main/services/connection'
import { createTemplateFeature } from '@main/services/templates/feature'
import { TopError, TopTransportError } from '@main/top/errors'
import type { TopClient } from '@main/top/client'
import { serializeTopParams } from '@main/top/serialize'
import { ManualClock, openDraftsDb, validBody } from './support'

type Reply = { result: { success: boolean; model?: string; err_code?: string; err_msg?: string } }
type Step = Reply | Error

/** A TOP client that answers from a script and records the exact form fields of each call. */
function scriptedConnection(steps: Step[]) {
  const sent: Record<string, string>[] = []
  const client: TopClient = {
    async call(_method, businessParams, options) {
      sent.push(serializeTopParams(businessParams))
      const step = steps.shift()
      if (!step) throw new Error('no scripted answer left')
      if (options.signal?.aborted) throw new TopTransportError('aborted', true)
      if (step instanceof Error) throw step
      return { data: step, attempts: 1 } as never
    },
  }
  const provider: ConnectionProvider = {
    current: async () => ({ profileId: 'p', profileName: 'p', profileKind: 'sandbox', gatewayUrl: 'http://127.0.0.1:9', defaults: {}, client }),
  }
  return { provider, sent }
}

function setup(steps: Step[], probe: () => Promise<boolean> = async () => false) {
  const clock = new ManualClock()
  const db = openDraftsDb()
  const { provider, sent } = scriptedConnection(steps)
  const feature = createTemplateFeature(
    { db, connection: provider, dataDir: '/nonexistent', now: clock.now },
    { timers: clock, probe, probeBackoff: { initialMs: 1_000, maxMs: 8_000 }, retryBackoff: { initialMs: 2_000, maxMs: 60_000 } },
  )
  const { draftId } = feature.service.create()
  feature.service.save(draftId, validBody())
  return { clock, feature, sent, draftId, db, provider }
}

const ok = (model?: string): Reply => ({ result: { success: true, ...(model ? { model } : {}) } })
const isp = () =>
  new TopError({ code: 50, msg: 'Remote service error', sub_code: 'isp.service-unavailable' }, { localNow: new Date() })
const refused = () => new TopTransportError('refused', false)
const reset = () => new TopTransportError('reset', true)

describe('outbox worker', () => {
  it('sends a submission and records the created template id and the submitted base', async () => {
    const { clock, feature, sent, draftId } = setup([ok('9007199254741001')])
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(sent).toHaveLength(1)
    expect(JSON.parse(sent[0]!.param_coupon_template_operate_request!).coupon_template.unique_id).toBe(submission.uniqueId)
    const draft = feature.service.get(draftId)
    expect(draft).toMatchObject({ state: 'submitted', templateId: '9007199254741001' })
    expect(draft.submission).toMatchObject({ status: 'submitted', templateId: '9007199254741001' })
    expect(draft.body.coupon_template?.id).toBe('9007199254741001')
    expect(draft.base).toMatchObject({ kind: 'submitted' })
    expect(draft.base?.body.coupon_template).not.toHaveProperty('unique_id')
  })

  it('retries platform faults with backoff, resending the identical request', async () => {
    const { clock, feature, sent, draftId } = setup([isp(), reset(), ok('1')])
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId).submission).toMatchObject({
      status: 'queued',
      maybeDelivered: true,
      cancellable: false,
      nextAttemptAt: new Date(clock.now().getTime() + 2_000).toISOString(),
      lastError: { key: 'top.error.server' },
    })
    await clock.advance(2_000)
    expect(sent).toHaveLength(2)
    // Second wait doubles.
    await clock.advance(3_999)
    expect(sent).toHaveLength(2)
    await clock.advance(1)
    expect(sent).toHaveLength(3)
    expect(new Set(sent.map((s) => s.param_coupon_template_operate_request)).size).toBe(1)
    expect(feature.service.outbox.get(submission.submissionId)).toMatchObject({ status: 'submitted', attempts: 3 })
  })

  it('waits for the network instead of polling when the gateway is unreachable, and can still be cancelled', async () => {
    let up = false
    const { clock, feature, sent, draftId } = setup([refused()], async () => up)
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'queued', nextAttemptAt: null, cancellable: true })
    expect(feature.watch.status().state).toBe('offline')
    // Only the watch's probe timer is set: no attempt is scheduled while offline.
    await clock.advance(60_000)
    expect(sent).toHaveLength(1)
    expect(feature.service.cancel(submission.submissionId).status).toBe('cancelled')
    up = true
    await clock.advance(8_000)
    expect(feature.watch.status().state).toBe('online')
    expect(sent).toHaveLength(1)
  })

  it('sends what waited for the network as soon as a probe gets through', async () => {
    let up = false
    const { clock, feature, sent, draftId } = setup([refused(), ok('5')], async () => up)
    feature.service.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    up = true
    await clock.advance(1_000)
    expect(sent).toHaveLength(2)
    expect(feature.service.get(draftId).state).toBe('submitted')
  })

  it('marks conflicts and business refusals with the TOP error in words', async () => {
    const conflict = new TopError(
      { code: 15, msg: 'Remote service error', sub_code: 'isv.unique-id-conflict', sub_msg: 'unique_id 已用于另一笔内容不同的请求' },
      { localNow: new Date() },
    )
    const first = setup([conflict])
    first.feature.service.submit(first.draftId, 2)
    first.feature.worker.kick()
    await first.clock.advance(0)
    expect(first.feature.service.get(first.draftId)).toMatchObject({
      state: 'conflict',
      lastError: { key: 'top.error.caller.other', top: { code: 15, subCode: 'isv.unique-id-conflict' } },
    })

    const second = setup([{ result: { success: false, err_code: 'TEMPLATE_NOT_FOUND', err_msg: '模板不存在' } }])
    second.feature.service.submit(second.draftId, 2)
    second.feature.worker.kick()
    await second.clock.advance(0)
    expect(second.feature.service.get(second.draftId)).toMatchObject({
      state: 'failed',
      lastError: {
        key: 'templates.outcome.rejected',
        params: { errCode: 'TEMPLATE_NOT_FOUND', errMsg: '模板不存在' },
        top: { errCode: 'TEMPLATE_NOT_FOUND' },
      },
    })
  })

  it('resumes after a crash mid-attempt by resending under the same unique_id', async () => {
    const { clock, feature, sent, draftId } = setup([ok('8')])
    const { submission } = feature.service.submit(draftId, 2)
    // The app died after marking the attempt, before hearing back.
    feature.service.outbox.markSending(submission.submissionId, clock.now().toISOString())
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'sending' })
    // Starting again over the same database is what the next app launch does.
    await feature.start()
    await clock.advance(0)
    expect(sent).toHaveLength(1)
    expect(JSON.parse(sent[0]!.param_coupon_template_operate_request!).coupon_template.unique_id).toBe(submission.uniqueId)
    expect(feature.service.outbox.get(submission.submissionId)).toMatchObject({ status: 'submitted', maybeDelivered: true })
  })

  it('tries what waited for the network again after a restart, without waiting for a probe', async () => {
    const { clock, feature, sent, draftId, db, provider } = setup([refused(), ok('9')])
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.outbox.get(submission.submissionId)).toMatchObject({ status: 'queued', nextAttemptAt: null })
    await feature.dispose()

    const restarted = createTemplateFeature(
      { db, connection: provider, dataDir: '/nonexistent', now: clock.now },
      { timers: clock, probe: async () => false },
    )
    await restarted.start()
    await clock.advance(0)
    expect(sent).toHaveLength(2)
    expect(restarted.service.get(draftId).state).toBe('submitted')
    await restarted.dispose()
  })

  it('stops its timers on dispose', async () => {
    const { clock, feature, draftId } = setup([isp()])
    feature.service.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(clock.scheduled).toEqual([2_000])
    await feature.dispose()
    expect(clock.scheduled).toEqual([])
  })
})
