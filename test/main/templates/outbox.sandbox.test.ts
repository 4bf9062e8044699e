import { afterEach, describe, expect, it } from 'vitest'
import { TEMPLATE_UPDATE } from '@main/top/apis'
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

afterEach(async () => {
  await feature?.dispose()
  await sandbox?.stop()
  feature = undefined
  sandbox = undefined
})

async function setup(clientAttempts = 2) {
  sandbox = await startSandboxConnection({ client: { maxAttempts: clientAttempts, backoffMs: 5, timeoutMs: 2_000 } })
  const gatewayUrl = sandbox.gateway.url
  feature = createTemplateFeature(
    { db: openDraftsDb(), connection: sandbox.provider, dataDir: '/nonexistent', now: () => new Date() },
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

/** The gateway's log of calls carrying this unique_id. */
function callsOf(sandboxConnection: SandboxConnection, uniqueId: string) {
  return sandboxConnection.gateway.calls.filter((c) => c.method === method && c.businessKey === uniqueId).map((c) => c.outcome)
}

describe('template outbox against the sandbox gateway', () => {
  it('queues while the gateway is down and sends exactly once when it is back', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.service.submit(draftId, 2)
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
    expect(feature.watch.status().state).toBe('online')
  })

  it('resends after a commit whose reply was lost, with the same unique_id, applied once', async () => {
    const { gateway, feature, draftId } = await setup(2)
    // More drops than the TOP client retries on its own: the outbox's own resend finishes it.
    gateway.faults.dropAfterCommit(3, { method })
    const templatesBefore = gateway.templates.all().length
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).state === 'submitted')
    expect(callsOf(sandbox!, submission.uniqueId)).toEqual(['dropped', 'dropped', 'dropped', 'replayed'])
    expect(gateway.templates.applicationsOf(submission.uniqueId)).toBe(1)
    expect(gateway.templates.all()).toHaveLength(templatesBefore + 1)
    expect(feature.service.outbox.get(submission.submissionId)).toMatchObject({ maybeDelivered: true, attempts: 2 })
  })

  it('cancels a queued submission so it never reaches the gateway', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.watch.status().state === 'offline')
    expect(feature.service.cancel(submission.submissionId).status).toBe('cancelled')
    await gateway.start()
    await eventually(() => feature.watch.status().state === 'online')
    await feature.worker.idle()
    expect(callsOf(sandbox!, submission.uniqueId)).toEqual([])
    expect(feature.service.get(draftId).state).toBe('draft')
  })

  it('sends the queued revision when the draft is edited meanwhile, and keeps the edit as a new revision', async () => {
    const { gateway, feature, draftId } = await setup()
    await gateway.stop()
    const { submission } = feature.service.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.watch.status().state === 'offline')
    const edited = feature.service.save(draftId, withTitle(validBody(), '满100减20（改）'))
    expect(edited).toMatchObject({ revision: 3, state: 'queued', editedSinceSubmission: true })
    expect(feature.service.outbox.get(submission.submissionId)?.revision).toBe(2)

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
    const next = feature.service.submit(draftId, 3)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).state === 'submitted')
    expect(gateway.templates.get(after.templateId!)).toMatchObject({ version: 2 })
    expect(gateway.templates.applicationsOf(next.submission.uniqueId)).toBe(1)
  })
})
