import { afterEach, describe, expect, it } from 'vitest'
import type { DemoVoucher } from '@main/sandbox/demo-data'
import { appliedCount, journalVsLedger, startBench, type AppInstance, type Bench } from './support'

/**
 * A few hundred redemptions and reversals against a gateway that does NOT de-duplicate
 * request_id, with calls dropped after the gateway committed them, platform faults, and the app
 * shut down in the middle of calls and started again. Whatever was left unknown or refused after
 * a possible delivery is settled from the platform's voucher list: under 2 % of the vouchers are
 * left for a manager, none is redeemed or reversed twice, and the journal agrees with the
 * gateway's ledger on every voucher.
 */

const METHOD = { method: 'alibaba.alsc.crm.voucher.status.change' }
const CUSTOMER = 'C20001'
const COUNT = 300
const REVERSALS = 100

const VOUCHERS: DemoVoucher[] = Array.from({ length: COUNT }, (_, i) => ({
  voucherId: `9900${String(i).padStart(8, '0')}`,
  customerId: CUSTOMER,
  initialState: 'NORMAL',
  note: { zh: '', en: '' },
  title: '满100减10',
  amount: 1000,
  startFee: 10000,
  templateId: `T${i % 3}`,
  validFromDays: 1,
  validForDays: 30,
}))

/** Deterministic: the same faults on every run. */
function prng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

let bench: Bench | undefined
afterEach(async () => bench?.cleanup())

describe('settling by lookup, gateway without request_id de-duplication', () => {
  it('leaves under 2 % for a manager, redeems and reverses nothing twice, loses nothing', async () => {
    bench = await startBench({ gateway: { deduplicateRequestIds: false, vouchers: VOUCHERS }, client: { backoffMs: 1, timeoutMs: 2_000 } })
    const b = bench
    const random = prng(11)
    const inject = () => {
      const r = random()
      // The TOP client repeats none of these by itself (a voucher write that may have been
      // delivered): each leaves its call unknown, for the lookup to settle.
      if (r < 0.3)
        b.gateway.faults.dropAfterCommit(1, METHOD) // applied, the reply lost
      else if (r < 0.4)
        b.gateway.faults.ispErrors(1, METHOD) // the platform's own fault: not applied, but it cannot say so
      else if (r < 0.5) b.gateway.faults.httpErrors(1, 502, METHOD) // a 502 before the backend: not applied
    }
    let app: AppInstance = b.open({ perCall: 10 })
    await app.start()
    const restart = async () => {
      await app.close()
      b.gateway.faults.clear()
      app = b.open({ perCall: 10 })
      await app.start()
    }

    // Redemptions: 30 batches of 10; every fifth batch the app is shut down while it sends.
    for (let batch = 0; batch < COUNT / 10; batch++) {
      inject()
      const vouchers = VOUCHERS.slice(batch * 10, batch * 10 + 10).map((v) => ({ voucherId: v.voucherId }))
      const started = await app.call('redeem.submit', { customerId: CUSTOMER, source: 'POS', vouchers })
      if (batch % 5 === 4) {
        b.gateway.faults.latency(30, METHOD)
        await restart() // cut off mid-call: the next start settles what it left
      } else {
        await app.service.batches.settled(started.batchId)
      }
      b.gateway.faults.clear()
    }
    // What is still open (the cut-off batches' unsent vouchers are simply not sent; unknowns are
    // settled by the lookup at start-up): Retry once, as the cashier would.
    await app.call('redeem.retryUnresolved', undefined)

    // Reversals, one voucher per call, with the same faults.
    const redeemedRows = (await app.call('history.query', { filter: { status: 'redeemed', action: 'NORMAL_ISUSED' }, limit: 200 })).rows
    expect(redeemedRows.length).toBeGreaterThan(REVERSALS)
    for (const [i, row] of redeemedRows.slice(0, REVERSALS).entries()) {
      inject()
      await app.call('redeem.reverse', { rowIds: [row.rowId] })
      b.gateway.faults.clear()
      if (i % 25 === 24) await restart()
    }
    await restart()
    await app.call('redeem.retryUnresolved', undefined)

    const states = app.db.prepare('SELECT state FROM journal_vouchers').all() as { state: string }[]
    const open = states.filter((r) => r.state === 'needs_check' || r.state === 'unknown')
    const share = open.length / states.length
    const counts = new Map<string, number>()
    for (const { state } of states) counts.set(state, (counts.get(state) ?? 0) + 1)
    const byState = [...counts].map(([state, n]) => `${state} ${n}`)
    console.info(
      `[lookup soak] ${states.length} voucher rows (${byState.join(', ')}), ${open.length} left for a manager (${(share * 100).toFixed(2)} %)`,
    )
    expect(share).toBeLessThan(0.02)
    for (const v of VOUCHERS) {
      expect(appliedCount(b, v.voucherId, 'NORMAL_ISUSED'), v.voucherId).toBeLessThanOrEqual(1)
      expect(appliedCount(b, v.voucherId, 'ISUSED_NORMAL'), v.voucherId).toBeLessThanOrEqual(1)
    }
    const reissued = b.gateway.ledger
      .all()
      .filter((v) => v.reissuedFrom !== undefined)
      .map((v) => v.voucherId)
    expect(journalVsLedger(app, b, [...VOUCHERS.map((v) => v.voucherId), ...reissued])).toEqual([])
  }, 240_000)
})
