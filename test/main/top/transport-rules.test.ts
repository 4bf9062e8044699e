import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { changeVoucherStatus } from '@main/top/apis'
import { createTopClient } from '@main/top/client'
import { TopTransportError } from '@main/top/errors'
import { MAX_REPLY_BYTES } from '@main/top/transport'
import { redeemRequest } from './fixtures'

/**
 * Rules any transport of the TOP client must keep, whatever it is built on (fetch, node:http,
 * Electron's net): they are tested through `createTopClient` with its default transport, against
 * real sockets, so a new transport passes them or fails here.
 *   - a redirect is never followed: the host it names receives nothing, and the call fails as
 *     "sent, outcome unknown" (the first host had the whole request)
 *   - a reply larger than MAX_REPLY_BYTES is not read: the call fails the same way
 */

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

interface Recorded {
  url: string
  requests: Array<{ method: string; body: string }>
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Recorded> {
  const recorded: Recorded = { url: '', requests: [] }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      recorded.requests.push({ method: req.method ?? '', body })
      handler(req, res, body)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  recorded.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/router/rest`
  return recorded
}

const client = (gatewayUrl: string) =>
  createTopClient({
    gatewayUrl,
    appKey: '12345678',
    appSecret: 'secret-never-elsewhere',
    session: 'session-never-elsewhere',
    signMethod: 'hmac-sha256',
    timeoutMs: 3_000,
    backoffMs: 1,
    maxAttempts: 3,
  })

const OK_REPLY = JSON.stringify({
  alibaba_alsc_crm_voucher_status_change_response: { result: { success: true, model: [] }, request_id: 'x' },
})

describe('the TOP client never follows a redirect', () => {
  it.each([301, 302, 303, 307, 308])(
    'HTTP %i to another server: that server receives nothing; the call is sent, outcome unknown',
    async (status) => {
      const elsewhere = await serve((_req, res) => res.end(OK_REPLY))
      const gateway = await serve((_req, res) => {
        res.writeHead(status, { location: elsewhere.url })
        res.end()
      })
      const error = await changeVoucherStatus(client(gateway.url), redeemRequest()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TopTransportError)
      expect(error).toMatchObject({ failure: 'redirect', sent: true, status })
      expect((error as TopTransportError).messageKey).toBe('top.error.transport.outcomeUnknown')
      expect(elsewhere.requests).toEqual([])
      // Not repeated by the client on its own: the same answer would come back.
      expect(gateway.requests).toHaveLength(1)
    },
  )
})

describe('the TOP client reads at most MAX_REPLY_BYTES of a reply', () => {
  it('a declared body over the cap is refused unread', async () => {
    const gateway = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_REPLY_BYTES + 1) })
      res.write('{')
      // Never finishes: a reader that waited for the whole body would hang until the timeout.
    })
    const started = Date.now()
    const error = await changeVoucherStatus(client(gateway.url), redeemRequest()).catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'too-large', sent: true })
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('a chunked body that grows past the cap is cut off', async () => {
    const gateway = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(256 * 1024, 0x20)
      let sent = 0
      const pump = () => {
        while (sent <= MAX_REPLY_BYTES + chunk.length) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end(OK_REPLY)
      }
      pump()
    })
    const error = await changeVoucherStatus(client(gateway.url), redeemRequest()).catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'too-large', sent: true })
  })

  it('a reply under the cap is read as before', async () => {
    const gateway = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(OK_REPLY)
    })
    const reply = await client(gateway.url).call(
      'alibaba.alsc.crm.voucher.status.change',
      {},
      { responseSchema: z.unknown(), needsSession: false },
    )
    expect(reply.data).toMatchObject({ result: { success: true } })
  })
})
