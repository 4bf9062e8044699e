import { changeVoucherStatus } from '@main/top/apis'
import { TopError } from '@main/top/errors'
import type { Log } from '@main/logging/logs'
import type { EntryRecord } from '@main/store/journal'
import type { VoucherOutcome } from '@contract/ipc/channels/redemption'
import type { Connection } from '../connection'
import type { RedemptionJournal } from './journal'
import { outcomeAfterPossibleDelivery, outcomeFromError, outcomesFromReply } from './outcomes'

/**
 * Sends journal entries to TOP and records what came back. The entry must already be in the
 * journal: nothing is sent that is not written down first.
 */
export class CallExecutor {
  readonly #journal: RedemptionJournal
  readonly #log: Log
  /** Entries with a call under way in this process: never sent twice at once. */
  readonly #inFlight = new Map<number, Promise<unknown>>()

  constructor(journal: RedemptionJournal, log: Log) {
    this.#journal = journal
    this.#log = log
  }

  isInFlight(entryId: number): boolean {
    return this.#inFlight.has(entryId)
  }

  /** The entries with a call under way right now (a snapshot). */
  inFlightEntries(): ReadonlySet<number> {
    return new Set(this.#inFlight.keys())
  }

  /** Whether any call is on the wire right now. */
  get busy(): boolean {
    return this.#inFlight.size > 0
  }

  /** First attempt of a freshly written entry (its intent already says `pending`). */
  send(entry: EntryRecord, connection: Connection, signal?: AbortSignal): Promise<VoucherOutcome[]> {
    this.#guard(entry, connection)
    return this.#call(entry, connection, signal)
  }

  /**
   * Another attempt of a stored entry: the same request_id and payload, read back from the
   * journal, and marked pending first.
   */
  async resend(entryId: number, connection: Connection, signal?: AbortSignal): Promise<VoucherOutcome[]> {
    const entry = this.#journal.entry(entryId)
    if (!entry) throw new Error(`no journal entry ${entryId}`)
    this.#guard(entry, connection)
    this.#journal.markAttempt(entryId)
    return this.#call(entry, connection, signal)
  }

  #guard(entry: EntryRecord, connection: Connection): void {
    if (entry.profileId !== connection.profileId) {
      // The request belongs to another profile's app key and store; sending it elsewhere would be wrong.
      throw new Error(`entry ${entry.id} belongs to profile ${entry.profileId}, not ${connection.profileId}`)
    }
    if (this.#inFlight.has(entry.id)) throw new Error(`entry ${entry.id} is already being sent`)
  }

  /** Resolves when every call under way has been recorded (shutdown waits for it). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.#inFlight.values())
  }

  #call(entry: EntryRecord, connection: Connection, signal: AbortSignal | undefined): Promise<VoucherOutcome[]> {
    const call = this.#callAndRecord(entry, connection, signal).finally(() => this.#inFlight.delete(entry.id))
    this.#inFlight.set(entry.id, call)
    return call
  }

  async #callAndRecord(entry: EntryRecord, connection: Connection, signal: AbortSignal | undefined): Promise<VoucherOutcome[]> {
    let outcomes: VoucherOutcome[]
    let gatewayRequestId: string | undefined
    // An earlier attempt may have reached the server: in an earlier run of the app, or an earlier
    // send of this entry (the client itself never repeats a voucher write that may have been
    // delivered; `maybeDeliveredEarlier` is read all the same, should it ever). Then the answer is
    // the server's word on a repeat, not on the first request.
    let deliveredBefore = entry.maybeDelivered
    try {
      const reply = await changeVoucherStatus(connection.client, entry.request, signal)
      gatewayRequestId = reply.gatewayRequestId
      deliveredBefore ||= reply.maybeDeliveredEarlier
      outcomes = outcomesFromReply(entry.action, entry.request.voucher_id_list, reply.data)
    } catch (error) {
      this.#log.warn(`${entry.action} call ${entry.id} (request_id ${entry.request.request_id}) failed:`, error)
      deliveredBefore ||= error instanceof TopError && error.maybeDeliveredEarlier
      const outcome = outcomeFromError(error)
      outcomes = entry.request.voucher_id_list.map(() => outcome)
    }
    if (deliveredBefore) outcomes = outcomes.map(outcomeAfterPossibleDelivery)
    this.#journal.settle(entry.id, outcomes, gatewayRequestId)
    // What support asks first about "the coupon that would not go through": which call, which ids, what came of it.
    this.#log.info(
      `${entry.action} call ${entry.id} (request_id ${entry.request.request_id}, gateway ${gatewayRequestId ?? '-'}): ${countStates(outcomes)}`,
    )
    return outcomes
  }
}

/** `redeemed 3, failed 1`. */
function countStates(outcomes: readonly VoucherOutcome[]): string {
  const counts = new Map<string, number>()
  for (const { state } of outcomes) counts.set(state, (counts.get(state) ?? 0) + 1)
  return [...counts].map(([state, n]) => `${state} ${n}`).join(', ')
}
