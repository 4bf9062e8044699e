import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarStore } from '@main/vault/secret-store'
import { createVault, secretAccount } from '@main/vault/vault'
import { SANDBOX, SECRETS, keychainPromisedBy, probeKeychain, useTempDirs } from './helpers'

/**
 * These tests talk to the real OS keychain through keytar. On Linux that needs a Secret Service,
 * which CI provides (gnome-keyring inside dbus-run-session). Locally they skip when there is
 * none, saying why. In CI, and under `scripts/with-keyring.sh` (which sets COUPON_DESK_IN_KEYRING=1),
 * a missing keyring fails them: a keyring was promised there, so skipping would hide that the
 * keychain path is not tested at all.
 */
const service = `coupon-desk-test-${randomUUID()}`
/** Raw keytar, to check the keychain behind the vault's back; loaded only once it is known to work. */
const keytar = () => createRequire(import.meta.url)('keytar') as typeof import('keytar')
const tempDir = useTempDirs()

let unavailable: string | undefined

beforeAll(async () => {
  unavailable = await probeKeychain(createKeytarStore(service))
  const promisedBy = keychainPromisedBy(process.env)
  if (unavailable && promisedBy) {
    throw new Error(
      `${promisedBy} must provide an unlocked OS keychain for the vault tests, but: ${unavailable}. ` +
        'Run the tests inside `dbus-run-session` with gnome-keyring-daemon unlocked.',
    )
  }
})

afterAll(async () => {
  if (unavailable) return
  // Leave nothing behind in the developer's real keychain, even after a failed test.
  for (const { account } of await keytar().findCredentials(service)) await keytar().deletePassword(service, account)
})

/** Skip (locally) with the probe's reason when there is no keychain to test against. */
function needsKeychain(skip: (condition: boolean, note?: string) => void): void {
  skip(unavailable !== undefined, `no usable OS keychain here (${unavailable}); run under dbus-run-session with gnome-keyring`)
}

describe('the real OS keychain', () => {
  it('round-trips a secret through keytar', async ({ skip }) => {
    needsKeychain(skip)
    const store = createKeytarStore(service)
    await store.set('round-trip', SECRETS.appSecret)
    expect(await store.get('round-trip')).toBe(SECRETS.appSecret)
    expect(await store.delete('round-trip')).toBe(true)
    expect(await store.get('round-trip')).toBeNull()
    expect(await store.delete('round-trip')).toBe(false)
  })

  it('holds a production profile’s secrets from save to remove', async ({ skip }) => {
    needsKeychain(skip)
    const dataDir = tempDir()
    const vault = createVault({ dataDir, secrets: createKeytarStore(service), sandbox: SANDBOX })
    const { id } = await vault.save({
      name: '盒马 上海店',
      kind: 'production',
      appKey: SECRETS.appKey,
      appSecret: SECRETS.appSecret,
      sessionKey: SECRETS.sessionKey,
    })

    const accounts = async () => (await keytar().findCredentials(service)).map((c) => c.account).sort()
    expect(await accounts()).toEqual(['appKey', 'appSecret', 'sessionKey'].map((name) => `${id}:${name}`))
    expect(await keytar().getPassword(service, secretAccount(id, 'appSecret'))).toBe(SECRETS.appSecret)

    expect({ ...(await vault.credentials(id)) }).toEqual({
      gatewayUrl: 'https://gw.api.taobao.com',
      appKey: SECRETS.appKey,
      appSecret: SECRETS.appSecret,
      sessionKey: SECRETS.sessionKey,
      signMethod: 'hmac-sha256',
      simplify: false,
    })
    const file = readFileSync(join(dataDir, 'profiles.json'), 'utf8')
    for (const secret of Object.values(SECRETS)) expect(file).not.toContain(secret)

    await vault.remove(id)
    expect(await accounts()).toEqual([])
    expect(vault.list()).toHaveLength(1)
  })
})

describe('when a missing keychain fails the run instead of skipping', () => {
  it('under scripts/with-keyring.sh and in CI, not on a plain developer machine', () => {
    expect(keychainPromisedBy({ COUPON_DESK_IN_KEYRING: '1' })).toContain('with-keyring.sh')
    expect(keychainPromisedBy({ CI: 'true' })).toBe('CI')
    expect(keychainPromisedBy({})).toBeUndefined()
    expect(keychainPromisedBy({ COUPON_DESK_IN_KEYRING: '' })).toBeUndefined()
  })
})

describe('keytar without a reachable D-Bus', () => {
  const run = promisify(execFile)

  it.skipIf(process.platform !== 'linux')('fails with KeychainUnavailableError and keeps the secret out of it', async () => {
    const root = resolve(import.meta.dirname, '../../..')
    const secret = `child-${randomUUID()}`
    const { stdout } = await run(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'fixtures/keychain-child.ts')], {
      cwd: root,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/coupon-desk-bus', DISPLAY: '', CHILD_SECRET: secret },
      timeout: 15_000,
    })
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, string>
    expect(result).toMatchObject({ name: 'KeychainUnavailableError', messageKey: 'vault.keychainUnavailable', reason: 'no-dbus' })
    expect(JSON.stringify(result)).not.toContain(secret)
  })
})
