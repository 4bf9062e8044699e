import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setImmediate as nextTick } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { VoucherStatusChangeResponseSchema } from '@contract/api/voucher'
import { createTopClient } from '@main/top/client'
import { TopTransportError } from '@main/top/errors'
import { postForm, type FetchLike } from '@main/top/fetch-transport'
import { changeVoucherStatus } from '@main/top/apis'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { redeemRequest, sandboxClient } from './fixtures'

/** A fetch that fails the way Node's fetch does: `TypeError('fetch failed')` with the socket error as cause. */
const failingWith =
  (cause: Error): FetchLike =>
  () =>
    Promise.reject(new TypeError('fetch failed', { cause }))
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

async function failureOf(fetchImpl: FetchLike): Promise<TopTransportError> {
  const error = await postForm(fetchImpl, 'http://gateway.test/router/rest', 'a=1', { timeoutMs: 1000 }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(TopTransportError)
  return error as TopTransportError
}

describe('postForm: was the request sent?', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'refused'],
    ['DNS failure', withCode('getaddrinfo ENOTFOUND gw.example', 'ENOTFOUND'), 'dns'],
    ['DNS try-again', withCode('getaddrinfo EAI_AGAIN gw.example', 'EAI_AGAIN'), 'dns'],
    ['no route', withCode('connect EHOSTUNREACH', 'EHOSTUNREACH'), 'unreachable'],
    ['connect timeout', withCode('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'), 'connect-timeout'],
    ['Electron net.fetch refused', new Error('net::ERR_CONNECTION_REFUSED'), 'refused'],
    ['Electron net.fetch offline', new Error('net::ERR_INTERNET_DISCONNECTED'), 'unreachable'],
    ['Electron net.fetch DNS', new Error('net::ERR_NAME_NOT_RESOLVED'), 'dns'],
  ])('%s → never sent', async (_label, cause, failure) => {
    const error = await failureOf(cause.message.startsWith('net::') ? () => Promise.reject(cause) : failingWith(cause))
    expect(error).toMatchObject({ failure, sent: false })
  })

  it.each([
    ['socket hang up', withCode('other side closed', 'UND_ERR_SOCKET')],
    ['reset after write', withCode('read ECONNRESET', 'ECONNRESET')],
    ['headers timeout', withCode('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT')],
    ['anything unrecognised', new Error('something odd')],
  ])('%s → may have been sent', async (_label, cause) => {
    expect(await failureOf(failingWith(cause))).toMatchObject({ failure: 'reset', sent: true })
  })
})

describe('postForm against a real socket', () => {
  let server: Server | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
    server = undefined
  })

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler)
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/router/rest`
  }

  it('a socket destroyed after the body was read: sent, outcome unknown', async () => {
    const url = await serve((req) => req.resume().on('end', () => req.socket.destroy()))
    const error = await postForm(fetch, url, 'a=1', { timeoutMs: 2000 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'reset', sent: true })
  })

  it('a reply cut off mid-body: sent, outcome unknown', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"result":')
      setTimeout(() => req.socket.destroy(), 20)
    })
    const error = await postForm(fetch, url, 'a=1', { timeoutMs: 2000 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'reset', sent: true })
  })

  it('a 200 that is not the gateway JSON is a bad reply, retried, and reported as sent', async () => {
    let calls = 0
    const url = await serve((_req, res) => {
      calls++
      res.end('<html>captive portal</html>')
    })
    const client = createTopClient({
      gatewayUrl: url,
      appKey: 'k',
      appSecret: 's',
      signMethod: 'md5',
      sleep: async () => undefined,
    })
    const error = await client
      .call('alibaba.alsc.crm.voucher.status.change', {}, { responseSchema: VoucherStatusChangeResponseSchema })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'bad-reply', sent: true })
    expect(calls).toBe(3)
  })

  it('passes the Date header on for clock diagnosis', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { date: 'Mon, 20 May 2024 05:00:00 GMT' })
      res.end('{}')
    })
    expect(await postForm(fetch, url, 'a=1', { timeoutMs: 2000 })).toEqual({ text: '{}', date: 'Mon, 20 May 2024 05:00:00 GMT' })
  })
})

describe('keep-alive against the sandbox gateway', () => {
  let gateway: SandboxGateway | undefined
  afterEach(async () => {
    await gateway?.stop()
    gateway = undefined
  })

  const redeemOnce = async (client: ReturnType<typeof sandboxClient>) => {
    const { data } = await changeVoucherStatus(client, redeemRequest({ voucher_id_list: ['880000000001'] }))
    expect(data.result.result?.voucher_status_list).toHaveLength(1)
  }

  it('calls one after another, as at the counter, share one TCP connection and ask to keep it', async () => {
    gateway = await startSandboxGateway()
    const client = sandboxClient(gateway)
    for (let i = 0; i < 5; i++) {
      await redeemOnce(client)
      await nextTick() // the next scan comes in a later event-loop turn, never in the same one
    }
    expect(gateway.calls).toHaveLength(5)
    expect(gateway.calls.map((c) => c.connectionHeader?.toLowerCase())).toEqual(Array(5).fill('keep-alive'))
    expect(gateway.connectionsAccepted).toBe(1)
  })

  it('back-to-back calls do not pay a handshake each: the pool stays at two connections', async () => {
    // Node's fetch (undici) sees the first connection still busy when the next request is
    // dispatched in the same event-loop turn as the last response ended, so it opens a second
    // one once, then reuses both.
    gateway = await startSandboxGateway()
    const client = sandboxClient(gateway)
    for (let i = 0; i < 20; i++) await redeemOnce(client)
    expect(gateway.calls).toHaveLength(20)
    expect(gateway.connectionsAccepted).toBeLessThanOrEqual(2)
  })
})
