import { z } from 'zod'
import type { ConnectionTest } from '@contract/ipc/channels/profiles'
import { TEMPLATE_UPDATE, VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import type { TopClient } from '@main/top/client'
import { TopError } from '@main/top/errors'
import { isConvertible } from '../ipc/app-error'

/** The gateway checks app key, signature, timestamp and session before it looks at business params. */
const MISSING_BUSINESS_PARAMS = new Set([40, 41])

/**
 * "Test connection" without side effects: call each API with no business parameters. A gateway that
 * answers "missing parameter" has accepted app key, signature, clock and (for the template API) the
 * session; any other answer says what is wrong. Nothing is redeemed or changed.
 */
export async function testConnection(client: TopClient, options: { checkSession: boolean; now?: () => number }): Promise<ConnectionTest> {
  const now = options.now ?? Date.now
  const started = now()
  const probes = [VOUCHER_STATUS_CHANGE, ...(options.checkSession ? [TEMPLATE_UPDATE] : [])]
  for (const api of probes) {
    try {
      await client.call(api.method, {}, { responseSchema: z.unknown(), needsSession: api.needsSession })
    } catch (error) {
      if (error instanceof TopError && MISSING_BUSINESS_PARAMS.has(error.code)) continue
      if (isConvertible(error)) {
        const ipc = error.toIpcError()
        return { ok: false, key: ipc.key, ...(ipc.params ? { params: ipc.params } : {}), ...(ipc.top ? { top: ipc.top } : {}) }
      }
      throw error
    }
  }
  return { ok: true, latencyMs: Math.max(0, now() - started), sessionChecked: options.checkSession }
}
