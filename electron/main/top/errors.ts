import type { z } from 'zod'
import { toFieldIssues, type FieldIssue } from '@contract/api/issues'
import { durationParts } from './duration'
import type { MessageKey, MessageParams } from '../../contract/locales'
import type { GatewayErrorBody } from './response'

/** Every translatable key the TOP client can emit, e.g. `'top.error.signature'`. */
export type TopMessageKey = Extract<MessageKey, `top.${string}`>

/**
 * What a failure means for the next step. It drives the client's retry policy and tells the UI
 * whom to send the cashier to:
 *   transport  the network failed (see `TopTransportError.sent`)      → retry
 *   server     `isp.*`: the platform's own fault                      → retry with backoff
 *   ban        a rate limit: codes 4/5/6 (user/session/partner call   → wait, then retry
 *              limited), 7 (app call limited, blocked for some
 *              seconds, `accesscontrol.*`), 8 (call frequency exceeded)
 *   signature  code 25: secret or sign method wrong                   → fix settings
 *   clock      code 31: PC clock more than 10 minutes off             → fix the clock
 *   session    26/27: store authorisation missing or expired          → re-authorise
 *   caller     `isv.*`, 15, 40, 41: this request is wrong             → never retry as is
 * Code 15 ("remote service error") with an `isp.*` sub-code is the service's own fault, read like
 * code 50 with `isp.*`: `server`.
 *   platform   anything else the gateway refuses                      → show and stop
 */
export type RetryClass = 'transport' | 'server' | 'ban' | 'signature' | 'clock' | 'session' | 'caller' | 'platform'
export type GatewayRetryClass = Exclude<RetryClass, 'transport'>

const CALLER_CODES = new Set([15, 40, 41])

/** Codes 4–8: the call was refused at the door for exceeding a limit; the same call can pass later. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 5, 6, 7, 8])

export function classifyTopError(code: number, subCode?: string): GatewayRetryClass {
  if (subCode?.startsWith('isp.')) return 'server'
  if (RATE_LIMIT_CODES.has(code)) return 'ban'
  if (code === 25) return 'signature'
  if (code === 31) return 'clock'
  if (code === 26 || code === 27) return 'session'
  if (subCode?.startsWith('isv.') || CALLER_CODES.has(code)) return 'caller'
  return 'platform'
}

/** A run of digits, found once each: the scan never restarts inside a run. */
const DIGIT_RUN = /\d+/g
/** What must follow the run, read from where it ends (sticky: no search, no restart). */
const SECONDS_AFTER = /\s*(?:more\s+)?(?:seconds?|秒)/iy

/**
 * "This ban will last for 12 more seconds" → 12.
 *
 * Linear in the message's length, whatever it holds: the message comes from the network. The
 * obvious `/(\d+)\s*(?:more\s+)?(?:seconds?|秒)/` restarts at every digit of a long run of digits
 * and re-reads the rest of the run each time (quadratic: a 60 KB run blocked main for seconds).
 * Here each run of digits is matched once, and the unit is checked right where it ends.
 */
export function parseBanSeconds(...texts: (string | undefined)[]): number | undefined {
  for (const text of texts) {
    if (!text) continue
    DIGIT_RUN.lastIndex = 0
    for (let run = DIGIT_RUN.exec(text); run; run = DIGIT_RUN.exec(text)) {
      SECONDS_AFTER.lastIndex = DIGIT_RUN.lastIndex
      if (SECONDS_AFTER.test(text)) {
        const seconds = Number(run[0])
        return Number.isSafeInteger(seconds) ? seconds : undefined
      }
    }
  }
  return undefined
}

export interface GatewayErrorContext {
  /** The gateway's `Date` response header: the only clock we can compare ours with on code 31. */
  serverDate?: Date
  /** Our clock when the reply arrived. */
  localNow: Date
}

/** The gateway refused the call (`error_response`). */
export class TopError extends Error {
  override readonly name = 'TopError'
  readonly code: number
  readonly msg: string
  readonly subCode?: string
  readonly subMsg?: string
  readonly gatewayRequestId?: string
  readonly retryClass: GatewayRetryClass
  readonly messageKey: TopMessageKey
  readonly messageParams: MessageParams
  /** Rate limits only: how long the platform blocks this app, when it says so. */
  readonly banSeconds?: number
  /**
   * A rate limit with a known ban only: the earliest moment (our clock) the same call can succeed.
   * The client waits out short bans itself; for longer ones this is what a caller reschedules by.
   */
  readonly retryAfter?: Date
  /** Code 31 only: gateway clock minus ours, in whole seconds, when the reply carried a `Date`. */
  readonly clockOffsetSeconds?: number
  /**
   * Set by the client: an earlier attempt of the same call may have been acted on (sent with its
   * reply lost, or answered `isp.*`), even though this attempt was refused.
   */
  maybeDeliveredEarlier = false

  constructor(body: GatewayErrorBody, context: GatewayErrorContext) {
    super(`TOP error ${body.code} ${body.msg}${body.sub_code ? ` (${body.sub_code}: ${body.sub_msg ?? ''})` : ''}`)
    this.code = body.code
    this.msg = body.msg
    if (body.sub_code !== undefined) this.subCode = body.sub_code
    if (body.sub_msg !== undefined) this.subMsg = body.sub_msg
    if (body.request_id !== undefined) this.gatewayRequestId = body.request_id
    this.retryClass = classifyTopError(body.code, body.sub_code)
    if (this.retryClass === 'ban') {
      const seconds = parseBanSeconds(body.sub_msg, body.msg)
      if (seconds !== undefined) {
        this.banSeconds = seconds
        this.retryAfter = new Date(context.localNow.getTime() + seconds * 1000)
      }
    }
    if (this.retryClass === 'clock' && context.serverDate && !Number.isNaN(context.serverDate.getTime())) {
      this.clockOffsetSeconds = Math.round((context.serverDate.getTime() - context.localNow.getTime()) / 1000)
    }
    ;[this.messageKey, this.messageParams] = this.describe()
  }

  /** What the gateway said, as plain data with no absent fields: for support, logs and stored outcomes. */
  get gatewaySaid(): { code: number; msg: string; subCode?: string; subMsg?: string; gatewayRequestId?: string } {
    return {
      code: this.code,
      msg: this.msg,
      ...(this.subCode !== undefined ? { subCode: this.subCode } : {}),
      ...(this.subMsg !== undefined ? { subMsg: this.subMsg } : {}),
      ...(this.gatewayRequestId !== undefined ? { gatewayRequestId: this.gatewayRequestId } : {}),
    }
  }

  private describe(): [TopMessageKey, MessageParams] {
    const detail = this.subMsg || this.msg
    switch (this.retryClass) {
      case 'server':
        return ['top.error.server', { subCode: this.subCode ?? String(this.code) }]
      case 'ban': {
        if (this.banSeconds === undefined) {
          return this.code === 7 ? ['top.error.ban.untimed', {}] : ['top.error.rateLimited', { code: this.code }]
        }
        const wait = durationParts(this.banSeconds, 'up')
        return [`top.error.ban.timed.${wait.unit}`, wait.params]
      }
      case 'signature':
        return ['top.error.signature', { code: this.code }]
      case 'clock': {
        if (this.clockOffsetSeconds === undefined) return ['top.error.clock.unknown', {}]
        const offset = durationParts(Math.abs(this.clockOffsetSeconds), 'nearest')
        // Under a minute apart (the Date header has whole seconds, the reply takes its time),
        // the clocks agree as far as we can tell: the gateway allows 10 minutes, so the clock is
        // not what to fix, and saying "30 seconds fast" would send the cashier the wrong way.
        if (offset.unit === 'seconds') return ['top.error.clock.unknown', {}]
        // Gateway minus ours: negative means our clock runs ahead of the gateway's.
        const direction = this.clockOffsetSeconds < 0 ? 'ahead' : 'behind'
        return [`top.error.clock.${direction}.${offset.unit}`, offset.params]
      }
      case 'session':
        return [this.code === 26 ? 'top.error.session.missing' : 'top.error.session.invalid', {}]
      case 'caller':
        if (this.code === 40 || this.subCode?.startsWith('isv.missing-parameter')) {
          return ['top.error.caller.missingParameter', { detail }]
        }
        if (this.code === 41 || this.subCode?.startsWith('isv.invalid-parameter')) {
          return ['top.error.caller.invalidParameter', { detail }]
        }
        return ['top.error.caller.other', { subCode: this.subCode ?? String(this.code), detail }]
      case 'platform':
        if (this.code === 28) return ['top.error.appKey.missing', {}]
        if (this.code === 29) return ['top.error.appKey.invalid', {}]
        return ['top.error.platform', { code: this.code, msg: detail }]
    }
  }
}

/**
 * Why a call got no usable reply. The names say which side of "the bytes left" it happened on.
 *   refused / dns / unreachable / connect-timeout / tls   before any byte was sent
 *   reset / timeout / http-status / bad-reply        after: the server may have acted
 *   redirect / too-large                             after: the server may have acted
 *   aborted                                          cancelled by the caller (either side)
 */
export type TransportFailure =
  | 'refused'
  | 'dns'
  | 'unreachable'
  | 'connect-timeout'
  /** The TLS handshake failed (a certificate refused, a broken proxy): the request was never written. */
  | 'tls'
  | 'reset'
  | 'timeout'
  | 'http-status'
  | 'bad-reply'
  | 'redirect'
  | 'too-large'
  | 'aborted'

interface TransportErrorOptions {
  status?: number
  cause?: unknown
  /** The underlying error text, for logs. */
  detail?: string
}

/**
 * No usable reply. `sent` is the fact the counter cares most about: false means the request
 * certainly never reached the server (safe to forget or resend); true means it may have been
 * applied, so only a resend with the same business idempotency key is safe.
 */
export class TopTransportError extends Error {
  override readonly name = 'TopTransportError'
  readonly retryClass = 'transport'
  /** HTTP status, for `http-status`. */
  readonly status?: number
  readonly #options: TransportErrorOptions

  constructor(
    readonly failure: TransportFailure,
    readonly sent: boolean,
    options: TransportErrorOptions = {},
  ) {
    const status = options.status === undefined ? '' : ` (HTTP ${options.status})`
    const detail = options.detail === undefined ? '' : `: ${options.detail}`
    super(`TOP transport failure: ${failure}${status}${detail}`, { cause: options.cause })
    if (options.status !== undefined) this.status = options.status
    this.#options = options
  }

  get messageKey(): TopMessageKey {
    return this.sent ? 'top.error.transport.outcomeUnknown' : 'top.error.transport.notSent'
  }

  /** The sentence needs no detail; the technical reason travels beside it for support. */
  get messageParams(): MessageParams {
    return {}
  }

  /** `refused`, `timeout`, `HTTP 502`…: shown on hover, not in the sentence a cashier reads. */
  get reason(): string {
    return this.status === undefined ? this.failure : `HTTP ${this.status}`
  }

  /**
   * Worth another attempt. A 4xx means this request will never be accepted as sent. A redirect or
   * an oversized reply would come back the same at once (a setting or something in the way is
   * wrong), so the client does not repeat it by itself; callers that must settle the outcome
   * (the outbox) still resend later, under the same business key.
   */
  get retryable(): boolean {
    if (this.failure === 'aborted' || this.failure === 'redirect' || this.failure === 'too-large') return false
    return this.failure !== 'http-status' || (this.status ?? 0) >= 500
  }

  /** The same failure, as seen across all attempts: one earlier attempt may have been delivered. */
  withSent(sent: boolean): TopTransportError {
    return sent === this.sent ? this : new TopTransportError(this.failure, sent, this.#options)
  }
}

/**
 * The gateway said yes, but the business payload does not have the documented shape. The call
 * did reach the server, so whatever it did stands; we just cannot read the answer.
 */
export class TopResponseError extends Error {
  override readonly name = 'TopResponseError'
  readonly messageKey: TopMessageKey = 'top.error.response'
  readonly issues: FieldIssue[]

  constructor(
    readonly method: string,
    zodError: z.ZodError,
    readonly payload: unknown,
    readonly gatewayRequestId?: string,
  ) {
    super(`unexpected ${method} response: ${zodError.message}`, { cause: zodError })
    this.issues = toFieldIssues(zodError, payload)
  }

  get messageParams(): MessageParams {
    return { path: this.issues.map((issue) => issue.path.join('.')).join(', ') }
  }
}
