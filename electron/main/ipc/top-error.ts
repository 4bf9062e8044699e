import type { IpcError } from '@contract/ipc/envelope'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'

/** What the TOP client throws on purpose: each has a translatable message and, for support, the gateway's details. */
export type TopFailure = TopError | TopTransportError | TopResponseError

export function isTopFailure(error: unknown): error is TopFailure {
  return error instanceof TopError || error instanceof TopTransportError || error instanceof TopResponseError
}

/**
 * A TOP failure in the envelope the renderer translates. The TOP client knows nothing of IPC:
 * the conversion happens here, at the edge, for the router and for services that pass a
 * failure's words on (a connection test, a journal row, an outbox entry).
 */
export function topIpcError(error: TopFailure): IpcError {
  if (error instanceof TopTransportError) {
    return { code: 'transport', key: error.messageKey, top: { msg: error.reason, retryClass: error.retryClass } }
  }
  if (error instanceof TopResponseError) {
    return {
      code: 'top-error',
      key: error.messageKey,
      params: error.messageParams,
      issues: error.issues,
      ...(error.gatewayRequestId !== undefined ? { top: { gatewayRequestId: error.gatewayRequestId } } : {}),
    }
  }
  return {
    code: 'top-error',
    key: error.messageKey,
    params: error.messageParams,
    top: {
      ...error.gatewaySaid,
      retryClass: error.retryClass,
      ...(error.banSeconds !== undefined ? { banSeconds: error.banSeconds } : {}),
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter.toISOString() } : {}),
    },
  }
}
