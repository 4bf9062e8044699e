import { afterEach, describe, expect, it } from 'vitest'
import type { DraftDetail, OutboxEntry } from '@contract/ipc/channels/templates'
import { createEventHub } from '@main/ipc/events'
import { createRouter, type Handlers } from '@main/ipc/router'
import { TEMPLATE_CREATE, TEMPLATE_QUERY, TEMPLATE_UPDATE } from '@main/top/apis'
import { createTemplateFeature, type TemplateFeature } from '@main/services/templates/feature'
import { tcpProbe } from '@main/services/templates/network-watch'
import { startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'
import { eventually, openDraftsDb, validBody, withTitle } from './support'

/**
 * The outbox against the real sandbox gateway over real sockets: the gateway goes down and
 * comes back, drops connections after committing, and counts how often each unique_id changed
 * its store.
 */

const method = TEMPLATE_UPDATE.method
let sandbox: SandboxConnection | undefined
let feature: TemplateFeature | undefined
/** What the feature pushed to the window, in order. */
let pushed: { event: string; payload: unknown }[] = []

afterEach(async () => {
  await feature?.dispose()
  await sandbox?.stop()
  feature = undefined
  sandbox = undefined
})

async function setup(clientAttempts = 2) {
  sandbox = await startSandboxConnection({ client: { maxAttempts: clientAttempts, backoffMs: 5, timeoutMs: 2_000 } })
  const gatewayUrl = sandbox.gateway.url
  const events = createEventHub({ onInvalid: (event, error) => expect.fail(`${event} pushed an invalid payload: ${String(error)}`) })
  pushed = []
  events.subscribe((event, payload) => pushed.push({ event, payload }))
  feature = createTemplateFeature(
    { db: openDraftsDb(), connection: sandbox.provider, dataDir: '/nonexistent', now: () => new Date(), events },
    {
      probe: () => tcpProbe(gatewayUrl, 500),
      probeBackoff: { initialMs: 20, maxMs: 200 },
      retryBackoff: { initialMs: 20, maxMs: 200 },
    },
  )
  await feature.start()
  const { draftId } = feature.service.create()
  feature.service.save(draftId, validBody())
  return { gateway: sandbox.gateway, feature, draftId }
}

/** The gateway's log of writes (create or update) carrying this unique_id. */
function callsOf(sandboxConnection: SandboxConnection, uniqueId: string) {
  const writes: readonly string[] = [TEMPLATE_CREATE.method, method]
  return sandboxConnection.gateway.calls.filter((c) => writes.includes(c.method ?? '') && c.businessKey === uniqueId).map((c) => c.outcome)
}

describe('template outbox against the sandbox gateway', () => {
  it('pushes every move of the outbox and of the network, so the window need not ask', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.watch.status().state === 'offline')
    await gateway.start()
    await feature.watch.nudge()
    await eventually(() => feature.service.get(draftId).submission?.status === 'submitted')
    await feature.worker.idle()
    await new Promise((resolve) => setTimeout(resolve, 0))

    const statuses = pushed
      .filter((e) => e.event === 'outbox.changed')
      .map((e) => (e.payload as { entries: OutboxEntry[] }).entries.find((x) => x.submissionId === submission.submissionId)?.status)
    // Sending while the gateway is down, back to queued, sending again once it is back, submitted.
    const moves = statuses.filter((s) => s !== undefined).filter((s, i, all) => s !== all[i - 1])
    expect(moves).toEqual(['sending', 'queued', 'sending', 'submitted'])
    const network = pushed.filter((e) => e.event === 'network.changed').map((e) => (e.payload as { state: string }).state)
    expect(network[0]).toBe('offline')
    expect(network.at(-1)).toBe('online')
  })

  it('queues while the gateway is down and sends exactly once when it is back', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).submission?.status === 'queued' && feature.watch.status().state === 'offline')
    expect(feature.service.get(draftId)).toMatchObject({ state: 'queued', submission: { nextAttemptAt: null, cancellable: true } })

    await gateway.start()
    const done = await eventually(() => {
      const draft = feature.service.get(draftId)
      return draft.state === 'submitted' && draft
    })
    expect(gateway.templates.applicationsOf(submission.uniqueId)).toBe(1)
    expect(callsOf(sandbox!, submission.uniqueId)).toEqual(['ok'])
    const created = gateway.templates.get(done.templateId!)
    expect(created?.template.common_config.title).toBe('满100减10')
    // A draft without a platform id is created with template.create; its ids are kept on the draft.
    expect(gateway.calls.filter((c) => c.businessKey === submission.uniqueId).map((c) => c.method)).toEqual([TEMPLATE_CREATE.method])
    expect(done.body.coupon_template).toMatchObject({ id: created?.id, source_id: created?.sourceId })
    expect(done.base?.body.coupon_template).toMatchObject({ id: created?.id, source_id: created?.sourceId })
    expect(feature.watch.status().state).toBe('online')
  })

  it('resends after a commit whose reply was lost, with the same unique_id, applied once', async () => {
    const { gateway, feature, draftId } = await setup(2)
    // More drops than the TOP client retries on its own: the outbox's own resend finishes it.
    gateway.faults.dropAfterCommit(3, { method: TEMPLATE_CREATE.method })
    const templatesBefore = gateway.templates.all().length
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).state === 'submitted')
    expect(callsOf(sandbox!, submission.uniqueId)).toEqual(['dropped', 'dropped', 'dropped', 'replayed'])
    expect(gateway.templates.applicationsOf(submission.uniqueId)).toBe(1)
    expect(gateway.templates.all()).toHaveLength(templatesBefore + 1)
    expect(feature.submissions.outbox.get(submission.submissionId)).toMatchObject({ maybeDelivered: true, attempts: 2 })
  })

  it('cancels a queued submission so it never reaches the gateway', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.watch.status().state === 'offline')
    expect(feature.submissions.cancel(submission.submissionId).status).toBe('cancelled')
    await gateway.start()
    await eventually(() => feature.watch.status().state === 'online')
    await feature.worker.idle()
    expect(callsOf(sandbox!, submission.uniqueId)).toEqual([])
    expect(feature.service.get(draftId).state).toBe('draft')
  })

  it('sends the queued revision when the draft is edited meanwhile, and keeps the edit as a new revision', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.watch.status().state === 'offline')
    const edited = feature.service.save(draftId, withTitle(validBody(), '满100减20（改）'))
    expect(edited).toMatchObject({ revision: 3, state: 'queued', editedSinceSubmission: true })
    expect(feature.submissions.outbox.get(submission.submissionId)?.revision).toBe(2)

    await feature.watch.nudge()
    await gateway.start()
    await feature.watch.nudge()
    const after = await eventually(() => {
      const draft = feature.service.get(draftId)
      return draft.submission?.status === 'submitted' && draft
    })
    expect(gateway.templates.get(after.templateId!)?.template.common_config.title).toBe('满100减10')
    expect(after).toMatchObject({ state: 'draft', revision: 3, editedSinceSubmission: true })
    expect(after.body.coupon_template?.common_config?.title).toBe('满100减20（改）')
    expect(after.base?.body.coupon_template?.common_config?.title).toBe('满100减10')
    // The next submission updates the template it created instead of creating another.
    const next = feature.submissions.submit(draftId, 3)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).state === 'submitted')
    expect(gateway.templates.get(after.templateId!)).toMatchObject({ version: 2 })
    expect(gateway.templates.applicationsOf(next.submission.uniqueId)).toBe(1)
  })
})

describe('conflicts: another PC changed the template meanwhile (real sandbox)', () => {
  /** The channels through the router, replies checked against their schemas. */
  function channels(f: TemplateFeature) {
    const router = createRouter(f.handlers as unknown as Handlers, { validateOutput: true })
    return async <T>(channel: string, payload?: unknown): Promise<T> => {
      const reply = await router.dispatch(channel, payload)
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.key}`)
      return reply.value as T
    }
  }

  /** A template created from this PC, then edited here (revision 3) and, on the platform, by someone else. */
  async function conflicting() {
    const ctx = await setup()
    const { gateway, feature, draftId } = ctx
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    const created = await eventually(() => {
      const draft = feature.service.get(draftId)
      return draft.state === 'submitted' && draft
    })
    const templateId = created.templateId!
    feature.service.save(draftId, withTitle(created.body, '满100减10（本店改）'))
    gateway.templates.editElsewhere(templateId, (t) => ({
      ...t,
      apply_limit_config: { ...t.apply_limit_config, coupon_total_lmt: 20_000 },
    }))
    const { submission } = feature.submissions.submit(draftId, 3)
    feature.worker.kick()
    const conflict = await eventually(() => {
      const draft = feature.service.get(draftId)
      return draft.state === 'conflict' && draft
    })
    return { ...ctx, templateId, conflict, blocked: submission }
  }

  it('reads the server copy, finds the change and sends nothing', async () => {
    const { gateway, templateId, conflict, blocked } = await conflicting()
    expect(callsOf(sandbox!, blocked.uniqueId)).toEqual([])
    expect(gateway.calls.filter((c) => c.method === TEMPLATE_QUERY.method).map((c) => c.outcome)).toEqual(['ok'])
    expect(gateway.templates.get(templateId)).toMatchObject({ version: 2, template: { common_config: { title: '满100减10' } } })
    expect(conflict.conflict?.base.coupon_template?.apply_limit_config?.coupon_total_lmt).toBe(10_000)
    expect(conflict.conflict?.server.coupon_template?.apply_limit_config?.coupon_total_lmt).toBe(20_000)
    expect(conflict.body.coupon_template?.common_config?.title).toBe('满100减10（本店改）')
    expect(conflict.submission).toMatchObject({ status: 'conflict', serverCheck: { kind: 'differs' }, resolution: null })
  })

  it('"keep mine": the server copy becomes the base and mine is sent over it under a new unique_id, once', async () => {
    const { gateway, feature, draftId, templateId, blocked } = await conflicting()
    const call = channels(feature)
    // The open conflict goes over IPC as the contract says (the router checks the reply).
    expect((await call<DraftDetail>('drafts.get', { draftId })).conflict).toMatchObject({ submissionId: blocked.submissionId, revision: 3 })
    const listed = await call<{ entries: OutboxEntry[] }>('outbox.list', { draftId })
    expect(listed.entries[0]).toMatchObject({ status: 'conflict', serverCheck: { kind: 'differs' } })
    const { draft, submission } = await call<{ draft: DraftDetail; submission: OutboxEntry }>('drafts.resolveConflict', {
      draftId,
      revision: 3,
      resolution: 'keep-mine',
    })
    expect(draft).toMatchObject({ state: 'queued', conflict: null, base: { kind: 'server' } })
    expect(submission.uniqueId).not.toBe(blocked.uniqueId)
    const done = await eventually(() => {
      const d = feature.service.get(draftId)
      return d.state === 'submitted' && d
    })
    expect(gateway.templates.get(templateId)).toMatchObject({
      version: 3,
      template: { common_config: { title: '满100减10（本店改）' }, apply_limit_config: { coupon_total_lmt: 10_000 } },
    })
    expect(gateway.templates.applicationsOf(submission.uniqueId)).toBe(1)
    expect(callsOf(sandbox!, blocked.uniqueId)).toEqual([])
    expect(done.submission).toMatchObject({ status: 'submitted', serverCheck: { kind: 'matched' }, response: { success: true } })
    expect(done.submission?.status === 'submitted' && done.submission.gatewayRequestId).toMatch(/^[0-9a-z]+$/)
    // The conflict is history: it says what the user chose.
    expect(feature.submissions.outboxEntries({ draftId }).find((e) => e.submissionId === blocked.submissionId)).toMatchObject({
      status: 'conflict',
      resolution: 'keep-mine',
    })
  })

  it('"take the server\'s": the draft becomes the server copy, nothing is sent, and the next submission goes through', async () => {
    const { gateway, feature, draftId, templateId } = await conflicting()
    const call = channels(feature)
    const updatesBefore = gateway.calls.filter((c) => c.method === TEMPLATE_UPDATE.method).length
    const { draft, submission } = await call<{ draft: DraftDetail; submission: OutboxEntry | null }>('drafts.resolveConflict', {
      draftId,
      revision: 3,
      resolution: 'take-server',
    })
    expect(submission).toBeNull()
    expect(draft).toMatchObject({ state: 'draft', revision: 4, conflict: null, lastError: null, base: { kind: 'server' } })
    expect(draft.body.coupon_template?.common_config?.title).toBe('满100减10')
    expect(draft.body.coupon_template?.apply_limit_config?.coupon_total_lmt).toBe(20_000)
    expect(draft.body.coupon_template).not.toHaveProperty('unique_id')
    // The operator stays this PC's.
    expect(draft.body.user_info).toEqual(validBody().user_info)
    expect(gateway.calls.filter((c) => c.method === TEMPLATE_UPDATE.method)).toHaveLength(updatesBefore)

    feature.submissions.submit(draftId, 4)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).state === 'submitted')
    expect(gateway.templates.get(templateId)).toMatchObject({ version: 3, template: { apply_limit_config: { coupon_total_lmt: 20_000 } } })
  })

  it.each([
    ['unknown-method', 22],
    ['no-permission', 11],
  ] as const)('sends without a check when the query API is %s on the gateway, and records that', async (access, code) => {
    const { gateway, feature, draftId } = await setup()
    feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    const created = await eventually(() => {
      const draft = feature.service.get(draftId)
      return draft.state === 'submitted' && draft
    })
    gateway.templates.setQueryAccess(access)
    // Even a change made elsewhere cannot be seen now: the update is sent, and the entry says it was not checked.
    gateway.templates.editElsewhere(created.templateId!, (t) => ({ ...t, common_config: { ...t.common_config, description: '别处改的' } }))
    feature.service.save(draftId, withTitle(created.body, '满100减10（不查）'))
    const { submission } = feature.submissions.submit(draftId, 3)
    feature.worker.kick()
    const done = await eventually(() => {
      const draft = feature.service.get(draftId)
      return draft.state === 'submitted' && draft.submission?.submissionId === submission.submissionId && draft
    })
    expect(done.submission).toMatchObject({ serverCheck: { kind: 'unavailable', reason: { top: { code } } } })
    expect(gateway.calls.filter((c) => c.method === TEMPLATE_QUERY.method).at(-1)).toMatchObject({ outcome: 'error', code })
    expect(gateway.templates.applicationsOf(submission.uniqueId)).toBe(1)
    expect(gateway.templates.get(created.templateId!)?.template.common_config.title).toBe('满100减10（不查）')
  })
})
