import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_VOUCHERS_PER_CALL, type BatchProgress, type VoucherResult } from '@contract/ipc/channels/redemption'
import { VOUCHER_RESULT } from '@main/sandbox/vouchers'
import { C1, C2, appliedCount, journalVsLedger, redeem, requestIdsSeen, startBench, type AppInstance, type Bench } from './support'
import { providerOf } from '../../support/sandbox-connection'

let bench: Bench
let app: AppInstance

beforeEach(async () => {
  bench = await startBench()
  app = bench.open()
  await app.start()
})
afterEach(() => bench.cleanup())

const byVoucher = (progress: BatchProgress): Record<string, VoucherResult['outcome']> =>
  Object.fromEntries(progress.vouchers.map((v) => [v.voucherId, v.outcome]))

describe('redeeming a batch', () => {
  it('records a result per voucher: redeemed, refused with the server code, and the ledger agrees', async () => {
    const progress = await redeem(app, {
      customerId: C1,
      source: 'POS',
      vouchers: [
        { voucherId: '880000000001' },
        { voucherId: '880000000006' }, // already used
        { voucherId: '880000000101' }, // belongs to C10002
        { voucherId: '880000009999' }, // no such voucher
        { voucherId: '880000000004', points: '100' },
      ],
    })
    expect(progress.status).toBe('done')
    expect(progress.callsTotal).toBe(1)
    expect(progress.waiting).toEqual([])
    const outcome = byVoucher(progress)
    expect(outcome['880000000001']).toEqual({
      state: 'redeemed',
      result: { code: '0', text: VOUCHER_RESULT.REDEEMED.view },
    })
    expect(outcome['880000000006']).toEqual({
      state: 'failed',
      // result_desc kept beside result_view, result_code in the details.
      failure: {
        kind: 'voucher',
        result: { code: 'VOUCHER_ALREADY_USED', text: VOUCHER_RESULT.ALREADY_USED.view, desc: VOUCHER_RESULT.ALREADY_USED.desc },
      },
    })
    expect(outcome['880000000101']).toMatchObject({ state: 'failed', failure: { result: { code: 'VOUCHER_CUSTOMER_MISMATCH' } } })
    expect(outcome['880000009999']).toMatchObject({ state: 'failed', failure: { result: { code: 'VOUCHER_NOT_FOUND' } } })
    expect(outcome['880000000004']?.state).toBe('redeemed')
    expect(progress.vouchers.find((v) => v.voucherId === '880000000004')?.points).toBe('100')

    // The sandbox applied exactly what the journal says, once each.
    const { ledger } = bench.gateway
    expect(ledger.get('880000000001')?.state).toBe('ISUSED')
    expect(ledger.get('880000000004')?.state).toBe('ISUSED')
    expect(ledger.get('880000000101')?.state).toBe('NORMAL')
    expect(appliedCount(bench, '880000000001', 'NORMAL_ISUSED')).toBe(1)
    // Points align with ids; vouchers without points were sent "0".
    expect(ledger.log.find((a) => a.voucherId === '880000000004')?.points).toBe('100')
    expect(ledger.log.find((a) => a.voucherId === '880000000001')?.points).toBe('0')
  })

  it('sends the profile defaults and the cashier the screen names', async () => {
    await redeem(app, { customerId: C1, source: '移动门店', operatorId: 'cashier-7', vouchers: [{ voucherId: '880000000002' }] })
    const [row] = (await app.call('history.query', { filter: { voucherId: '880000000002' } })).rows
    expect(row).toMatchObject({ operatorId: 'cashier-7', shopId: 'S001', source: '移动门店', customerId: C1 })
  })

  it('splits a batch larger than the per-call limit into calls, each with its own request_id, and reports progress', async () => {
    const count = MAX_VOUCHERS_PER_CALL * 2 + 5
    const vouchers = Array.from({ length: count }, (_, i) => ({ voucherId: `7700${String(i).padStart(6, '0')}` }))
    vouchers[0] = { voucherId: '880000000001' }
    bench.gateway.faults.latency(150)

    const started = await app.call('redeem.submit', { customerId: C1, source: 'POS', vouchers })
    expect(started).toMatchObject({ status: 'running', callsTotal: 3 })
    const seen: BatchProgress[] = [started]
    let progress = started
    while (progress.status === 'running') {
      await new Promise((r) => setTimeout(r, 40))
      progress = await app.call('redeem.progress', { batchId: started.batchId })
      seen.push(progress)
    }
    expect(progress).toMatchObject({ status: 'done', callsTotal: 3, callsDone: 3, waiting: [] })
    expect(progress.vouchers.map((v) => v.voucherId)).toEqual(vouchers.map((v) => v.voucherId))
    // Progress moved forward call by call, and was seen part-way.
    const done = seen.map((p) => p.callsDone)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(seen.some((p) => p.status === 'running' && p.callsDone > 0 && p.callsDone < 3)).toBe(true)
    expect(seen.some((p) => p.vouchers.length > 0 && p.waiting.length > 0)).toBe(true)

    const ids = requestIdsSeen(bench)
    expect(ids).toHaveLength(3)
    const entries = new Set(progress.vouchers.map((v) => v.entryId))
    expect(entries.size).toBe(3)
    const sizes = [...entries].map((e) => progress.vouchers.filter((v) => v.entryId === e).length)
    expect(sizes).toEqual([MAX_VOUCHERS_PER_CALL, MAX_VOUCHERS_PER_CALL, 5])
    expect(bench.gateway.ledger.get('880000000001')?.state).toBe('ISUSED')
  })

  it('pushes the progress after each call and when the batch ends, so the window need not ask', async () => {
    const count = MAX_VOUCHERS_PER_CALL * 2 + 5
    const vouchers = Array.from({ length: count }, (_, i) => ({ voucherId: `7710${String(i).padStart(6, '0')}` }))
    const started = await app.call('redeem.submit', { customerId: C1, source: 'POS', vouchers })
    await app.service.batches.settled(started.batchId)
    const pushed = app.events.filter((e) => e.event === 'redeem.batchProgress').map((e) => e.payload as BatchProgress)
    // One push per call, the last one the finished batch: exactly what `redeem.progress` answers now.
    expect(pushed.map((p) => [p.status, p.callsDone])).toEqual([
      ['running', 1],
      ['running', 2],
      ['done', 3],
    ])
    expect(pushed.at(-1)).toEqual(await app.call('redeem.progress', { batchId: started.batchId }))
  })

  it('pushes the start-up report once recovery has finished', async () => {
    const reports = app.events.filter((e) => e.event === 'redeem.startupReport')
    expect(reports).toEqual([{ event: 'redeem.startupReport', payload: { resolving: false, entries: [], interruptedBatches: [] } }])
  })

  it('refuses bad input with translatable issues and sends nothing', async () => {
    const reply = await app.dispatch('redeem.submit', {
      customerId: ' ',
      source: 'WEB',
      vouchers: [{ voucherId: '8800 0001' }, { voucherId: 'A1' }, { voucherId: 'A1' }, { voucherId: 'x'.repeat(65) }],
    })
    expect(reply.ok).toBe(false)
    if (reply.ok) return
    const keys = Object.fromEntries((reply.error.issues ?? []).map((i) => [i.path.join('.'), i.key]))
    // The IPC layer translates only `contract.*` keys from zod messages; the renderer shows the
    // precise `redemption.voucher.malformed` before anything is sent.
    expect(keys).toEqual({
      customerId: 'contract.blank',
      source: 'contract.invalidValue',
      'vouchers.0.voucherId': 'redemption.voucher.malformed',
      'vouchers.3.voucherId': 'contract.tooLong',
    })
    const duplicate = await app.dispatch('redeem.submit', {
      customerId: C1,
      source: 'POS',
      vouchers: [{ voucherId: 'A1' }, { voucherId: 'B2' }, { voucherId: 'A1' }],
    })
    expect(duplicate.ok || duplicate.error.issues).toEqual([
      { path: ['vouchers', 2, 'voucherId'], key: 'contract.voucher.duplicateId', params: { id: 'A1' } },
    ])
    const tooMany = await app.dispatch('redeem.submit', {
      customerId: C1,
      source: 'POS',
      vouchers: Array.from({ length: 201 }, (_, i) => ({ voucherId: `V${i}` })),
    })
    expect(tooMany.ok).toBe(false)
    expect(bench.gateway.calls).toHaveLength(0)
  })

  it('sends the store settings (out_brand_id, out_shop_id) with every redemption and reversal, and the brand chosen', async () => {
    const store = await startBench()
    try {
      const defaults = { ...store.connection.defaults, brandId: 'B1', brandChoices: ['B2'], outBrandId: 'OB-9', outShopId: 'OS-7' }
      const connection = { ...store.connection, defaults }
      const { createRedemptionFeature } = await import('@main/services/redemption/feature')
      const { openDatabase } = await import('@main/store/db')
      const { journalMigrations } = await import('@main/store/journal')
      const db = openDatabase(':memory:', { journal: journalMigrations })
      const feature = createRedemptionFeature({
        db,
        connection: { current: async () => connection, of: async () => connection, activeProfileId: () => connection.profileId },
        dataDir: store.dataDir,
        now: () => new Date(),
      })
      const started = await feature.handlers['redeem.submit']({
        customerId: C1,
        source: 'POS',
        brandId: 'B2',
        vouchers: [{ voucherId: '880000000003' }],
      })
      await feature.service.batches.settled(started.batchId)
      const { rows } = await feature.handlers['history.query']({ filter: { voucherId: '880000000003' }, limit: 10 })
      await feature.handlers['redeem.reverse']({ rowIds: [rows[0]!.rowId] })
      const sent = (db.prepare('SELECT request_json FROM journal_entries ORDER BY id').all() as { request_json: string }[]).map(
        (r) => JSON.parse(r.request_json) as Record<string, unknown>,
      )
      expect(sent).toEqual([
        expect.objectContaining({ voucher_status_action: 'NORMAL_ISUSED', brand_id: 'B2', out_brand_id: 'OB-9', out_shop_id: 'OS-7' }),
        expect.objectContaining({ voucher_status_action: 'ISUSED_NORMAL', brand_id: 'B2', out_brand_id: 'OB-9', out_shop_id: 'OS-7' }),
      ])
      expect(store.gateway.ledger.get('880000000003')?.state).toBe('REVERSED')
      // A brand the profile does not serve is refused at the field, and nothing is sent.
      const callsBefore = store.gateway.calls.length
      await expect(
        feature.handlers['redeem.submit']({ customerId: C1, source: 'POS', brandId: 'B3', vouchers: [{ voucherId: '880000000004' }] }),
      ).rejects.toMatchObject({ extra: { issues: [{ path: ['brandId'], key: 'redemption.error.brandNotServed' }] } })
      expect(store.gateway.calls.length).toBe(callsBefore)
      await feature.dispose!()
      db.close()
    } finally {
      await store.cleanup()
    }
  })

  it("looks up a customer's vouchers on the platform: title, amount, threshold, validity, points and state", async () => {
    const { vouchers } = await app.call('redeem.lookupVouchers', { customerId: C1 })
    expect(vouchers.map((v) => v.voucherId).sort()).toEqual([
      '880000000001',
      '880000000002',
      '880000000003',
      '880000000004',
      '880000000005',
      '880000000006',
    ])
    expect(vouchers.find((v) => v.voucherId === '880000000001')).toMatchObject({
      title: '满100减10',
      amount: 1000,
      startFee: 10000,
      status: 'NORMAL',
      startTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      endTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    })
    expect(vouchers.find((v) => v.voucherId === '880000000004')).toMatchObject({ giftPoint: 100 })
    expect(vouchers.find((v) => v.voucherId === '880000000006')).toMatchObject({ status: 'ISUSED' })
    // After a redemption the list says so.
    await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] })
    const after = await app.call('redeem.lookupVouchers', { customerId: C1 })
    expect(after.vouchers.find((v) => v.voucherId === '880000000001')?.status).toBe('ISUSED')
    // A gateway refusal is a translated error, not a crash.
    bench.gateway.faults.httpErrors(3, 502, { method: 'alibaba.alsc.crm.customer.voucher.list' })
    const failed = await app.dispatch('redeem.lookupVouchers', { customerId: C1 })
    expect(failed).toMatchObject({ ok: false, error: { code: 'top-error', key: 'top.error.transport.outcomeUnknown' } })
  })

  it('needs an operator from the screen or the profile', async () => {
    const bare = await startBench()
    try {
      const connection = { ...bare.connection, defaults: {} }
      const { createRedemptionFeature } = await import('@main/services/redemption/feature')
      const { openDatabase } = await import('@main/store/db')
      const { journalMigrations } = await import('@main/store/journal')
      const db = openDatabase(':memory:', { journal: journalMigrations })
      const feature = createRedemptionFeature({
        db,
        connection: providerOf(connection),
        dataDir: bare.dataDir,
        now: () => new Date(),
      })
      await expect(
        feature.handlers['redeem.submit']({ customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }] }),
      ).rejects.toMatchObject({ code: 'invalid-input', extra: { issues: [{ path: ['operatorId'] }] } })
      expect(bare.gateway.calls).toHaveLength(0)
      db.close()
    } finally {
      await bare.cleanup()
    }
  })
})

describe('reversing', () => {
  async function redeemed(voucherId: string, customerId = C1) {
    await redeem(app, { customerId, source: 'POS', vouchers: [{ voucherId }] })
    const page = await app.call('history.query', { filter: { voucherId, action: 'NORMAL_ISUSED' } })
    return page.rows[0]!
  }

  it('reverses a redeemed voucher once, records the reissued id, and refuses a second reversal', async () => {
    const row = await redeemed('880000000005')
    expect(row.canReverse).toBe(true)

    const { results } = await app.call('redeem.reverse', { rowIds: [row.rowId] })
    expect(results).toHaveLength(1)
    const [result] = results
    expect(result).toMatchObject({ kind: 'done', rowId: row.rowId, voucherId: '880000000005' })
    const reissued = bench.gateway.ledger.get('880000000005')?.reissuedAs
    expect(reissued).toBeDefined()
    expect(result?.kind === 'done' && result.reversal.outcome).toMatchObject({ state: 'reversed', reissuedVoucherId: reissued })

    // The journal and the ledger agree, and the voucher cannot be reversed again.
    const [after] = (await app.call('history.query', { filter: { voucherId: '880000000005', action: 'NORMAL_ISUSED' } })).rows
    expect(after).toMatchObject({ canReverse: false, reversal: { outcome: { state: 'reversed', reissuedVoucherId: reissued } } })
    const again = await app.call('redeem.reverse', { rowIds: [row.rowId] })
    expect(again.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.alreadyReversed' } })
    expect(appliedCount(bench, '880000000005', 'ISUSED_NORMAL')).toBe(1)
    expect(bench.gateway.ledger.get('880000000005')?.state).toBe('REVERSED')
  })

  it('keeps the chain visible when the reissued voucher is redeemed later', async () => {
    const row = await redeemed('880000000001')
    await app.call('redeem.reverse', { rowIds: [row.rowId] })
    const reissued = bench.gateway.ledger.get('880000000001')!.reissuedAs!
    const later = await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: reissued }] })
    expect(later.vouchers[0]?.outcome.state).toBe('redeemed')

    const chain = (await app.call('history.query', { filter: { voucherId: '880000000001' } })).rows
    expect(chain.map((r) => [r.action, r.voucherId, r.outcome.state])).toEqual([
      ['NORMAL_ISUSED', reissued, 'redeemed'],
      ['ISUSED_NORMAL', '880000000001', 'reversed'],
      ['NORMAL_ISUSED', '880000000001', 'redeemed'],
    ])
    expect(chain[0]).toMatchObject({ reissuedFrom: '880000000001', canReverse: true })
    expect(chain[1]).toMatchObject({ reverses: { rowId: row.rowId, voucherId: '880000000001' }, canReverse: false })
    // Searching by the reissued id finds the same chain from the other end.
    const fromReissued = (await app.call('history.query', { filter: { voucherId: reissued } })).rows
    expect(fromReissued.map((r) => r.rowId)).toEqual(chain.slice(0, 2).map((r) => r.rowId))
  })

  it('reverses several selected vouchers, each in its own call, and explains the ones it cannot', async () => {
    const a = await redeemed('880000000102', C2)
    const b = await redeemed('880000000103', C2)
    const failedRow = (await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000006' }] })).vouchers[0]!
    const before = requestIdsSeen(bench).length
    const { results } = await app.call('redeem.reverse', { rowIds: [a.rowId, b.rowId, failedRow.rowId, 999_999] })
    expect(results.map((r) => r.kind)).toEqual(['done', 'done', 'refused', 'refused'])
    expect(results[2]).toMatchObject({ message: { key: 'redemption.reverse.notRedeemed' } })
    expect(results[3]).toMatchObject({ message: { key: 'redemption.reverse.notFound' } })
    expect(requestIdsSeen(bench).length - before).toBe(2)
    expect(bench.gateway.ledger.get('880000000102')?.state).toBe('REVERSED')
    expect(bench.gateway.ledger.get('880000000103')?.state).toBe('REVERSED')
  })

  it('a rate-limited reversal is not sent, not refused: the same request goes out once the limit is over', async () => {
    const row = await redeemed('880000000002')
    bench.gateway.faults.ban(30, { method: 'alibaba.alsc.crm.voucher.status.change' })
    const first = await app.call('redeem.reverse', { rowIds: [row.rowId] })
    expect(first.results[0]).toMatchObject({
      kind: 'done',
      reversal: { outcome: { state: 'not_sent', reason: { key: 'top.error.ban.timed.seconds' } } },
    })
    bench.gateway.faults.clear()
    const second = await app.call('redeem.reverse', { rowIds: [row.rowId] })
    expect(second.results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'reversed' } } })
    expect(appliedCount(bench, '880000000002', 'ISUSED_NORMAL')).toBe(1)
  })
})

describe('the journal and the sandbox agree', () => {
  it('after a mixed batch and a reversal, every journal row and every voucher state matches the ledger', async () => {
    const mixed = ['880000000001', '880000000006', '880000000101', '880000009999', '880000000004', '880000000003']
    const progress = await redeem(app, { customerId: C1, source: 'POS', vouchers: mixed.map((voucherId) => ({ voucherId })) })
    expect(progress.vouchers.map((v) => v.outcome.state)).toEqual(['redeemed', 'failed', 'failed', 'failed', 'redeemed', 'redeemed'])
    const target = progress.vouchers.find((v) => v.voucherId === '880000000004')!
    await app.call('redeem.reverse', { rowIds: [target.rowId] })
    const reissued = bench.gateway.ledger.get('880000000004')!.reissuedAs!

    // Row by row, what the journal holds.
    const journal = app.db
      .prepare(`SELECT action, voucher_id, state, result_code, reissued_voucher_id FROM journal_vouchers ORDER BY id`)
      .all()
    expect(journal).toEqual([
      { action: 'NORMAL_ISUSED', voucher_id: '880000000001', state: 'redeemed', result_code: '0', reissued_voucher_id: null },
      {
        action: 'NORMAL_ISUSED',
        voucher_id: '880000000006',
        state: 'failed',
        result_code: 'VOUCHER_ALREADY_USED',
        reissued_voucher_id: null,
      },
      {
        action: 'NORMAL_ISUSED',
        voucher_id: '880000000101',
        state: 'failed',
        result_code: 'VOUCHER_CUSTOMER_MISMATCH',
        reissued_voucher_id: null,
      },
      { action: 'NORMAL_ISUSED', voucher_id: '880000009999', state: 'failed', result_code: 'VOUCHER_NOT_FOUND', reissued_voucher_id: null },
      { action: 'NORMAL_ISUSED', voucher_id: '880000000004', state: 'redeemed', result_code: '0', reissued_voucher_id: null },
      { action: 'NORMAL_ISUSED', voucher_id: '880000000003', state: 'redeemed', result_code: '0', reissued_voucher_id: null },
      { action: 'ISUSED_NORMAL', voucher_id: '880000000004', state: 'reversed', result_code: '0', reissued_voucher_id: reissued },
    ])
    // And voucher by voucher, the ledger says the same (states, the reissued id, nothing applied
    // that the journal does not know of).
    expect(journalVsLedger(app, bench, [...mixed, reissued])).toEqual([])
    const states = Object.fromEntries([...mixed, reissued].map((v) => [v, bench.gateway.ledger.get(v)?.state ?? 'absent']))
    expect(states).toEqual({
      '880000000001': 'ISUSED',
      '880000000006': 'ISUSED',
      '880000000101': 'NORMAL',
      '880000009999': 'absent',
      '880000000004': 'REVERSED',
      '880000000003': 'ISUSED',
      [reissued]: 'NORMAL',
    })
  })
})

describe('history export', () => {
  it('exports the filtered history as CSV text for the renderer to save', async () => {
    await redeem(app, { customerId: C1, source: 'POS', vouchers: [{ voucherId: '880000000001' }, { voucherId: '880000000006' }] })
    await redeem(app, { customerId: C2, source: 'POS', vouchers: [{ voucherId: '880000000102' }] })
    const exported = await app.call('history.export', { filter: { customerId: C1 }, locale: 'en' })
    expect(exported).toMatchObject({ rowCount: 2, truncated: false, cap: 100_000 })
    expect(exported.fileName).toMatch(/^coupon-desk-history-\d{8}-\d{6}\.csv$/)
    const lines = exported.csv.split('\r\n')
    expect(lines[0]!.startsWith('\uFEFFTime (Beijing),Action,Voucher')).toBe(true)
    expect(lines.filter((l) => l.includes('880000000102'))).toEqual([])
    expect(lines.filter((l) => l.includes('880000000006') && l.includes('VOUCHER_ALREADY_USED'))).toHaveLength(1)
  })
})

describe('context', () => {
  it('names the profile, its defaults and the limits, and lists the demo vouchers in training mode', async () => {
    expect(await app.call('redeem.context')).toEqual({
      profileId: 'sandbox',
      profileName: bench.connection.profileName,
      profileKind: 'sandbox',
      defaults: { shopId: 'S001', operatorId: 'OP001', operatorName: '店长' },
      limits: { perCall: MAX_VOUCHERS_PER_CALL, perBatch: 200 },
    })
    const { vouchers } = await app.call('redeem.demoVouchers')
    expect(vouchers.map((v) => v.voucherId)).toContain('880000000001')
    expect(vouchers.find((v) => v.voucherId === '880000000006')).toMatchObject({ customerId: C1, initialState: 'ISUSED' })
  })
})
