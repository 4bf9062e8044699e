import { TopTransportError, type TransportFailure } from './errors'

/** `fetch` or anything shaped like it (Electron's `net.fetch` honours the system proxy). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface GatewayHttpReply {
  text: string
  /** The `Date` header: the gateway's clock, used to explain code 31. */
  date?: string
}

/**
 * One form POST to the gateway. Every failure becomes a `TopTransportError` that says whether
 * the request may have reached the server. Node's fetch (undici) keeps connections alive, so
 * successive calls skip the TCP/TLS handshake.
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
    })
    if (!response.ok) {
      await response.body?.cancel()
      throw new TopTransportError('http-status', true, { status: response.status })
    }
    const text = await response.text()
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
