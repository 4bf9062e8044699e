import { createRequire } from 'node:module'
import { KeychainUnavailableError, type KeychainFailureReason, type KeychainOperation } from './errors'

/** Where the vault keeps secrets. Accounts are opaque names; values are never logged. */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, value: string): Promise<void>
  /** Resolves true when something was deleted, false when there was nothing to delete. */
  delete(account: string): Promise<boolean>
}

export const DEFAULT_KEYCHAIN_SERVICE = 'coupon-desk'

/** The part of keytar the store uses; tests hand in a fake through `loadKeytar`. */
export type KeytarApi = Pick<typeof import('keytar'), 'getPassword' | 'setPassword' | 'deletePassword'>

export interface KeytarStoreOptions {
  /** How to obtain keytar. Defaults to requiring the real native module on first use. */
  loadKeytar?: () => KeytarApi | Promise<KeytarApi>
}

/**
 * keytar is a native module and needs a Secret Service on Linux. Requiring it lazily, on the
 * first secret operation, keeps the app starting (and the sandbox usable) on a machine where
 * either is missing; `createRequire` because a `.node` addon can only be loaded by `require`.
 */
function requireKeytar(): KeytarApi {
  return createRequire(import.meta.url)('keytar') as KeytarApi
}

/**
 * A SecretStore in the OS keychain (Windows Credential Manager, macOS Keychain, Secret Service).
 * Every failure, including keytar failing to load, becomes a KeychainUnavailableError.
 */
export function createKeytarStore(service = DEFAULT_KEYCHAIN_SERVICE, options: KeytarStoreOptions = {}): SecretStore {
  const load = options.loadKeytar ?? requireKeytar
  let keytar: Promise<KeytarApi> | undefined

  async function withKeytar<T>(operation: KeychainOperation, secret: string | undefined, call: (api: KeytarApi) => Promise<T>): Promise<T> {
    let api: KeytarApi
    try {
      keytar ??= Promise.resolve().then(load)
      api = await keytar
    } catch (error) {
      // Forget the failure: a later attempt may find the module (e.g. after a repair install).
      keytar = undefined
      throw new KeychainUnavailableError('module-missing', 'load', describe(error, secret))
    }
    try {
      return await call(api)
    } catch (error) {
      throw toKeychainUnavailable(error, operation, secret)
    }
  }

  return {
    get: (account) => withKeytar('get', undefined, (api) => api.getPassword(service, account)),
    set: (account, value) => {
      // keytar would reject '' with "Password is required.", which would read as a broken
      // keychain; an empty secret is a bug in the caller, so say so.
      if (value === '') return Promise.reject(new TypeError(`Refusing to store an empty secret for ${account}`))
      return withKeytar('set', value, (api) => api.setPassword(service, account, value))
    },
    delete: (account) => withKeytar('delete', undefined, (api) => api.deletePassword(service, account)),
  }
}

/**
 * Wraps any SecretStore so that whatever it throws reaches the vault as a
 * KeychainUnavailableError with the secret redacted. The keytar store already does this; the
 * wrapper makes the guarantee hold for every store the vault is handed.
 */
export function guardSecretStore(store: SecretStore): SecretStore {
  const guard = async <T>(operation: KeychainOperation, secret: string | undefined, call: () => Promise<T>) => {
    try {
      return await call()
    } catch (error) {
      throw toKeychainUnavailable(error, operation, secret)
    }
  }
  return {
    get: (account) => guard('get', undefined, () => store.get(account)),
    set: (account, value) => guard('set', value, () => store.set(account, value)),
    delete: (account) => guard('delete', undefined, () => store.delete(account)),
  }
}

/** Map a keychain failure to the vault's typed error, without ever quoting `secret`. */
export function toKeychainUnavailable(error: unknown, operation: KeychainOperation, secret?: string): KeychainUnavailableError {
  if (error instanceof KeychainUnavailableError) return error
  const detail = describe(error, secret)
  return new KeychainUnavailableError(classify(detail), operation, detail)
}

/**
 * keytar reports everything as a plain Error whose text comes from libsecret/GLib, Security
 * framework or Win32. The text is all there is to tell the cases apart; the patterns below are
 * the ones libsecret and GDBus produce.
 */
function classify(detail: string): KeychainFailureReason {
  if (/locked/i.test(detail)) return 'locked'
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(detail)) {
    return 'no-secret-service'
  }
  if (/D-Bus|DBUS|Could not connect|session bus/i.test(detail)) return 'no-dbus'
  return 'unknown'
}

const MAX_DETAIL = 300

/**
 * The failure's text, with the secret cut out should a native layer ever echo it, and capped
 * so a pathological message cannot flood the log.
 */
function describe(error: unknown, secret: string | undefined): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const redacted = secret ? raw.split(secret).join('[redacted]') : raw
  return redacted.length > MAX_DETAIL ? `${redacted.slice(0, MAX_DETAIL)}…` : redacted
}
