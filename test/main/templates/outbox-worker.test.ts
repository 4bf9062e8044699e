import { describe, expect, it } from 'vitest'
import type { ConnectionProvider } from '@main/services/connection'
import { createTemplateFeature } from '@main/services/templates/feature'
import type { NetworkSignals } from '@main/services/templates/os-network'
import { z } from 'zod'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { TEMPLATE_QUERY } from '@main/top/apis'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'
import type { TopClient } from '@main/top/client'
import { serializeTopParams } from '@main/top/serialize'
import { ManualClock, openDraftsDb, validBody } from './support'

type Reply = { result: { success: boolean; model?: unknown; err_code?: string; err_msg?: string }; gatewayRequestId?: string }
type Step = Reply | Error

/**
 * A TOP client that answers from a script and records the exact form fields of each call. `sent`
 * holds the updates, `queries` the template queries (each answered from the same script, in order).
 */
function scriptedConnection(steps: Step[]) {
  const sent: Record<string, string>[] = []
  const queries: Record<string, string>[] = []
  const client: TopClient = {
    async call(method, businessParams, options) {
      ;(method === TEMPLATE_QUERY.method ? queries : sent).push(serializeTopParams(businessParams))
      const step = steps.shift()
      if (!step) throw new Error('no scripted answer left')
      if (options.signal?.aborted) throw new TopTransportError('aborted', true)
      if (step instanceof Error) throw step
      const { gatewayRequestId, ...data } = step
      return { data, attempts: 1, ...(gatewayRequestId ? { gatewayRequestId } : {}) } as never
    },
  }
  const connection = {
    profileId: 'p',
    profileName: 'p',
    profileKind: 'sandbox',
    gatewayUrl: 'http://127.0.0.1:9',
    defaults: {},
    client,
  } as const
  const provider: ConnectionProvider = {
    current: async () => connection,
    of: async (profileId) => {
      if (profileId !== 'p') throw new Error(`no profile ${profileId}`)
      return connection
    },
    activeProfileId: () => 'p',
  }
  return { provider, sent, queries }
}

function setup(steps: Step[], probe: () => Promise<boolean> = async () => false, signals?: NetworkSignals) {
  const clock = new ManualClock()
  const db = openDraftsDb()
  const { provider, sent, queries } = scriptedConnection(steps)
  const feature = createTemplateFeature(
    { db, connection: provider, dataDir: '/nonexistent', now: clock.now },
    {
      timers: clock,
      probe,
      probeBackoff: { initialMs: 1_000, maxMs: 8_000 },
      retryBackoff: { initialMs: 2_000, maxMs: 60_000 },
      ...(signals ? { signals, osPollMs: 500 } : {}),
    },
  )
  const { draftId } = feature.service.create()
  feature.service.save(draftId, validBody())
  return { clock, feature, sent, queries, draftId, db, provider }
}

const ok = (model?: string, gatewayRequestId?: string): Reply => ({
  result: { success: true, ...(model ? { model } : {}) },
  ...(gatewayRequestId ? { gatewayRequestId } : {}),
})
const isp = () => new TopError({ code: 50, msg: 'Remote service error', sub_code: 'isp.service-unavailable' }, { localNow: new Date() })
const refused = () => new TopTransportError('refused', false)
const reset = () => new TopTransportError('reset', true)

describe('outbox worker', () => {
  it('sends a submission and records the created template id and the submitted base', async () => {
    const { clock, feature, sent, draftId } = setup([ok('9007199254741001')])
    const { submission } = feature.submissions.submit(draftId, 2)
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
    const { submission } = feature.submissions.submit(draftId, 2)
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
    expect(feature.submissions.outbox.get(submission.submissionId)).toMatchObject({ status: 'submitted', attempts: 3 })
  })

  it('waits for the network instead of polling when the gateway is unreachable, and can still be cancelled', async () => {
    let up = false
    const { clock, feature, sent, draftId } = setup([refused()], async () => up)
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'queued', nextAttemptAt: null, cancellable: true })
    expect(feature.watch.status().state).toBe('offline')
    // Only the watch's probe timer is set: no attempt is scheduled while offline.
    await clock.advance(60_000)
    expect(sent).toHaveLength(1)
    expect(feature.submissions.cancel(submission.submissionId).status).toBe('cancelled')
    up = true
    await clock.advance(8_000)
    expect(feature.watch.status().state).toBe('online')
    expect(sent).toHaveLength(1)
  })

  it('sends what waited for the network as soon as the PC wakes from sleep, not at the next probe step', async () => {
    let up = false
    let wake: () => void = () => undefined
    const signals: NetworkSignals = {
      onResume: (listener) => {
        wake = listener
        return () => (wake = () => undefined)
      },
      isOnline: () => true,
    }
    const { clock, feature, sent, draftId } = setup([refused(), ok('5')], async () => up, signals)
    await feature.start()
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'queued', nextAttemptAt: null })
    up = true
    wake()
    await clock.advance(0)
    expect(sent).toHaveLength(2)
    expect(feature.service.get(draftId).state).toBe('submitted')
    await feature.dispose()
    expect(clock.scheduled).toEqual([])
  })

  it('sends what waited for the network as soon as a probe gets through', async () => {
    let up = false
    const { clock, feature, sent, draftId } = setup([refused(), ok('5')], async () => up)
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    up = true
    await clock.advance(1_000)
    expect(sent).toHaveLength(2)
    expect(feature.service.get(draftId).state).toBe('submitted')
  })

  it('marks gateway and business refusals as failed, with the TOP error in words', async () => {
    const refusal = new TopError(
      { code: 15, msg: 'Remote service error', sub_code: 'isv.unique-id-conflict', sub_msg: 'unique_id 已用于另一笔内容不同的请求' },
      { localNow: new Date() },
    )
    const first = setup([refusal])
    first.feature.submissions.submit(first.draftId, 2)
    first.feature.worker.kick()
    await first.clock.advance(0)
    // No error code is read as "changed meanwhile": only the pre-send check finds conflicts.
    expect(first.feature.service.get(first.draftId)).toMatchObject({
      state: 'failed',
      lastError: { key: 'top.error.caller.other', top: { code: 15, subCode: 'isv.unique-id-conflict' } },
    })

    const second = setup([{ result: { success: false, err_code: 'TEMPLATE_NOT_FOUND', err_msg: '模板不存在' } }])
    second.feature.submissions.submit(second.draftId, 2)
    second.feature.worker.kick()
    await second.clock.advance(0)
    expect(second.feature.service.get(second.draftId)).toMatchObject({
      state: 'failed',
      lastError: {
        key: 'templates.outcome.rejected',
        params: { errCode: 'TEMPLATE_NOT_FOUND', errMsg: '模板不存在' },
        top: { errCode: 'TEMPLATE_NOT_FOUND' },
      },
      submission: { status: 'failed', response: { success: false, err_code: 'TEMPLATE_NOT_FOUND', err_msg: '模板不存在' } },
    })
  })

  it('resumes after a crash mid-attempt by resending under the same unique_id', async () => {
    const { clock, feature, sent, draftId } = setup([ok('8')])
    const { submission } = feature.submissions.submit(draftId, 2)
    // The app died after marking the attempt, before hearing back.
    feature.submissions.outbox.markSending(submission.submissionId, clock.now().toISOString())
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'sending' })
    // Starting again over the same database is what the next app launch does.
    await feature.start()
    await clock.advance(0)
    expect(sent).toHaveLength(1)
    expect(JSON.parse(sent[0]!.param_coupon_template_operate_request!).coupon_template.unique_id).toBe(submission.uniqueId)
    expect(feature.submissions.outbox.get(submission.submissionId)).toMatchObject({ status: 'submitted', maybeDelivered: true })
  })

  it('tries what waited for the network again after a restart, without waiting for a probe', async () => {
    const { clock, feature, sent, draftId, db, provider } = setup([refused(), ok('9')])
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.submissions.outbox.get(submission.submissionId)).toMatchObject({ status: 'queued', nextAttemptAt: null })
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
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(clock.scheduled).toEqual([2_000])
    await feature.dispose()
    expect(clock.scheduled).toEqual([])
  })

  it('resends a possibly delivered submission after an answer it could not read, never failing it', async () => {
    const unreadable = new TopResponseError(
      'alibaba.wdk.coupon.template.update',
      z.object({ result: z.object({ success: z.boolean() }) }).safeParse({ result: 'ok' }).error!,
      { result: 'ok' },
    )
    const { clock, feature, sent, draftId } = setup([unreadable, ok('6')])
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId)).toMatchObject({
      state: 'queued',
      submission: { status: 'queued', maybeDelivered: true, cancellable: false, lastError: { key: 'top.error.response' } },
    })
    // No second submission (a second template) can be queued meanwhile.
    feature.service.save(draftId, validBody())
    expect(() => feature.submissions.submit(draftId, 3)).toThrow('templates.error.submissionInFlight')
    await clock.advance(2_000)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toEqual(sent[0])
    expect(JSON.parse(sent[1]!.param_coupon_template_operate_request!).coupon_template.unique_id).toBe(submission.uniqueId)
    expect(feature.submissions.outbox.get(submission.submissionId)).toMatchObject({ status: 'submitted', templateId: '6' })
  })

  it('resends the stored text as it was committed, even if the contract now refuses it', async () => {
    const { clock, feature, sent, draftId, db } = setup([ok('7')])
    const { submission } = feature.submissions.submit(draftId, 2)
    // As if a later app version tightened a rule: this request breaks one now (reduction ≥ threshold).
    const stored = JSON.parse(feature.submissions.outbox.get(submission.submissionId)!.request)
    stored.coupon_template.discount_config.decrease_money = 50_000
    const text = JSON.stringify(stored)
    db.prepare('UPDATE template_outbox SET request = ? WHERE submission_id = ?').run(text, submission.submissionId)
    feature.worker.kick()
    await clock.advance(0)
    // Exactly the committed object on the wire (64-bit ids as bare numbers, as on every send),
    // the value a newer rule would refuse included: nothing re-validated, nothing normalised.
    expect(sent).toEqual([serializeTopParams({ param_coupon_template_operate_request: JSON.parse(text) })])
    expect(JSON.parse(sent[0]!.param_coupon_template_operate_request!).coupon_template.discount_config.decrease_money).toBe(50_000)
    expect(feature.service.get(draftId).state).toBe('submitted')
  })

  it('blocks a stored request that can no longer be read, instead of allowing a new unique_id', async () => {
    const { clock, feature, sent, draftId, db } = setup([])
    const { submission } = feature.submissions.submit(draftId, 2)
    db.prepare('UPDATE template_outbox SET request = ? WHERE submission_id = ?').run('{"coupon_template": ', submission.submissionId)
    feature.worker.kick()
    await clock.advance(60_000)
    expect(sent).toEqual([])
    const draft = feature.service.get(draftId)
    expect(draft).toMatchObject({
      state: 'queued',
      lastError: { key: 'templates.outcome.unsendable', params: { reason: 'json' } },
      submission: { status: 'blocked' },
    })
    expect(() => feature.submissions.submit(draftId, 2)).toThrow('templates.error.submissionInFlight')
    expect(() => feature.submissions.cancel(submission.submissionId)).toThrow('templates.error.cancelInFlight')
    // Only the user's release, after checking the platform, lets a new submission through.
    feature.submissions.release(submission.submissionId)
    expect(feature.submissions.submit(draftId, 2).submission.uniqueId).not.toBe(submission.uniqueId)
  })

  it('keeps resending a possibly delivered submission that the gateway then refuses at the door', async () => {
    const session = new TopError({ code: 27, msg: 'Invalid session' }, { localNow: new Date() })
    const { clock, feature, sent, draftId } = setup([reset(), session, ok('3')])
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    await clock.advance(2_000)
    expect(sent).toHaveLength(2)
    // A refusal of the resend says nothing about the first attempt: still active, same unique_id.
    expect(feature.service.get(draftId).submission).toMatchObject({
      status: 'queued',
      maybeDelivered: true,
      lastError: { key: 'top.error.session.invalid' },
    })
    await clock.advance(4_000)
    expect(sent).toHaveLength(3)
    expect(new Set(sent.map((p) => p.param_coupon_template_operate_request)).size).toBe(1)
    expect(feature.submissions.outbox.get(submission.submissionId)?.status).toBe('submitted')
  })

  it('blocks a submission whose resend the business refuses, when an earlier attempt may have been applied', async () => {
    // Reset after sending, then a "no": the platform may be refusing a repeat of the first attempt.
    const no = { result: { success: false, err_code: 'DUPLICATE_TEMPLATE', err_msg: '模板已存在' } }
    const { clock, feature, sent, draftId } = setup([reset(), no])
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    await clock.advance(2_000)
    expect(sent).toHaveLength(2)
    expect(feature.service.get(draftId)).toMatchObject({
      state: 'queued',
      lastError: {
        key: 'templates.outcome.rejectedAfterPossibleDelivery',
        params: { errCode: 'DUPLICATE_TEMPLATE', errMsg: '模板已存在' },
      },
      submission: { status: 'blocked' },
    })
    // No new unique_id (for a create, a second template) until the user has checked and released it.
    feature.service.save(draftId, validBody())
    expect(() => feature.submissions.submit(draftId, 3)).toThrow('templates.error.submissionInFlight')
    await clock.advance(60_000)
    expect(sent).toHaveLength(2)
    feature.submissions.release(submission.submissionId)
    expect(feature.submissions.submit(draftId, 3).submission.uniqueId).not.toBe(submission.uniqueId)
  })

  it('blocks a business "no" that answers the TOP client’s own retry after a lost reply', async () => {
    const { clock, feature, draftId, provider } = setup([])
    const client = (await provider.current()).client
    client.call = (async () => ({
      data: { result: { success: false, err_code: 'DUPLICATE_TEMPLATE', err_msg: '模板已存在' } },
      attempts: 2,
      maybeDeliveredEarlier: true,
    })) as never
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'blocked' })
  })

  it('reschedules after a code-7 ban of stated length, not on its backoff, and holds the rest of the queue too', async () => {
    const ban = new TopError(
      {
        code: 7,
        msg: 'App Call Limited',
        sub_code: 'accesscontrol.limited-by-api-access-count',
        sub_msg: 'This ban will last for 120 more seconds',
      },
      { localNow: new ManualClock().now() },
    )
    const { clock, feature, sent, draftId } = setup([ban, ok('1'), ok('2')])
    const other = feature.service.create()
    feature.service.save(other.draftId, validBody())
    const first = feature.submissions.submit(draftId, 2).submission
    const second = feature.submissions.submit(other.draftId, 2).submission
    feature.worker.kick()
    await clock.advance(0)
    const banEnds = new Date(clock.now().getTime() + 121_000).toISOString()
    expect(sent).toHaveLength(1)
    expect(feature.submissions.outbox.get(first.submissionId)).toMatchObject({
      status: 'queued',
      nextAttemptAt: banEnds,
      maybeDelivered: false,
    })
    expect(feature.submissions.outbox.get(second.submissionId)).toMatchObject({ status: 'queued', nextAttemptAt: banEnds })
    expect(clock.scheduled).toEqual([121_000])
    await clock.advance(120_999)
    expect(sent).toHaveLength(1)
    await clock.advance(1)
    expect(sent).toHaveLength(3)
    expect(feature.submissions.outbox.get(first.submissionId)?.status).toBe('submitted')
    expect(feature.submissions.outbox.get(second.submissionId)?.status).toBe('submitted')
  })

  it('keeps the whole answer and the gateway trace id with a success', async () => {
    const { clock, feature, draftId } = setup([ok('9007199254741001', 'gw-trace-1')])
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(feature.service.get(draftId).submission).toMatchObject({
      status: 'submitted',
      response: { success: true, model: '9007199254741001' },
      gatewayRequestId: 'gw-trace-1',
      serverCheck: null,
    })
  })
})

describe('outbox worker: the pre-send check of an update', () => {
  // The platform's own spelling (query metadata): terminals as numbers, its source_id filled in, no unique_id.
  type ServerTemplate = Omit<typeof VALID_TEMPLATE_EXAMPLE.coupon_template, 'unique_id' | 'condition_config'> & {
    source_id: number
    condition_config: Omit<typeof VALID_TEMPLATE_EXAMPLE.coupon_template.condition_config, 'terminals'> & { terminals: number[] }
  }
  const serverCopy = (edit?: (t: ServerTemplate) => void) => {
    const { unique_id: _perSubmission, condition_config, ...rest } = structuredClone(VALID_TEMPLATE_EXAMPLE.coupon_template)
    const template: ServerTemplate = {
      ...rest,
      source_id: 4_001_002,
      condition_config: { ...condition_config, terminals: condition_config.terminals.map(Number) },
    }
    edit?.(template)
    return { result: { success: true, model: { coupon_template: template } } }
  }

  function updateSetup(steps: Step[]) {
    const s = setup(steps)
    const draft = s.feature.service.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const edited = structuredClone(draft.body)
    edited.coupon_template!.common_config!.title = '满100减10（本店）'
    s.feature.service.save(draft.draftId, edited)
    return { ...s, draftId: draft.draftId }
  }

  it('reads the server copy first and sends once it matches the base', async () => {
    const { clock, feature, sent, queries, draftId } = updateSetup([
      // Ids as numbers and the terminals in another order: the same content.
      serverCopy((t) => {
        t.condition_config.terminals = [2, 1]
        t.compatible_config.valid_till_night = 1
      }),
      ok('9007199254740993', 'tr-9'),
    ])
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(queries).toEqual([{ param_coupon_template_query_request: '{"id":9007199254740993}' }])
    expect(sent).toHaveLength(1)
    expect(feature.service.get(draftId)).toMatchObject({
      state: 'submitted',
      conflict: null,
      submission: { status: 'submitted', serverCheck: { kind: 'matched' }, gatewayRequestId: 'tr-9' },
    })
  })

  it('sends nothing when another PC changed the template, and shows base, server and mine', async () => {
    const { clock, feature, sent, draftId } = updateSetup([serverCopy((t) => (t.apply_limit_config.coupon_total_lmt = 20_000))])
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(sent).toEqual([])
    const draft = feature.service.get(draftId)
    expect(draft).toMatchObject({
      state: 'conflict',
      lastError: { key: 'templates.outcome.conflict' },
      submission: { status: 'conflict', resolution: null, serverCheck: { kind: 'differs' } },
      conflict: { submissionId: submission.submissionId, revision: 2 },
    })
    expect(draft.conflict?.base.coupon_template?.apply_limit_config?.coupon_total_lmt).toBe(10_000)
    expect(draft.conflict?.server.coupon_template?.apply_limit_config?.coupon_total_lmt).toBe(20_000)
    expect(draft.conflict?.server.coupon_template).not.toHaveProperty('unique_id')
    expect(draft.body.coupon_template?.common_config?.title).toBe('满100减10（本店）')
  })

  it('checks again after a restart when the process died during the pre-send query: the update never went out', async () => {
    const { clock, feature, sent, queries, draftId, db, provider } = updateSetup([
      serverCopy((t) => (t.apply_limit_config.coupon_total_lmt = 20_000)),
    ])
    const { submission } = feature.submissions.submit(draftId, 2)
    // The worker took it and was reading the server's copy when the process died.
    expect(feature.submissions.outbox.markSending(submission.submissionId, clock.now().toISOString())).toBe(true)
    await feature.dispose()

    const restarted = createTemplateFeature(
      { db, connection: provider, dataDir: '/nonexistent', now: clock.now },
      { timers: clock, probe: async () => true },
    )
    await restarted.start()
    await clock.advance(0)
    expect(queries).toHaveLength(1)
    expect(sent).toEqual([])
    expect(restarted.service.get(draftId)).toMatchObject({ state: 'conflict', submission: { serverCheck: { kind: 'differs' } } })
    await restarted.dispose()
  })

  it('but one that died after its check, while the update may have left, is possibly delivered: resent as is, unchecked', async () => {
    const { clock, feature, sent, queries, draftId, db, provider } = updateSetup([ok('9007199254740993')])
    const { submission } = feature.submissions.submit(draftId, 2)
    const at = clock.now().toISOString()
    expect(feature.submissions.outbox.markSending(submission.submissionId, at)).toBe(true)
    feature.submissions.outbox.recordServerCheck(submission.submissionId, { kind: 'matched', at }, at)
    await feature.dispose()

    const restarted = createTemplateFeature(
      { db, connection: provider, dataDir: '/nonexistent', now: clock.now },
      { timers: clock, probe: async () => true },
    )
    expect(restarted.submissions.outbox.get(submission.submissionId)).toMatchObject({ status: 'sending' })
    await restarted.start()
    await clock.advance(0)
    expect(queries).toEqual([])
    expect(sent).toHaveLength(1)
    expect(restarted.submissions.outbox.get(submission.submissionId)).toMatchObject({ status: 'submitted', maybeDelivered: true })
    await restarted.dispose()
  })

  it('sends without a check when the query API is not available, and records why', async () => {
    const invalidMethod = new TopError({ code: 22, msg: 'Invalid method' }, { localNow: new Date() })
    const { clock, feature, sent, draftId } = updateSetup([invalidMethod, ok()])
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    expect(sent).toHaveLength(1)
    expect(feature.service.get(draftId).submission).toMatchObject({
      status: 'submitted',
      serverCheck: { kind: 'unavailable', reason: { top: { code: 22 } } },
    })
  })

  it('does not read the server again before resending a possibly delivered update', async () => {
    const { clock, feature, sent, queries, draftId } = updateSetup([serverCopy(), reset(), ok()])
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await clock.advance(0)
    await clock.advance(2_000)
    expect(queries).toHaveLength(1)
    expect(sent).toHaveLength(2)
    expect(feature.service.get(draftId).state).toBe('submitted')
  })

  it('waits for the network when the query cannot reach the gateway, without counting it as sent', async () => {
    let up = false
    const s = setup([refused(), serverCopy(), ok()], async () => up)
    const draft = s.feature.service.import(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    const { submission } = s.feature.submissions.submit(draft.draftId, 1)
    s.feature.worker.kick()
    await s.clock.advance(0)
    expect(s.feature.submissions.outbox.get(submission.submissionId)).toMatchObject({
      status: 'queued',
      nextAttemptAt: null,
      maybeDelivered: false,
    })
    up = true
    await s.clock.advance(1_000)
    expect(s.queries).toHaveLength(2)
    expect(s.sent).toHaveLength(1)
    expect(s.feature.service.get(draft.draftId).state).toBe('submitted')
  })
})
