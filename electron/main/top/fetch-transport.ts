import { TopTransportError } from './errors'
import {
  BEFORE_SENDING,
  errorDetail,
  FORM_HEADERS,
  MAX_REPLY_BYTES,
  networkFailure,
  type GatewayHttpReply,
  type PostOptions,
  type Transport,
} from './transport'

/** `fetch` or anything shaped like it (Electron's `net.fetch` honours the system proxy). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** A transport over `fetchImpl`: how tests put a hand between the client and the gateway. */
export function fetchTransport(fetchImpl: FetchLike): Transport {
  return { post: (url, body, options) => postForm(fetchImpl, url, body, options) }
}

/**
 * One form POST to the gateway. Every failure becomes a `TopTransportError` that says whether
 * the request may have reached the server, judged from the error's code: fetch shows no socket
 * events, so a failure it cannot name counts as sent.
 *
 * Redirects are never followed (`redirect: 'manual'`): following one would hand the signed
 * request, session key included, to whatever host the answer names (a 307/308 even repeats the
 * POST body there). A 3xx is an error, `redirect`, and counts as *sent*: the server that answered
 * had the whole request, and nothing in a 3xx shows it did not act on it or pass it on (TOP
 * documents no redirects for its API, so whoever redirects is not known to be TOP's front door
 * refusing before the application). "Certainly not applied" is kept for failures before a byte
 * left (refused, DNS, unreachable, connect timeout), where it can be shown.
 */
export async function postForm(fetchImpl: FetchLike, url: string, body: string, options: PostOptions): Promise<GatewayHttpReply> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: FORM_HEADERS,
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
