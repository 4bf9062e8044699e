import { afterEach, describe, expect, it } from 'vitest'
import { VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { changeVoucherStatus } from '@main/top/apis'
import { RedemptionJournal } from '@main/services/redemption/journal'
import { redemptionRequest } from '@main/services/redemption/requests'
import { eventually } from '../templates/support'
import { C1, appliedCount, redeem, requestIdsSeen, startBench, type Bench } from './support'

/** A few milliseconds: enough for the client to read the FIN of a connection the gateway closed. */
const clientSeesClosedConnections = () => new Promise((resolve) => setTimeout(resolve, 20))

const METHOD = { method: VOUCHER_STATUS_CHANGE.method }
let bench: Bench
afterEach(() => bench.cleanup())

/**
 * The TOP client makes one attempt of a voucher write that may have been delivered (it never
 * repeats one by itself), so one fault leaves the call unknown.
 */
const DROP_EVERY_ATTEMPT = 1
/** A read (the voucher list) is retried by the client as before: three attempts in all. */
const EVERY_READ_ATTEMPT = 3

describe('kill and restart', () => {
  it('a redemption the gateway committed but never answered is settled at the next start by looking the voucher up: applied once, not resent', async () => {
    bench = await startBench()
    const first = bench.open()
    await first.start()
    bench.gateway.faults.dropAfterCommit(DROP_EVERY_ATTEMPT, METHOD)

    const progress = await redeem(first, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    const [voucher] = progress.vouchers
    expect(voucher?.outcome).toMatchObject({ state: 'unknown', reason: { key: 'top.error.transport.outcomeUnknown' } })
    expect(bench.gateway.ledger.get('880000000001')?.state).toBe('ISUSED') // it did go through
    const [requestId] = requestIdsSeen(bench)
    await first.close()

    // A new process over the same file: start() finds the unknown call and looks the voucher up.
    const before = bench.gateway.calls.length
    const second = bench.open()
    await second.start()
    const report = await second.call('redeem.startupReport')
    expect(report.resolving).toBe(false)
    expect(report.entries).toHaveLength(1)
    expect(report.entries[0]).toMatchObject({
      requestId,
      stateAtStartup: 'unknown',
      vouchers: [{ voucherId: '880000000001', outcome: { state: 'redeemed' } }],
    })
    expect(requestIdsSeen(bench)).toEqual([requestId])
    expect(appliedCount(bench, '880000000001', 'NORMAL_ISUSED')).toBe(1)
    // ISUSED on the platform's list: applied. Nothing was resent, only the list read.
    expect(bench.gateway.calls.slice(before).map((c) => c.method)).toEqual(['alibaba.alsc.crm.customer.voucher.list'])

    const [row] = (await second.call('history.query', { filter: { voucherId: '880000000001' } })).rows
    expect(row).toMatchObject({ outcome: { state: 'redeemed' }, canReverse: true })
  })

  it('a reversal the gateway committed but never answered is resolved at the next start with its reissued id, found on the list', async () => {
    bench = await startBench()
    const first = bench.open()
    await first.start()
    const redeemed = await redeem(first, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000005' }] })
    const rowId = redeemed.vouchers[0]!.rowId

    bench.gateway.faults.dropAfterCommit(DROP_EVERY_ATTEMPT, METHOD)
    // The platform's voucher list cannot be read just now either: the outcome stays unknown.
    bench.gateway.faults.httpErrors(EVERY_READ_ATTEMPT, 502, { method: 'alibaba.alsc.crm.customer.voucher.list' })
    const { results } = await first.call('redeem.reverse', { rowIds: [rowId] })
    expect(results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'unknown' } } })
    bench.gateway.faults.clear()
    // While its fate is unknown the voucher cannot be reversed again, in the service and in SQL.
    const again = await first.call('redeem.reverse', { rowIds: [rowId] })
    expect(again.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.inFlight' } })
    await first.close()

    const second = bench.open()
    await second.start()
    const reissued = bench.gateway.ledger.get('880000000005')?.reissuedAs
    expect(reissued).toBeDefined()
    const report = await second.call('redeem.startupReport')
    expect(report.entries[0]).toMatchObject({
      action: 'ISUSED_NORMAL',
      vouchers: [{ outcome: { state: 'reversed', reissuedVoucherId: reissued } }],
    })
    expect(appliedCount(bench, '880000000005', 'ISUSED_NORMAL')).toBe(1)
    const [row] = (await second.call('history.query', { filter: { voucherId: '880000000005', action: 'NORMAL_ISUSED' } })).rows
    expect(row).toMatchObject({ canReverse: false, reversal: { outcome: { state: 'reversed', reissuedVoucherId: reissued } } })
  })

  it('a call that was in flight when the process died (intent written, never settled) is resolved at start', async () => {
    bench = await startBench()
    const dead = bench.open()
    // What the dying process managed: the intent, then the request on the wire, then nothing.
    const journal = new RedemptionJournal(dead.db, () => new Date())
    const request = redemptionRequest({ customerId: C1, source: 'POS', operatorId: 'OP001' }, [
      { voucherId: '880000000002', points: null },
      { voucherId: '880000000003', points: null },
    ])
    journal.beginRedemption(request, 'sandbox', null)
    await changeVoucherStatus(bench.connection.client, request)
    dead.db.close()

    const next = bench.open()
    await next.start()
    const report = await next.call('redeem.startupReport')
    expect(report.entries).toEqual([
      expect.objectContaining({
        requestId: request.request_id,
        stateAtStartup: 'pending',
        vouchers: [
          expect.objectContaining({ voucherId: '880000000002', outcome: expect.objectContaining({ state: 'redeemed' }) }),
          expect.objectContaining({ voucherId: '880000000003', outcome: expect.objectContaining({ state: 'redeemed' }) }),
        ],
      }),
    ])
    expect(appliedCount(bench, '880000000002', 'NORMAL_ISUSED')).toBe(1)
    expect(appliedCount(bench, '880000000003', 'NORMAL_ISUSED')).toBe(1)
  })

  it('lists the vouchers of a batch that was cut off before they were sent', async () => {
    bench = await startBench()
    const first = bench.open({ perCall: 1 })
    await first.start()
    bench.gateway.faults.latency(300)
    const started = await first.call('redeem.submit', {
      customerId: C1,
      source: 'POS',
      vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000002' }, { voucherId: '880000000003' }],
    })
    // Quits while the first call is under way: the gateway has it and is slow to answer.
    await eventually(() => bench.gateway.requestsReceived === 1)
    await first.close()
    bench.gateway.faults.clear()

    const second = bench.open()
    await second.start()
    const report = await second.call('redeem.startupReport')
    expect(report.interruptedBatches).toEqual([
      {
        batchId: started.batchId,
        customerId: C1,
        createdAt: expect.any(Number),
        notSubmitted: [
          { voucherId: '880000000002', points: null },
          { voucherId: '880000000003', points: null },
        ],
      },
    ])
    // The call that was under way was resolved, not repeated with a new id.
    expect(report.entries.map((e) => e.vouchers.map((v) => v.outcome.state))).toEqual([['redeemed']])
    expect(appliedCount(bench, '880000000001', 'NORMAL_ISUSED')).toBe(1)
    expect(bench.gateway.ledger.get('880000000002')?.state).toBe('NORMAL')
    expect((await second.call('redeem.progress', { batchId: started.batchId })).status).toBe('interrupted')
  })

  it('lists a call that was never sent (not resent by itself) and settles one whose outcome is unknown by a lookup at the next start', async () => {
    bench = await startBench()
    const first = bench.open()
    await first.start()
    await bench.gateway.stop()
    const never = await redeem(first, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000002' }] })
    expect(never.vouchers[0]?.outcome.state).toBe('not_sent')
    await bench.gateway.start()
    bench.gateway.ledger.deduplicateRequestIds = false
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const dropped = await redeem(first, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000003' }] })
    // The client does not repeat it: this gateway would process a repeat again.
    expect(dropped.vouchers[0]?.outcome.state).toBe('unknown')
    await first.close()

    const calls = bench.gateway.calls.length
    const second = bench.open()
    await second.start()
    const report = await second.call('redeem.startupReport')
    expect(report.entries.map((e) => [e.entryId, e.stateAtStartup, e.vouchers.map((v) => v.outcome.state)])).toEqual([
      [never.vouchers[0]!.entryId, 'not_sent', ['not_sent']],
      // ISUSED on the platform: the first attempt landed. No manager needed.
      [dropped.vouchers[0]!.entryId, 'unknown', ['redeemed']],
    ])
    // Nothing is sent by itself: the never-sent one waits for the cashier's Retry (the customer
    // may be gone); for the other, only the list was read.
    expect(bench.gateway.calls.slice(calls).map((c) => c.method)).toEqual(['alibaba.alsc.crm.customer.voucher.list'])
    expect(bench.gateway.ledger.get('880000000002')?.state).toBe('NORMAL')
  })

  it('leaves unknown calls listed when there is no connection at start', async () => {
    bench = await startBench()
    const first = bench.open()
    await first.start()
    bench.gateway.faults.dropAfterCommit(DROP_EVERY_ATTEMPT, METHOD)
    await redeem(first, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000003' }] })
    await first.close()

    await bench.gateway.stop() // offline: connections refused
    const second = bench.open()
    await second.start()
    const report = await second.call('redeem.startupReport')
    // The lookup could not be made: still unknown, and nothing was resent.
    expect(report.entries[0]?.vouchers[0]?.outcome).toMatchObject({ state: 'unknown' })
    await bench.gateway.start()
    const retried = await second.call('redeem.retryUnresolved', undefined)
    expect(retried.retried[0]?.vouchers[0]?.outcome.state).toBe('redeemed')
    expect(appliedCount(bench, '880000000003', 'NORMAL_ISUSED')).toBe(1)
  })
})

describe('faults never redeem or reverse twice', () => {
  it.each([
    ['HTTP 502 on every attempt', 'unknown', (b: Bench) => b.gateway.faults.httpErrors(DROP_EVERY_ATTEMPT, 502, METHOD)],
    ['isp.* on every attempt', 'unknown', (b: Bench) => b.gateway.faults.ispErrors(DROP_EVERY_ATTEMPT, METHOD)],
    ['a dropped connection after commit', 'unknown', (b: Bench) => b.gateway.faults.dropAfterCommit(DROP_EVERY_ATTEMPT, METHOD)],
    ['code 7 with a long ban', 'not_sent', (b: Bench) => b.gateway.faults.ban(60, METHOD)],
  ] as const)('%s: recorded as %s; resolving it applies it exactly once', async (_name, recorded, inject) => {
    bench = await startBench()
    const app = bench.open()
    await app.start()
    inject(bench)
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    expect(first.vouchers[0]?.outcome.state).toBe(recorded)
    bench.gateway.faults.clear()

    // Unknown, or (a rate limit is never a final refusal) not sent: the same request goes again.
    const retried = await app.call('redeem.retryUnresolved', { entryIds: [first.vouchers[0]!.entryId] })
    expect(retried.retried[0]?.vouchers[0]?.outcome.state).toBe('redeemed')
    expect(requestIdsSeen(bench)).toHaveLength(1)
    expect(appliedCount(bench, '880000000001', 'NORMAL_ISUSED')).toBe(1)
  })

  it('timeouts: the call times out on every attempt, the server applies it once, the retry confirms it', async () => {
    bench = await startBench({ client: { timeoutMs: 150 } })
    const app = bench.open()
    await app.start()
    bench.gateway.faults.latency(400, METHOD)
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000002' }] })
    expect(first.vouchers[0]?.outcome).toMatchObject({ state: 'unknown', reason: { params: { reason: 'timeout' } } })
    // Until resolved, the voucher cannot be put into a new request.
    const blocked = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000002' }] })
    expect(blocked.blocked).toEqual([
      {
        voucherId: '880000000002',
        entryId: first.vouchers[0]!.entryId,
        message: { key: 'redemption.blocked.unresolved', params: { voucherId: '880000000002' } },
      },
    ])
    await new Promise((r) => setTimeout(r, 500)) // let the server finish the slow attempts
    bench.gateway.faults.clear()
    const retried = await app.call('redeem.retryUnresolved', undefined)
    expect(retried.retried.map((e) => e.vouchers[0]?.outcome.state)).toEqual(['redeemed'])
    expect(appliedCount(bench, '880000000002', 'NORMAL_ISUSED')).toBe(1)
    expect(requestIdsSeen(bench)).toHaveLength(1)
  })

  it('a reversal under repeated faults is reversed once, with one reissued voucher', async () => {
    bench = await startBench()
    const app = bench.open()
    await app.start()
    const redeemed = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000004' }] })
    bench.gateway.faults.httpErrors(DROP_EVERY_ATTEMPT, 503, METHOD).dropAfterCommit(DROP_EVERY_ATTEMPT, METHOD)
    const rowId = redeemed.vouchers[0]!.rowId
    const { results } = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'unknown' } } })
    const entryId = results[0]!.kind === 'done' ? results[0]!.reversal.entryId : 0
    for (let i = 0; i < 3; i++) await app.call('redeem.retryUnresolved', { entryIds: [entryId] })
    const [row] = (await app.call('history.query', { filter: { voucherId: '880000000004', action: 'NORMAL_ISUSED' } })).rows
    expect(row?.reversal?.outcome.state).toBe('reversed')
    expect(appliedCount(bench, '880000000004', 'ISUSED_NORMAL')).toBe(1)
    expect(bench.gateway.ledger.all().filter((v) => v.reissuedFrom === '880000000004')).toHaveLength(1)
  })

  it('reversing again after a never-sent reversal resends that reversal, not a new one', async () => {
    bench = await startBench()
    const app = bench.open()
    await app.start()
    const redeemed = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000002' }] })
    const rowId = redeemed.vouchers[0]!.rowId
    await bench.gateway.stop()
    // The cashier clicks later than the event-loop turn the gateway closed in, so the client
    // has seen its kept-alive connection closed and opens a new one, which is refused. (A call
    // written on the closing connection in that same instant is "outcome unknown": see
    // test/main/top/node-transport.test.ts.)
    await clientSeesClosedConnections()
    const first = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(first.results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'not_sent' } } })
    await bench.gateway.start()
    const second = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(second.results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'reversed' } } })
    const entryOf = (r: (typeof first.results)[number] | undefined) => (r?.kind === 'done' ? r.reversal.entryId : -1)
    expect(entryOf(second.results[0])).toBe(entryOf(first.results[0]))
    expect(appliedCount(bench, '880000000002', 'ISUSED_NORMAL')).toBe(1)
    const reversalKeys = bench.gateway.calls.filter((c) => c.businessKey !== undefined).map((c) => c.businessKey)
    expect(new Set(reversalKeys).size).toBe(2) // the redemption's and the one reversal's
  })

  it('a request that never left (gateway offline) is not_sent and is retried with the same request_id', async () => {
    bench = await startBench()
    const app = bench.open()
    await app.start()
    await bench.gateway.stop()
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000003' }] })
    expect(first.vouchers[0]?.outcome).toMatchObject({ state: 'not_sent', reason: { key: 'top.error.transport.notSent' } })
    await bench.gateway.start()
    const retried = await app.call('redeem.retryUnresolved', { entryIds: [first.vouchers[0]!.entryId] })
    expect(retried.retried[0]).toMatchObject({ requestId: expect.any(String), vouchers: [{ outcome: { state: 'redeemed' } }] })
    const entry = await app.call('redeem.retryUnresolved', { entryIds: [first.vouchers[0]!.entryId] })
    expect(entry.skipped).toEqual([
      { entryId: first.vouchers[0]!.entryId, message: expect.objectContaining({ key: 'redemption.retry.settled' }) },
    ])
    expect(requestIdsSeen(bench)).toEqual([retried.retried[0]!.requestId])
  })
})
