import type { SubmissionError } from '@contract/ipc/channels/templates'
import type { TemplateUpdateResponse } from '@contract/api/template'
import { isConvertible } from '@main/ipc/app-error'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'

/**
 * What one attempt of a submission means for the outbox. The rule behind every branch: once an
 * attempt may have reached the server, the submission can only be finished by resending the
 * very same request (same unique_id) until an answer arrives; it is never dropped or
 * cancelled, and never re-issued under a new unique_id.
 */
export type AttemptOutcome =
  | { kind: 'submitted'; templateId: string | null }
  | { kind: 'failed' | 'conflict'; error: SubmissionError }
  /** Try again after a backoff. `maybeDelivered`: the server may already have applied it. */
  | { kind: 'retry'; maybeDelivered: boolean; error: SubmissionError; minDelayMs?: number }
  /** The gateway could not be reached at all: wait for the network, then resend. */
  | { kind: 'unreachable'; maybeDelivered: boolean; error: SubmissionError }

const TEMPLATE_ID = /^-?\d{1,19}$/
/**
 * Business error codes that mean "someone else changed it" rather than "your request is wrong".
 * The API's docs list no codes; these are the words such codes use on the platform.
 */
const CONFLICT_CODE = /conflict|changed|modified|version|concurrent/i

/** A reply with `result`: the business said yes or no. */
export function outcomeOfReply(
  reply: { data: TemplateUpdateResponse; gatewayRequestId?: string },
  requestedId: string | undefined,
): AttemptOutcome {
  const { result } = reply.data
  if (result.success) {
    // `model` is the template id for a create; an update may answer anything there (the doc's
    // example says "空"), so the id we sent stays the id.
    const model = result.model?.trim()
    const templateId = requestedId ?? (model && TEMPLATE_ID.test(model) ? model : null)
    return { kind: 'submitted', templateId }
  }
  const errCode = result.err_code ?? ''
  const errMsg = result.err_msg ?? ''
  const error: SubmissionError = {
    key: 'templates.outcome.rejected',
    params: { errCode: errCode || '-', errMsg: errMsg || '-' },
    top: {
      ...(errCode ? { errCode } : {}),
      ...(errMsg ? { errMsg } : {}),
      ...(reply.gatewayRequestId ? { gatewayRequestId: reply.gatewayRequestId } : {}),
    },
  }
  return CONFLICT_CODE.test(errCode) ? { kind: 'conflict', error: { ...error, key: 'templates.outcome.conflict' } } : { kind: 'failed', error }
}

/** A call that threw: the TOP client's errors, or the connection provider's. */
export function outcomeOfError(error: unknown): AttemptOutcome {
  if (error instanceof TopTransportError) {
    const described: SubmissionError = { key: error.messageKey, params: error.messageParams }
    if (!error.sent && error.failure !== 'aborted') return { kind: 'unreachable', maybeDelivered: false, error: described }
    // A 4xx will never be accepted as sent; everything else (reset, timeout, 5xx, unreadable
    // body, our own abort at shutdown) leaves the outcome open.
    if (error.failure === 'http-status' && !error.retryable) return { kind: 'failed', error: described }
    return { kind: 'retry', maybeDelivered: error.sent, error: described }
  }
  if (error instanceof TopError) {
    const described: SubmissionError = {
      key: error.messageKey,
      params: error.messageParams,
      top: {
        code: error.code,
        msg: error.msg,
        ...(error.subCode !== undefined ? { subCode: error.subCode } : {}),
        ...(error.subMsg !== undefined ? { subMsg: error.subMsg } : {}),
        ...(error.gatewayRequestId !== undefined ? { gatewayRequestId: error.gatewayRequestId } : {}),
      },
    }
    switch (error.retryClass) {
      case 'server':
        // isp.*: the platform failed somewhere after accepting the call; it may have acted.
        return { kind: 'retry', maybeDelivered: true, error: described }
      case 'ban':
        // Refused at the door (code 7): nothing was applied; wait out the ban.
        return {
          kind: 'retry',
          maybeDelivered: false,
          error: described,
          ...(error.banSeconds !== undefined ? { minDelayMs: error.banSeconds * 1000 } : {}),
        }
      case 'caller':
        // The server refused this unique_id for a different payload, or the template moved on.
        if (error.subCode !== undefined && CONFLICT_CODE.test(error.subCode)) {
          return { kind: 'conflict', error: described }
        }
        return { kind: 'failed', error: described }
      default:
        // Signature, clock, session, app key: refused before the business saw it. The user fixes
        // the settings and submits again; a new unique_id is safe because nothing was applied.
        return { kind: 'failed', error: described }
    }
  }
  if (error instanceof TopResponseError) {
    // The server answered and acted, but we cannot read what it said: the user must look.
    return { kind: 'failed', error: { key: error.messageKey, params: error.messageParams, issues: error.issues } }
  }
  if (isConvertible(error)) {
    // No connection to use (profile missing, keychain locked): nothing left this PC.
    const ipc = error.toIpcError()
    return { kind: 'retry', maybeDelivered: false, error: { key: ipc.key, params: ipc.params ?? {} } }
  }
  return { kind: 'retry', maybeDelivered: false, error: { key: 'templates.outcome.internal', params: {} } }
}
