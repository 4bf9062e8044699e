import { afterEach, describe, expect, it } from 'vitest'
import type { Channel, ChannelInput, ChannelOutput } from '@contract/ipc/registry'
import { DEFAULT_SHIFT_SETTINGS } from '@contract/ipc/channels/shift'
import { createRouter, type Handlers, type Router } from '@main/ipc/router'
import { createShiftFeature, shiftMigrations } from '@main/services/shift/feature'
import { createTemplateFeature, type TemplateFeature } from '@main/services/templates/feature'
import { openDatabase } from '@main/store/db'
import { draftMigrations } from '@main/store/drafts-migrations'
import { TEMPLATE_QUERY, TEMPLATE_TERMINATE } from '@main/top/apis'
import { fetchTransport } from '@main/top/fetch-transport'
import { providerOf, startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'
import { eventually, validBody } from './support'

/**
 * Ending a submitted template early (`drafts.terminate` → `alibaba.wdk.coupon.template.terminate`)
 * through the router, against the real sandbox gateway, with the counter's shift in the loop.
 */

let sandbox: SandboxConnection | undefined
let feature: TemplateFeature | undefined
afterEach(async () => {
  await feature?.dispose()
  await sandbox?.stop()
  feature = undefined
  sandbox = undefined
})

interface Desk {
  router: Router
  /** Every request body the client sent, decoded. */
  bodies: Record<string, string>[]
  switchTo(profileId: string): void
  feature: TemplateFeature
  sandbox: SandboxConnection
  call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>
  fail(channel: Channel, input?: unknown): Promise<{ code: string; key: string; params?: Record<string, unknown>; issues?: unknown[] }>
  /** A draft created on the platform from this PC: its template id and ump id. */
  submitted(approval?: { managerId: string; pin: string }): Promise<{ draftId: string; templateId: string; sourceId: string }>
}

async function openDesk(options: { kind?: 'sandbox' | 'production' } = {}): Promise<Desk> {
  const bodies: Record<string, string>[] = []
  const fetchImpl = (input: string, init: RequestInit) => {
    bodies.push(Object.fromEntries(new URLSearchParams(init.body as string)))
    return fetch(input, init)
  }
  sandbox = await startSandboxConnection({ client: { maxAttempts: 2, backoffMs: 5, transport: fetchTransport(fetchImpl) } })
  const connection = { ...sandbox.connection, profileKind: options.kind ?? 'sandbox' }
  const other = { ...connection, profileId: 'other-store', profileName: '另一家店' }
  let active = connection.profileId
  const provider = providerOf([connection, other], () => active)
  const db = openDatabase(':memory:', { drafts: draftMigrations, shift: shiftMigrations })
  const deps = { db, connection: provider, dataDir: '/nonexistent', now: () => new Date() }
  const shift = createShiftFeature(deps)
  feature = createTemplateFeature(deps, { shift: shift.service, retryBackoff: { initialMs: 10, maxMs: 50 } })
  await feature.start()
  const router = createRouter({ ...feature.handlers, ...shift.handlers } as unknown as Handlers, {
    validateOutput: true,
    onUnexpectedError: (channel, error) => console.error(channel, error),
  })
  const f = feature
  const desk: Desk = {
    router,
    bodies,
    switchTo: (profileId) => (active = profileId),
    feature: f,
    sandbox,
    async call(channel, input) {
      const reply = await router.dispatch(channel, input)
      if (!reply.ok) expect.fail(`${channel} failed: ${JSON.stringify(reply.error)}`)
      return reply.value as never
    },
    async fail(channel, input) {
      const reply = await router.dispatch(channel, input)
      if (reply.ok) expect.fail(`${channel} unexpectedly succeeded`)
      return reply.error as never
    },
    async submitted(approval) {
      const { draftId } = f.service.create()
      f.service.save(draftId, validBody())
      await desk.call('drafts.submit', { draftId, revision: 2, ...(approval ? { approval } : {}) })
      const done = await eventually(() => {
        const d = f.service.get(draftId)
        return d.state === 'submitted' && d
      })
      return { draftId, templateId: done.templateId!, sourceId: String(done.body.coupon_template!.source_id) }
    },
  }
  return desk
}

const terminateCalls = (s: SandboxConnection) => s.gateway.calls.filter((c) => c.method === TEMPLATE_TERMINATE.method)

describe('ending a submitted template early', () => {
  it('ends it on the platform, records who did it, and takes no more submissions or a second end', async () => {
    const desk = await openDesk()
    await desk.call('shift.saveOperator', { id: 'M01', name: '王店长', role: 'manager', pin: '2468' })
    await desk.call('shift.signIn', { operatorId: 'M01', pin: '2468' })
    const { draftId, templateId, sourceId } = await desk.submitted()
    expect(desk.sandbox.gateway.templates.get(templateId)?.terminated).toBe(false)

    const ended = await desk.call('drafts.terminate', { draftId })
    expect(ended).toMatchObject({ draftId, templateId, terminated: { at: expect.any(String), by: '王店长', approvedBy: null } })
    // On the platform: the template found by its ump id, claiming ended.
    const stored = desk.sandbox.gateway.templates.get(templateId)!
    expect(stored.terminated).toBe(true)
    expect(stored.template.common_config.status).toBe(0)
    expect(terminateCalls(desk.sandbox).map((c) => c.outcome)).toEqual(['ok'])
    // The ump id as a bare JSON number, digit for digit, and the operator from main's shift state.
    const sent = desk.bodies.find((b) => b.method === TEMPLATE_TERMINATE.method)![TEMPLATE_TERMINATE.param]!
    expect(sent).toBe(`{"source_id":${sourceId},"user_info":{"source":"coupon-desk","user_name":"王店长"}}`)
    expect((await desk.call('drafts.get', { draftId })).terminated).toEqual(ended.terminated)

    // No more updates of an ended template, and no second end.
    const resubmit = await desk.fail('drafts.submit', { draftId, revision: (await desk.call('drafts.get', { draftId })).revision })
    expect(resubmit).toMatchObject({ code: 'conflict', key: 'templates.terminate.endedNoSubmit' })
    expect(await desk.fail('drafts.terminate', { draftId })).toMatchObject({ code: 'conflict', key: 'templates.terminate.already' })
    expect(terminateCalls(desk.sandbox)).toHaveLength(1)
  })

  it('refuses, before anything is sent, what cannot be ended here', async () => {
    const desk = await openDesk()
    // Not on the platform yet.
    const { draftId: local } = desk.feature.service.create()
    expect(await desk.fail('drafts.terminate', { draftId: local })).toMatchObject({
      code: 'conflict',
      key: 'templates.terminate.notSubmitted',
    })
    // No such draft, and input that is not a draft reference.
    const missing = await desk.fail('drafts.terminate', { draftId: '00000000-0000-4000-8000-00000000ffff' })
    expect(missing).toMatchObject({ code: 'not-found', key: 'templates.error.draftNotFound' })
    expect(await desk.fail('drafts.terminate', { draftId: 'x', extra: 1 })).toMatchObject({ code: 'invalid-input' })
    // A submission under way could land after the end.
    const { draftId } = await desk.submitted()
    await desk.sandbox.gateway.stop()
    const revision = (await desk.call('drafts.get', { draftId })).revision
    await desk.call('drafts.submit', { draftId, revision })
    expect(await desk.fail('drafts.terminate', { draftId })).toMatchObject({
      code: 'conflict',
      key: 'templates.terminate.submissionInFlight',
    })
    expect(terminateCalls(desk.sandbox)).toEqual([])
  })

  it("refuses a template submitted under another profile: it is ended only with that profile's credentials", async () => {
    const desk = await openDesk()
    const { draftId } = await desk.submitted()
    desk.switchTo('other-store')
    expect(await desk.fail('drafts.terminate', { draftId })).toMatchObject({
      code: 'conflict',
      key: 'templates.terminate.otherProfile',
      params: { profileId: 'sandbox' },
    })
    expect(terminateCalls(desk.sandbox)).toEqual([])
  })

  it('on a production profile whose store requires approval: a manager PIN, kept beside the end', async () => {
    const desk = await openDesk({ kind: 'production' })
    await desk.call('shift.saveOperator', { id: 'M01', name: '王店长', role: 'manager', pin: '2468' })
    await desk.call('shift.signIn', { operatorId: 'M01', pin: '2468' })
    await desk.call('shift.saveOperator', { id: 'C01', name: '李收银', role: 'cashier', pin: '1357' })
    await desk.call('shift.saveSettings', {
      ...DEFAULT_SHIFT_SETTINGS,
      approval: { ...DEFAULT_SHIFT_SETTINGS.approval, productionTemplate: true },
    })
    const manager = { managerId: 'M01', pin: '2468' }
    const { draftId } = await desk.submitted(manager)
    const { draftId: second } = await desk.submitted(manager)
    await desk.call('shift.signIn', { operatorId: 'C01', pin: '1357' })

    expect(await desk.fail('drafts.terminate', { draftId })).toMatchObject({ code: 'forbidden', key: 'shift.error.approvalRequired' })
    const wrongPin = await desk.fail('drafts.terminate', { draftId, approval: { managerId: 'M01', pin: '0000' } })
    expect(wrongPin).toMatchObject({ code: 'invalid-input' })
    expect(terminateCalls(desk.sandbox)).toEqual([])

    const ended = await desk.call('drafts.terminate', { draftId, approval: manager })
    expect(ended.terminated).toMatchObject({ by: '李收银', approvedBy: '王店长' })
    // Approval is per act: the next template needs its own.
    expect(await desk.fail('drafts.terminate', { draftId: second })).toMatchObject({ key: 'shift.error.approvalRequired' })
  })

  it("reads the ump id from the platform when the draft does not know it; says so when it cannot, and reports the platform's refusal", async () => {
    const desk = await openDesk()
    const { draftId, templateId } = await desk.submitted()
    const body = (await desk.call('drafts.get', { draftId })).body
    delete body.coupon_template!.source_id
    await desk.call('drafts.save', { draftId, body })

    // The query cannot be used: no ump id, nothing sent.
    desk.sandbox.gateway.templates.setQueryAccess('unknown-method')
    expect(await desk.fail('drafts.terminate', { draftId })).toMatchObject({
      code: 'conflict',
      key: 'templates.terminate.noSourceId',
      params: { templateId },
    })
    expect(terminateCalls(desk.sandbox)).toEqual([])

    desk.sandbox.gateway.templates.setQueryAccess('granted')
    const ended = await desk.call('drafts.terminate', { draftId })
    expect(ended.terminated).not.toBeNull()
    expect(desk.sandbox.gateway.calls.filter((c) => c.method === TEMPLATE_QUERY.method).length).toBeGreaterThan(0)
    expect(desk.sandbox.gateway.templates.get(templateId)?.terminated).toBe(true)

    // An ump id the platform does not know: its refusal, in its words, and the draft not marked.
    const other = await desk.submitted()
    const wrong = (await desk.call('drafts.get', { draftId: other.draftId })).body
    wrong.coupon_template!.source_id = '12345'
    await desk.call('drafts.save', { draftId: other.draftId, body: wrong })
    const refused = await desk.fail('drafts.terminate', { draftId: other.draftId })
    expect(refused).toMatchObject({ code: 'top-error', key: 'templates.terminate.refused', params: { errCode: 'TEMPLATE_NOT_FOUND' } })
    expect((await desk.call('drafts.get', { draftId: other.draftId })).terminated).toBeNull()
  })
})
