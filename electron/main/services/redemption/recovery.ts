import type { Message, RetryResult, StartupReport, StartupState } from '@contract/ipc/channels/redemption'
import type { Log } from '@main/logging/logs'
import type { EntryRecord, EntryState, Journal } from '@main/store/journal'
import type { Connection } from '../connection'
import type { CallExecutor } from './executor'

interface StartupEntryRef {
  entryId: number
  createdAt: number
  stateAtStartup: StartupState
}

/** What the start-up notice lists: every call the last run left without a final answer. */
const LEFT_OVER: readonly EntryState[] = ['unknown', 'not_sent', 'needs_check']

/**
 * Resolves calls whose outcome is not known, always by resending the stored request with its
 * original request_id: on demand (`redeem.retryUnknown`) and once at start-up, for whatever the
 * last run left unresolved.
 */
export class Recovery {
  readonly #journal: Journal
  readonly #executor: CallExecutor
  readonly #log: Log
  #startupEntries: StartupEntryRef[] = []
  #interruptedBatchIds: string[] = []
  #resolving = false

  constructor(journal: Journal, executor: CallExecutor, log: Log) {
    this.#journal = journal
    this.#executor = executor
    this.#log = log
  }

  /**
   * At start-up: batches still `running` were cut off, calls still `pending` were in flight when
   * the app stopped (so their fate is unknown). Every unknown call of the active profile is then
   * retried; calls of other profiles wait until their profile is active (they were signed for it).
   * The report lists every call left open: also the never-sent ones (retried on demand: the
   * customer may be long gone) and those waiting for a manager's check (never resent by
   * themselves: the server already refused a repeat, and would again).
   */
  async startUp(connect: () => Promise<Connection>, signal: AbortSignal): Promise<void> {
    this.#interruptedBatchIds = this.#journal.interruptRunningBatches()
    const interrupted = new Set(this.#journal.markInterruptedCallsUnknown().map((e) => e.id))
    const leftOver = this.#journal.entriesIn(LEFT_OVER)
    this.#startupEntries = leftOver.map((e) => ({
      entryId: e.id,
      createdAt: e.createdAt,
      stateAtStartup: interrupted.has(e.id) ? 'pending' : (e.state as Exclude<EntryState, 'pending' | 'settled'>),
    }))
    const unknown = leftOver.filter((e) => e.state === 'unknown')
    if (unknown.length === 0) return
    this.#resolving = true
    try {
      const connection = await connect()
      for (const entry of unknown) {
        if (signal.aborted) break
        if (entry.profileId !== connection.profileId || this.#executor.isInFlight(entry.id)) continue
        await this.#executor.resend(entry.id, connection, signal)
      }
    } catch (error) {
      // No connection yet (no profile, keychain locked): the entries stay listed and retryable.
      this.#log.warn('start-up recovery incomplete:', error)
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
        const progress = this.#journal.batchProgress(id)
        if (!progress || progress.waiting.length === 0) return []
        return [
          { batchId: id, customerId: progress.customerId, createdAt: progress.createdAt, notSubmitted: progress.waiting },
        ]
      }),
    }
  }

  /**
   * Retries the given entries, or every unresolved one, one at a time, in the order they were
   * made. A call waiting for a manager's check is retried only when named: a server that does not
   * deduplicate refuses the repeat again, so "retry everything" would only repeat that refusal.
   */
  async retry(entryIds: readonly number[] | undefined, connection: Connection, signal: AbortSignal): Promise<RetryResult> {
    // "Everything" means what is unresolved and not under way right now in this process.
    const ids = entryIds
      ? [...new Set(entryIds)]
      : this.#journal
          .entriesIn(['pending', 'not_sent', 'unknown'])
          .map((e) => e.id)
          .filter((id) => !this.#executor.isInFlight(id))
    const result: RetryResult = { retried: [], skipped: [] }
    for (const entryId of ids) {
      const refusal = this.#refusal(entryId, this.#journal.entry(entryId), connection)
      if (refusal) {
        result.skipped.push({ entryId, message: refusal })
        continue
      }
      await this.#executor.resend(entryId, connection, signal)
      result.retried.push(this.#journal.entryResult(entryId)!)
    }
    return result
  }

  #refusal(entryId: number, entry: EntryRecord | undefined, connection: Connection): Message | undefined {
    const params = { entryId }
    if (!entry) return { key: 'redemption.retry.notFound', params }
    if (entry.state === 'settled') return { key: 'redemption.retry.settled', params }
    // Resending would also resend the vouchers a manager already settled, one of them maybe as
    // "not applied", which a non-deduplicating server would now apply.
    if (this.#journal.hasManualVerdict(entryId)) return { key: 'redemption.retry.checkedByHand', params }
    if (this.#executor.isInFlight(entryId)) return { key: 'redemption.retry.inFlight', params }
    if (entry.profileId !== connection.profileId) return { key: 'redemption.retry.otherProfile', params }
    return undefined
  }
}
