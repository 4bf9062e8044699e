import { TopTransportError } from './errors'
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
 * Redirects are not followed (`redirect: 'manual'`) and the reply's head is judged by
 * `refusedReply`, as by every transport.
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
    const refused =
      response.type === 'opaqueredirect'
        ? new TopTransportError('redirect', true, { status: response.status })
        : refusedReply(response.status, response.headers.get('content-length'))
    if (refused) {
      await response.body?.cancel()
      throw refused
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

/** The body as UTF-8 text, or `too-large` as soon as it passes `cap` bytes (a declared length was judged before). */
async function readCapped(response: Response, cap: number): Promise<string> {
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
