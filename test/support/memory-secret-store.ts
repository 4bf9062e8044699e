import type { SecretStore } from '@main/vault/secret-store'

export type SecretOperation = 'get' | 'set' | 'delete'

/**
 * A SecretStore in a Map, for unit tests. `failWhen` decides per call whether to throw, so a
 * test can break the keychain for one operation, one account, or from the n-th call on.
 */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>()
  readonly calls: Array<{ operation: SecretOperation; account: string }> = []
  failWhen: ((operation: SecretOperation, account: string, value?: string) => Error | undefined) | undefined

  async get(account: string): Promise<string | null> {
    this.record('get', account)
    return this.entries.get(account) ?? null
  }

  async set(account: string, value: string): Promise<void> {
    this.record('set', account, value)
    this.entries.set(account, value)
  }

  async delete(account: string): Promise<boolean> {
    this.record('delete', account)
    return this.entries.delete(account)
  }

  /** Fail every call from now on, the way keytar does without a session bus. */
  breakLikeKeytarWithoutDbus(): void {
    this.failWhen = () => new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
  }

  private record(operation: SecretOperation, account: string, value?: string): void {
    this.calls.push({ operation, account })
    const failure = this.failWhen?.(operation, account, value)
    if (failure) throw failure
  }
}
