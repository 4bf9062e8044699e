import type { SubmissionError, TemplateResult } from '@contract/ipc/channels/templates'
import type { TemplateCreateResponse, TemplateQueryResponse, TemplateUpdateResponse } from '@contract/api/template'
import { INT64_TEXT } from '@contract/api/primitives'
import { knownIpcError } from '@main/ipc/app-error'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'
import type { ServerAnswer } from './template-rows'

/**
 * What one attempt of a submission means for the outbox. The rule behind every branch: once an
 * attempt may have reached the server, the submission can only be finished by resending the
 * very same request (same unique_id) until the business answers; it is never dropped or
 * cancelled, and never re-issued under a new unique_id, unless the user decides so.
 */
export type AttemptOutcome =
  | ({ kind: 'submitted'; templateId: string | null; sourceId?: string } & ServerAnswer)
  /**
   * The business answered no (`result.success = false`). Final for this unique_id, unless an
   * earlier attempt may have been applied (`afterPossibleDelivery`, or the entry's own flag): then
   * the "no" may be the platform refusing a repeat of what it already did, and the user checks.
   */
  | { kind: 'rejected'; error: SubmissionError; answer: ServerAnswer; afterPossibleDelivery: boolean }
  /**
   * The gateway refused this attempt before the business saw it (session, signature, parameters…).
   * Final only if no earlier attempt may have been delivered; it says nothing about those.
   */
  | { kind: 'refused'; error: SubmissionError }
  /**
   * Try again later. `maybeDelivered`: the server may already have applied it. `retryAt`: not
   * before then (a rate-limit ban of known length), instead of the usual backoff.
   */
  | { kind: 'retry'; maybeDelivered: boolean; error: SubmissionError; retryAt?: Date }
  /** The gateway could not be reached at all: wait for the network, then resend. */
  | { kind: 'unreachable'; maybeDelivered: boolean; error: SubmissionError }

/** The API's `result` as the outbox keeps it: the four documented fields, nothing else. */
function keptResult(result: TemplateUpdateResponse['result'] | TemplateCreateResponse['result']): TemplateResult {
  return {
    success: result.success,
    ...(result.err_code !== undefined ? { err_code: result.err_code } : {}),
    ...(result.err_msg !== undefined ? { err_msg: result.err_msg } : {}),
    ...(result.model !== undefined
      ? {
          model:
            typeof result.model === 'string'
              ? result.model
              : {
                  ...(result.model.id !== undefined ? { id: result.model.id } : {}),
                  ...(result.model.source_id !== undefined ? { source_id: result.model.source_id } : {}),
                },
        }
      : {}),
  }
}

/** A reply with `result`: the business said yes or no. */
export function outcomeOfReply(
  reply: { data: TemplateUpdateResponse | TemplateCreateResponse; gatewayRequestId?: string; maybeDeliveredEarlier?: boolean },
  requestedId: string | undefined,
): AttemptOutcome {
  const { result } = reply.data
  const answer: ServerAnswer = { response: keptResult(result), gatewayRequestId: reply.gatewayRequestId ?? null }
  if (result.success) {
    // create answers `model{id, source_id}`; update's `model` is text that may say anything (the
    // doc's example says "空"), so the id we sent stays the id. A text id from an older create
    // path (update without id) is still read.
    const model = result.model
    if (typeof model === 'object' && model !== null) {
      return {
        kind: 'submitted',
        templateId: requestedId ?? model.id ?? null,
        ...(model.source_id !== undefined ? { sourceId: model.source_id } : {}),
        ...answer,
      }
    }
    const text = model?.trim()
    const templateId = requestedId ?? (text && INT64_TEXT.test(text) ? text : null)
    return { kind: 'submitted', templateId, ...answer }
  }
  // The API documents no error codes, so none is read as "changed meanwhile": a conflict is
  // found by reading the server's copy before sending (see server-check.ts), not guessed here.
  return {
    kind: 'rejected',
    error: describeBusinessNo('templates.outcome.rejected', result, reply.gatewayRequestId),
    answer,
    // The TOP client retried inside this call after a lost reply: this "no" answers the repeat.
    afterPossibleDelivery: reply.maybeDeliveredEarlier === true,
  }
}

/** A business "no" (`result.success = false`) in words, with its codes for support. */
function describeBusinessNo(
  key: string,
  result: { err_code?: string | undefined; err_msg?: string | undefined },
  gatewayRequestId: string | undefined,
): SubmissionError {
  const errCode = result.err_code ?? ''
  const errMsg = result.err_msg ?? ''
  return {
    key,
    params: { errCode: errCode || '-', errMsg: errMsg || '-' },
    top: { ...(errCode ? { errCode } : {}), ...(errMsg ? { errMsg } : {}), ...(gatewayRequestId ? { gatewayRequestId } : {}) },
  }
}

/** The TOP error in words, with the gateway's own codes for support. */
function describeTopError(error: TopError): SubmissionError {
  return { key: error.messageKey, params: error.messageParams, top: error.gatewaySaid }
}

/**
 * When a rate-limit ban ends, if the gateway said: the client's `retryAfter`, or `banSeconds` from
 * `now` (the same reading of sub_msg the client's retry policy uses).
 */
function banEnd(error: TopError, now: Date): Date | undefined {
  if (error.retryClass !== 'ban') return undefined
  if (error.retryAfter !== undefined && !Number.isNaN(error.retryAfter.getTime())) return error.retryAfter
  return error.banSeconds === undefined ? undefined : new Date(now.getTime() + error.banSeconds * 1000)
}

/** What a thrown error can mean: never an answer of the business. */
type ThrownOutcome = Extract<AttemptOutcome, { kind: 'refused' | 'retry' | 'unreachable' }>

/** A call that threw: the TOP client's errors, or the connection provider's. */
export function outcomeOfError(error: unknown, now: Date): AttemptOutcome {
  const outcome = outcomeOfThrown(error, now)
  // The TOP client may have retried inside this one call after an attempt whose reply was lost:
  // then this refusal answers a repeat, and the first attempt may have been applied. Such an
  // outcome is never final, and never lets a new unique_id be issued.
  if (error instanceof TopError && error.maybeDeliveredEarlier) return possiblyDelivered(outcome)
  return outcome
}

function possiblyDelivered(outcome: ThrownOutcome): ThrownOutcome {
  if (outcome.kind === 'refused') return { kind: 'retry', maybeDelivered: true, error: outcome.error }
  return { ...outcome, maybeDelivered: true }
}

function outcomeOfThrown(error: unknown, now: Date): ThrownOutcome {
  if (error instanceof TopTransportError) {
    const described: SubmissionError = { key: error.messageKey, params: error.messageParams }
    if (!error.sent && error.failure !== 'aborted') return { kind: 'unreachable', maybeDelivered: false, error: described }
    // A 4xx will never be accepted as sent; everything else (reset, timeout, 5xx, unreadable
    // body, our own abort at shutdown) leaves the outcome open.
    if (error.failure === 'http-status' && !error.retryable) return { kind: 'refused', error: described }
    return { kind: 'retry', maybeDelivered: error.sent, error: described }
  }
  if (error instanceof TopError) {
    const described = describeTopError(error)
    switch (error.retryClass) {
      case 'server':
        // isp.*: the platform failed somewhere after accepting the call; it may have acted.
        return { kind: 'retry', maybeDelivered: true, error: described }
      case 'ban': {
        // Refused at the door (a rate limit, codes 4–8): nothing was applied; wait and resend.
        const retryAt = banEnd(error, now)
        return { kind: 'retry', maybeDelivered: false, error: described, ...(retryAt ? { retryAt } : {}) }
      }
      default:
        // Signature, clock, session, app key, parameters: refused before the business acted on
        // this attempt. The user fixes what the words say and submits again.
        return { kind: 'refused', error: described }
    }
  }
  if (error instanceof TopResponseError) {
    // The server answered, but not in the documented shape: it may well have applied the
    // request. Never a certain failure: resend the same unique_id until an answer reads.
    return {
      kind: 'retry',
      maybeDelivered: true,
      error: {
        key: error.messageKey,
        params: error.messageParams,
        issues: error.issues,
        ...(error.gatewayRequestId !== undefined ? { top: { gatewayRequestId: error.gatewayRequestId } } : {}),
      },
    }
  }
  const ipc = knownIpcError(error)
  if (ipc) {
    // No connection to use (profile missing, keychain locked): nothing left this PC.
    return { kind: 'retry', maybeDelivered: false, error: { key: ipc.key, params: ipc.params ?? {} } }
  }
  return { kind: 'retry', maybeDelivered: false, error: { key: 'templates.outcome.internal', params: {} } }
}

// ---------------------------------------------------------------------------------------------
// The pre-send read of the server's copy (alibaba.wdk.coupon.template.query)

export type QueryOutcome =
  /** The server's copy. */
  | { kind: 'found'; template: NonNullable<NonNullable<TemplateQueryResponse['result']['model']>['coupon_template']> }
  /** No check is possible here: send the update without one, and say so. */
  | { kind: 'unavailable'; reason: SubmissionError }
  /** The update would fare no better right now (network down, platform fault, ban): try later. */
  | { kind: 'later'; outcome: Extract<AttemptOutcome, { kind: 'retry' | 'unreachable' }> }

export function queryOutcomeOfReply(reply: { data: TemplateQueryResponse; gatewayRequestId?: string }): QueryOutcome {
  const { result } = reply.data
  if (result.success && result.model?.coupon_template) return { kind: 'found', template: result.model.coupon_template }
  if (result.success) return { kind: 'unavailable', reason: { key: 'templates.check.noModel', params: {} } }
  return { kind: 'unavailable', reason: describeBusinessNo('templates.check.refused', result, reply.gatewayRequestId) }
}

/**
 * A query that threw, read like an update that threw (`outcomeOfThrown`), with two differences.
 * Nothing of the update has been sent, so nothing here can make the submission possibly
 * delivered. And what would refuse an update for good makes the check unavailable instead: a
 * gateway that does not know the method (21/22), does not grant it (11/12/13), or refuses our
 * assumed parameters (40/41, isv.*), a 4xx, or a reply not in the assumed shape. The update is
 * then sent without a check and meets any refusal that concerns it in its own words.
 */
export function queryOutcomeOfError(error: unknown, now: Date): QueryOutcome {
  const outcome = outcomeOfThrown(error, now)
  if (outcome.kind === 'refused' || error instanceof TopResponseError) return { kind: 'unavailable', reason: outcome.error }
  return { kind: 'later', outcome: { ...outcome, maybeDelivered: false } }
}
