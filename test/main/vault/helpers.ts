import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { SecretStore } from '@main/vault/secret-store'
import type { SandboxCredentials } from '@main/vault/vault'

/** A fresh data folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'coupon-desk-vault-'))
    dirs.push(dir)
    return dir
  }
}

export const SANDBOX: SandboxCredentials = {
  appKey: '10000001',
  appSecret: 'sandbox-secret-not-for-production',
  sessionKey: 'sandbox-session',
  gatewayUrl: () => 'http://127.0.0.1:47100/router/rest',
}

/** Values distinctive enough that finding them anywhere is proof of a leak. */
export const SECRETS = {
  appKey: '23456789',
  appSecret: 'c0ffee5ecretd00dfeedfacecafebabe',
  sessionKey: '6102a1b2c3d4e5f6SESSIONKEY0000',
} as const

/** Set, read back and delete one entry; resolve with why the keychain is unusable, if it is. */
export async function probeKeychain(store: SecretStore): Promise<string | undefined> {
  const value = randomUUID()
  const attempt = (async () => {
    await store.set('probe', value)
    if ((await store.get('probe')) !== value) return 'the keychain did not return what was stored'
    await store.delete('probe')
    return undefined
  })()
  // A keyring waiting on an unlock prompt nobody will answer would otherwise hang the hook.
  const timeout = new Promise<string>((done) => setTimeout(() => done('no answer from the keychain within 10 s'), 10_000).unref())
  return Promise.race([attempt.catch((error: unknown) => (error as Error).message), timeout])
}

/** Who promised a keychain, if anyone: then its absence is a failure, not a reason to skip. */
export function keychainPromisedBy(env: NodeJS.ProcessEnv): string | undefined {
  if (env.COUPON_DESK_IN_KEYRING === '1') return 'scripts/with-keyring.sh (COUPON_DESK_IN_KEYRING=1)'
  if (env.CI) return 'CI'
  return undefined
}
