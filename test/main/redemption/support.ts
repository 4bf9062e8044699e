import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { ChannelInput, ChannelOutput } from '@contract/ipc/registry'
import type { RedemptionChannel } from '@contract/ipc/channels/redemption'
import { DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import type { SandboxGatewayOptions } from '@main/sandbox/gateway'
import { createEventHub } from '@main/ipc/events'
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
  /** What main pushed to the window, parsed, in order. */
  events: { event: string; payload: unknown }[]
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
  options: { client?: Partial<TopClientConfig>; clock?: () => Date; gateway?: SandboxGatewayOptions } = {},
): Promise<Bench> {
  const sandbox = await startSandboxConnection({
    ...(options.client ? { client: options.client } : {}),
    ...(options.gateway ? { gateway: options.gateway } : {}),
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'cd-redeem-'))
  const dbFile = join(dataDir, 'coupon-desk.db')
  const instances: AppInstance[] = []

  function open(featureOptions: RedemptionOptions = {}): AppInstance {
    const db = openDatabase(dbFile, { journal: journalMigrations })
    const hub = createEventHub({ onInvalid: (event, error) => expect.fail(`${event} pushed an invalid payload: ${String(error)}`) })
    const events: AppInstance['events'] = []
    hub.subscribe((event, payload) => events.push({ event, payload }))
    const feature = createRedemptionFeature(
      { db, connection: sandbox.provider, dataDir, now: options.clock ?? (() => new Date()), events: hub },
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
      events,
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

interface JournalRow {
  request_id: string
  action: 'NORMAL_ISUSED' | 'ISUSED_NORMAL'
  voucher_id: string
  state: string
  result_code: string | null
  failure_kind: string | null
  reissued_voucher_id: string | null
}

/**
 * Every way the journal and the sandbox's ledger disagree about `voucherIds` (empty when they
 * agree): each journal row against what the gateway did with that request_id for that voucher,
 * and each voucher's state in the ledger against the state the journal implies. Success rows
 * must match a successful action of their own request (the reissued id included); certain
 * failures must match the code the server gave; "not applied" verdicts must have no success
 * behind them; and the ledger must hold no success the journal does not know of.
 */
export function journalVsLedger(app: AppInstance, bench: Bench, voucherIds: readonly string[]): string[] {
  const { ledger } = bench.gateway
  const rows = app.db
    .prepare(
      `SELECT e.request_id, v.action, v.voucher_id, v.state, v.result_code, v.failure_kind, v.reissued_voucher_id
       FROM journal_vouchers v JOIN journal_entries e ON e.id = v.entry_id ORDER BY v.id`,
    )
    .all() as unknown as JournalRow[]
  const problems: string[] = []
  for (const voucherId of voucherIds) {
    const mine = rows.filter((r) => r.voucher_id === voucherId)
    const actions = ledger.log.filter((a) => a.voucherId === voucherId)
    for (const row of mine) {
      const own = actions.filter((a) => a.requestId === row.request_id && a.action === row.action)
      const succeeded = own.filter((a) => a.resultCode === '0')
      const where = `${voucherId} ${row.action} ${row.request_id.slice(0, 8)}`
      switch (row.state) {
        case 'redeemed':
          if (succeeded.length !== 1) problems.push(`${where}: journal redeemed, gateway applied it ${succeeded.length}×`)
          break
        case 'reversed':
          if (succeeded.length !== 1 || succeeded[0]!.newVoucherId !== row.reissued_voucher_id) {
            problems.push(`${where}: journal reversed as ${row.reissued_voucher_id}, gateway: ${JSON.stringify(succeeded)}`)
          }
          break
        case 'failed':
          if (succeeded.length > 0) problems.push(`${where}: journal failed, gateway applied it`)
          if (row.failure_kind === 'voucher' && own.at(-1)?.resultCode !== row.result_code) {
            problems.push(`${where}: journal code ${row.result_code}, gateway ${own.at(-1)?.resultCode}`)
          }
          break
        default:
          problems.push(`${where}: still ${row.state}`)
      }
    }
    const successes = actions.filter((a) => a.resultCode === '0').length
    const journalSuccesses = mine.filter((r) => r.state === 'redeemed' || r.state === 'reversed').length
    if (successes !== journalSuccesses) {
      problems.push(`${voucherId}: gateway applied ${successes} actions, journal records ${journalSuccesses}`)
    }
    const reversal = mine.find((r) => r.state === 'reversed')
    const initial = DEMO_VOUCHERS.find((v) => v.voucherId === voucherId)?.initialState ?? 'NORMAL'
    const expected = reversal ? 'REVERSED' : mine.some((r) => r.state === 'redeemed') ? 'ISUSED' : initial
    const voucher = ledger.get(voucherId)
    if (voucher && voucher.state !== expected) problems.push(`${voucherId}: gateway ${voucher.state}, journal implies ${expected}`)
    if (reversal && voucher?.reissuedAs !== reversal.reissued_voucher_id) {
      problems.push(`${voucherId}: gateway reissued ${voucher?.reissuedAs}, journal ${reversal.reissued_voucher_id}`)
    }
  }
  return problems
}
