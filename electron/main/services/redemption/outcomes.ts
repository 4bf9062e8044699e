import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { VoucherStatus, VoucherStatusChangeResponse } from '@contract/api/voucher'
import type { ServerResult, VoucherOutcome } from '@contract/ipc/channels/redemption'
import { topIpcError } from '@main/ipc/top-error'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'

/**
 * What a call's reply or failure means for each voucher of the call. Pure functions: the one
 * place where "did this voucher get redeemed?" is decided.
 */

const serverResult = (status: Pick<VoucherStatus, 'result_code' | 'result_desc' | 'result_view'>): ServerResult => {
  const text = status.result_view || status.result_desc || null
  const desc = status.result_desc || null
  // result_desc is kept beside result_view; repeated only when it adds nothing.
  return { code: status.result_code ?? null, text, ...(desc !== null && desc !== text ? { desc } : {}) }
}

/**
 * The status answering `voucherIds[index]`. Redemptions answer with the voucher's own id; a
 * successful reversal answers with the reissued id, so it can only be matched by position, which
 * is why reversals go one voucher per call. Position is trusted only when the list lines up.
 */
function statusFor(
  statuses: readonly VoucherStatus[],
  voucherIds: readonly string[],
  index: number,
  used: Set<number>,
): VoucherStatus | undefined {
  const id = voucherIds[index]
  const byId = statuses.findIndex((s, i) => !used.has(i) && s.voucher_id === id)
  if (byId >= 0) {
    used.add(byId)
    return statuses[byId]
  }
  if (statuses.length === voucherIds.length && !used.has(index)) {
    used.add(index)
    return statuses[index]
  }
  return undefined
}

export function outcomesFromReply(
  action: VoucherStatusActionCode,
  voucherIds: readonly string[],
  response: VoucherStatusChangeResponse,
): VoucherOutcome[] {
  const common = response.result
  const statuses = common.result?.voucher_status_list ?? []
  const used = new Set<number>()
  return voucherIds.map((voucherId, index): VoucherOutcome => {
    const status = statusFor(statuses, voucherIds, index, used)
    if (!status) {
      if (!common.biz_success) return { state: 'failed', failure: { kind: 'call', result: serverResult(common) } }
      // Processed, yet silent about this voucher: it may or may not have been applied.
      return { state: 'unknown', reason: { key: 'redemption.reason.missingInReply', params: { voucherId } } }
    }
    const result = serverResult({
      result_code: status.result_code ?? common.result_code,
      result_desc: status.result_desc ?? common.result_desc,
      result_view: status.result_view ?? common.result_view,
    })
    if (!status.is_success) return { state: 'failed', failure: { kind: 'voucher', result } }
    if (action === 'NORMAL_ISUSED') return { state: 'redeemed', result }
    if (status.voucher_id.trim() === '') {
      // Reversed, but the reissued id is the one thing the cashier needs from it.
      return { state: 'unknown', reason: { key: 'redemption.reason.missingReissuedId', params: { voucherId } } }
    }
    return { state: 'reversed', reissuedVoucherId: status.voucher_id, result }
  })
}

/**
 * A call that got no usable reply. A request that certainly never left is `not_sent`, and so is
 * one the gateway turned away for a rate limit (codes 4–8): refused at the door, nothing was
 * applied, and the same request can pass later — never a final refusal. Any other platform
 * refusal is a certain failure, except `isp.*`: the platform's own fault, after which the
 * backend may have acted. Everything else may have been applied and is `unknown`.
 */
export function outcomeFromError(error: unknown): VoucherOutcome {
  if (error instanceof TopTransportError) {
    // The technical reason (refused, timeout, HTTP 502) rides along for the hover details.
    const reason = { key: error.messageKey, params: { ...error.messageParams, reason: error.reason } }
    return error.sent ? { state: 'unknown', reason } : { state: 'not_sent', reason }
  }
  if (error instanceof TopError) {
    const ipc = topIpcError(error)
    const message = { key: ipc.key, params: ipc.params ?? {} }
    if (error.retryClass === 'server') return { state: 'unknown', reason: message }
    if (error.retryClass === 'ban') return { state: 'not_sent', reason: message }
    return { state: 'failed', failure: { kind: 'platform', message, top: ipc.top ?? {} } }
  }
  if (error instanceof TopResponseError) {
    return { state: 'unknown', reason: { key: error.messageKey, params: error.messageParams } }
  }
  return { state: 'unknown', reason: { key: 'redemption.reason.unexpected', params: {} } }
}

/**
 * What the answer to a repeat means, when an earlier attempt of the same call may have reached
 * the server (sent, reply lost): `outcome` is read as if this were the first attempt.
 *
 * - A refused or unsent repeat says nothing about that earlier attempt: still `unknown` (with the
 *   new reason).
 * - A success is trusted: redeemed, or reversed with the reissued id the reply carries.
 * - A business refusal ("already used", "already reversed", or the whole call refused) is
 *   ambiguous. A server that replays the first answer for a repeated request_id would have said
 *   "done"; one that does not deduplicate processes the repeat afresh and refuses it *because*
 *   the earlier attempt went through. Public docs do not say which TOP is, so the voucher is
 *   `needs_check`, with the server's words, until a manager looks it up in the merchant backend.
 */
export function outcomeAfterPossibleDelivery(outcome: VoucherOutcome): VoucherOutcome {
  if (outcome.state === 'not_sent') return { state: 'unknown', reason: outcome.reason }
  if (outcome.state !== 'failed') return outcome
  const failure = outcome.failure
  switch (failure.kind) {
    case 'platform':
      return { state: 'unknown', reason: failure.message }
    case 'voucher':
    case 'call':
      return { state: 'needs_check', refusal: failure }
    case 'manual':
      return outcome
  }
}
