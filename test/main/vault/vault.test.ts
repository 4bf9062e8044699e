import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { ZodError } from 'zod'
import { ProfileViewSchema, SANDBOX_PROFILE_ID, SANDBOX_PROFILE_NAME } from '@contract/profiles'
import {
  DuplicateProfileNameError,
  KeychainUnavailableError,
  MissingSecretError,
  ProfileNotFoundError,
  ProfileStorageError,
  SandboxProfileReadOnlyError,
} from '@main/vault/errors'
import type { ProfileInput } from '@main/vault/profile-schema'
import { createVault, secretAccount } from '@main/vault/vault'
import { SANDBOX, SECRETS, useTempDirs } from './helpers'
import { MemorySecretStore } from '../../support/memory-secret-store'

const tempDir = useTempDirs()

function setup(dataDir = tempDir(), secrets = new MemorySecretStore()) {
  const logger = { warn: vi.fn() }
  const vault = createVault({ dataDir, secrets, sandbox: SANDBOX, logger })
  return { vault, secrets, dataDir, logger, profilesFile: join(dataDir, 'profiles.json') }
}

const shop: ProfileInput = {
  name: '盒马 上海店',
  kind: 'production',
  appKey: SECRETS.appKey,
  appSecret: SECRETS.appSecret,
  sessionKey: SECRETS.sessionKey,
  defaults: { shopId: '1001', operatorName: '小王' },
}

/** Everything a leak could hide in: every view, serialised. */
const everything = (text: string) => [SECRETS.appKey, SECRETS.appSecret, SECRETS.sessionKey].filter((s) => text.includes(s))

describe('the built-in sandbox profile', () => {
  it('is listed, and active, on first start', () => {
    const { vault } = setup()
    const [sandbox, ...others] = vault.list()
    expect(others).toEqual([])
    expect(sandbox).toEqual({
      id: SANDBOX_PROFILE_ID,
      name: SANDBOX_PROFILE_NAME,
      kind: 'sandbox',
      gatewayUrl: 'http://127.0.0.1:47100/router/rest',
      appKey: '1000****01',
      signMethod: 'hmac-sha256',
      simplify: false,
      defaults: {},
      appSecretSet: true,
      sessionKeySet: true,
      active: true,
      builtIn: true,
    })
    expect(vault.active().id).toBe(SANDBOX_PROFILE_ID)
  })

  it('hands out the embedded gateway credentials without touching the keychain', async () => {
    const { vault, secrets } = setup()
    secrets.breakLikeKeytarWithoutDbus()
    const credentials = await vault.credentials()
    expect({ ...credentials }).toEqual({
      gatewayUrl: SANDBOX.gatewayUrl(),
      appKey: SANDBOX.appKey,
      appSecret: SANDBOX.appSecret,
      sessionKey: SANDBOX.sessionKey,
      signMethod: 'hmac-sha256',
      simplify: false,
    })
    expect(secrets.calls).toEqual([])
  })

  it('reads the gateway URL when asked, since the sandbox picks its port at start', () => {
    let port = 1
    const vault = createVault({
      dataDir: tempDir(),
      secrets: new MemorySecretStore(),
      sandbox: { ...SANDBOX, gatewayUrl: () => `http://127.0.0.1:${port}/router/rest` },
    })
    port = 47200
    expect(vault.active().gatewayUrl).toBe('http://127.0.0.1:47200/router/rest')
  })

  it('can be neither deleted nor edited', async () => {
    const { vault } = setup()
    const deleting = vault.remove(SANDBOX_PROFILE_ID)
    await expect(deleting).rejects.toThrow(SandboxProfileReadOnlyError)
    await expect(deleting).rejects.toMatchObject({ messageKey: 'vault.cannotDeleteSandbox', ipcCode: 'forbidden' })
    await expect(vault.save({ ...shop, id: SANDBOX_PROFILE_ID })).rejects.toMatchObject({
      messageKey: 'vault.sandboxReadOnly',
    })
    expect(vault.list()).toHaveLength(1)
  })
})

describe('creating and updating profiles', () => {
  it('creates a production profile: metadata to the file, secrets to the keychain', async () => {
    const { vault, secrets } = setup()
    const view = await vault.save(shop)
    expect(view).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: '盒马 上海店',
      kind: 'production',
      gatewayUrl: 'https://gw.api.taobao.com',
      appKey: '2345****89',
      signMethod: 'hmac-sha256',
      simplify: false,
      defaults: { shopId: '1001', operatorName: '小王' },
      appSecretSet: true,
      sessionKeySet: true,
      active: false,
      builtIn: false,
    })
    expect(Object.fromEntries(secrets.entries)).toEqual({
      [`${view.id}:appKey`]: SECRETS.appKey,
      [`${view.id}:appSecret`]: SECRETS.appSecret,
      [`${view.id}:sessionKey`]: SECRETS.sessionKey,
    })
    expect(vault.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID, view.id])
    for (const listed of vault.list()) ProfileViewSchema.strict().parse(listed)
  })

  it('keeps profiles across restarts', async () => {
    const { vault, dataDir, secrets } = setup()
    const view = await vault.save(shop)
    vault.setActive(view.id)
    const restarted = setup(dataDir, secrets).vault
    expect(restarted.list()).toEqual(vault.list())
    expect(restarted.active().id).toBe(view.id)
  })

  it('keeps the stored secrets when an update omits them', async () => {
    const { vault, secrets } = setup()
    const { id } = await vault.save(shop)
    const calls = secrets.calls.length
    const updated = await vault.save({ id, name: '盒马 浦东店', kind: 'production', simplify: true })
    expect(secrets.calls.slice(calls)).toEqual([]) // nothing to write, so the keychain is not even asked
    expect(updated).toMatchObject({ name: '盒马 浦东店', simplify: true, appKey: '2345****89', appSecretSet: true, sessionKeySet: true })
    // Metadata is replaced as a whole: the defaults were not sent, so they are gone.
    expect(updated.defaults).toEqual({})
    expect(await vault.credentials(id)).toMatchObject({
      appKey: SECRETS.appKey,
      appSecret: SECRETS.appSecret,
      sessionKey: SECRETS.sessionKey,
    })
  })

  it('replaces secrets that are sent, and clears the session key only when told to', async () => {
    const { vault, secrets } = setup()
    const { id } = await vault.save({ ...shop, sessionKey: undefined })
    expect(vault.list()[1]?.sessionKeySet).toBe(false)

    await vault.save({ id, name: shop.name, kind: 'production', appSecret: 'new-secret', sessionKey: 'new-session' })
    expect(await vault.credentials(id)).toMatchObject({ appSecret: 'new-secret', sessionKey: 'new-session' })
    expect(vault.list()[1]?.sessionKeySet).toBe(true)

    const cleared = await vault.save({ id, name: shop.name, kind: 'production', clearSessionKey: true })
    expect(cleared.sessionKeySet).toBe(false)
    expect(secrets.entries.has(secretAccount(id, 'sessionKey'))).toBe(false)
    expect(await vault.credentials(id)).not.toHaveProperty('sessionKey')
  })

  it('validates input before touching anything', async () => {
    const { vault, secrets, profilesFile } = setup()
    await expect(vault.save({ ...shop, appSecret: '' })).rejects.toThrow(ZodError)
    await expect(vault.save({ ...shop, name: '' })).rejects.toThrow(ZodError)
    expect(secrets.calls).toEqual([])
    expect(existsSync(profilesFile)).toBe(false)
  })

  it('refuses an update of a profile that does not exist', async () => {
    const { vault } = setup()
    const id = crypto.randomUUID()
    await expect(vault.save({ ...shop, id })).rejects.toThrow(ProfileNotFoundError)
    await expect(vault.save({ ...shop, id })).rejects.toMatchObject({ messageKey: 'vault.notFound', ipcCode: 'not-found' })
  })

  it('refuses a second profile with the same name, as a person would read it', async () => {
    const { vault } = setup()
    const { id } = await vault.save({ ...shop, name: 'Hema Shanghai' })
    await expect(vault.save({ ...shop, name: 'HEMA shanghai' })).rejects.toThrow(DuplicateProfileNameError)
    await expect(vault.save({ ...shop, name: '沙箱(培训模式)' })).rejects.toMatchObject({
      messageKey: 'vault.duplicateName',
      params: { name: '沙箱(培训模式)' },
    })
    // Keeping one's own name is not a clash.
    await expect(vault.save({ id, name: 'Hema Shanghai', kind: 'production' })).resolves.toMatchObject({ id })
  })

  it('does not lose an update when two saves race', async () => {
    const { vault, dataDir, secrets } = setup()
    await Promise.all([vault.save({ ...shop, name: 'A' }), vault.save({ ...shop, name: 'B' }), vault.save({ ...shop, name: 'C' })])
    expect(
      setup(dataDir, secrets)
        .vault.list()
        .map((p) => p.name),
    ).toEqual([SANDBOX_PROFILE_NAME, 'A', 'B', 'C'])
  })
})

describe('where the stored secrets may go', () => {
  it('refuses a gateway-only update without the secret, at the secret field, and keeps the profile as it was', async () => {
    const { vault } = setup()
    const saved = await vault.save(shop)
    const { appSecret: _s, appKey: _k, sessionKey: _sk, ...metadata } = shop
    const gatewayOnly = { ...metadata, id: saved.id, gatewayUrl: 'https://api.taobao.com' }
    const refused = await vault.save(gatewayOnly).catch((e: unknown) => e)
    expect(refused).toMatchObject({ name: 'GatewayChangeNeedsSecretError' })
    expect((refused as { toIpcError(): unknown }).toIpcError()).toEqual({
      code: 'invalid-input',
      key: 'ipc.invalidInput',
      issues: [{ path: ['appSecret'], key: 'vault.gatewayChangeNeedsSecret', params: {} }],
    })
    expect(vault.list().find((p) => p.id === saved.id)?.gatewayUrl).toBe('https://gw.api.taobao.com')
    // With the secret typed again it is a deliberate change.
    await expect(vault.save({ ...gatewayOnly, appSecret: SECRETS.appSecret })).resolves.toMatchObject({
      gatewayUrl: 'https://api.taobao.com',
    })
    // A path change on the same origin moves no secret anywhere new.
    await expect(vault.save({ ...metadata, id: saved.id, gatewayUrl: 'https://api.taobao.com/router/rest' })).resolves.toMatchObject({
      gatewayUrl: 'https://api.taobao.com/router/rest',
    })
  })

  it('refuses http:// and foreign hosts for production, even on update with the secret', async () => {
    const { vault } = setup()
    const saved = await vault.save(shop)
    for (const gatewayUrl of ['http://127.0.0.1:9/router/rest', 'https://collector.example/router/rest']) {
      await expect(vault.save({ ...shop, id: saved.id, gatewayUrl })).rejects.toThrow(ZodError)
    }
    // Turning it into a "sandbox" profile to escape the host rule still needs the secret.
    const { appSecret: _s, appKey: _k, sessionKey: _sk, ...metadata } = shop
    await expect(
      vault.save({ ...metadata, id: saved.id, kind: 'sandbox', gatewayUrl: 'http://127.0.0.1:9/router/rest' }),
    ).rejects.toMatchObject({ name: 'GatewayChangeNeedsSecretError' })
  })
})

describe('switching and removing profiles', () => {
  it('makes exactly one profile active, and persists the choice', async () => {
    const { vault, dataDir, secrets } = setup()
    const a = await vault.save({ ...shop, name: 'A' })
    const b = await vault.save({ ...shop, name: 'B' })
    expect(vault.setActive(b.id)).toMatchObject({ id: b.id, active: true })
    expect(
      vault
        .list()
        .filter((p) => p.active)
        .map((p) => p.id),
    ).toEqual([b.id])
    expect(vault.active().id).toBe(b.id)
    expect(setup(dataDir, secrets).vault.active().id).toBe(b.id)
    vault.setActive(a.id)
    expect(vault.active().id).toBe(a.id)
    expect(vault.setActive(SANDBOX_PROFILE_ID).active).toBe(true)
  })

  it('refuses to activate a profile that does not exist', () => {
    const { vault } = setup()
    expect(() => vault.setActive(crypto.randomUUID())).toThrow(ProfileNotFoundError)
    expect(() => vault.setActive('not-an-id')).toThrow(ProfileNotFoundError)
    expect(vault.active().id).toBe(SANDBOX_PROFILE_ID)
  })

  it('removes a profile with its keychain entries, falling back to the sandbox', async () => {
    const { vault, secrets, dataDir } = setup()
    const keep = await vault.save({ ...shop, name: 'keep' })
    const gone = await vault.save({ ...shop, name: 'gone' })
    vault.setActive(gone.id)
    await vault.remove(gone.id)
    expect(vault.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID, keep.id])
    expect(vault.active().id).toBe(SANDBOX_PROFILE_ID)
    expect([...secrets.entries.keys()].filter((account) => account.startsWith(gone.id))).toEqual([])
    expect([...secrets.entries.keys()].filter((account) => account.startsWith(keep.id))).toHaveLength(3)
    expect(
      setup(dataDir, secrets)
        .vault.list()
        .map((p) => p.id),
    ).toEqual([SANDBOX_PROFILE_ID, keep.id])
    await expect(vault.remove(gone.id)).rejects.toThrow(ProfileNotFoundError)
  })
})

describe('credentials', () => {
  it('reads a production profile from the keychain, for the active profile by default', async () => {
    const { vault } = setup()
    const { id } = await vault.save({ ...shop, signMethod: 'md5', simplify: true, gatewayUrl: 'https://eco.taobao.com/router/rest' })
    vault.setActive(id)
    expect({ ...(await vault.credentials()) }).toEqual({
      gatewayUrl: 'https://eco.taobao.com/router/rest',
      appKey: SECRETS.appKey,
      appSecret: SECRETS.appSecret,
      sessionKey: SECRETS.sessionKey,
      signMethod: 'md5',
      simplify: true,
    })
  })

  it('reports a secret that was never entered, or has vanished from the keychain', async () => {
    const { vault, secrets } = setup()
    // A production profile cannot be saved without its secret any more; it can still vanish.
    const { id } = await vault.save(shop)
    secrets.entries.delete(secretAccount(id, 'appSecret'))
    const missing = vault.credentials(id)
    await expect(missing).rejects.toThrow(MissingSecretError)
    await expect(missing).rejects.toMatchObject({
      messageKey: 'vault.secretMissing',
      params: { name: '盒马 上海店', secret: 'App Secret' },
    })
    secrets.entries.delete(secretAccount(id, 'appKey'))
    await expect(vault.credentials(id)).rejects.toMatchObject({ params: { secret: 'App Key' } })
  })

  it('refuses an unknown profile', async () => {
    const { vault } = setup()
    await expect(vault.credentials(crypto.randomUUID())).rejects.toThrow(ProfileNotFoundError)
  })

  it('prints and serialises redacted, while the signer can still read every field', async () => {
    const { vault } = setup()
    const { id } = await vault.save(shop)
    const credentials = await vault.credentials(id)
    expect(credentials.appSecret).toBe(SECRETS.appSecret)
    expect(everything(JSON.stringify(credentials))).toEqual([])
    expect(everything(inspect(credentials))).toEqual([])
    expect(everything(`${JSON.stringify({ nested: [credentials] })}`)).toEqual([])
    expect(JSON.parse(JSON.stringify(credentials))).toMatchObject({ appKey: '2345****89', appSecret: '[redacted]' })
  })
})

describe('when the keychain fails', () => {
  it('persists nothing and throws the typed error', async () => {
    const { vault, secrets, profilesFile } = setup()
    const existing = await vault.save({ ...shop, name: 'existing' })
    const fileBefore = readFileSync(profilesFile, 'utf8')
    const listBefore = vault.list()
    const keychainBefore = new Map(secrets.entries)

    secrets.breakLikeKeytarWithoutDbus()
    const creating = vault.save({ ...shop, name: 'new' })
    await expect(creating).rejects.toThrow(KeychainUnavailableError)
    await expect(creating).rejects.toMatchObject({ messageKey: 'vault.keychainUnavailable', ipcCode: 'keychain', reason: 'no-dbus' })
    await expect(vault.save({ id: existing.id, name: 'renamed', kind: 'production', appSecret: 'x' })).rejects.toThrow(
      KeychainUnavailableError,
    )
    await expect(vault.remove(existing.id)).rejects.toThrow(KeychainUnavailableError)
    await expect(vault.credentials(existing.id)).rejects.toThrow(KeychainUnavailableError)

    expect(readFileSync(profilesFile, 'utf8')).toBe(fileBefore)
    expect(vault.list()).toEqual(listBefore)
    expect(secrets.entries).toEqual(keychainBefore)
  })

  it('puts back the entries it had already changed when a later write fails', async () => {
    const { vault, secrets } = setup()
    const { id } = await vault.save(shop)
    // The app key write goes through, the app secret write fails: the app key must be restored.
    secrets.failWhen = (operation, account) =>
      operation === 'set' && account.endsWith(':appSecret') ? new Error('Cannot create an item in a locked collection') : undefined
    const saving = vault.save({ id, name: 'renamed', kind: 'production', appKey: '99999999', appSecret: 'other' })
    await expect(saving).rejects.toMatchObject({ reason: 'locked' })
    secrets.failWhen = undefined
    expect({ ...(await vault.credentials(id)) }).toMatchObject({ appKey: SECRETS.appKey, appSecret: SECRETS.appSecret })
    expect(vault.list()[1]).toMatchObject({ name: '盒马 上海店', appKey: '2345****89' })
  })

  it('never lets the secret into the error, even if the keychain echoes it', async () => {
    const { vault, secrets } = setup()
    secrets.failWhen = (operation, _account, value) => (operation === 'set' ? new Error(`could not store "${value}"`) : undefined)
    const error = await vault.save(shop).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KeychainUnavailableError)
    const { message, stack, cause } = error as KeychainUnavailableError
    const text = [message, stack, String(cause), (cause as Error).stack, JSON.stringify(error), inspect(error)].join('\n')
    expect(everything(text)).toEqual([])
    expect(text).toContain('[redacted]')
  })
})

describe('when profiles.json cannot be written', () => {
  it('rolls the keychain back and keeps the previous state', async () => {
    const { vault, secrets, profilesFile } = setup()
    const { id } = await vault.save(shop)
    const keychainBefore = new Map(secrets.entries)
    mkdirSync(`${profilesFile}.tmp`) // makes the atomic write fail, even as root

    await expect(vault.save({ ...shop, name: 'second' })).rejects.toThrow(ProfileStorageError)
    await expect(vault.save({ id, name: 'renamed', kind: 'production', appSecret: 'changed' })).rejects.toMatchObject({
      messageKey: 'vault.storageFailed',
    })
    await expect(vault.remove(id)).rejects.toThrow(ProfileStorageError)
    expect(() => vault.setActive(id)).toThrow(ProfileStorageError)

    expect(secrets.entries).toEqual(keychainBefore)
    expect(vault.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME, '盒马 上海店'])
    expect(vault.active().id).toBe(SANDBOX_PROFILE_ID)
  })
})

describe('a corrupt profiles.json', () => {
  it('is set aside and the vault starts fresh with the sandbox', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'profiles.json'), '\u0000\u0000 not json')
    const { vault, logger } = setup(dataDir)
    expect(vault.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID])
    expect(vault.active().id).toBe(SANDBOX_PROFILE_ID)
    expect(readdirSync(dataDir)).toEqual([expect.stringMatching(/^profiles\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+\.\d+Z$/)])
    expect(logger.warn).toHaveBeenCalledOnce()
    await vault.save(shop)
    expect(setup(dataDir).vault.list()).toHaveLength(2)
  })

  it('falls back to the sandbox when the active id points nowhere', () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'profiles.json'), JSON.stringify({ version: 1, activeId: crypto.randomUUID(), profiles: [] }))
    expect(setup(dataDir).vault.active().id).toBe(SANDBOX_PROFILE_ID)
  })
})

describe('secrets stay in the keychain', () => {
  it('never appear in a view, an error, or profiles.json', async () => {
    const { vault, profilesFile, dataDir } = setup()
    const created = await vault.save(shop)
    const updated = await vault.save({ ...shop, id: created.id, name: 'renamed' })
    vault.setActive(created.id)
    const views = JSON.stringify([created, updated, vault.list(), vault.active(), vault.setActive(created.id)])
    expect(everything(views)).toEqual([])

    const file = readFileSync(profilesFile, 'utf8')
    expect(everything(file)).toEqual([])
    expect(file).toContain('2345****89')
    // Nor in any other file the vault may have left in its folder.
    for (const name of readdirSync(dataDir)) expect(everything(readFileSync(join(dataDir, name), 'utf8'))).toEqual([])
  })
})
