import { z } from 'zod'
import type { ConnectionTest } from '@contract/ipc/channels/profiles'
import { TEMPLATE_QUERY, templateQueryRequest } from '@main/top/apis'
import type { TopClient } from '@main/top/client'
import { TopError } from '@main/top/errors'
import { knownIpcError } from '@main/ipc/app-error'
import { topIpcError } from '@main/ipc/top-error'

/**
 * The template the probe asks for. Read-only whatever it finds: the query changes nothing, and
 * an id that exists only returns that template.
 */
const PROBE_TEMPLATE_ID = '1'

/**
 * "Test connection" without side effects, and "ok" only on an answer that proves the credentials.
 *
 * What proves them (see /work/shared/top-protocol.md): no TOP reply is signed, so a reply proves
 * nothing by its content alone: any server can answer `{"error_response":{"code":40}}` or a fake
 * business answer. Two things together do:
 *   1. who answers: production gateways are TOP's own hosts over https (enforced when the profile
 *      is saved; another host only as a custom gateway the user confirmed with the app secret), so
 *      the TLS certificate says the answer is TOP's;
 *   2. what the answer is: one TOP gives only after checking app key, signature, timestamp and
 *      session. `alibaba.wdk.coupon.template.query` needs the session, and its business answer
 *      (the `…_response` with `result`, found or not found) or a business-level refusal (an
 *      `isv.*` sub-code other than a parameter complaint) comes from the API's service, which the
 *      gateway reaches only once the caller is authenticated.
 * Not proof: code 40/41 (missing or invalid parameters: the protocol does not say the gateway
 * checks the signature first, and any server can say it), code 26/27 when no session key is set
 * (app key and secret are then never shown right), any transport failure. Platform refusals
 * (25 signature, 29 app key, 31 clock, 27 session, 11 permission…) are reported in their words.
 */
export async function testConnection(client: TopClient, options: { hasSession: boolean; now?: () => number }): Promise<ConnectionTest> {
  const now = options.now ?? Date.now
  const started = now()
  try {
    await client.call(
      TEMPLATE_QUERY.method,
      { [TEMPLATE_QUERY.param]: templateQueryRequest(PROBE_TEMPLATE_ID) },
      // Any business answer counts, whatever its shape: the platform let the call through.
      { responseSchema: z.record(z.string(), z.unknown()), needsSession: options.hasSession },
    )
    return { ok: true, latencyMs: Math.max(0, now() - started), sessionChecked: true }
  } catch (error) {
    if (error instanceof TopError && provesCredentials(error)) {
      return { ok: true, latencyMs: Math.max(0, now() - started), sessionChecked: true }
    }
    if (error instanceof TopError && !options.hasSession && (error.code === 26 || error.code === 27)) {
      return { ok: false, key: 'settings.testNeedsSession' }
    }
    if (error instanceof TopError && (error.code === 40 || error.code === 41)) {
      return { ok: false, key: 'settings.testUnproven', top: topIpcError(error).top! }
    }
    const ipc = knownIpcError(error)
    if (ipc) {
      return { ok: false, key: ipc.key, ...(ipc.params ? { params: ipc.params } : {}), ...(ipc.top ? { top: ipc.top } : {}) }
    }
    throw error
  }
}

/** A business-level refusal: past the gateway's checks, from the API's own service. */
function provesCredentials(error: TopError): boolean {
  if (error.code === 40 || error.code === 41) return false
  const sub = error.subCode ?? ''
  return sub.startsWith('isv.') && !/missing|invalid-parameter|parameter/i.test(sub) && (error.code === 15 || error.code === 50)
}
