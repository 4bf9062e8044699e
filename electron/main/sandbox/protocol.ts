import { parseBeijingTime } from './clock'
import type { SandboxCredentials } from './credentials'
import { isGatewaySignMethod, signatureMatches } from './signature'

/**
 * The platform half of the gateway: the checks TOP runs on system parameters before any API
 * sees a call, with the platform's own codes and messages.
 */

/** The body of TOP's `error_response`. */
export interface GatewayError {
  code: number
  msg: string
  sub_code?: string
  sub_msg?: string
  request_id?: string
}
export type PlatformError = Omit<GatewayError, 'request_id'>

const PLATFORM_MESSAGES: Readonly<Record<number, string>> = {
  7: 'App Call Limited',
  9: 'Http Action Not Allowed',
  11: 'Insufficient isv permissions',
  15: 'Remote service error',
  21: 'Missing method',
  22: 'Invalid method',
  23: 'Invalid format',
  24: 'Missing signature',
  25: 'Invalid signature',
  26: 'Missing session',
  27: 'Invalid session',
  28: 'Missing app key',
  29: 'Invalid app key',
  30: 'Missing timestamp',
  31: 'Invalid timestamp',
  32: 'Missing version',
  34: 'Unsupported version',
  40: 'Missing required arguments',
  41: 'Invalid arguments',
  50: 'Remote service error',
}

export function platformError(code: number, sub: { sub_code?: string; sub_msg?: string } = {}): PlatformError {
  return { code, msg: PLATFORM_MESSAGES[code] ?? 'Error', ...sub }
}

/** The gateway rejects requests whose timestamp is more than this far from its clock. */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000

export type ResponseFormat = 'json' | 'xml'

export interface SystemCheckContext {
  credentials: SandboxCredentials
  now: Date
  isKnownMethod: (method: string) => boolean
  needsSession: (method: string) => boolean
}

export interface CheckedCall {
  method: string
  format: ResponseFormat
  simplify: boolean
}

/** The answer format, readable even from a request the checks will refuse. XML is the default. */
export function responseFormat(params: Record<string, string>): ResponseFormat {
  return params.format === 'json' ? 'json' : 'xml'
}

/** Runs the platform checks in the gateway's order; the first failure is the answer. */
export function checkSystemParams(
  params: Record<string, string>,
  context: SystemCheckContext,
): { ok: true; call: CheckedCall } | { ok: false; error: PlatformError } {
  const fail = (error: PlatformError) => ({ ok: false as const, error })
  const { credentials } = context

  if (!params.app_key) return fail(platformError(28))
  if (params.app_key !== credentials.appKey) return fail(platformError(29))

  const method = params.method
  if (!method) return fail(platformError(21))
  if (!context.isKnownMethod(method)) return fail(platformError(22))

  if (!params.v) return fail(platformError(32))
  if (params.v !== '2.0') return fail(platformError(34))

  if (params.format !== undefined && params.format !== 'json' && params.format !== 'xml') return fail(platformError(23))

  const signMethod = params.sign_method ?? 'md5'
  if (!isGatewaySignMethod(signMethod)) {
    return fail(platformError(25, { sub_msg: `unsupported sign_method ${signMethod}` }))
  }
  if (!params.sign) return fail(platformError(24))
  if (!signatureMatches(params, credentials.appSecret, signMethod)) return fail(platformError(25))

  if (!params.timestamp) return fail(platformError(30))
  const sentAt = parseBeijingTime(params.timestamp)
  if (!sentAt || Math.abs(sentAt.getTime() - context.now.getTime()) > MAX_CLOCK_SKEW_MS) {
    return fail(platformError(31, { sub_msg: 'timestamp must be GMT+8 yyyy-MM-dd HH:mm:ss within 10 minutes of the server clock' }))
  }

  if (context.needsSession(method)) {
    if (!params.session) return fail(platformError(26))
    // As the real gateway answers it: {"code":27,"msg":"Invalid session","sub_code":"invalid-sessionkey"}.
    if (params.session !== credentials.sessionKey) {
      return fail(platformError(27, { sub_code: 'invalid-sessionkey', sub_msg: 'SessionKey非法' }))
    }
  }

  const format = responseFormat(params)
  return { ok: true, call: { method, format, simplify: format === 'json' && params.simplify === 'true' } }
}
