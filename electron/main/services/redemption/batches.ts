import { randomUUID } from 'node:crypto'
import { MAX_VOUCHERS_PER_CALL, type BatchProgress, type BlockedVoucher } from '@contract/ipc/channels/redemption'
import type { Log } from '@main/logging/logs'
import type { Database } from '@main/store/db'
import { BatchRepository, type BatchRecord, type PlannedVoucher } from '@main/store/journal-batches'
import type { Connection } from '../connection'
import type { CallExecutor } from './executor'
import { toVoucherResult, type RedemptionJournal } from './journal'
import { chunk, redemptionRequest, type RedemptionHeader } from './requests'

/**
 * One "Redeem" press: the scanned list, split into calls of at most `MAX_VOUCHERS_PER_CALL`,
 * sent one after another, each with its own request_id and its own journal entry written just
 * before it goes out. After each call and at the end `onProgress` is told (the service pushes the
 * progress to the window as `redeem.batchProgress`), so the screen shows a result the moment the
 * journal has it.
 */
export class BatchRunner {
  readonly #journal: RedemptionJournal
  readonly #batches: BatchRepository
  readonly #executor: CallExecutor
  readonly #perCall: number
  readonly #log: Log
  readonly #running = new Map<string, Promise<void>>()
  readonly #onProgress: (batchId: string) => void

  constructor(
    db: Database,
    now: () => Date,
    journal: RedemptionJournal,
    executor: CallExecutor,
    log: Log,
    perCall = MAX_VOUCHERS_PER_CALL,
    /** The batch moved on (a call done, the batch finished); `progress(batchId)` says how far. */
    onProgress: (batchId: string) => void = () => undefined,
  ) {
    this.#journal = journal
    this.#batches = new BatchRepository(db, now)
    this.#executor = executor
    this.#log = log
    this.#perCall = perCall
    this.#onProgress = onProgress
  }

  /** Whether a batch is still being sent. */
  get busy(): boolean {
    return this.#running.size > 0
  }

  /**
   * Records the batch and starts sending in the background; answers at once with the plan.
   * Vouchers with an unresolved earlier redemption are held back: their old request must be
   * retried, a new request_id for them could redeem twice.
   */
  start(header: RedemptionHeader, plan: readonly PlannedVoucher[], connection: Connection, signal: AbortSignal): BatchProgress {
    const id = randomUUID()
    const blocked = this.#blocked(connection.profileId, plan)
    const held = new Set(blocked.map((b) => b.voucherId))
    const calls = chunk(
      plan.filter((p) => !held.has(p.voucherId)),
      this.#perCall,
    )
    this.#batches.insert({
      id,
      profileId: connection.profileId,
      customerId: header.customerId,
      plan,
      blocked,
      callsTotal: calls.length,
      status: calls.length > 0 ? 'running' : 'done',
    })
    if (calls.length > 0) {
      const run = this.#run(id, header, calls, connection, signal).finally(() => this.#running.delete(id))
      this.#running.set(id, run)
    }
    return this.progress(id)!
  }

  progress(batchId: string): BatchProgress | undefined {
    const batch = this.#batches.get(batchId)
    return batch && this.#progressOf(batch)
  }

  /** As `progress`, with when the batch was started (the start-up report lists interrupted batches by it). */
  progressWithStart(batchId: string): (BatchProgress & { createdAt: number }) | undefined {
    const batch = this.#batches.get(batchId)
    return batch && { ...this.#progressOf(batch), createdAt: batch.createdAt }
  }

  /** Each planned voucher is sent (a row), held back (blocked) or still waiting for its call. */
  #progressOf(batch: BatchRecord): BatchProgress {
    const rows = this.#batches.voucherRows(batch.id)
    const accounted = new Set([...rows.map((r) => r.voucher_id), ...batch.blocked.map((b) => b.voucherId)])
    return {
      batchId: batch.id,
      status: batch.status,
      customerId: batch.customerId,
      callsTotal: batch.callsTotal,
      callsDone: batch.callsDone,
      vouchers: rows.map(toVoucherResult),
      waiting: batch.plan.filter((p) => !accounted.has(p.voucherId)),
      blocked: batch.blocked,
    }
  }

  /** At start-up: batches the last run did not finish become `interrupted`. Their unsent vouchers stay unsent. */
  interruptRunning(): string[] {
    return this.#batches.interruptRunning()
  }

  /** Resolves when the batch has stopped sending (tests and shutdown). */
  async settled(batchId: string): Promise<void> {
    await this.#running.get(batchId)
  }

  async settledAll(): Promise<void> {
    await Promise.all(this.#running.values())
  }

  #blocked(profileId: string, vouchers: readonly PlannedVoucher[]): BlockedVoucher[] {
    const open = this.#journal.openRedemptions(
      profileId,
      vouchers.map((v) => v.voucherId),
    )
    return [...open].map(([voucherId, { entryId, needsCheck }]) => ({
      voucherId,
      entryId,
      message: { key: needsCheck ? 'redemption.blocked.needsCheck' : 'redemption.blocked.unresolved', params: { voucherId } },
    }))
  }

  async #run(
    batchId: string,
    header: RedemptionHeader,
    calls: readonly PlannedVoucher[][],
    connection: Connection,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      for (const call of calls) {
        // Shutting down: left `running` on purpose, so the next start reports it like a crash
        // and lists the vouchers that were never sent.
        if (signal.aborted) return
        // Checked again right before the intent is written, with no await in between: another
        // batch may have taken one of these vouchers since this one was planned.
        const blocked = this.#blocked(connection.profileId, call)
        this.#batches.appendBlocked(batchId, blocked)
        const held = new Set(blocked.map((b) => b.voucherId))
        const vouchers = call.filter((v) => !held.has(v.voucherId))
        if (vouchers.length > 0) {
          const entry = this.#journal.beginRedemption(redemptionRequest(header, vouchers), connection.profileId, batchId)
          await this.#executor.send(entry, connection, signal)
        }
        this.#batches.callDone(batchId)
        // The last call's progress is the finished batch's, told once below.
        if (call !== calls.at(-1)) this.#tell(batchId)
      }
      this.#batches.finish(batchId, 'done')
      this.#tell(batchId)
    } catch (error) {
      // A journal write failed (disk full, database locked): stop rather than send unrecorded calls.
      this.#log.error('batch stopped:', error)
      try {
        this.#batches.finish(batchId, 'interrupted')
        this.#tell(batchId)
      } catch {
        // The database is gone too; the next start marks every running batch interrupted.
      }
    }
  }

  #tell(batchId: string): void {
    this.#onProgress(batchId)
  }
}
