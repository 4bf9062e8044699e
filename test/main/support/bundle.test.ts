import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRouter, type Router } from '@main/ipc/router'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { MemorySecretStore } from '../../support/memory-secret-store'

const APP_KEY = '31415926'
const SECRET = 'bundle-test-app-secret-5e1f0c-NEVER'
const SESSION = 'bundle-test-session-key-a2b3c4-NEVER'
const PROFILE_NAME = '支持包门店-名称不外传'

describe('support bundle', () => {
  let gateway: SandboxGateway
  let services: AppServices
  let router: Router
  let dataDir: string
  let chosen: string | undefined
  const call = async (channel: string, payload?: unknown) =>
    (await router.dispatch(channel, payload)) as { ok: boolean; value?: Record<string, unknown>; error?: unknown }

  beforeAll(async () => {
    gateway = await startSandboxGateway({ credentials: { appKey: APP_KEY, appSecret: SECRET, sessionKey: SESSION } })
    dataDir = mkdtempSync(join(tmpdir(), 'cd-bundle-'))
    const crashDir = join(dataDir, 'Crashpad', 'completed')
    mkdirSync(crashDir, { recursive: true })
    writeFileSync(join(crashDir, 'a1b2.dmp'), `MDMP memory that may hold ${SECRET}`)
    services = await createAppServices({
      dataDir,
      version: '1.2.3-bundle',
      secrets: new MemorySecretStore(),
      clientTuning: { timeoutMs: 2000, backoffMs: 1, maxAttempts: 1, maxBanWaitSeconds: 0 },
      support: { chooseSavePath: async () => chosen, crashDir: join(dataDir, 'Crashpad') },
    })
    router = createRouter(services.handlers, { validateOutput: true })

    // Work to count: two redemptions in training mode, then a profile with real secrets (of the
    // user's own sandbox kind: a production profile may only talk to TOP's hosts over https).
    const started = await call('redeem.submit', {
      customerId: 'C10001',
      source: 'POS',
      operatorId: 'op-1',
      vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000006' }],
    })
    const batchId = (started.value as { batchId: string }).batchId
    await vi.waitFor(async () =>
      expect(((await call('redeem.progress', { batchId })).value as { status: string }).status).not.toBe('running'),
    )
    const saved = await call('profiles.save', {
      name: PROFILE_NAME,
      kind: 'sandbox',
      gatewayUrl: gateway.url,
      appKey: APP_KEY,
      appSecret: SECRET,
      sessionKey: SESSION,
    })
    expect(saved.ok).toBe(true)
    expect(await call('profiles.testConnection', { id: saved.value!['id'] })).toMatchObject({ ok: true, value: { ok: true } })
    // Lines that carry the secrets: a window error quoting one, and main's own error.
    await call('log.write', { level: 'error', message: `paste failed: ${SECRET} / ${encodeURIComponent(SESSION)}` })
    services.logs.main.error('keychain said no for', { appSecret: SECRET, note: 'the last error support should see' })
  })
  afterAll(async () => {
    await services.dispose()
    await gateway.stop()
  })

  it('without a place chosen (dialog cancelled) nothing is written', async () => {
    chosen = undefined
    expect(await call('support.exportBundle')).toEqual({ ok: true, value: { saved: false } })
  })

  it('is one zip with each part, and no secret in any of them', async () => {
    chosen = join(dataDir, 'out', 'bundle.zip')
    mkdirSync(join(dataDir, 'out'))
    const reply = await call('support.exportBundle')
    expect(reply).toMatchObject({ ok: true, value: { saved: true, path: chosen } })
    expect(existsSync(chosen)).toBe(true)
    const zip = unzipSync(readFileSync(chosen))
    const text = (name: string) => strFromU8(zip[name]!)
    expect(Object.keys(zip).sort()).toEqual(
      [
        'README.txt',
        'about.json',
        'crash-dumps.json',
        'journal.json',
        'last-errors.txt',
        'logs/main.log',
        'logs/renderer.log',
        'outbox.json',
        'profiles.json',
      ].sort(),
    )

    const about = JSON.parse(text('about.json'))
    expect(about.versions).toMatchObject({ app: '1.2.3-bundle', node: process.versions.node, os: { platform: process.platform } })
    expect(about.locale).toBe('zh-CN')

    const profiles = JSON.parse(text('profiles.json')) as Array<Record<string, unknown>>
    expect(profiles).toEqual([
      expect.objectContaining({ kind: 'sandbox', builtIn: true, active: true, gatewayHost: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }),
      { kind: 'sandbox', gatewayHost: new URL(gateway.url).host, signMethod: expect.any(String), active: false, builtIn: false },
    ])

    const journal = JSON.parse(text('journal.json'))
    expect(journal.vouchers).toMatchObject({ redeemed: 1, failed: 1 })
    expect(journal.calls).toMatchObject({ settled: 1 })
    expect(JSON.parse(text('outbox.json'))).toEqual({ byStatus: {}, waiting: 0, maybeDelivered: 0 })
    expect(JSON.parse(text('crash-dumps.json'))).toEqual([{ name: 'a1b2.dmp', bytes: expect.any(Number), at: expect.any(String) }])

    expect(text('last-errors.txt')).toMatch(/main\.log: .*\[error\].*the last error support should see/)
    expect(text('last-errors.txt')).toMatch(/renderer\.log: .*\[error\].*paste failed: \[redacted\]/)
    expect(text('logs/main.log')).toMatch(/\[info\] +started: version 1\.2\.3-bundle/)
    // Each call to TOP leaves one line: which call, its request_id, and what came of it.
    expect(text('logs/main.log')).toMatch(
      /\[info\] +\(redemption\) NORMAL_ISUSED call \d+ \(request_id [\w-]+, gateway \S+\): redeemed 1, failed 1/,
    )

    const forbidden = [SECRET, SESSION, encodeURIComponent(SESSION), APP_KEY, PROFILE_NAME, 'MDMP']
    const leaks = Object.entries(zip).flatMap(([name, bytes]) =>
      forbidden.filter((f) => strFromU8(bytes).includes(f)).map((f) => `${name}: ${f}`),
    )
    expect(leaks).toEqual([])
  })
})
