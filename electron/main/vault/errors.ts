import type { IpcError, IpcErrorCode } from '@contract/ipc/envelope'
import type { MessageParams } from '@contract/locales'
import type { VaultMessageKey } from './message-keys'

/**
 * Base of every error the vault throws on purpose. The IPC router answers it with `toIpcError()`
 * (its `ConvertibleToIpcError` contract); `message` is English for logs and developers.
 * No vault error ever carries a secret: not in the message, the params or the cause.
 */
export class VaultError extends Error {
  readonly messageKey: VaultMessageKey
  readonly ipcCode: IpcErrorCode
  readonly params: MessageParams

  constructor(message: string, details: { messageKey: VaultMessageKey; ipcCode: IpcErrorCode; params?: MessageParams; cause?: Error }) {
    super(message, details.cause ? { cause: details.cause } : undefined)
    this.name = 'VaultError'
    this.messageKey = details.messageKey
    this.ipcCode = details.ipcCode
    this.params = details.params ?? {}
  }

  /** What the renderer gets: code, key and params only; the message and cause stay in main. */
  toIpcError(): IpcError {
    return {
      code: this.ipcCode,
      key: this.messageKey,
      ...(Object.keys(this.params).length > 0 ? { params: { ...this.params } } : {}),
    }
  }
}

/** Why the keychain could not be used; for logs and support, the user sees one message. */
export type KeychainFailureReason =
  | 'module-missing' // keytar's native module did not load
  | 'no-dbus' // Linux: no session bus to reach a Secret Service through
  | 'no-secret-service' // the bus is there, nothing answers as org.freedesktop.secrets
  | 'locked' // the keyring is locked and could not be unlocked
  | 'unknown'

export type KeychainOperation = 'load' | 'get' | 'set' | 'delete'

/**
 * The OS keychain could not be read or written. There is deliberately no plaintext fallback:
 * the caller reports this and the user fixes the keychain (or keeps using the sandbox).
 * `cause` is a fresh Error holding only the redacted text of the original failure.
 */
export class KeychainUnavailableError extends VaultError {
  constructor(
    readonly reason: KeychainFailureReason,
    readonly operation: KeychainOperation,
    detail: string,
  ) {
    super(`OS keychain unavailable during ${operation} (${reason}): ${detail}`, {
      messageKey: 'vault.keychainUnavailable',
      ipcCode: 'keychain',
      cause: new Error(detail),
    })
    this.name = 'KeychainUnavailableError'
  }
}

/** Display names of the credentials, the same in both locales (they are the platform's terms). */
export type CredentialName = 'App Key' | 'App Secret'

/** A production profile is asked for credentials that were never entered (or were wiped). */
export class MissingSecretError extends VaultError {
  constructor(
    readonly profileId: string,
    profileName: string,
    readonly secret: CredentialName,
  ) {
    super(`Profile ${profileId} has no ${secret} in the keychain`, {
      messageKey: 'vault.secretMissing',
      ipcCode: 'not-found',
      params: { name: profileName, secret },
    })
    this.name = 'MissingSecretError'
  }
}

export class ProfileNotFoundError extends VaultError {
  constructor(readonly profileId: string) {
    super(`No connection profile with id ${profileId}`, { messageKey: 'vault.notFound', ipcCode: 'not-found' })
    this.name = 'ProfileNotFoundError'
  }
}

/** The built-in training profile is part of the app, not user data. */
export class SandboxProfileReadOnlyError extends VaultError {
  constructor(readonly attempted: 'update' | 'delete') {
    super(`The built-in sandbox profile cannot be ${attempted === 'delete' ? 'deleted' : 'changed'}`, {
      messageKey: attempted === 'delete' ? 'vault.cannotDeleteSandbox' : 'vault.sandboxReadOnly',
      ipcCode: 'forbidden',
    })
    this.name = 'SandboxProfileReadOnlyError'
  }
}

/** Two profiles with one name would be indistinguishable in the profile switcher. */
export class DuplicateProfileNameError extends VaultError {
  constructor(name: string) {
    super(`A connection profile named "${name}" already exists`, {
      messageKey: 'vault.duplicateName',
      ipcCode: 'conflict',
      params: { name },
    })
    this.name = 'DuplicateProfileNameError'
  }
}

/** profiles.json could not be written; the file on disk still holds the previous state. */
export class ProfileStorageError extends VaultError {
  constructor(path: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    super(`Could not write ${path}: ${detail}`, {
      messageKey: 'vault.storageFailed',
      ipcCode: 'internal',
      cause: cause instanceof Error ? cause : new Error(detail),
    })
    this.name = 'ProfileStorageError'
  }
}

/**
 * A profile's gateway origin changed without the app secret typed again. Field-level, at the
 * secret: a renderer (or someone at its console) must not be able to point stored credentials,
 * session key included, at another server by changing the URL alone.
 */
export class GatewayChangeNeedsSecretError extends VaultError {
  constructor(readonly profileId: string) {
    super(`Profile ${profileId}: the gateway origin changed without the app secret`, {
      messageKey: 'vault.gatewayChangeNeedsSecret',
      ipcCode: 'invalid-input',
    })
    this.name = 'GatewayChangeNeedsSecretError'
  }

  override toIpcError(): IpcError {
    return {
      code: 'invalid-input',
      key: 'ipc.invalidInput',
      issues: [{ path: ['appSecret'], key: this.messageKey, params: {} }],
    }
  }
}
