import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryRow } from '@contract/ipc/channels/redemption'
import { VOUCHER_RESULT } from '@main/sandbox/vouchers'
import { VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { C1, journalVsLedger, redeem, requestIdsSeen, startBench, type AppInstance, type Bench } from './support'

/**
 * Public docs do not say whether TOP deduplicates `request_id`. Against a gateway that does NOT,
 * a repeat of a call that went through (the reply was lost) would be processed again. So the TOP
 * client never repeats a voucher write that may have been delivered: the outcome is unknown until
 * the platform's voucher list settles it (Retry, start-up), and what the list cannot decide waits
 * for a manager (needs check).
 */
const METHOD = { method: VOUCHER_STATUS_CHANGE.method }
const ALREADY_USED = {
  code: VOUCHER_RESULT.ALREADY_USED.code,
  text: VOUCHER_RESULT.ALREADY_USED.view,
  desc: VOUCHER_RESULT.ALREADY_USED.desc,
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
  it('a batch that committed, then dropped, is unknown, blocked and not repeated; a manager can settle it by hand', async () => {
    const app = await started(false)
    // The first attempt is applied, its connection dropped. The TOP client does not repeat a
    // voucher write that may have been delivered: this gateway would process the repeat again.
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const progress = await redeem(app, {
      customerId: C1,
      source: 'POS',
      vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000002' }, { voucherId: '880000000006' }],
    })
    // Redeemed by the first attempt (0001, 0002) or already used before (0006): the journal heard
    // nothing, so none is recorded as redeemed or failed.
    expect(progress.vouchers.map((v) => v.outcome.state)).toEqual(['unknown', 'unknown', 'unknown'])
    const [requestId] = requestIdsSeen(bench)
    expect(requestIdsSeen(bench)).toEqual([requestId])
    expect(bench.gateway.calls.filter((c) => c.businessKey === requestId).map((c) => c.outcome)).toEqual(['dropped'])
    expect(bench.gateway.ledger.get('880000000001')?.state).toBe('ISUSED')
    const entryId = progress.vouchers[0]!.entryId

    // Blocked: no new redemption request for these vouchers, no reversal, and it says why.
    const again = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    expect(again.blocked).toEqual([
      {
        voucherId: '880000000001',
        entryId,
        message: { key: 'redemption.blocked.unresolved', params: { voucherId: '880000000001' } },
      },
    ])
    expect(requestIdsSeen(bench)).toEqual([requestId])
    const [row1] = await historyOf(app, '880000000001')
    expect(row1).toMatchObject({ canReverse: false, canResolve: true, outcome: { state: 'unknown' } })
    const reversal = await app.call('redeem.reverse', { rowIds: [row1!.rowId] })
    expect(reversal.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.notRedeemed' } })
    // The history status filter finds them.
    const listed = await app.call('history.query', { filter: { status: 'unknown' } })
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
      // Nothing was heard from the server: no words to keep.
      outcome: {
        state: 'redeemed',
        result: { code: null, text: null },
        check: { operatorId: 'OP001', operatorName: '店长', at: expect.any(Number) },
      },
      canReverse: true,
      canResolve: false,
    })
    // One voucher settled by hand: the call is never resent (it still holds all three).
    const refusedRetry = await next.call('redeem.retryUnresolved', { entryIds: [entryId] })
    expect(refusedRetry.skipped).toEqual([{ entryId, message: { key: 'redemption.retry.checkedByHand', params: { entryId } } }])
    await next.call('redeem.resolve', { rowId: rows['880000000002']!.rowId, verdict: 'applied', operatorId: 'boss-1' })
    const notApplied = await next.call('redeem.resolve', { rowId: rows['880000000006']!.rowId, verdict: 'not_applied' })
    expect(notApplied.row).toMatchObject({
      outcome: { state: 'failed', failure: { kind: 'manual', result: { code: null, text: null }, check: { operatorId: 'OP001' } } },
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
    expect(cells).toMatchObject({ Status: 'Redeemed', 'Checked by': 'boss-1', 'Result code': '' })
  })

  it('an HTTP 502 or an isp.* fault is not repeated by the client; Retry finds the voucher unused and resends the same request once', async () => {
    const app = await started(false)
    // A load balancer's 502 or the platform's own fault: the backend may or may not have acted.
    bench.gateway.faults.httpErrors(1, 502, METHOD)
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    expect(first.vouchers[0]?.outcome.state).toBe('unknown')
    bench.gateway.faults.ispErrors(1, METHOD)
    const second = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000002' }] })
    expect(second.vouchers[0]?.outcome.state).toBe('unknown')
    expect(bench.gateway.calls.map((c) => c.subCode ?? c.outcome)).toEqual(['http-error', 'isp.top-remote-service-unavailable'])

    // Retry reads the customer's vouchers first: both still NORMAL, so neither attempt landed,
    // and each call goes out again with its own request_id.
    const retried = await app.call('redeem.retryUnresolved', undefined)
    expect(retried.retried.map((r) => [r.entryId, r.vouchers[0]?.outcome.state])).toEqual([
      [first.vouchers[0]!.entryId, 'redeemed'],
      [second.vouchers[0]!.entryId, 'redeemed'],
    ])
    expect(bench.gateway.calls.filter((c) => c.method === METHOD.method).map((c) => c.outcome)).toEqual(['http-error', 'error', 'ok', 'ok'])
    // The resends carried the journal's own request_ids, not new ones.
    expect(requestIdsSeen(bench)).toEqual(retried.retried.map((r) => r.requestId))
    expect(journalVsLedger(app, bench, ['880000000001', '880000000002'])).toEqual([])
  })

  it("what the platform's list cannot decide needs a manager: blocked as needs-check until a verdict", async () => {
    const app = await started(false)
    // A voucher of another customer, typed under C1 and its reply lost: C1's list does not show it.
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const first = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000101' }] })
    expect(first.vouchers[0]?.outcome.state).toBe('unknown')
    const retried = await app.call('redeem.retryUnresolved', undefined)
    expect(retried.retried[0]?.vouchers[0]?.outcome.state).toBe('needs_check')
    // Looked up, not resent.
    expect(bench.gateway.calls.filter((c) => c.method === METHOD.method)).toHaveLength(1)
    const again = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000101' }] })
    expect(again.blocked[0]?.message).toEqual({ key: 'redemption.blocked.needsCheck', params: { voucherId: '880000000101' } })
    const [row] = await historyOf(app, '880000000101')
    expect(row).toMatchObject({ canResolve: true, canReverse: false, outcome: { state: 'needs_check' } })
    const { row: checked } = await app.call('redeem.resolve', { rowId: row!.rowId, verdict: 'not_applied' })
    expect(checked.outcome).toMatchObject({ state: 'failed', failure: { kind: 'manual', check: { operatorId: 'OP001' } } })
    expect(journalVsLedger(app, bench, ['880000000101'])).toEqual([])
  })

  it('an unknown outcome can be settled by hand too, and a verdict is refused for a settled row or another profile', async () => {
    const app = await started(false)
    bench.gateway.faults.dropAfterCommit(1, METHOD) // the one attempt: unknown
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
  it('a reversal that committed and dropped, with the list unreadable, stays unknown; "applied" records the reissued id the manager reads', async () => {
    const app = await started(false)
    const redeemed = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000005' }] })
    const rowId = redeemed.vouchers[0]!.rowId
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    // The platform's voucher list cannot be read (it would settle this, see lookup tests): a
    // manager decides.
    bench.gateway.faults.httpErrors(3, 502, { method: 'alibaba.alsc.crm.customer.voucher.list' })
    const { results } = await app.call('redeem.reverse', { rowIds: [rowId] })
    // Not repeated by the client, and not looked up: nothing is known.
    expect(results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'unknown' } } })
    expect(bench.gateway.calls.filter((c) => c.method === METHOD.method && c.outcome === 'dropped')).toHaveLength(1)
    bench.gateway.faults.clear()
    const reversalRowId = results[0]!.kind === 'done' ? results[0]!.reversal.rowId : 0
    // The gateway did reverse it and reissued a voucher; the reply carrying that id was lost.
    const reissued = bench.gateway.ledger.get('880000000005')!.reissuedAs!
    expect(reissued).toBeDefined()

    // The redemption cannot be reversed again while its reversal's outcome is open.
    const [before] = await historyOf(app, '880000000005')
    expect(before).toMatchObject({ canReverse: false, reversal: { outcome: { state: 'unknown' } } })
    const again = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(again.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.inFlight' } })
    const [reversalRow] = await historyOf(app, '880000000005', 'ISUSED_NORMAL')
    expect(reversalRow).toMatchObject({ rowId: reversalRowId, canResolve: true, outcome: { state: 'unknown' } })

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
      result: { code: null, text: null },
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
  it('a dropped batch is not repeated by the client even so; Retry settles it from the lookup without resending', async () => {
    const app = await started(true)
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const progress = await redeem(app, {
      customerId: C1,
      source: 'POS',
      vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000002' }],
    })
    expect(progress.vouchers.map((v) => v.outcome.state)).toEqual(['unknown', 'unknown'])
    const retried = await app.call('redeem.retryUnresolved', undefined)
    expect(retried.retried[0]?.vouchers.map((v) => v.outcome.state)).toEqual(['redeemed', 'redeemed'])
    const [requestId] = requestIdsSeen(bench)
    expect(bench.gateway.calls.filter((c) => c.businessKey === requestId).map((c) => c.outcome)).toEqual(['dropped'])
    expect(journalVsLedger(app, bench, ['880000000001', '880000000002'])).toEqual([])
  })

  it('a dropped reversal is settled at once by the lookup, with its reissued id, and not repeated', async () => {
    const app = await started(true)
    const redeemed = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000005' }] })
    bench.gateway.faults.dropAfterCommit(1, METHOD)
    const { results } = await app.call('redeem.reverse', { rowIds: [redeemed.vouchers[0]!.rowId] })
    const reissued = bench.gateway.ledger.get('880000000005')!.reissuedAs!
    expect(results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'reversed', reissuedVoucherId: reissued } } })
    expect(bench.gateway.calls.filter((c) => c.method === METHOD.method).map((c) => c.outcome)).toEqual(['ok', 'dropped'])
    expect(journalVsLedger(app, bench, ['880000000005', reissued])).toEqual([])
  })
})
