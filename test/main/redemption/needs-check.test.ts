import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryRow } from '@contract/ipc/channels/redemption'
import { VOUCHER_RESULT } from '@main/sandbox/vouchers'
import { VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { C1, journalVsLedger, redeem, requestIdsSeen, startBench, type AppInstance, type Bench } from './support'

/**
 * Public docs do not say whether TOP deduplicates `request_id`. Against a gateway that does NOT,
 * a retry of a call that went through (the reply was lost) is processed again and refused:
 * "already used", "already reversed". That refusal is not a failure: the voucher needs checking.
 */
const METHOD = { method: VOUCHER_STATUS_CHANGE.method }
const ALREADY_USED = {
  code: VOUCHER_RESULT.ALREADY_USED.code,
  text: VOUCHER_RESULT.ALREADY_USED.view,
  desc: VOUCHER_RESULT.ALREADY_USED.desc,
}
const ALREADY_REVERSED = {
  code: VOUCHER_RESULT.ALREADY_REVERSED.code,
  text: VOUCHER_RESULT.ALREADY_REVERSED.view,
  desc: VOUCHER_RESULT.ALREADY_REVERSED.desc,
}

let bench: Bench
afterEach(() => bench.cleanup())

async function started(deduplicateRequestIds: boolean): Promise<AppInstance> {
  bench = await startBench({ gateway: { deduplicateRequestIds } })
  const app = bench.open()
  await app.start()
  return app
}

async function historyOf(app: AppInstance, voucherId: string, action: HistoryRow['action'] = 'NORMAL_ISUSED') {
  const { rows } = await app.call('history.query', { filter: { voucherId, action } })
  return rows.filter((r) => r.voucherId === voucherId)
}

describe('a gateway that does not deduplicate request_id: redemption', () => {
  it('a batch that committed, then dropped, then was retried is needs-check (not failed), blocked, and settled by hand', async () => {
    const app = await started(false)
    // The first attempt is applied, its connection dropped; the TOP client retries at once with
    // the same request_id, and this gateway processes it again.
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const progress = await redeem(app, {
      customerId: C1,
      source: 'POS',
      vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000002' }, { voucherId: '880000000006' }],
    })
    // Redeemed by the first attempt (0001, 0002) or already used before (0006): all refused by the
    // repeat, and the journal cannot tell which is which. None is recorded as failed.
    expect(progress.vouchers.map((v) => v.outcome)).toEqual([
      { state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_USED } },
      { state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_USED } },
      { state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_USED } },
    ])
    const [requestId] = requestIdsSeen(bench)
    expect(requestIdsSeen(bench)).toEqual([requestId])
    expect(bench.gateway.calls.filter((c) => c.businessKey === requestId).map((c) => c.outcome)).toEqual(['dropped', 'ok'])
    expect(bench.gateway.ledger.get('880000000001')?.state).toBe('ISUSED')
    const entryId = progress.vouchers[0]!.entryId

    // Blocked: no new redemption request for these vouchers, no reversal, and it says why.
    const again = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    expect(again.blocked).toEqual([
      {
        voucherId: '880000000001',
        entryId,
        message: { key: 'redemption.blocked.needsCheck', params: { voucherId: '880000000001' } },
      },
    ])
    expect(requestIdsSeen(bench)).toEqual([requestId])
    const [row1] = await historyOf(app, '880000000001')
    expect(row1).toMatchObject({ canReverse: false, canResolve: true, outcome: { state: 'needs_check' } })
    const reversal = await app.call('redeem.reverse', { rowIds: [row1!.rowId] })
    expect(reversal.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.needsCheck' } })
    // The history status filter finds them.
    const listed = await app.call('history.query', { filter: { status: 'needs_check' } })
    expect(listed.rows.map((r) => r.voucherId).sort()).toEqual(['880000000001', '880000000002', '880000000006'])

    // Start-up recovery and Retry would read the vouchers' states on the platform (see
    // lookup-settle.test.ts); this test is about a manager's verdict, so the next process is
    // opened without start-up recovery and nothing is resent.
    await app.close()
    const next = bench.open()
    expect(requestIdsSeen(bench)).toEqual([requestId])

    // The manager checks the merchant backend: 0001 and 0002 were applied, 0006 was not (it was
    // used before the batch).
    const rows = Object.fromEntries(
      await Promise.all(['880000000001', '880000000002', '880000000006'].map(async (v) => [v, (await historyOf(next, v))[0]!] as const)),
    )
    const applied = await next.call('redeem.resolve', { rowId: rows['880000000001']!.rowId, verdict: 'applied' })
    expect(applied.row).toMatchObject({
      voucherId: '880000000001',
      outcome: { state: 'redeemed', result: ALREADY_USED, check: { operatorId: 'OP001', operatorName: '店长', at: expect.any(Number) } },
      canReverse: true,
      canResolve: false,
    })
    // One voucher settled by hand: the call is never resent (it still holds all three).
    const refusedRetry = await next.call('redeem.retryUnknown', { entryIds: [entryId] })
    expect(refusedRetry.skipped).toEqual([{ entryId, message: { key: 'redemption.retry.checkedByHand', params: { entryId } } }])
    await next.call('redeem.resolve', { rowId: rows['880000000002']!.rowId, verdict: 'applied', operatorId: 'boss-1' })
    const notApplied = await next.call('redeem.resolve', { rowId: rows['880000000006']!.rowId, verdict: 'not_applied' })
    expect(notApplied.row).toMatchObject({
      outcome: { state: 'failed', failure: { kind: 'manual', result: ALREADY_USED, check: { operatorId: 'OP001' } } },
      canReverse: false,
      canResolve: false,
    })
    expect((await historyOf(next, '880000000002'))[0]?.outcome).toMatchObject({ check: { operatorId: 'boss-1' } })
    // Settled, and a second verdict is refused.
    const twice = await next.dispatch('redeem.resolve', { rowId: rows['880000000001']!.rowId, verdict: 'not_applied' })
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict', key: 'redemption.resolve.notCheckable' } })

    // "Not applied" freed 0006 for a new request (the server refuses it, for certain this time);
    // "applied" made 0001 reversible, and the reversal goes through once.
    const fresh = await redeem(next, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000006' }] })
    expect(fresh.vouchers[0]?.outcome).toEqual({ state: 'failed', failure: { kind: 'voucher', result: ALREADY_USED } })
    const reversed = await next.call('redeem.reverse', { rowIds: [rows['880000000001']!.rowId] })
    expect(reversed.results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'reversed' } } })
    expect(bench.gateway.ledger.actionCount('880000000001', 'NORMAL_ISUSED')).toBe(1)
    expect(bench.gateway.ledger.actionCount('880000000001', 'ISUSED_NORMAL')).toBe(1)

    // The whole journal agrees with the gateway's ledger.
    const reissued = bench.gateway.ledger.get('880000000001')!.reissuedAs!
    expect(journalVsLedger(next, bench, ['880000000001', '880000000002', '880000000006', reissued])).toEqual([])

    // The verdict shows in the CSV: who checked it.
    const csv = (await next.call('history.export', { filter: { voucherId: '880000000002' }, locale: 'en' })).csv
    const [header, line] = csv.slice(1).split('\r\n')
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, line!.split(',')[i]]))
    expect(cells).toMatchObject({ Status: 'Redeemed', 'Checked by': 'boss-1', 'Result code': 'VOUCHER_ALREADY_USED' })
  })

  it('a refusal after an attempt that never landed is needs-check too; "not applied" frees the voucher', async () => {
    const app = await started(false)
    // The first attempt dies at a load balancer (HTTP 502) before the server acts: the client
    // cannot know that, and its repeat is refused because the voucher was used before.
    bench.gateway.faults.httpErrors(1, 502, METHOD)
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000006' }] })
    expect(first.vouchers[0]?.outcome).toEqual({ state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_USED } })
    // The backend shows it was used long before this sale: not applied by this call.
    await app.call('redeem.resolve', { rowId: first.vouchers[0]!.rowId, verdict: 'not_applied' })
    const progress = await app.call('redeem.progress', { batchId: first.batchId })
    expect(progress.vouchers[0]?.outcome).toMatchObject({ state: 'failed', failure: { kind: 'manual', result: ALREADY_USED } })
    const again = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000006' }] })
    expect(again.blocked).toEqual([])
    expect(again.vouchers[0]?.outcome).toEqual({ state: 'failed', failure: { kind: 'voucher', result: ALREADY_USED } })
    expect(requestIdsSeen(bench)).toHaveLength(2)
    expect(journalVsLedger(app, bench, ['880000000006'])).toEqual([])
  })

  it('a refusal after an isp.* fault is needs-check too: the platform may have acted before it failed', async () => {
    const app = await started(false)
    bench.gateway.faults.ispErrors(1, METHOD)
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000006' }] })
    expect(bench.gateway.calls.map((c) => c.subCode ?? c.outcome)).toEqual(['isp.top-remote-service-unavailable', 'ok'])
    expect(first.vouchers[0]?.outcome).toEqual({ state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_USED } })
  })

  it('an unknown outcome can be settled by hand too, and a verdict is refused for a settled row or another profile', async () => {
    const app = await started(false)
    bench.gateway.faults.dropAfterCommit(3, METHOD) // every attempt of the client: unknown
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000004' }] })
    const rowId = first.vouchers[0]!.rowId
    expect(first.vouchers[0]?.outcome.state).toBe('unknown')
    const { row } = await app.call('redeem.resolve', { rowId, verdict: 'applied' })
    // Nothing was heard from the server: no words to keep.
    expect(row.outcome).toEqual({
      state: 'redeemed',
      result: { code: null, text: null },
      check: { operatorId: 'OP001', operatorName: '店长', at: expect.any(Number) },
    })
    expect(row.canReverse).toBe(true)
    expect(journalVsLedger(app, bench, ['880000000004'])).toEqual([])

    const plain = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    const refused = await app.dispatch('redeem.resolve', { rowId: plain.vouchers[0]!.rowId, verdict: 'applied' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', key: 'redemption.resolve.notCheckable' } })
    const missing = await app.dispatch('redeem.resolve', { rowId: 999_999, verdict: 'applied' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', key: 'redemption.resolve.notFound' } })
    // A reissued id makes no sense for a redemption, nor with "not applied".
    const stray = await app.dispatch('redeem.resolve', { rowId, verdict: 'not_applied', reissuedVoucherId: '880000100001' })
    expect(stray).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: ['reissuedVoucherId'], key: 'redemption.resolve.reissuedWhenNotApplied' }] },
    })
  })
})

describe('a gateway that does not deduplicate request_id: reversal', () => {
  it('a reversal that committed, dropped and was refused on retry is needs-check; "applied" records the reissued id the manager reads', async () => {
    const app = await started(false)
    const redeemed = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000005' }] })
    const rowId = redeemed.vouchers[0]!.rowId
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    // The platform's voucher list cannot be read (it would settle this, see lookup tests): a
    // manager decides.
    bench.gateway.faults.httpErrors(3, 502, { method: 'alibaba.alsc.crm.customer.voucher.list' })
    const { results } = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(results[0]).toMatchObject({
      kind: 'done',
      reversal: { outcome: { state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_REVERSED } } },
    })
    bench.gateway.faults.clear()
    const reversalRowId = results[0]!.kind === 'done' ? results[0]!.reversal.rowId : 0
    // The gateway did reverse it and reissued a voucher; the reply carrying that id was lost.
    const reissued = bench.gateway.ledger.get('880000000005')!.reissuedAs!
    expect(reissued).toBeDefined()

    // The redemption cannot be reversed again while its reversal waits for a check.
    const [before] = await historyOf(app, '880000000005')
    expect(before).toMatchObject({ canReverse: false, reversal: { outcome: { state: 'needs_check' } } })
    const again = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(again.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.needsCheck' } })
    const [reversalRow] = await historyOf(app, '880000000005', 'ISUSED_NORMAL')
    expect(reversalRow).toMatchObject({ rowId: reversalRowId, canResolve: true, outcome: { state: 'needs_check' } })

    // "Applied" needs the reissued id from the backend, checked like any voucher code.
    const issuesOf = async (input: Record<string, unknown>) => {
      const reply = await app.dispatch('redeem.resolve', { rowId: reversalRowId, verdict: 'applied', ...input })
      return reply.ok ? [] : (reply.error.issues ?? []).map((i) => `${i.path.join('.')}: ${i.key}`)
    }
    expect(await issuesOf({})).toEqual(['reissuedVoucherId: redemption.resolve.reissuedRequired'])
    expect(await issuesOf({ reissuedVoucherId: '   ' })).toContain('reissuedVoucherId: contract.blank')
    expect(await issuesOf({ reissuedVoucherId: '8800 0010' })).toEqual(['reissuedVoucherId: redemption.voucher.malformed'])
    expect(await issuesOf({ reissuedVoucherId: '880000000005' })).toEqual(['reissuedVoucherId: redemption.resolve.reissuedSameAsOriginal'])
    const { row } = await app.call('redeem.resolve', { rowId: reversalRowId, verdict: 'applied', reissuedVoucherId: ` ${reissued} ` })
    expect(row.outcome).toEqual({
      state: 'reversed',
      reissuedVoucherId: reissued,
      result: ALREADY_REVERSED,
      check: { operatorId: 'OP001', operatorName: '店长', at: expect.any(Number) },
    })

    // Reversed for good: the chain shows the reissued id, a second reversal is refused, and the
    // reissued voucher redeems later with the chain intact.
    const [after] = await historyOf(app, '880000000005')
    expect(after).toMatchObject({ canReverse: false, reversal: { outcome: { state: 'reversed', reissuedVoucherId: reissued } } })
    const third = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(third.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.alreadyReversed' } })
    const later = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: reissued }] })
    expect(later.vouchers[0]?.outcome.state).toBe('redeemed')
    expect((await historyOf(app, reissued))[0]?.reissuedFrom).toBe('880000000005')
    expect(bench.gateway.ledger.actionCount('880000000005', 'ISUSED_NORMAL')).toBe(1)
    expect(journalVsLedger(app, bench, ['880000000005', reissued])).toEqual([])
  })
})

describe('a gateway that deduplicates request_id (the default)', () => {
  it('the replayed answer settles a dropped batch: the vouchers it redeemed are redeemed, not needs-check', async () => {
    const app = await started(true)
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const progress = await redeem(app, {
      customerId: C1,
      source: 'POS',
      vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000002' }],
    })
    expect(progress.vouchers.map((v) => v.outcome.state)).toEqual(['redeemed', 'redeemed'])
    const [requestId] = requestIdsSeen(bench)
    expect(bench.gateway.calls.filter((c) => c.businessKey === requestId).map((c) => c.outcome)).toEqual(['dropped', 'replayed'])
    expect(journalVsLedger(app, bench, ['880000000001', '880000000002'])).toEqual([])
  })

  it('a dropped reversal is settled by the replay with its reissued id', async () => {
    const app = await started(true)
    const redeemed = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000005' }] })
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const { results } = await app.call('redeem.reverse', { rowIds: [redeemed.vouchers[0]!.rowId] })
    const reissued = bench.gateway.ledger.get('880000000005')!.reissuedAs!
    expect(results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'reversed', reissuedVoucherId: reissued } } })
    expect(journalVsLedger(app, bench, ['880000000005', reissued])).toEqual([])
  })
})
