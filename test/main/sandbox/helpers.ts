import { createHash, createHmac } from 'node:crypto'
import { formatTopTimestamp } from '@main/top/timestamp'
import { signTopRequest, type SignMethod } from '@main/top/sign'
import type { SandboxGateway } from '@main/sandbox/gateway'

/**
 * A parsed JSON body, read by path in assertions. The assertions are what check its shape, so
 * a static type would only repeat them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export interface RawReply {
  status: number
  contentType: string
  text: string
  /** The parsed JSON body, when it is JSON. */
  json: Json
}

export interface RawCallOptions {
  httpMethod?: 'GET' | 'POST'
  signMethod?: SignMethod
  secret?: string
  /** Parameters to put in the query string instead of the body. */
  inQuery?: readonly string[]
  /** Leave the signature off. */
  unsigned?: boolean
}

/**
 * One hand-built request to the sandbox: default system parameters (overridable, or removable
 * with `undefined`), signed unless told otherwise.
 */
export async function rawCall(
  gateway: SandboxGateway,
  params: Record<string, string | undefined>,
  options: RawCallOptions = {},
): Promise<RawReply> {
  const signMethod = options.signMethod ?? 'md5'
  const all: Record<string, string | undefined> = {
    app_key: gateway.credentials.appKey,
    timestamp: formatTopTimestamp(new Date()),
    format: 'json',
    v: '2.0',
    sign_method: signMethod,
    ...params,
  }
  const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined))
  if (!options.unsigned) sent.sign = signTopRequest(sent, options.secret ?? gateway.credentials.appSecret, signMethod)

  const query = new URLSearchParams()
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(sent)) {
    const inQuery = options.httpMethod === 'GET' || options.inQuery?.includes(name)
    ;(inQuery ? query : body).set(name, value)
  }
  const response = await fetch(`${gateway.url}/router/rest?${query.toString()}`, {
    method: options.httpMethod ?? 'POST',
    ...(options.httpMethod === 'GET'
      ? {}
      : { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: body.toString() }),
  })
  const text = await response.text()
  const contentType = response.headers.get('content-type') ?? ''
  return { status: response.status, contentType, text, json: contentType.includes('json') ? JSON.parse(text) : undefined }
}

/**
 * A third signer, the test's own, from top-protocol.md ("Signing"): neither the client's
 * (`@main/top/sign`) nor the gateway's. Sorted names, `name + value`, UTF-8, uppercase hex.
 */
export function independentSign(params: Record<string, string>, secret: string, method: SignMethod): string {
  const s = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('')
  if (method === 'md5') return createHash('md5').update(`${secret}${s}${secret}`, 'utf8').digest('hex').toUpperCase()
  return createHmac(method === 'hmac' ? 'md5' : 'sha256', secret)
    .update(s, 'utf8')
    .digest('hex')
    .toUpperCase()
}
