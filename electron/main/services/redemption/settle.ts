import { VOUCHER_LIST_PAGE_SIZE, type CustomerVoucherInfo } from '@contract/api/voucher-list'
import type { Message, ServerResult, VoucherOutcome } from '@contract/ipc/channels/redemption'
import { listCustomerVouchers } from '@main/top/apis'
import type { TopClient } from '@main/top/client'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'
import type { Connection } from '../connection'
import type { CallExecutor } from './executor'
import type { RedemptionJournal } from './journal'
import { platformVerdict } from './platform-state'

/** More pages than this is not a counter customer: stop rather than page for ever. */
const MAX_PAGES = 50

/** The platform's list could not be read: nothing is decided, nothing is resent. */
export class LookupUnavailableError extends Error {
  override readonly name = 'LookupUnavailableError'
  constructor(
    readonly reason: Message,
    options?: { cause?: unknown },
  ) {
    super(`voucher lookup unavailable: ${reason.key}`, options)
  }
}

/**
 * Every voucher of a customer, in every state, page after page. Sent with the customer and the
 * brand only: the metadata does not say whether a shop id narrows the list, and a voucher usable
 * in every shop must not be missed (an assumption).
 */
export async function lookupCustomerVouchers(
  client: TopClient,
  customerId: string,
  brandId: string | undefined,
  signal?: AbortSignal,
): Promise<CustomerVoucherInfo[]> {
  const all: CustomerVoucherInfo[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    let reply
    try {
      reply = await listCustomerVouchers(
        client,
        { customer_id: customerId, ...(brandId ? { brand_id: brandId } : {}), page_no: page, page_size: VOUCHER_LIST_PAGE_SIZE },
        signal,
      )
    } catch (error) {
      throw new LookupUnavailableError(reasonOf(error), { cause: error })
    }
    const result = reply.data.result
    if (!result.biz_success) {
      throw new LookupUnavailableError({
        key: 'redemption.lookup.refused',
        params: { text: result.result_view || result.result_desc || result.result_code || '-' },
      })
    }
    all.push(...result.result_list)
    const more = result.has_next_page ?? (result.total_page !== undefined && page < result.total_page)
    if (!more || result.result_list.length === 0) return all
  }
  return all
}

function reasonOf(error: unknown): Message {
  if (error instanceof TopError || error instanceof TopTransportError || error instanceof TopResponseError) {
    return { key: error.messageKey, params: error.messageParams }
  }
  return { key: 'redemption.reason.unexpected', params: {} }
}

const NO_WORDS: ServerResult = { code: null, text: null }

export type SettleResult =
  /** Decided from the platform's list; `resent` when the lookup said "not applied" and the same request went again. */
  | { kind: 'looked-up'; resent: boolean }
  /** The list could not be read: the entry is as it was, and was not resent. */
  | { kind: 'lookup-unavailable'; reason: Message }

/**
 * Settles a voucher write whose outcome is unknown (or that waits for a manager's check) from the
 * platform's own voucher states (see `platformVerdict`), before anything is resent:
 *   applied       the voucher row is settled (a reversal with the reissued id found)
 *   not applied   a refusal after a possible delivery is now a certain failure in the server's
 *                 words; an unknown outcome is resent, with the same request_id and payload —
 *                 the only automatic resend of a write that may have been delivered
 *   undecided     the row waits for a manager (needs check), and the call is not resent
 * A call whose vouchers are partly undecided is not resent at all (the request cannot be split);
 * its not-applied vouchers are then recorded as not applied, which frees them for a new request.
 */
export class PlatformSettler {
  readonly #journal: RedemptionJournal
  readonly #executor: CallExecutor

  constructor(journal: RedemptionJournal, executor: CallExecutor) {
    this.#journal = journal
    this.#executor = executor
  }

  async settle(entryId: number, connection: Connection, signal?: AbortSignal): Promise<SettleResult> {
    const entry = this.#journal.entry(entryId)
    const result = this.#journal.entryResult(entryId)
    if (!entry || !result) return { kind: 'looked-up', resent: false }
    const open = result.vouchers
      .map((v, position) => ({ ...v, position }))
      .filter((v) => v.outcome.state === 'unknown' || v.outcome.state === 'needs_check')
    if (open.length === 0) return { kind: 'looked-up', resent: false }

    let listed: CustomerVoucherInfo[]
    try {
      listed = await lookupCustomerVouchers(connection.client, entry.customerId, entry.request.brand_id, signal)
    } catch (error) {
      if (error instanceof LookupUnavailableError) return { kind: 'lookup-unavailable', reason: error.reason }
      throw error
    }
    const known = this.#journal.knownReissuedIds(entry.profileId, entry.customerId)
    const decided = new Map<number, VoucherOutcome>()
    const toResend: number[] = []
    let undecided = 0
    for (const v of open) {
      const verdict = platformVerdict({ action: entry.action, voucherId: v.voucherId, attemptedAt: entry.createdAt }, listed, known)
      const serverWords = v.outcome.state === 'needs_check' ? v.outcome.refusal.result : NO_WORDS
      switch (verdict.kind) {
        case 'applied':
          decided.set(
            v.position,
            entry.action === 'NORMAL_ISUSED'
              ? { state: 'redeemed', result: NO_WORDS }
              : { state: 'reversed', reissuedVoucherId: verdict.reissuedVoucherId ?? v.voucherId, result: NO_WORDS },
          )
          if (verdict.reissuedVoucherId) known.add(verdict.reissuedVoucherId)
          break
        case 'not_applied':
          if (v.outcome.state === 'needs_check') {
            // The repeat's refusal stands on its own now: the first attempt did not land.
            decided.set(v.position, { state: 'failed', failure: v.outcome.refusal })
          } else toResend.push(v.position)
          break
        case 'undecided':
          undecided++
          if (v.outcome.state === 'unknown') {
            decided.set(v.position, { state: 'needs_check', refusal: { kind: 'voucher', result: serverWords } })
          }
          break
      }
    }
    if (toResend.length > 0 && undecided > 0) {
      for (const position of toResend) {
        decided.set(position, { state: 'failed', failure: { kind: 'voucher', result: NO_WORDS } })
      }
    }
    this.#journal.settleSome(entryId, decided)
    if (toResend.length === 0 || undecided > 0 || this.#executor.isInFlight(entryId)) return { kind: 'looked-up', resent: false }
    await this.#executor.resend(entryId, connection, signal)
    return { kind: 'looked-up', resent: true }
  }
}
