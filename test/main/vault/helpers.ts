import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
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
