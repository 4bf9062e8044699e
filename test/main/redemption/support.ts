import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { ChannelInput, ChannelOutput } from '@contract/ipc/registry'
import type { RedemptionChannel } from '@contract/ipc/channels/redemption'
import { createRouter, type Handlers, type Router } from '@main/ipc/router'
import { createRedemptionFeature } from '@main/services/redemption/feature'
import type { RedemptionOptions, RedemptionService } from '@main/services/redemption/service'
import { openDatabase, type Database } from '@main/store/db'
import { journalMigrations } from '@main/store/journal'
import type { TopClientConfig } from '@main/top/client'
import { startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'

/** One running app: a database, the redemption feature over it, and a router that checks every reply. */
export interface AppInstance {
  db: Database
  service: RedemptionService
  router: Router
  start(): Promise<void>
  /** Calls a channel as the renderer would, and insists it succeeded. */
  call<C extends RedemptionChannel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>
  /** Calls a channel and returns the whole envelope. */
  dispatch(channel: RedemptionChannel, input?: unknown): ReturnType<Router['dispatch']>
  /** Shuts down as the app would: dispose, then close the database. */
  close(): Promise<void>
}

export interface Bench extends SandboxConnection {
  dataDir: string
  dbFile: string
  /** A new "process" over the same database file and the same gateway. */
  open(options?: RedemptionOptions): AppInstance
  cleanup(): Promise<void>
}

export async function startBench(
  options: { client?: Partial<TopClientConfig>; clock?: () => Date } = {},
): Promise<Bench> {
  const sandbox = await startSandboxConnection(options.client ? { client: options.client } : {})
  const dataDir = mkdtempSync(join(tmpdir(), 'cd-redeem-'))
  const dbFile = join(dataDir, 'coupon-desk.db')
  const instances: AppInstance[] = []

  function open(featureOptions: RedemptionOptions = {}): AppInstance {
    const db = openDatabase(dbFile, { journal: journalMigrations })
    const feature = createRedemptionFeature(
      { db, connection: sandbox.provider, dataDir, now: options.clock ?? (() => new Date()) },
      featureOptions,
    )
    const router = createRouter(feature.handlers as unknown as Handlers, {
      validateOutput: true,
      onUnexpectedError: (channel, error) => console.error(channel, error),
    })
    let closed = false
    const instance: AppInstance = {
      db,
      service: feature.service,
      router,
      start: () => feature.start!(),
      dispatch: (channel, input) => router.dispatch(channel, input),
      async call(channel, input) {
        const reply = await router.dispatch(channel, input)
        if (!reply.ok) expect.fail(`${channel} failed: ${JSON.stringify(reply.error)}`)
        return reply.value as never
      },
      async close() {
        if (closed) return
        closed = true
        await feature.dispose!()
        if (db.isOpen) db.close()
      },
    }
    instances.push(instance)
    return instance
  }

  return {
    ...sandbox,
    dataDir,
    dbFile,
    open,
    async cleanup() {
      for (const instance of instances) await instance.close()
      await sandbox.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Submits and waits until the batch has stopped sending. */
export async function redeem(app: AppInstance, input: ChannelInput<'redeem.submit'>) {
  const started = await app.call('redeem.submit', input)
  await app.service.batches.settled(started.batchId)
  return app.call('redeem.progress', { batchId: started.batchId })
}

/** What the sandbox applied, per voucher and action, counting successes only. */
export function appliedCount(bench: Bench, voucherId: string, action: 'NORMAL_ISUSED' | 'ISUSED_NORMAL'): number {
  return bench.gateway.ledger.actionCount(voucherId, action)
}

/** Distinct business keys the gateway saw for voucher calls. */
export function requestIdsSeen(bench: Bench): string[] {
  return [
    ...new Set(
      bench.gateway.calls
        .filter((c) => c.method === 'alibaba.alsc.crm.voucher.status.change' && c.businessKey !== undefined)
        .map((c) => c.businessKey!),
    ),
  ]
}

export const C1 = 'C10001'
export const C2 = 'C10002'
