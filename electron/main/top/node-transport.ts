import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { TopTransportError, type TransportFailure } from './errors'
import {
  BEFORE_SENDING,
  errorDetail,
  FORM_HEADERS,
  MAX_REPLY_BYTES,
  networkFailure,
  refusedReply,
  type GatewayHttpReply,
  type PostOptions,
  type Transport,
} from './transport'

/**
 * How long an idle connection is kept for the next call. Node's agent keeps it shorter when the
 * gateway announces a shorter `Keep-Alive: timeout=` (less one second, so the client lets go
 * first), but only if this is set at all. A kept connection spares the next scan a TCP and TLS
 * handshake; the risk of a long one is reusing a socket the gateway closed in the same instant,
 * which fails "outcome unknown" (see `post`), so it is not kept for minutes.
 */
const IDLE_SOCKET_MS = 15_000

/** Calls in flight per gateway: the counter's batch, the template outbox and a lookup at most. */
const MAX_SOCKETS = 8

/**
 * The app's transport: one form POST over `node:http(s)` with a kept-alive pool.
 *
 * It is chosen over `fetch` for two reasons, both measured (`bench/cases/call.ts`, `bench/README.md`):
 * - it sees the socket, so "certainly unsent" is a fact rather than a guess from an error code:
 *   a request is unsent until its connection is established (TCP connected, and for https the
 *   TLS handshake done), or for a kept-alive socket until it is handed one. A failure before that
 *   — refused, DNS, unreachable, a certificate refused, a timeout or an abort while connecting —
 *   is `sent: false` whatever its code; after it, every failure is `sent: true`. `fetch` knows
 *   only codes, so its connect-phase timeouts and aborts count as sent.
 * - a bare `node:http` exchange is the fastest a Node client can make one; `fetch` pays for WHATWG
 *   streams and `Response` objects on every call.
 * Redirects are never followed and replies are capped (`MAX_REPLY_BYTES`), as `Transport` requires.
 * Idle sockets are unreferenced and time out by themselves, so a client dropped with its pool
 * (credentials changed) holds nothing open for long.
 */
export function createNodeTransport(): Transport {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_SOCKET_MS }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_SOCKET_MS }),
  }
  // The client posts to one endpoint; parse it once.
  let lastUrl = ''
  let lastParsed: URL | undefined
  return {
    post(url, body, options) {
      if (url !== lastUrl || !lastParsed) {
        lastParsed = new URL(url)
        lastUrl = url
      }
      return post(lastParsed, body, options, agents)
    },
  }
}

function post(url: URL, body: string, options: PostOptions, agents: { http: HttpAgent; https: HttpsAgent }): Promise<GatewayHttpReply> {
  const secure = url.protocol === 'https:'
  if (!secure && url.protocol !== 'http:') return Promise.reject(new TypeError(`TOP gateway must be http(s): ${url.protocol}`))
  const { signal } = options
  if (signal?.aborted) return Promise.reject(new TopTransportError('aborted', false, { cause: signal.reason }))

  return new Promise((resolve, reject) => {
    /** The request may have left: a connection exists that its bytes are written to. */
    let connected = false
    let settled = false

    const settle = (error: TopTransportError | undefined, reply?: GatewayHttpReply) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      if (error) {
        // The socket's state is unknown (half a request, half a reply): never back to the pool.
        req.destroy()
        reject(error)
      } else resolve(reply!)
    }
    const fail = (failure: TransportFailure, sent: boolean, extra: { cause?: unknown; status?: number; detail?: string } = {}) =>
      settle(new TopTransportError(failure, sent, extra))

    const headers = { ...FORM_HEADERS, 'content-length': String(Buffer.byteLength(body)) }
    const req: ClientRequest = (secure ? httpsRequest : httpRequest)(
      url,
      { method: 'POST', headers, agent: secure ? agents.https : agents.http },
      (res) => read(res),
    )

    req.on('socket', (socket: Socket) => {
      // A kept-alive socket is connected already: the request is written to it at once.
      if (req.reusedSocket || (!secure && !socket.connecting)) connected = true
      else socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true))
    })
    req.on('error', (error) => {
      if (connected) return fail('reset', true, { cause: error, detail: errorDetail(error) ?? error.message })
      const failure = networkFailure(error)
      // Nothing left before the connection existed, whatever the error says (a refused
      // certificate, a reset during the handshake): certainly unsent.
      fail(BEFORE_SENDING.has(failure) ? failure : secure ? 'tls' : 'unreachable', false, {
        cause: error,
        detail: error.message,
      })
    })

    const timer = setTimeout(
      () => (connected ? fail('timeout', true) : fail('connect-timeout', false, { detail: `no connection in ${options.timeoutMs} ms` })),
      options.timeoutMs,
    )
    const onAbort = () => fail('aborted', connected, { cause: signal?.reason })
    signal?.addEventListener('abort', onAbort, { once: true })

    function read(res: IncomingMessage): void {
      const refused = refusedReply(res.statusCode ?? 0, res.headers['content-length'])
      if (refused) return settle(refused)
      const chunks: Buffer[] = []
      let total = 0
      res.on('data', (chunk: Buffer) => {
        total += chunk.length
        if (total > MAX_REPLY_BYTES) fail('too-large', true, { detail: `more than ${MAX_REPLY_BYTES} bytes` })
        else chunks.push(chunk)
      })
      res.on('end', () => {
        const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')
        const date = res.headers.date
        settle(undefined, date === undefined ? { text } : { text, date })
      })
      // Cut off mid-body: `close` without `end`.
      res.on('close', () => {
        if (!res.complete) fail('reset', true, { detail: 'reply cut off' })
      })
      res.on('error', (error) => fail('reset', true, { cause: error, detail: error.message }))
    }

    req.end(body)
  })
}
