import { setTimeout as delay } from 'node:timers/promises'
import type { z } from 'zod'
import { TopError, TopResponseError, TopTransportError } from './errors'
import { parseTopJson } from './json'
import { unwrapTopResponse, type GatewayReply } from './response'
import { isUntimedBan, nextRetry, type RetryHistory, type RetryPolicy } from './retry'
import { serializeTopParams } from './serialize'
import { signTopRequest, type SignMethod } from './sign'
import { formatTopTimestamp } from './timestamp'
import { createNodeTransport } from './node-transport'
import type { GatewayHttpReply, Transport } from './transport'

export interface TopClientConfig {
  /** e.g. `https://gw.api.taobao.com`, with or without `/router/rest`. */
  gatewayUrl: string
  appKey: string
  appSecret: string
  signMethod: SignMethod
  /** The store's authorisation; sent only to APIs that need it. */
  session?: string
  /** Ask for `simplify=true` answers (no wrapper, plain arrays). Both forms read the same. */
  simplify?: boolean
  /** Per attempt, from sending to the last byte of the answer. Default 15 s. */
  timeoutMs?: number
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number
  /** First retry delay, doubling after. Default 500 ms. */
  backoffMs?: number
  /**
   * A longer rate-limit ban (codes 4–8) is reported (with `banSeconds` / `retryAfter`) rather than waited out.
   * A ban of unstated length is waited out once, for `UNTIMED_BAN_WAIT_SECONDS` at most. Default 10 s.
   */
  maxBanWaitSeconds?: number
  now?: () => Date
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** How requests travel. Default: a `node:http(s)` transport with its own kept-alive pool. */
  transport?: Transport
}

export interface TopCallOptions<S extends z.ZodType> {
  /** The business payload's shape; a reply that does not match is a `TopResponseError`. */
  responseSchema: S
  needsSession?: boolean
  signal?: AbortSignal
  /**
   * Whether the client may repeat the request by itself after an attempt that may have reached
   * the server (sent and no reply, or an `isp.*` fault). Default true: fine for reads, and for
   * writes whose idempotency key the platform documents. False stops the call there, as a
   * possibly delivered failure, for a caller that first finds out whether it was applied. Attempts
   * that certainly did not reach the server (refused connection, rate limit) are retried either way.
   */
  resendAfterPossibleDelivery?: boolean
}

export interface TopCallResult<T> {
  data: T
  /** The gateway's trace id, for support. */
  gatewayRequestId?: string
  attempts: number
  /**
   * An earlier attempt of this call may have been acted on (it was sent and its reply lost, or
   * answered with the platform's own fault, `isp.*`): this reply may answer a repeat of a
   * request the server already applied.
   */
  maybeDeliveredEarlier: boolean
}

export interface TopClient {
  /**
   * Calls `method` with `businessParams` until it succeeds or fails for good.
   * @throws TopError the gateway refused the call (see `retryClass`)
   * @throws TopTransportError no usable reply (see `sent`)
   * @throws TopResponseError the reply does not match `responseSchema`
   */
  call<S extends z.ZodType>(
    method: string,
    businessParams: Readonly<Record<string, unknown>>,
    options: TopCallOptions<S>,
  ): Promise<TopCallResult<z.output<S>>>
}

const SYSTEM_PARAM_NAMES = new Set([
  'method',
  'app_key',
  'timestamp',
  'format',
  'v',
  'sign_method',
  'sign',
  'session',
  'simplify',
  'partner_id',
  'target_app_key',
])

interface Settings extends RetryPolicy {
  endpoint: string
  appKey: string
  appSecret: string
  signMethod: SignMethod
  session?: string
  simplify: boolean
  timeoutMs: number
  now: () => Date
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  transport: Transport
}

export function createTopClient(config: TopClientConfig): TopClient {
  const settings: Settings = {
    endpoint: routerUrl(config.gatewayUrl),
    appKey: config.appKey,
    appSecret: config.appSecret,
    signMethod: config.signMethod,
    ...(config.session !== undefined ? { session: config.session } : {}),
    simplify: config.simplify ?? false,
    timeoutMs: config.timeoutMs ?? 15_000,
    maxAttempts: Math.max(1, config.maxAttempts ?? 3),
    backoffMs: config.backoffMs ?? 500,
    maxBanWaitSeconds: config.maxBanWaitSeconds ?? 10,
    now: config.now ?? (() => new Date()),
    sleep: config.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : {})),
    transport: config.transport ?? createNodeTransport(),
  }
  return { call: (method, businessParams, options) => callWithRetries(settings, method, businessParams, options) }
}

/** `https://gw.api.taobao.com`, `…/`, `…/router/rest` → `https://gw.api.taobao.com/router/rest`. */
export function routerUrl(gatewayUrl: string): string {
  const url = new URL(gatewayUrl)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith('/router/rest') ? path : `${path}/router/rest`
  return url.toString()
}

async function callWithRetries<S extends z.ZodType>(
  settings: Settings,
  method: string,
  businessParams: Readonly<Record<string, unknown>>,
  options: TopCallOptions<S>,
): Promise<TopCallResult<z.output<S>>> {
  // Serialised once: every retry resends these exact strings, idempotency key included, even if
  // the caller's object changes meanwhile. The client never makes up a key of its own.
  const business = serializeTopParams(businessParams)
  for (const name of Object.keys(business)) {
    if (SYSTEM_PARAM_NAMES.has(name)) throw new TypeError(`TOP business parameter ${name} clashes with a system parameter`)
  }

  // Once any attempt may have reached the server, the call's outcome is unknown for good.
  let maybeDelivered = false
  const history: RetryHistory = { untimedBanWaits: 0 }
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new TopTransportError('aborted', maybeDelivered, { cause: options.signal.reason })
    try {
      const reply = await attemptOnce(settings, method, business, options.needsSession ?? false, options.signal)
      return { ...readPayload(method, reply, options.responseSchema), attempts: attempt, maybeDeliveredEarlier: maybeDelivered }
    } catch (error) {
      if (error instanceof TopError) error.maybeDeliveredEarlier = maybeDelivered
      if (mayHaveActed(error)) maybeDelivered = true
      const decision =
        maybeDelivered && options.resendAfterPossibleDelivery === false
          ? { retry: false as const }
          : nextRetry(error, attempt, settings, history)
      if (!decision.retry) throw error instanceof TopTransportError ? error.withSent(maybeDelivered) : error
      if (isUntimedBan(error)) history.untimedBanWaits++
      try {
        await settings.sleep(decision.delayMs, options.signal)
      } catch (sleepError) {
        if (!options.signal?.aborted) throw sleepError
        throw new TopTransportError('aborted', maybeDelivered, { cause: options.signal.reason })
      }
    }
  }
}

/**
 * Whether the server may have applied the failed attempt: it was sent and no reply came, or the
 * gateway answered with its own fault (`isp.*`), which can come after the backend acted. A rate
 * limit (codes 4–8) and the caller's errors are refused at the door.
 */
function mayHaveActed(error: unknown): boolean {
  if (error instanceof TopTransportError) return error.sent
  return error instanceof TopError && error.retryClass === 'server'
}

/** One signed request with a fresh timestamp; gateway errors are thrown as `TopError`. */
async function attemptOnce(
  settings: Settings,
  method: string,
  business: Record<string, string>,
  needsSession: boolean,
  signal: AbortSignal | undefined,
): Promise<Extract<GatewayReply, { kind: 'ok' }>> {
  const params: Record<string, string> = {
    ...business,
    ...serializeTopParams({
      method,
      app_key: settings.appKey,
      timestamp: formatTopTimestamp(settings.now()),
      format: 'json',
      v: '2.0',
      sign_method: settings.signMethod,
      session: needsSession ? settings.session : undefined,
      simplify: settings.simplify ? 'true' : undefined,
    }),
  }
  params.sign = signTopRequest(params, settings.appSecret, settings.signMethod)

  const http = await settings.transport.post(settings.endpoint, new URLSearchParams(params).toString(), {
    timeoutMs: settings.timeoutMs,
    ...(signal ? { signal } : {}),
  })
  const reply = parseReply(method, http)
  if (reply.kind === 'error') {
    throw new TopError(reply.error, {
      localNow: settings.now(),
      ...(http.date !== undefined ? { serverDate: new Date(http.date) } : {}),
    })
  }
  return reply
}

/** A 200 whose body is not the gateway's JSON is as good as no answer: outcome unknown. */
function parseReply(method: string, http: GatewayHttpReply): GatewayReply {
  try {
    return unwrapTopResponse(method, parseTopJson(http.text))
  } catch (error) {
    throw new TopTransportError('bad-reply', true, { cause: error, detail: http.text.slice(0, 200) })
  }
}

function readPayload<S extends z.ZodType>(
  method: string,
  reply: Extract<GatewayReply, { kind: 'ok' }>,
  schema: S,
): Omit<TopCallResult<z.output<S>>, 'attempts' | 'maybeDeliveredEarlier'> {
  const parsed = schema.safeParse(reply.payload)
  if (!parsed.success) throw new TopResponseError(method, parsed.error, reply.payload, reply.gatewayRequestId)
  return reply.gatewayRequestId === undefined ? { data: parsed.data } : { data: parsed.data, gatewayRequestId: reply.gatewayRequestId }
}
