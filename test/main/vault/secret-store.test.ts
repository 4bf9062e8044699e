import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { KeychainUnavailableError } from '@main/vault/errors'
import { createKeytarStore, guardSecretStore, type KeytarApi } from '@main/vault/secret-store'
import { MemorySecretStore } from '../../support/memory-secret-store'

/** keytar's three calls over a Map keyed by service and account. */
function fakeKeytar(): KeytarApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  const key = (service: string, account: string) => `${service}/${account}`
  return {
    entries,
    getPassword: vi.fn(async (service: string, account: string) => entries.get(key(service, account)) ?? null),
    setPassword: vi.fn(async (service: string, account: string, password: string) => {
      entries.set(key(service, account), password)
    }),
    deletePassword: vi.fn(async (service: string, account: string) => entries.delete(key(service, account))),
  }
}

/** keytar whose every call fails with `message`, as the native layer reports it. */
function brokenKeytar(message: (password?: string) => string): KeytarApi {
  const fail = async (_service: string, _account: string, password?: string): Promise<never> => {
    throw new Error(message(password))
  }
  return { getPassword: fail, setPassword: fail, deletePassword: fail }
}

describe('createKeytarStore', () => {
  it('stores under the given service and reports whether a delete found anything', async () => {
    const keytar = fakeKeytar()
    const store = createKeytarStore('coupon-desk-unit', { loadKeytar: () => keytar })
    await store.set('p1:appSecret', 's3cret')
    expect(keytar.entries).toEqual(new Map([['coupon-desk-unit/p1:appSecret', 's3cret']]))
    expect(await store.get('p1:appSecret')).toBe('s3cret')
    expect(await store.delete('p1:appSecret')).toBe(true)
    expect(await store.delete('p1:appSecret')).toBe(false)
    expect(await store.get('p1:appSecret')).toBeNull()
  })

  it('uses the coupon-desk service by default', async () => {
    const keytar = fakeKeytar()
    await createKeytarStore(undefined, { loadKeytar: () => keytar }).set('a', 'b')
    expect([...keytar.entries.keys()]).toEqual(['coupon-desk/a'])
  })

  it('loads keytar on first use only, so the app starts without it', async () => {
    const loadKeytar = vi.fn(fakeKeytar)
    const store = createKeytarStore('svc', { loadKeytar })
    expect(loadKeytar).not.toHaveBeenCalled()
    await store.get('a')
    await store.get('b')
    expect(loadKeytar).toHaveBeenCalledOnce()
  })

  it('reports a missing native module as an unavailable keychain, and tries again next time', async () => {
    const loadKeytar = vi.fn<() => KeytarApi>(() => {
      throw Object.assign(new Error("Cannot find module '../build/Release/keytar.node'"), { code: 'MODULE_NOT_FOUND' })
    })
    const store = createKeytarStore('svc', { loadKeytar })
    await expect(store.get('a')).rejects.toMatchObject({
      name: 'KeychainUnavailableError',
      messageKey: 'vault.keychainUnavailable',
      reason: 'module-missing',
      operation: 'load',
    })
    loadKeytar.mockImplementation(fakeKeytar)
    await expect(store.get('a')).resolves.toBeNull()
    expect(loadKeytar).toHaveBeenCalledTimes(2)
  })

  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-dbus'],
    ['Could not connect: No such file or directory', 'no-dbus'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'no-secret-service'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['The user name or passphrase you entered is not correct.', 'unknown'],
  ])('maps keytar failing with "%s" to KeychainUnavailableError (%s)', async (message, reason) => {
    const store = createKeytarStore('svc', { loadKeytar: () => brokenKeytar(() => message) })
    for (const call of [() => store.get('a'), () => store.set('a', 'a-long-secret'), () => store.delete('a')]) {
      const error = await call().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(KeychainUnavailableError)
      expect(error).toMatchObject({ reason, messageKey: 'vault.keychainUnavailable', ipcCode: 'keychain' })
      expect((error as Error).message).toContain(message)
    }
  })

  it('has no plaintext fallback: a failing keychain fails the call', async () => {
    const store = createKeytarStore('svc', { loadKeytar: () => brokenKeytar(() => 'Could not connect') })
    await expect(store.set('a', 'value')).rejects.toThrow(KeychainUnavailableError)
    // A fallback would answer here with the value it kept somewhere else.
    await expect(store.get('a')).rejects.toThrow(KeychainUnavailableError)
  })

  it('cuts the secret out of a failure that quotes it', async () => {
    const secret = 'ZZ-the-app-secret-ZZ'
    const store = createKeytarStore('svc', {
      loadKeytar: () => brokenKeytar((password) => `item "${password}" rejected; again: ${password}`),
    })
    const error = (await store.set('p:appSecret', secret).catch((e: unknown) => e)) as KeychainUnavailableError
    const text = [error.message, error.stack, String(error.cause), (error.cause as Error).stack, inspect(error)].join('\n')
    expect(text).not.toContain(secret)
    expect(error.message).toContain('item "[redacted]" rejected; again: [redacted]')
  })

  it('refuses to store an empty secret instead of blaming the keychain', async () => {
    const keytar = fakeKeytar()
    const store = createKeytarStore('svc', { loadKeytar: () => keytar })
    await expect(store.set('a', '')).rejects.toThrow(TypeError)
    expect(keytar.setPassword).not.toHaveBeenCalled()
  })
})

describe('guardSecretStore', () => {
  it('turns whatever a store throws into a redacted KeychainUnavailableError', async () => {
    const inner = new MemorySecretStore()
    inner.failWhen = (_operation, _account, value) => new Error(`boom ${value ?? ''}`)
    const store = guardSecretStore(inner)
    const error = await store.set('a', 'SECRET-VALUE').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KeychainUnavailableError)
    expect(inspect(error)).not.toContain('SECRET-VALUE')
    await expect(store.get('a')).rejects.toMatchObject({ operation: 'get', reason: 'unknown' })
  })

  it('passes values and typed errors through unchanged', async () => {
    const inner = new MemorySecretStore()
    const store = guardSecretStore(inner)
    await store.set('a', 'b')
    expect(await store.get('a')).toBe('b')
    const typed = new KeychainUnavailableError('locked', 'get', 'locked')
    inner.failWhen = () => typed
    await expect(store.get('a')).rejects.toBe(typed)
  })
})
