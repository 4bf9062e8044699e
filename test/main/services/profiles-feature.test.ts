import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouter } from '@main/ipc/router'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { filesContaining } from '../../support/files'
import { MemorySecretStore } from '../../support/memory-secret-store'
import { validBody } from '../templates/support'

const SECRET = 'prod-secret-5f1e9c-DO-NOT-LEAK'
const SESSION = 'prod-session-77aa01-DO-NOT-LEAK'

describe('profiles over IPC, against the embedded sandbox', () => {
  let services: AppServices
  let dataDir: string
  const replies: unknown[] = []
  const call = async (channel: string, payload?: unknown) => {
    const router = createRouter(services.handlers, { validateOutput: true })
    const reply = await router.dispatch(channel, payload)
    replies.push(reply)
    return reply
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cd-profiles-'))
    services = await createAppServices({
      dataDir,
      version: 'test',
      secrets: new MemorySecretStore(),
      clientTuning: { timeoutMs: 2000, backoffMs: 5, maxAttempts: 2 },
    })
  })
  afterAll(() => services.dispose())

  it('starts on the built-in sandbox profile, which connects', async () => {
    const list = await call('profiles.list')
    expect(list).toMatchObject({ ok: true, value: [{ id: 'sandbox', kind: 'sandbox', active: true, builtIn: true }] })
    expect(await call('profiles.testConnection')).toEqual({
      ok: true,
      value: { ok: true, latencyMs: expect.any(Number), sessionChecked: true },
    })
  })

  it('a production profile takes secrets in and never gives them back', async () => {
    const saved = await call('profiles.save', {
      name: '测试门店',
      kind: 'sandbox',
      gatewayUrl: services.sandbox.url,
      appKey: services.sandbox.credentials.appKey,
      appSecret: SECRET,
      sessionKey: SESSION,
    })
    expect(saved).toMatchObject({ ok: true, value: { appSecretSet: true, sessionKeySet: true, active: false } })
    const id = (saved as { value: { id: string } }).value.id
    await call('profiles.setActive', { id })
    // The secret is wrong for this gateway: the test reports TOP's complaint in words.
    const test = await call('profiles.testConnection', { id })
    expect(test).toMatchObject({ ok: true, value: { ok: false, key: 'top.error.signature', top: { code: 25 } } })
    await call('profiles.list')
  })

  it('a wrong app key is reported as such', async () => {
    const saved = (await call('profiles.save', {
      name: '错误应用',
      kind: 'sandbox',
      gatewayUrl: services.sandbox.url,
      appKey: '99999999',
      appSecret: services.sandbox.credentials.appSecret,
    })) as { value: { id: string } }
    expect(await call('profiles.testConnection', { id: saved.value.id })).toMatchObject({
      ok: true,
      value: { ok: false, top: { code: 29 } },
    })
  })

  it('bad input is a field-level error, not a crash', async () => {
    const reply = await call('profiles.save', { name: '', kind: 'production', appSecret: '' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const paths = (reply as { error: { issues: { path: string[] }[] } }).error.issues.map((i) => i.path[0])
    expect(paths).toEqual(expect.arrayContaining(['name', 'appSecret']))
  })

  it('no secret appears in any reply or any file the app wrote', () => {
    const everything = JSON.stringify(replies)
    expect(everything).not.toContain(SECRET)
    expect(everything).not.toContain(SESSION)
    expect(filesContaining(dataDir, [SECRET, SESSION])).toEqual([])
  })
})

describe('switching profile while work waits', () => {
  it('says how many items wait for the profile left, and they stay with it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cd-profiles-wait-'))
    const services = await createAppServices({
      dataDir,
      version: 'test',
      secrets: new MemorySecretStore(),
      clientTuning: { timeoutMs: 1000, backoffMs: 5, maxAttempts: 1 },
    })
    try {
      const router = createRouter(services.handlers, { validateOutput: true })
      const call = async (channel: string, payload?: unknown) => {
        const reply = await router.dispatch(channel, payload)
        if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`)
        return reply.value as Record<string, unknown>
      }
      await services.started
      await services.sandbox.stop()
      const draft = (await call('drafts.create')) as { draftId: string }
      const saved = (await call('drafts.save', { draftId: draft.draftId, body: validBody() })) as { revision: number }
      await call('drafts.submit', { draftId: draft.draftId, revision: saved.revision })
      const other = await call('profiles.save', {
        name: '第二个培训环境',
        kind: 'sandbox',
        gatewayUrl: 'http://127.0.0.1:9/router/rest',
        appKey: '10000001',
        appSecret: 'x-secret',
      })
      const switched = await call('profiles.setActive', { id: other.id })
      const outbox = (await call('outbox.list', { active: true })) as { entries: unknown[] }
      expect(outbox.entries).toHaveLength(1)
      expect(switched.waitingElsewhere).toEqual([
        { profileId: 'sandbox', profileName: '沙箱（培训模式）', builtIn: true, templates: 1, redemptions: 0 },
      ])
    } finally {
      await services.sandbox.start().catch(() => undefined)
      await services.dispose()
    }
  })
})
