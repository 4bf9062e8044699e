import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { format, inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRouter } from '@main/ipc/router'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { maskAppKey } from '@main/vault/profile-schema'
import { createVault } from '@main/vault/vault'
import { filesContaining } from '../../support/files'
import { MemorySecretStore } from '../../support/memory-secret-store'

/**
 * "No secret appears in any log line." The app's log files, every console method and the vault's
 * logger are captured while the paths that handle secrets run for real: saving profiles, testing connections with a
 * wrong and a right secret, redeeming (including an outcome left unknown and recovered at the
 * next start), and the keychain failing mid-save, mid-test and at start-up, with a keychain
 * whose error text echoes the value it was handed. Every captured argument is rendered the way
 * a log sink would (util.inspect, deep, hidden properties included, and util.format), and no
 * rendering may contain a secret or the unmasked app key; nor may any log file the app wrote.
 */

const APP_KEY = '27182818'
const APP_SECRET = 'log-test-app-secret-3c9f1a-NEVER-LOG'
const SESSION_KEY = 'log-test-session-key-b77e02-NEVER-LOG'
const WRONG_SECRET = 'log-test-wrong-secret-e5d4c3-NEVER-LOG'
const NEW_SECRET = 'log-test-rotated-secret-0a1b2c-NEVER-LOG'
const FORBIDDEN = { APP_KEY, APP_SECRET, SESSION_KEY, WRONG_SECRET, NEW_SECRET }

const CONSOLE_METHODS = [
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'assert',
] as const

/** One captured call: where it went and its arguments, rendered every way a sink could. */
interface LogLine {
  sink: string
  text: string
}
const lines: LogLine[] = []

function capture(sink: string, args: unknown[]): void {
  const rendered = [
    ...args.map((arg) =>
      inspect(arg, { depth: Infinity, showHidden: true, getters: true, maxArrayLength: Infinity, maxStringLength: Infinity }),
    ),
    format(...args),
  ]
  lines.push({ sink, text: rendered.join('\n') })
}

const vaultLogger = { warn: (...args: unknown[]) => capture('vault.warn', args) }

/** A keychain whose failures quote the value they were given, as a careless native layer might. */
function echoingFailure(store: MemorySecretStore, when: (operation: string, account: string) => boolean): void {
  store.failWhen = (operation, account, value) =>
    when(operation, account) ? new Error(`Secret Service refused ${operation} of ${account} = ${value ?? '(none)'}`) : undefined
}

describe('no secret in any log line', () => {
  let gateway: SandboxGateway
  let dataDir: string
  const secrets = new MemorySecretStore()
  const instances: AppServices[] = []

  beforeAll(async () => {
    for (const method of CONSOLE_METHODS) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => capture(`console.${method}`, args))
    }
    // A gateway that knows this test's own credentials, so a right secret can connect.
    gateway = await startSandboxGateway({ credentials: { appKey: APP_KEY, appSecret: APP_SECRET, sessionKey: SESSION_KEY } })
    dataDir = mkdtempSync(join(tmpdir(), 'cd-logs-'))
  })
  afterAll(async () => {
    for (const instance of instances) await instance.dispose()
    await gateway.stop()
    vi.restoreAllMocks()
  })

  async function start() {
    const services = await createAppServices({
      dataDir,
      version: 'log-test',
      secrets,
      // One attempt: a dropped reply then leaves its redemption unknown, for recovery to resolve.
      clientTuning: { timeoutMs: 2000, backoffMs: 1, maxAttempts: 1, maxBanWaitSeconds: 0 },
    })
    instances.push(services)
    // Whatever a handler throws is logged in full, deeper than the app's own log does.
    const router = createRouter(services.handlers, {
      validateOutput: true,
      onUnexpectedError: (channel, error) => console.error(`[ipc] ${channel} failed`, error),
    })
    const call = async (channel: string, payload?: unknown) => {
      const reply = await router.dispatch(channel, payload)
      // The app does not log replies; logging them here also proves the replies are clean.
      console.info(`[ipc] ${channel}`, reply)
      return reply as { ok: boolean; value?: Record<string, unknown> & { id?: string }; error?: unknown }
    }
    return { services, call }
  }

  async function redeemAndWait(call: Awaited<ReturnType<typeof start>>['call'], voucherId: string) {
    const started = await call('redeem.submit', { customerId: 'C10001', source: 'POS', operatorId: 'op-1', vouchers: [{ voucherId }] })
    expect(started.ok).toBe(true)
    const batchId = (started.value as { batchId: string }).batchId
    await vi.waitFor(async () => {
      const progress = await call('redeem.progress', { batchId })
      expect((progress.value as { status: string }).status).not.toBe('running')
    })
  }

  it('saving, testing and redeeming through a production profile, then the keychain failing', async () => {
    const { call } = await start()
    const right = await call('profiles.save', {
      name: '正式门店',
      kind: 'sandbox',
      gatewayUrl: gateway.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      sessionKey: SESSION_KEY,
      defaults: { operatorId: 'op-1' },
    })
    expect(right).toMatchObject({ ok: true, value: { appKey: maskAppKey(APP_KEY), appSecretSet: true } })
    const wrong = await call('profiles.save', {
      name: '密钥错误的门店',
      kind: 'sandbox',
      gatewayUrl: gateway.url,
      appKey: APP_KEY,
      appSecret: WRONG_SECRET,
    })
    expect(wrong.ok).toBe(true)

    expect(await call('profiles.testConnection', { id: wrong.value!.id })).toMatchObject({
      ok: true,
      value: { ok: false, key: 'top.error.signature' },
    })
    expect(await call('profiles.testConnection', { id: right.value!.id })).toMatchObject({ ok: true, value: { ok: true } })

    // Redeem through the wrong secret (refused, code 25) and the right one (redeemed).
    await call('profiles.setActive', { id: wrong.value!.id })
    await redeemAndWait(call, '880000000001')
    await call('profiles.setActive', { id: right.value!.id })
    await redeemAndWait(call, '880000000002')
    expect(gateway.ledger.get('880000000002')?.state).toBe('ISUSED')
    // The reply is lost after the gateway committed: the entry stays unknown for the next start.
    gateway.faults.dropAfterCommit(1)
    await redeemAndWait(call, '880000000003')

    // The keychain fails while a rotated secret is saved (and again while the old one is put back).
    echoingFailure(secrets, (operation, account) => operation === 'set' && account.endsWith(':appSecret'))
    expect(
      await call('profiles.save', {
        id: right.value!.id,
        name: '正式门店',
        kind: 'sandbox',
        gatewayUrl: gateway.url,
        appSecret: NEW_SECRET,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'keychain' },
    })
    // …and while credentials are read for a connection test and for a redemption.
    echoingFailure(secrets, () => true)
    expect(await call('profiles.testConnection', { id: right.value!.id })).toMatchObject({ ok: false, error: { code: 'keychain' } })
    expect(await call('redeem.submit', { customerId: 'C10001', source: 'POS', vouchers: [{ voucherId: '880000000004' }] })).toMatchObject({
      ok: false,
      error: { code: 'keychain' },
    })
  })

  it('start-up recovery with the keychain locked, then unlocked', async () => {
    await instances.at(-1)!.dispose()
    instances.pop()
    // Locked at start-up: the unknown redemption cannot be resolved, and recovery logs why.
    const locked = await start()
    await locked.services.started
    const mainLog = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8')
    expect(mainLog).toMatch(/\[warn\] +\(redemption\) start-up recovery incomplete: KeychainUnavailableError/)
    await locked.services.dispose()
    instances.pop()

    secrets.failWhen = undefined
    const unlocked = await start()
    await unlocked.services.started
    expect(gateway.ledger.actionCount('880000000003', 'NORMAL_ISUSED')).toBe(1)
  })

  it('the vault’s own logger, when putting the keychain back fails too', async () => {
    const store = new MemorySecretStore()
    const vault = createVault({
      dataDir: mkdtempSync(join(tmpdir(), 'cd-logs-vault-')),
      secrets: store,
      sandbox: { appKey: '10000001', appSecret: 'sandbox', sessionKey: 'sandbox', gatewayUrl: () => gateway.url },
      logger: vaultLogger,
    })
    const { id } = await vault.save({ name: '门店', kind: 'production', appKey: APP_KEY, appSecret: APP_SECRET, sessionKey: SESSION_KEY })
    // Writing the new session key fails, and so does putting the old one back.
    echoingFailure(store, (operation, account) => operation === 'set' && account.endsWith(':sessionKey'))
    await expect(
      vault.save({ id, name: '门店', kind: 'production', appSecret: NEW_SECRET, sessionKey: `${SESSION_KEY}-2` }),
    ).rejects.toMatchObject({
      name: 'KeychainUnavailableError',
    })
    expect(lines.some((line) => line.sink === 'vault.warn' && line.text.includes('could not restore keychain entry'))).toBe(true)
  })

  it('no log file holds a secret or the unmasked app key', () => {
    const logDir = join(dataDir, 'logs')
    // The files were written: the failure paths above did log, warnings and errors among them.
    const mainLog = readFileSync(join(logDir, 'main.log'), 'utf8')
    expect(mainLog).toMatch(/\[warn\]/)
    expect(mainLog).toMatch(/\[error\] +\(ipc\)|\[warn\] +\(redemption\)/)
    expect(filesContaining(logDir, Object.values(FORBIDDEN))).toEqual([])
  })

  it('no captured line holds a secret or the unmasked app key', () => {
    // The capture worked: the failure paths above did log.
    expect(lines.length).toBeGreaterThan(10)
    expect(lines.some((line) => line.sink === 'console.error' || line.sink === 'vault.warn')).toBe(true)
    const leaks = lines.flatMap((line, index) =>
      Object.entries(FORBIDDEN)
        .filter(([, value]) => line.text.includes(value))
        .map(([name]) => `line ${index} (${line.sink}) contains ${name}: ${line.text.slice(0, 300)}`),
    )
    expect(leaks).toEqual([])
  })
})
