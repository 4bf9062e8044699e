import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { testConnection } from '@main/services/connection-test'
import { createTopClient } from '@main/top/client'
import { startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'

/**
 * "Test connection" says ok only on an answer that proves app key, secret and session: a business
 * answer or a business-level refusal of a harmless read, never a bare parameter complaint, which
 * any server can give (see the reasoning in connection-test.ts).
 */
const servers: Server[] = []
let sandbox: SandboxConnection | undefined
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  await sandbox?.stop()
  sandbox = undefined
})

async function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const requests: string[] = []
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (c) => (text += c))
    req.on('end', () => {
      requests.push(text)
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(body)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/router/rest`, requests }
}

const clientOf = (url: string) =>
  createTopClient({
    gatewayUrl: url,
    appKey: '12345678',
    appSecret: 'secret',
    session: 'session',
    signMethod: 'hmac-sha256',
    timeoutMs: 2_000,
    backoffMs: 1,
    maxAttempts: 1,
  })

describe('testConnection', () => {
  it('is ok against the training gateway, which checks everything TOP checks', async () => {
    sandbox = await startSandboxConnection()
    expect(await testConnection(sandbox.connection.client, { hasSession: true })).toMatchObject({ ok: true, sessionChecked: true })
  })

  it.each([
    [40, 'isv.missing-parameter'],
    [41, 'isv.invalid-parameter'],
    [40, undefined],
  ])('a bare code %i (%s) from any server proves nothing', async (code, subCode) => {
    const server = await answering(
      200,
      JSON.stringify({ error_response: { code, msg: 'Missing required arguments', ...(subCode ? { sub_code: subCode } : {}) } }),
    )
    expect(await testConnection(clientOf(server.url), { hasSession: true })).toMatchObject({ ok: false, key: 'settings.testUnproven' })
  })

  it('a 307 to another server: that server receives nothing, and the test fails', async () => {
    const elsewhere = await answering(200, JSON.stringify({ alibaba_wdk_coupon_template_query_response: { result: { success: true } } }))
    const gateway = await answering(307, '', { location: elsewhere.url })
    const result = await testConnection(clientOf(gateway.url), { hasSession: true })
    expect(result).toMatchObject({ ok: false, key: 'top.error.transport.outcomeUnknown' })
    expect(elsewhere.requests).toEqual([])
  })

  it('a business-level refusal of the read (an isv.* service error) proves the caller got through', async () => {
    const server = await answering(
      200,
      JSON.stringify({ error_response: { code: 15, msg: 'Remote service error', sub_code: 'isv.template-not-exist' } }),
    )
    expect(await testConnection(clientOf(server.url), { hasSession: true })).toMatchObject({ ok: true })
  })

  it('without a session key, "session missing" does not prove the app key and secret', async () => {
    const server = await answering(200, JSON.stringify({ error_response: { code: 26, msg: 'Missing session' } }))
    const client = createTopClient({
      gatewayUrl: server.url,
      appKey: '12345678',
      appSecret: 'secret',
      signMethod: 'hmac-sha256',
      timeoutMs: 2_000,
      maxAttempts: 1,
    })
    expect(await testConnection(client, { hasSession: false })).toEqual({ ok: false, key: 'settings.testNeedsSession' })
  })

  it('a platform refusal is reported in its words', async () => {
    const server = await answering(200, JSON.stringify({ error_response: { code: 25, msg: 'Invalid signature' } }))
    expect(await testConnection(clientOf(server.url), { hasSession: true })).toMatchObject({
      ok: false,
      key: 'top.error.signature',
      top: { code: 25 },
    })
  })
})
