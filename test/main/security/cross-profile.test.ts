import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Connection } from '@main/services/connection'
import { createRedemptionFeature } from '@main/services/redemption/feature'
import { createTemplateFeature, type TemplateFeature } from '@main/services/templates/feature'
import { openDatabase } from '@main/store/db'
import { draftMigrations } from '@main/store/drafts-migrations'
import { journalMigrations } from '@main/store/journal'
import { TEMPLATE_CREATE, TEMPLATE_UPDATE, VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { createTopClient } from '@main/top/client'
import { providerOf, startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'
import { eventually, validBody } from '../templates/support'

/** A template submission goes out as create (no platform id yet) or update: either counts here. */
const TEMPLATE_WRITES: readonly string[] = [TEMPLATE_CREATE.method, TEMPLATE_UPDATE.method]

/**
 * Work belongs to the profile it was made under. The training profile talks to the real sandbox
 * gateway; "production" is a real HTTP server on loopback that records every request it gets and
 * answers like a gateway that accepts everything (the worst case: nothing there would refuse the
 * training work). The user switches to production while training work waits; the network comes
 * back; production must receive nothing, and the training gateway gets the work once it is back.
 */

interface Recorder {
  url: string
  requests: string[]
  close(): Promise<void>
}

async function startProductionRecorder(): Promise<Recorder> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${body}`)
      res.setHeader('content-type', 'application/json')
      // An answer a client would take as success for either API.
      res.end(JSON.stringify({ result: { success: true, model: '1' }, request_id: 'prod' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/router/rest`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function productionConnection(url: string): Connection {
  return {
    profileId: '7d1a6b2e-0000-4000-8000-00000000aaaa',
    profileName: '门店正式',
    profileKind: 'production',
    gatewayUrl: url,
    defaults: { shopId: 'P-SHOP', operatorId: 'P-OP', operatorName: '正式店长' },
    client: createTopClient({
      gatewayUrl: url,
      appKey: '23456789',
      appSecret: 'production-secret',
      session: 'production-session',
      signMethod: 'hmac-sha256',
      timeoutMs: 2_000,
      backoffMs: 5,
      maxAttempts: 1,
    }),
  }
}

let cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

async function world() {
  const training: SandboxConnection = await startSandboxConnection({ client: { maxAttempts: 1, timeoutMs: 1_000 } })
  const production = await startProductionRecorder()
  cleanups.push(
    () => training.stop(),
    () => production.close(),
  )
  let active = training.connection.profileId
  const provider = providerOf([training.connection, productionConnection(production.url)], () => active)
  return {
    training,
    production,
    provider,
    activate(id: 'training' | 'production') {
      active = id === 'training' ? training.connection.profileId : productionConnection(production.url).profileId
    },
  }
}

describe('template submissions go only to the profile they were made under', () => {
  it('training work queued offline is not sent to production after a switch; the training gateway gets it when back', async () => {
    const w = await world()
    const feature: TemplateFeature = createTemplateFeature(
      { db: openDatabase(':memory:', { drafts: draftMigrations }), connection: w.provider, dataDir: '/nonexistent', now: () => new Date() },
      // The default probe: a TCP connect to the gateway of the profile whose work waits.
      { probeBackoff: { initialMs: 20, maxMs: 100 }, retryBackoff: { initialMs: 20, maxMs: 100 } },
    )
    cleanups.push(() => feature.dispose())
    await feature.start()
    const { draftId } = feature.service.create()
    feature.service.save(draftId, validBody())

    await w.training.gateway.stop()
    const { submission } = feature.submissions.submit(draftId, 2)
    feature.worker.kick()
    await eventually(() => feature.service.get(draftId).submission?.status === 'queued' && feature.watch.status().state === 'offline')

    w.activate('production')
    // "The network is back" from the OS and the renderer, several probe steps: production is reachable.
    await feature.watch.nudge()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(w.production.requests).toEqual([])
    expect(feature.service.get(draftId).submission).toMatchObject({ status: 'queued' })

    await w.training.gateway.start()
    await eventually(() => feature.service.get(draftId).state === 'submitted')
    const sent = w.training.gateway.calls.filter((c) => TEMPLATE_WRITES.includes(c.method ?? '') && c.businessKey === submission.uniqueId)
    expect(sent.map((c) => c.outcome)).toEqual(['ok'])
    expect(w.production.requests).toEqual([])
  })

  it('a submission made under production goes to production even while training is active', async () => {
    const w = await world()
    w.activate('production')
    const feature = createTemplateFeature(
      { db: openDatabase(':memory:', { drafts: draftMigrations }), connection: w.provider, dataDir: '/nonexistent', now: () => new Date() },
      { probeBackoff: { initialMs: 20, maxMs: 100 }, retryBackoff: { initialMs: 20, maxMs: 100 } },
    )
    cleanups.push(() => feature.dispose())
    const { draftId } = feature.service.create()
    feature.service.save(draftId, validBody())
    feature.submissions.submit(draftId, 2)
    w.activate('training')
    await feature.start()
    await eventually(() => w.production.requests.length > 0)
    await feature.worker.idle()
    expect(w.production.requests.every((r) => TEMPLATE_WRITES.some((method) => r.includes(method)))).toBe(true)
    expect(w.training.gateway.calls.filter((c) => TEMPLATE_WRITES.includes(c.method ?? ''))).toEqual([])
  })
})

describe('redemptions are retried only through the profile they were made under', () => {
  it('a redemption left unsent in training and retried after switching to production reaches only the training gateway', async () => {
    const w = await world()
    const db = openDatabase(':memory:', { journal: journalMigrations })
    const feature = createRedemptionFeature({ db, connection: w.provider, dataDir: '/nonexistent', now: () => new Date() })
    cleanups.push(() => feature.dispose!())
    await feature.start!()

    await w.training.gateway.stop()
    const batch = await feature.handlers['redeem.submit']({
      customerId: 'C10001',
      source: 'POS',
      vouchers: [{ voucherId: '880000000001' }],
    })
    await feature.service.batches.settled(batch.batchId)
    const [entry] = feature.service.journal.entriesIn(['not_sent', 'unknown'])
    expect(entry).toBeDefined()

    w.activate('production')
    // Retry everything, as the start-up notice offers, while training is still down.
    const first = await feature.handlers['redeem.retryUnresolved'](undefined)
    expect(first.skipped).toEqual([])
    expect(w.production.requests).toEqual([])

    await w.training.gateway.start()
    const second = await feature.handlers['redeem.retryUnresolved']({ entryIds: [entry!.id] })
    expect(second.retried[0]?.vouchers[0]).toMatchObject({ voucherId: '880000000001', outcome: { state: 'redeemed' } })
    const calls = w.training.gateway.calls.filter((c) => c.method === VOUCHER_STATUS_CHANGE.method)
    expect(calls.map((c) => c.outcome)).toContain('ok')
    expect(w.production.requests).toEqual([])
  })

  it('start-up recovery resends an unknown training call through training while production is active', async () => {
    const w = await world()
    const db = openDatabase(':memory:', { journal: journalMigrations })
    const first = createRedemptionFeature({ db, connection: w.provider, dataDir: '/nonexistent', now: () => new Date() })
    w.training.gateway.faults.dropAfterCommit(5, { method: VOUCHER_STATUS_CHANGE.method })
    const batch = await first.handlers['redeem.submit']({ customerId: 'C10001', source: 'POS', vouchers: [{ voucherId: '880000000002' }] })
    await first.service.batches.settled(batch.batchId)
    expect(first.service.journal.entriesIn(['unknown'])).toHaveLength(1)
    await first.dispose!()

    w.activate('production')
    w.training.gateway.faults.clear()
    const next = createRedemptionFeature({ db, connection: w.provider, dataDir: '/nonexistent', now: () => new Date() })
    cleanups.push(() => next.dispose!())
    await next.start!()
    expect(next.service.journal.entriesIn(['unknown', 'pending', 'not_sent'])).toEqual([])
    expect(w.production.requests).toEqual([])
  })
})
