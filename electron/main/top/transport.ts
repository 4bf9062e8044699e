import { TopTransportError, type TransportFailure } from './errors'

/** `fetch` or anything shaped like it (Electron's `net.fetch` honours the system proxy). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface GatewayHttpReply {
  text: string
  /** The `Date` header: the gateway's clock, used to explain code 31. */
  date?: string
}

/**
 * The most of a reply the client reads: 4 MiB. The largest answer the app reads is a template
 * query echoing a template; one with 10,000 shop ids and 1,000 categories is about 100 KB of
 * JSON, so the cap leaves some 40 times that, while a hostile or broken server cannot make the
 * main process of a store PC buffer (and JSON-parse) an unbounded body. Beyond it the reply is
 * dropped unread: the request was delivered, so its outcome is unknown (`too-large`, sent).
 */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024

/**
 * One form POST to the gateway. Every failure becomes a `TopTransportError` that says whether
 * the request may have reached the server. Node's fetch (undici) keeps connections alive, so
 * successive calls skip the TCP/TLS handshake.
 *
 * Redirects are never followed (`redirect: 'manual'`): following one would hand the signed
 * request, session key included, to whatever host the answer names (a 307/308 even repeats the
 * POST body there). A 3xx is an error, `redirect`, and counts as *sent*: the server that answered
 * had the whole request, and nothing in a 3xx shows it did not act on it or pass it on (TOP
 * documents no redirects for its API, so whoever redirects is not known to be TOP's front door
 * refusing before the application). "Certainly not applied" is kept for failures before a byte
 * left (refused, DNS, unreachable, connect timeout), where it can be shown.
 */
export async function postForm(
  fetchImpl: FetchLike,
  url: string,
  body: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<GatewayHttpReply> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' },
      body,
      signal,
      redirect: 'manual',
    })
    // A browser-style fetch reports a manual redirect as an opaque response with status 0.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel()
      throw new TopTransportError('redirect', true, { status: response.status })
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new TopTransportError('http-status', true, { status: response.status })
    }
    const text = await readCapped(response, MAX_REPLY_BYTES)
    const date = response.headers.get('date')
    return date === null ? { text } : { text, date }
  } catch (error) {
    if (error instanceof TopTransportError) throw error
    if (options.signal?.aborted) throw new TopTransportError('aborted', true, { cause: error })
    if (timeout.aborted) throw new TopTransportError('timeout', true, { cause: error })
    const failure = networkFailure(error)
    throw new TopTransportError(failure, !BEFORE_SENDING.has(failure), { cause: error, detail: errorDetail(error) })
  }
}

/** The body as UTF-8 text, or `too-large` as soon as it is known to pass `cap` bytes. */
async function readCapped(response: Response, cap: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel()
    throw new TopTransportError('too-large', true, { detail: `${declared} bytes declared` })
  }
  if (!response.body) return ''
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > cap) {
      await reader.cancel()
      throw new TopTransportError('too-large', true, { detail: `more than ${cap} bytes` })
    }
    chunks.push(value)
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks))
}

/** Failures that happen before a connection exists, so before a single byte of the request left. */
const BEFORE_SENDING: ReadonlySet<TransportFailure> = new Set(['refused', 'dns', 'unreachable', 'connect-timeout'])

/**
 * Node's fetch reports the socket error as `cause.code`; Electron's `net.fetch` as a Chromium
 * `net::ERR_*` message. Anything not recognised counts as `reset`: "may have been sent" is the
 * only safe assumption when money is involved.
 */
const FAILURE_BY_CODE: Readonly<Record<string, TransportFailure>> = {
  ECONNREFUSED: 'refused',
  ERR_CONNECTION_REFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ERR_NAME_NOT_RESOLVED: 'dns',
  ERR_NAME_RESOLUTION_FAILED: 'dns',
  ENETUNREACH: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETDOWN: 'unreachable',
  ERR_INTERNET_DISCONNECTED: 'unreachable',
  ERR_ADDRESS_UNREACHABLE: 'unreachable',
  ERR_PROXY_CONNECTION_FAILED: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  ERR_CONNECTION_TIMED_OUT: 'connect-timeout',
}

function networkFailure(error: unknown): TransportFailure {
  for (const code of errorCodes(error)) {
    const failure = FAILURE_BY_CODE[code]
    if (failure) return failure
  }
  return 'reset'
}

/** Codes found on the error and its causes, including `net::ERR_…` inside messages. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = []
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    const chromium = /net::(ERR_[A-Z_]+)/.exec(e.message)
    if (chromium) codes.push(chromium[1]!)
  }
  return codes
}

function errorDetail(error: unknown): string | undefined {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  return cause instanceof Error ? cause.message : undefined
}
