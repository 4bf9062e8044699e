import { TopTransportError, type TransportFailure } from './errors'

/**
 * How the TOP client sends one signed form POST. Every failure is a `TopTransportError` that says
 * whether the request may have reached the server (`sent`): that decides whether a redemption may
 * be resent at the counter. Two implementations: `createNodeTransport` (the app's, `node:http`
 * with socket events) and `fetchTransport` (any `fetch`; tests use it to intercept requests).
 */
export interface Transport {
  post(url: string, body: string, options: PostOptions): Promise<GatewayHttpReply>
}

export interface PostOptions {
  /** From sending to the last byte of the answer. */
  timeoutMs: number
  signal?: AbortSignal
}

export const FORM_HEADERS = {
  'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
  accept: 'application/json',
} as const

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
 * What every transport refuses in a reply's head, before reading its body, as `Transport`
 * requires; undefined for a 2xx of acceptable size. The request was delivered in all these
 * cases, so each is *sent*.
 * - A redirect is never followed: following one would hand the signed request, session key
 *   included, to whatever host the answer names (a 307/308 even repeats the POST body there).
 *   Nothing in a 3xx shows the server that answered did not act on the request or pass it on
 *   (TOP documents no redirects for its API).
 * - Any other status outside 2xx is `http-status`.
 * - A declared length over `MAX_REPLY_BYTES` is `too-large`, refused unread.
 */
export function refusedReply(status: number, contentLength: string | null | undefined): TopTransportError | undefined {
  if (status >= 300 && status < 400) return new TopTransportError('redirect', true, { status })
  if (status < 200 || status >= 300) return new TopTransportError('http-status', true, { status })
  const declared = Number(contentLength ?? undefined)
  if (Number.isFinite(declared) && declared > MAX_REPLY_BYTES)
    return new TopTransportError('too-large', true, { detail: `${declared} bytes declared` })
  return undefined
}

/** Failures that happen before a connection exists, so before a single byte of the request left. */
export const BEFORE_SENDING: ReadonlySet<TransportFailure> = new Set(['refused', 'dns', 'unreachable', 'connect-timeout', 'tls'])

/**
 * `node:http` reports the socket error as `code`, Node's fetch as `cause.code`, Electron's
 * `net.fetch` as a Chromium `net::ERR_*` message. Anything not recognised counts as `reset`: "may have been sent" is the
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
  // The certificate checks run in the handshake, before the request is written.
  CERT_HAS_EXPIRED: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
  ERR_CERT_AUTHORITY_INVALID: 'tls',
  ERR_CERT_DATE_INVALID: 'tls',
  ERR_CERT_COMMON_NAME_INVALID: 'tls',
  ERR_CONNECTION_TIMED_OUT: 'connect-timeout',
}

export function networkFailure(error: unknown): TransportFailure {
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

export function errorDetail(error: unknown): string | undefined {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  return cause instanceof Error ? cause.message : undefined
}
