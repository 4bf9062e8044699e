import { randomUUID } from 'node:crypto'
import { MAX_VOUCHERS_PER_CALL, type BatchProgress, type BlockedVoucher } from '@contract/ipc/channels/redemption'
import type { Log } from '@main/logging/logs'
import type { Journal, PlannedVoucher } from '@main/store/journal'
import type { Connection } from '../connection'
import type { CallExecutor } from './executor'
import { chunk, redemptionRequest, type RedemptionHeader } from './requests'

/**
 * One "Redeem" press: the scanned list, split into calls of at most `MAX_VOUCHERS_PER_CALL`,
 * sent one after another, each with its own request_id and its own journal entry written just
 * before it goes out. The renderer polls `batchProgress`; main cannot push.
 */
export class BatchRunner {
  readonly #journal: Journal
  readonly #executor: CallExecutor
  readonly #perCall: number
  readonly #log: Log
  readonly #running = new Map<string, Promise<void>>()

  constructor(journal: Journal, executor: CallExecutor, log: Log, perCall = MAX_VOUCHERS_PER_CALL) {
    this.#journal = journal
    this.#executor = executor
    this.#log = log
    this.#perCall = perCall
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
    this.#journal.createBatch(
      { id, profileId: connection.profileId, customerId: header.customerId, plan, blocked, callsTotal: calls.length },
      calls.length > 0 ? 'running' : 'done',
    )
    if (calls.length > 0) {
      const run = this.#run(id, header, calls, connection, signal).finally(() => this.#running.delete(id))
      this.#running.set(id, run)
    }
    return this.progress(id)!
  }

  progress(batchId: string): BatchProgress | undefined {
    const progress = this.#journal.batchProgress(batchId)
    if (!progress) return undefined
    const { createdAt: _createdAt, ...rest } = progress
    return rest
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
        this.#journal.addBlocked(batchId, blocked)
        const held = new Set(blocked.map((b) => b.voucherId))
        const vouchers = call.filter((v) => !held.has(v.voucherId))
        if (vouchers.length > 0) {
          const entry = this.#journal.beginRedemption(redemptionRequest(header, vouchers), connection.profileId, batchId)
          await this.#executor.send(entry, connection, signal)
        }
        this.#journal.callDone(batchId)
      }
      this.#journal.finishBatch(batchId, 'done')
    } catch (error) {
      // A journal write failed (disk full, database locked): stop rather than send unrecorded calls.
      this.#log.error('batch stopped:', error)
      try {
        this.#journal.finishBatch(batchId, 'interrupted')
      } catch {
        // The database is gone too; the next start marks every running batch interrupted.
      }
    }
  }
}
