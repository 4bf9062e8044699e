import type { VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import {
  isCheckable,
  manualCheckOf,
  type EntryResult,
  type ManualCheck,
  type Message,
  type ResolveVerdict,
  type ServerResult,
  type VoucherOutcome,
  type VoucherResult,
} from '@contract/ipc/channels/redemption'
import type { Database } from '@main/store/db'
import { JournalRepository, type EntryRecord, type EntryState, type VoucherRow } from '@main/store/journal'
import { decodeOutcome, decodeResult, encodeOutcome, messageColumns } from './journal-codec'
import { reversalRequest, type Operator, type StoreIds } from './requests'

/**
 * The redemption journal as the service reads and writes it: outcomes in the IPC's terms, the
 * rules of what may be reversed or settled by hand, and the words for a refusal. Storage is
 * `JournalRepository`; every check and the write that depends on it run in one of its
 * transactions, synchronously, so nothing slips in between.
 */

export type BeginReversal =
  | { kind: 'created'; entry: EntryRecord }
  /** A reversal of this voucher never reached the server: retry it (same request_id), never a new one. */
  | { kind: 'retry'; entryId: number; voucherId: string }
  | { kind: 'refused'; message: Message }

/** What a manager read in the merchant backend about a voucher the server could not settle. */
export type ManualVerdict =
  | { verdict: Extract<ResolveVerdict, 'applied'>; reissuedVoucherId?: string | undefined }
  | { verdict: Extract<ResolveVerdict, 'not_applied'> }

/** Why a verdict was not recorded; each is a `redemption.resolve.*` message key. */
export type ResolveRefusal =
  'notFound' | 'otherProfile' | 'notCheckable' | 'inFlight' | 'reissuedRequired' | 'reissuedNotForRedemption' | 'reissuedSameAsOriginal'

export type ResolveByHand = { kind: 'resolved'; entryId: number } | { kind: 'refused'; reason: ResolveRefusal; voucherId: string | null }

/** An unresolved voucher of a new batch's plan: the entry to retry or check instead. */
export interface OpenRedemption {
  entryId: number
  /** `needs_check`: a manager has to look it up; otherwise a retry can settle it. */
  needsCheck: boolean
}

/** Who reverses: the operator named, else the redemption's own; store ids fill what the redemption lacks. */
export interface Reverser {
  operator: Operator | undefined
  store?: StoreIds | undefined
}

/** What a call left unsettled at start-up is told: the last run stopped mid-call. */
const INTERRUPTED: Message = { key: 'redemption.reason.interrupted', params: {} }

/**
 * Whether anything in these outcomes still needs a retry, which kind, or a manager's check. Once
 * a manager has settled one voucher of a call by hand, the call is never resent: its request
 * still holds that voucher, and a server that does not deduplicate would apply it now, after the
 * manager found it "not applied". Its other open vouchers are then settled by hand too.
 */
export function entryStateOf(outcomes: readonly VoucherOutcome[]): EntryState {
  const open = outcomes.filter((o) => o.state !== 'redeemed' && o.state !== 'reversed' && o.state !== 'failed')
  if (open.length === 0) return 'settled'
  if (outcomes.some((o) => manualCheckOf(o) !== undefined)) return 'needs_check'
  if (open.some((o) => o.state === 'unknown' || o.state === 'pending')) return 'unknown'
  if (open.some((o) => o.state === 'not_sent')) return 'not_sent'
  return 'needs_check'
}

export function toVoucherResult(row: VoucherRow): VoucherResult {
  return { rowId: row.id, entryId: row.entry_id, voucherId: row.voucher_id, points: row.points, outcome: decodeOutcome(row) }
}

export class RedemptionJournal {
  readonly repository: JournalRepository

  constructor(db: Database, now: () => Date) {
    this.repository = new JournalRepository(db, now)
  }

  /** The intent of a redemption call, before the call: the entry with its request and one `pending` row per voucher. */
  beginRedemption(request: VoucherStatusChangeOpenReq, profileId: string, batchId: string | null): EntryRecord {
    return this.repository.insertRedemption(request, profileId, batchId)
  }

  /**
   * The intent of reversing one redemption row, in one transaction: refuses unless the row is
   * `redeemed` with no reversal done or under way, hands back a never-sent reversal for retry,
   * or builds the reversal request and writes the new entry linked to the row.
   */
  beginReversal(rowId: number, profileId: string, by: Reverser): BeginReversal {
    const repo = this.repository
    return repo.transaction((): BeginReversal => {
      const row = repo.reversalTarget(rowId)
      const refuse = (key: string): BeginReversal => ({
        kind: 'refused',
        message: { key: `redemption.reverse.${key}`, params: { voucherId: row?.voucher_id ?? '' } },
      })
      if (!row) return refuse('notFound')
      if (row.profile_id !== profileId) return refuse('otherProfile')
      if (row.action !== 'NORMAL_ISUSED') return refuse('notARedemption')
      if (row.state === 'needs_check') return refuse('needsCheck')
      if (row.state !== 'redeemed') return refuse('notRedeemed')
      switch (row.reversal_state) {
        case 'reversed':
          return refuse('alreadyReversed')
        case 'pending':
        case 'unknown':
          return refuse('inFlight')
        case 'needs_check':
          return refuse('needsCheck')
        case 'not_sent':
          return { kind: 'retry', entryId: row.reversal_entry_id!, voucherId: row.voucher_id }
      }
      const redemption = row.redemption
      const operator = by.operator ?? { operatorId: redemption.operator_id, operatorName: redemption.operator_name }
      const request = reversalRequest({ voucherId: row.voucher_id, customerId: row.customer_id, redemption }, operator, by.store)
      if (request.voucher_id_list.join() !== row.voucher_id) throw new Error('a reversal request must reverse exactly the target voucher')
      return { kind: 'created', entry: repo.insertReversal(request, profileId, row.id) }
    })
  }

  /**
   * Before a retry is sent: the entry and its open rows are `pending` again, durably, so a crash
   * during the retry is seen as "may have been applied" at the next start. A needs-check row's
   * refusal is dropped with the rest: the retry's answer replaces it.
   */
  markAttempt(entryId: number): void {
    this.repository.markAttempt(entryId)
  }

  /**
   * The reply (or the failure) of a call, per voucher by position, in one transaction. Rows that
   * already have a final answer keep it (a replayed reply can only confirm it, and a manager's
   * verdict is final too).
   *
   * Committed without waiting for the disk: the intent (FULL, before the request left) is what
   * exactly-once rests on, and if a power cut takes this answer the next start finds the call
   * pending and asks the platform how it ended, as for a call the app died in. One fsync fewer
   * between the click and the result.
   */
  settle(entryId: number, outcomes: readonly VoucherOutcome[], gatewayRequestId?: string): void {
    this.repository.relaxedTransaction(() => {
      outcomes.forEach((outcome, position) => this.repository.writeOpenOutcome(entryId, position, encodeOutcome(outcome)))
      this.#updateEntryState(entryId, gatewayRequestId)
    })
  }

  /**
   * Outcomes for some of an entry's vouchers, by position, in one transaction (what a lookup of
   * the platform's voucher states decided); the others keep theirs. Final rows are never changed.
   */
  settleSome(entryId: number, outcomes: ReadonlyMap<number, VoucherOutcome>): void {
    if (outcomes.size === 0) return
    this.repository.transaction(() => {
      for (const [position, outcome] of outcomes) this.repository.writeOpenOutcome(entryId, position, encodeOutcome(outcome))
      this.#updateEntryState(entryId)
    })
  }

  /** The entry's state from its rows. Unknown and needs-check both mean some attempt may have landed. */
  #updateEntryState(entryId: number, gatewayRequestId?: string): void {
    const current = this.repository.voucherRows(entryId).map(decodeOutcome)
    const delivered = current.some((o) => o.state === 'unknown' || o.state === 'needs_check')
    this.repository.writeEntryState(entryId, entryStateOf(current), delivered, gatewayRequestId)
  }

  /** Reissued voucher ids this journal already knows for a customer (they cannot be another reversal's). */
  knownReissuedIds(profileId: string, customerId: string): Set<string> {
    return this.repository.knownReissuedIds(profileId, customerId)
  }

  /**
   * A manager's verdict on one `unknown` or `needs_check` voucher row, after looking it up in the
   * merchant backend, in one transaction: the row becomes redeemed / reversed ("applied", a
   * reversal with the reissued id the backend shows) or failed ("not applied", which frees the
   * voucher), with who and when; the call's state follows. `inFlight` holds the entries this
   * process is sending right now: their answer is on the way, so no verdict yet.
   */
  resolveByHand(
    rowId: number,
    profileId: string,
    verdict: ManualVerdict,
    operator: { operatorId: string; operatorName: string | null },
    inFlight: ReadonlySet<number>,
  ): ResolveByHand {
    const repo = this.repository
    return repo.transaction((): ResolveByHand => {
      const row = repo.voucherRow(rowId)
      const refuse = (reason: ResolveRefusal): ResolveByHand => ({ kind: 'refused', reason, voucherId: row?.voucher_id ?? null })
      if (!row) return refuse('notFound')
      if (row.profile_id !== profileId) return refuse('otherProfile')
      if (!isCheckable(row.state)) return refuse('notCheckable')
      if (inFlight.has(row.entry_id)) return refuse('inFlight')

      const check: ManualCheck = { ...operator, at: repo.now() }
      // What the server last said: the refusal of a needs-check row; nothing for an unknown one.
      const result: ServerResult = row.state === 'needs_check' ? decodeResult(row) : { code: null, text: null }
      let outcome: VoucherOutcome
      if (verdict.verdict === 'not_applied') {
        outcome = { state: 'failed', failure: { kind: 'manual', check, result } }
      } else if (row.action === 'NORMAL_ISUSED') {
        if (verdict.reissuedVoucherId !== undefined) return refuse('reissuedNotForRedemption')
        outcome = { state: 'redeemed', result, check }
      } else {
        const reissued = verdict.reissuedVoucherId
        if (reissued === undefined) return refuse('reissuedRequired')
        if (reissued === row.voucher_id) return refuse('reissuedSameAsOriginal')
        outcome = { state: 'reversed', reissuedVoucherId: reissued, result, check }
      }
      if (!repo.writeOpenOutcome(row.entry_id, row.position, encodeOutcome(outcome))) return refuse('notCheckable')
      this.#updateEntryState(row.entry_id)
      return { kind: 'resolved', entryId: row.entry_id }
    })
  }

  /** Whether a manager has settled any voucher of this call by hand (it is then never resent). */
  hasManualVerdict(entryId: number): boolean {
    return this.repository.hasManualVerdict(entryId)
  }

  entry(entryId: number): EntryRecord | undefined {
    return this.repository.entry(entryId)
  }

  /** Entries in the given states, oldest first. */
  entriesIn(states: readonly EntryState[]): EntryRecord[] {
    return this.repository.entriesIn(states)
  }

  /** Calls still without a final answer (pending, not sent, unknown, waiting for a check), per profile. */
  unresolvedByProfile(): Map<string, number> {
    return this.repository.unresolvedByProfile()
  }

  /**
   * At start-up nothing of this process is in flight, so a `pending` entry is one the last run
   * left mid-call: its fate is unknown. Returns those entries as they were.
   */
  markInterruptedCallsUnknown(): EntryRecord[] {
    return this.repository.markPendingUnknown(messageColumns(INTERRUPTED))
  }

  /** Vouchers among `voucherIds` whose redemption is unresolved, with the entry to retry or check instead. */
  openRedemptions(profileId: string, voucherIds: readonly string[]): Map<string, OpenRedemption> {
    const open = new Map<string, OpenRedemption>()
    for (const [voucherId, row] of this.repository.openRedemptions(profileId, voucherIds)) {
      open.set(voucherId, { entryId: row.entryId, needsCheck: row.state === 'needs_check' })
    }
    return open
  }

  entryResult(entryId: number): EntryResult | undefined {
    const entry = this.repository.entryHead(entryId)
    if (!entry) return undefined
    return {
      entryId: entry.id,
      requestId: entry.request_id,
      action: entry.action,
      customerId: entry.customer_id,
      vouchers: this.repository.voucherRows(entryId).map(toVoucherResult),
    }
  }
}
