import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRouter } from '@main/ipc/router'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { MemorySecretStore } from '../../support/memory-secret-store'

/** The training gateway in the app: a server on the PC only while training is in use, never with its control API. */
let services: AppServices | undefined
afterEach(async () => {
  await services?.dispose()
  services = undefined
})

const start = (dataDir: string) =>
  createAppServices({ dataDir, version: 'test', secrets: new MemorySecretStore(), clientTuning: { timeoutMs: 2000, maxAttempts: 1 } })

describe('the embedded training gateway', () => {
  it('listens from start-up when the training profile is active, without the control API', async () => {
    services = await start(mkdtempSync(join(tmpdir(), 'cd-wiring-')))
    expect(services.sandbox.online).toBe(true)
    expect((await fetch(`${services.sandbox.url}/__sandbox/state`)).status).toBe(404)
  })

  it("is not listening while a production profile is in use, and starts on the training profile's first call", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cd-wiring-'))
    const first = await start(dataDir)
    const router = createRouter(first.handlers, { validateOutput: true })
    const saved = (await router.dispatch('profiles.save', {
      name: '门店',
      kind: 'production',
      gatewayUrl: 'https://gw.api.taobao.com',
      appKey: '12345678',
      appSecret: 'prod-secret',
      sessionKey: 'prod-session',
    })) as { ok: boolean; value: { id: string } }
    expect(saved.ok).toBe(true)
    await router.dispatch('profiles.setActive', { id: saved.value.id })
    await first.dispose()

    services = await start(dataDir)
    expect(services.sandbox.online).toBe(false)
    const again = createRouter(services.handlers, { validateOutput: true })
    await again.dispatch('profiles.setActive', { id: 'sandbox' })
    expect(await again.dispatch('profiles.testConnection', undefined)).toMatchObject({ ok: true, value: { ok: true } })
    expect(services.sandbox.online).toBe(true)
    expect(services.sandbox.calls.length).toBeGreaterThan(0)
  })
})
