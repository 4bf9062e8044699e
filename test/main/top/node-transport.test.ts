import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { TopTransportError } from '@main/top/errors'
import { createNodeTransport } from '@main/top/node-transport'

/**
 * The app's transport against real sockets. What the counter relies on is `sent`: false only
 * when the request certainly never left (no connection yet), true for everything after.
 */

const servers: Array<Server | TcpServer> = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const portOf = (server: Server | TcpServer) => (server.address() as AddressInfo).port

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createHttpServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${portOf(server)}/router/rest`, server }
}

/** A TCP server that accepts and then does only what `onSocket` says: no HTTP, no TLS. */
async function tcpServer(onSocket: (socket: Socket) => void = () => undefined): Promise<number> {
  const server = createTcpServer((socket) => {
    sockets.push(socket)
    socket.on('error', () => undefined)
    onSocket(socket)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return portOf(server)
}

async function failure(promise: Promise<unknown>): Promise<TopTransportError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(TopTransportError)
  return error as TopTransportError
}

const readBodyThen = (then: (req: IncomingMessage, res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) =>
  req.resume().on('end', () => then(req, res))

describe('node transport: before the connection exists nothing was sent', () => {
  it('a refused connection', async () => {
    const port = await tcpServer()
    servers.pop()!.close() // the port is now closed
    await new Promise((resolve) => setTimeout(resolve, 10))
    const error = await failure(createNodeTransport().post(`http://127.0.0.1:${port}/router/rest`, 'a=1', { timeoutMs: 2000 }))
    expect(error).toMatchObject({ failure: 'refused', sent: false })
  })

  it('a TLS handshake that never completes: the timeout is a connect timeout, unsent', async () => {
    const port = await tcpServer() // accepts, never answers the ClientHello
    const error = await failure(createNodeTransport().post(`https://127.0.0.1:${port}/router/rest`, 'a=1', { timeoutMs: 200 }))
    expect(error).toMatchObject({ failure: 'connect-timeout', sent: false })
  })

  it('cancelled during the TLS handshake: aborted, unsent', async () => {
    const port = await tcpServer()
    const controller = new AbortController()
    const pending = createNodeTransport().post(`https://127.0.0.1:${port}/router/rest`, 'a=1', {
      timeoutMs: 5000,
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 50)
    expect(await failure(pending)).toMatchObject({ failure: 'aborted', sent: false })
  })

  it('a server that does not speak TLS: a handshake failure, unsent', async () => {
    const port = await tcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
    const error = await failure(createNodeTransport().post(`https://127.0.0.1:${port}/router/rest`, 'a=1', { timeoutMs: 2000 }))
    expect(error).toMatchObject({ failure: 'tls', sent: false })
    expect(error.messageKey).toBe('top.error.transport.notSent')
  })
})

describe('node transport: once connected, every failure may have been applied', () => {
  it('no answer before the timeout: timeout, sent', async () => {
    const { url } = await httpServer(readBodyThen(() => undefined))
    expect(await failure(createNodeTransport().post(url, 'a=1', { timeoutMs: 200 }))).toMatchObject({ failure: 'timeout', sent: true })
  })

  it('cancelled while waiting for the answer: aborted, sent', async () => {
    let received = false
    const { url } = await httpServer(readBodyThen(() => (received = true)))
    const controller = new AbortController()
    const pending = createNodeTransport().post(url, 'a=1', { timeoutMs: 5000, signal: controller.signal })
    await expect.poll(() => received).toBe(true)
    controller.abort()
    expect(await failure(pending)).toMatchObject({ failure: 'aborted', sent: true })
  })

  it('the socket destroyed after the body was read: reset, sent', async () => {
    const { url } = await httpServer(readBodyThen((req) => req.socket.destroy()))
    expect(await failure(createNodeTransport().post(url, 'a=1', { timeoutMs: 2000 }))).toMatchObject({ failure: 'reset', sent: true })
  })

  it('a reply cut off mid-body: reset, sent', async () => {
    const { url } = await httpServer((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"result":')
      setTimeout(() => req.socket.destroy(), 20)
    })
    expect(await failure(createNodeTransport().post(url, 'a=1', { timeoutMs: 2000 }))).toMatchObject({ failure: 'reset', sent: true })
  })

  it('an HTTP error status: http-status, sent', async () => {
    const { url } = await httpServer((_req, res) => {
      res.writeHead(502)
      res.end('Bad Gateway')
    })
    expect(await failure(createNodeTransport().post(url, 'a=1', { timeoutMs: 2000 }))).toMatchObject({
      failure: 'http-status',
      status: 502,
      sent: true,
    })
  })

  it('a kept-alive connection the gateway closes in the very instant it is reused: outcome unknown, never "unsent"', async () => {
    // The race every HTTP client has (RFC 9112 §9.3.1): the request is written before the FIN is
    // read. The gateway did not act on it here, but nothing on the client side can prove that,
    // so the transport does not guess.
    const { url, server } = await httpServer((_req, res) => res.end('{}'))
    const transport = createNodeTransport()
    await transport.post(url, 'a=1', { timeoutMs: 2000 })
    const closed = new Promise((resolve) => server.close(resolve))
    server.closeAllConnections()
    await closed
    expect(await failure(transport.post(url, 'a=2', { timeoutMs: 2000 }))).toMatchObject({ sent: true })
  })
})

describe('node transport: replies', () => {
  it('reads the body as UTF-8 even when a character is split between chunks, and passes the Date header on', async () => {
    const text = JSON.stringify({ name: '满100减10 券台' })
    const bytes = Buffer.from(text)
    const { url } = await httpServer((_req, res) => {
      res.writeHead(200, { date: 'Mon, 20 May 2024 05:00:00 GMT' })
      res.write(bytes.subarray(0, 12)) // inside 满 (3 bytes from offset 10)
      setTimeout(() => res.end(bytes.subarray(12)), 10)
    })
    expect(await createNodeTransport().post(url, 'a=1', { timeoutMs: 2000 })).toEqual({ text, date: 'Mon, 20 May 2024 05:00:00 GMT' })
  })

  it('sends the form with its length and content type', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | undefined
    const { url } = await httpServer((req, res) => {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (chunk: string) => (body += chunk))
      req.on('end', () => {
        seen = { headers: req.headers, body }
        res.end('{}')
      })
    })
    const body = 'operator_name=%E5%BC%A0%E4%B8%89&a=1'
    await createNodeTransport().post(url, body, { timeoutMs: 2000 })
    expect(seen?.body).toBe(body)
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'content-length': String(body.length),
      connection: 'keep-alive',
    })
  })

  it('calls one after another reuse one connection', async () => {
    const { url, server } = await httpServer((_req, res) => res.end('{}'))
    let connections = 0
    server.on('connection', () => connections++)
    const transport = createNodeTransport()
    for (let i = 0; i < 5; i++) {
      await transport.post(url, `a=${i}`, { timeoutMs: 2000 })
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(connections).toBe(1)
  })
})
