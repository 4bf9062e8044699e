import type { Message, RetryResult, StartupReport, StartupState } from '@contract/ipc/channels/redemption'
import type { Log } from '@main/logging/logs'
import type { EntryRecord, EntryState } from '@main/store/journal'
import type { Connection } from '../connection'
import type { BatchRunner } from './batches'
import type { CallExecutor } from './executor'
import type { RedemptionJournal } from './journal'
import { PlatformSettler } from './settle'

/** The connection of the profile an entry was made under (see `ConnectionProvider.of`). */
export type ConnectTo = (profileId: string) => Promise<Connection>

interface StartupEntryRef {
  entryId: number
  createdAt: number
  stateAtStartup: StartupState
}

/** What the start-up notice lists: every call the last run left without a final answer. */
const LEFT_OVER: readonly EntryState[] = ['unknown', 'not_sent', 'needs_check']

/**
 * Resolves calls without a final answer: on demand (`redeem.retryUnresolved`) and once at
 * start-up, for whatever the last run left unresolved. A call that may have reached the server
 * (unknown, or waiting for a check) is first looked up on the platform (`PlatformSettler`), and
 * resent with its original request_id only if the lookup says it was not applied; one that
 * certainly never left (not sent) is simply resent.
 */
export class Recovery {
  readonly #journal: RedemptionJournal
  readonly #batches: BatchRunner
  readonly #executor: CallExecutor
  readonly #log: Log
  readonly #settler: PlatformSettler
  #startupEntries: StartupEntryRef[] = []
  #interruptedBatchIds: string[] = []
  #resolving = false

  constructor(journal: RedemptionJournal, batches: BatchRunner, executor: CallExecutor, log: Log) {
    this.#journal = journal
    this.#batches = batches
    this.#executor = executor
    this.#log = log
    this.#settler = new PlatformSettler(journal, executor)
  }

  /** Another attempt at one entry: looked up first when it may have been delivered. */
  async #attempt(entry: EntryRecord, connection: Connection, signal: AbortSignal): Promise<Message | undefined> {
    if (entry.state === 'unknown' || entry.state === 'needs_check' || entry.maybeDelivered) {
      const settled = await this.#settler.settle(entry.id, connection, signal)
      return settled.kind === 'lookup-unavailable'
        ? { key: 'redemption.retry.lookupUnavailable', params: { entryId: entry.id } }
        : undefined
    }
    await this.#executor.resend(entry.id, connection, signal)
    return undefined
  }

  /**
   * At start-up: batches still `running` were cut off, calls still `pending` were in flight when
   * the app stopped (so their fate is unknown). Every unknown call, and every call waiting for a
   * manager's check, is then looked up on the platform (and resent only where that says "not
   * applied"), each through the profile it was made under (its app key, its store, its gateway),
   * whichever is active. The report lists every call left open: also the never-sent ones
   * (retried on demand: the customer may be long gone).
   */
  async startUp(connect: ConnectTo, signal: AbortSignal): Promise<void> {
    this.#interruptedBatchIds = this.#batches.interruptRunning()
    const interrupted = new Set(this.#journal.markInterruptedCallsUnknown().map((e) => e.id))
    const leftOver = this.#journal.entriesIn(LEFT_OVER)
    this.#startupEntries = leftOver.map((e) => ({
      entryId: e.id,
      createdAt: e.createdAt,
      stateAtStartup: interrupted.has(e.id) ? 'pending' : (e.state as Exclude<EntryState, 'pending' | 'settled'>),
    }))
    const unknown = leftOver.filter((e) => e.state === 'unknown' || e.state === 'needs_check')
    if (unknown.length === 0) return
    this.#resolving = true
    const connections = new Map<string, Promise<Connection>>()
    try {
      for (const entry of unknown) {
        if (signal.aborted) break
        if (this.#executor.isInFlight(entry.id)) continue
        if (this.#journal.hasManualVerdict(entry.id)) continue
        let connection: Connection
        try {
          if (!connections.has(entry.profileId)) connections.set(entry.profileId, connect(entry.profileId))
          connection = await connections.get(entry.profileId)!
        } catch (error) {
          // That profile has no connection now (removed, keychain locked): its entries stay
          // listed and retryable; other profiles' entries go on.
          this.#log.warn('start-up recovery incomplete:', error)
          continue
        }
        await this.#attempt(entry, connection, signal)
      }
    } finally {
      this.#resolving = false
    }
  }

  report(): StartupReport {
    return {
      resolving: this.#resolving,
      entries: this.#startupEntries.flatMap((ref) => {
        const result = this.#journal.entryResult(ref.entryId)
        return result ? [{ ...result, createdAt: ref.createdAt, stateAtStartup: ref.stateAtStartup }] : []
      }),
      interruptedBatches: this.#interruptedBatchIds.flatMap((id) => {
        const progress = this.#batches.progressWithStart(id)
        if (!progress || progress.waiting.length === 0) return []
        return [{ batchId: id, customerId: progress.customerId, createdAt: progress.createdAt, notSubmitted: progress.waiting }]
      }),
    }
  }

  /**
   * Retries the given entries, or every unresolved one (those waiting for a check included: the
   * platform's list may settle them), one at a time, in the order they were made.
   */
  async retry(entryIds: readonly number[] | undefined, connect: ConnectTo, signal: AbortSignal): Promise<RetryResult> {
    // "Everything" means what is unresolved and not under way right now in this process.
    const ids = entryIds
      ? [...new Set(entryIds)]
      : this.#journal
          .entriesIn(['pending', 'not_sent', 'unknown', 'needs_check'])
          .map((e) => e.id)
          .filter((id) => !this.#executor.isInFlight(id))
    const result: RetryResult = { retried: [], skipped: [] }
    for (const entryId of ids) {
      const entry = this.#journal.entry(entryId)
      const refusal = this.#refusal(entryId, entry)
      if (refusal || !entry) {
        result.skipped.push({ entryId, message: refusal ?? { key: 'redemption.retry.notFound', params: { entryId } } })
        continue
      }
      // Only ever through the profile it was made under, never the active one in its place.
      let connection: Connection
      try {
        connection = await connect(entry.profileId)
      } catch {
        result.skipped.push({ entryId, message: { key: 'redemption.retry.noConnection', params: { entryId } } })
        continue
      }
      const unavailable = await this.#attempt(this.#journal.entry(entryId)!, connection, signal)
      if (unavailable) result.skipped.push({ entryId, message: unavailable })
      else result.retried.push(this.#journal.entryResult(entryId)!)
    }
    return result
  }

  #refusal(entryId: number, entry: EntryRecord | undefined): Message | undefined {
    const params = { entryId }
    if (!entry) return { key: 'redemption.retry.notFound', params }
    if (entry.state === 'settled') return { key: 'redemption.retry.settled', params }
    // Resending would also resend the vouchers a manager already settled, one of them maybe as
    // "not applied", which a non-deduplicating server would now apply.
    if (this.#journal.hasManualVerdict(entryId)) return { key: 'redemption.retry.checkedByHand', params }
    if (this.#executor.isInFlight(entryId)) return { key: 'redemption.retry.inFlight', params }
    return undefined
  }
}
