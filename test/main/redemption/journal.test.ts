import { describe, expect, it, vi } from 'vitest'
import { redemptionRequest } from '@main/services/redemption/requests'
import { entryStateOf } from '@main/services/redemption/journal'
import { REDEEMED, UNKNOWN, failed, memoryJournal, needsCheck, reversedAs, seedRedemption, seedReversal } from './journal-seed'

const count = (db: ReturnType<typeof memoryJournal>['db'], table: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

/** Who reverses in these tests; every reversal here is refused or made by `seedReversal`. */
const cashier = { operator: { operatorId: 'OP2' } }

const request = (...voucherIds: string[]) =>
  redemptionRequest(
    { customerId: 'C1', operatorId: 'OP1', source: 'POS' },
    voucherIds.map((voucherId) => ({ voucherId, points: null })),
  )

describe('journal: what waits for the disk', () => {
  /** The statements `work` runs on the connection, pragmas and transaction control only. */
  function controlStatements(db: ReturnType<typeof memoryJournal>['db'], work: () => void): string[] {
    const exec = vi.spyOn(db, 'exec')
    try {
      work()
      return exec.mock.calls.map(([sql]) => sql).filter((sql) => /^(PRAGMA synchronous|BEGIN|COMMIT)/.test(sql))
    } finally {
      exec.mockRestore()
    }
  }

  it('the intent is committed waiting for the disk (synchronous=FULL): it must exist before the request leaves', () => {
    const { db, journal } = memoryJournal()
    expect(controlStatements(db, () => journal.beginRedemption(request('V1'), 'sandbox', null))).toEqual(['BEGIN IMMEDIATE', 'COMMIT'])
  })

  it('the answer is committed without waiting (synchronous=NORMAL), then the connection waits again', () => {
    // Lost to a power cut, the answer leaves the intent pending, and the next start asks the
    // platform how the call ended (recovery.test.ts: "a call that was in flight when the process died").
    const { db, journal } = memoryJournal()
    const entry = journal.beginRedemption(request('V1'), 'sandbox', null)
    expect(controlStatements(db, () => journal.settle(entry.id, [REDEEMED]))).toEqual([
      'PRAGMA synchronous = NORMAL',
      'BEGIN IMMEDIATE',
      'COMMIT',
      'PRAGMA synchronous = FULL',
    ])
    expect(journal.entry(entry.id)?.state).toBe('settled')
  })
})

describe('journal: the intent', () => {
  it('stores the request, its fresh request_id and one pending row per voucher before anything is sent', () => {
    const { db, journal } = memoryJournal()
    const req = request('V1', 'V2')
    const entry = journal.beginRedemption(req, 'sandbox', null)
    expect(entry).toMatchObject({ requestId: req.request_id, state: 'pending', attempts: 1, maybeDelivered: false })
    expect(req.request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(journal.entry(entry.id)?.request).toEqual(req)
    expect(journal.entryResult(entry.id)?.vouchers.map((v) => [v.voucherId, v.outcome.state])).toEqual([
      ['V1', 'pending'],
      ['V2', 'pending'],
    ])
    expect(count(db, 'journal_entries')).toBe(1)
  })

  it('writes all of an intent or none of it', () => {
    const { db, journal } = memoryJournal()
    journal.beginRedemption(request('V1'), 'sandbox', null)
    // V1 is still unresolved: a second intent containing it must fail as a whole.
    expect(() => journal.beginRedemption(request('V2', 'V1'), 'sandbox', null)).toThrow(/UNIQUE.*voucher_id/)
    expect(count(db, 'journal_entries')).toBe(1)
    expect(count(db, 'journal_vouchers')).toBe(1)
  })

  it('lets the same voucher id into a new intent once the earlier one settled', () => {
    const { journal } = memoryJournal()
    seedRedemption(journal, { voucherId: 'V1', outcome: failed('VOUCHER_NOT_FOUND', 'x') })
    expect(() => journal.beginRedemption(request('V1'), 'sandbox', null)).not.toThrow()
  })

  it('keeps final answers: a later settle only fills unresolved rows', () => {
    const { journal } = memoryJournal()
    const entry = journal.beginRedemption(request('V1', 'V2'), 'sandbox', null)
    journal.settle(entry.id, [REDEEMED, UNKNOWN])
    expect(journal.entry(entry.id)).toMatchObject({ state: 'unknown', maybeDelivered: true })
    journal.markAttempt(entry.id)
    expect(journal.entry(entry.id)).toMatchObject({ state: 'pending', attempts: 2 })
    journal.settle(entry.id, [failed('X', 'y'), REDEEMED])
    expect(journal.entryResult(entry.id)?.vouchers.map((v) => v.outcome.state)).toEqual(['redeemed', 'redeemed'])
    expect(journal.entry(entry.id)?.state).toBe('settled')
  })

  it('at start-up treats calls left pending as unknown', () => {
    const { journal } = memoryJournal()
    const entry = journal.beginRedemption(request('V1'), 'sandbox', null)
    expect(journal.markInterruptedCallsUnknown().map((e) => e.id)).toEqual([entry.id])
    expect(journal.entry(entry.id)).toMatchObject({ state: 'unknown', maybeDelivered: true })
    expect(journal.entryResult(entry.id)?.vouchers[0]?.outcome).toEqual({
      state: 'unknown',
      reason: { key: 'redemption.reason.interrupted', params: {} },
    })
  })
})

describe('journal: reversal rules', () => {
  it('reverses only a redeemed voucher, once, and links both rows', () => {
    const { journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    const reversal = seedReversal(journal, row.rowId, reversedAs('V1-NEW'))
    expect(reversal.outcome).toEqual(reversedAs('V1-NEW'))
    const again = journal.beginReversal(row.rowId, 'sandbox', cashier)
    expect(again).toEqual({ kind: 'refused', message: { key: 'redemption.reverse.alreadyReversed', params: { voucherId: 'V1' } } })

    const failedRow = seedRedemption(journal, { voucherId: 'V2', outcome: failed('VOUCHER_ALREADY_USED', 'used') })
    expect(journal.beginReversal(failedRow.rowId, 'sandbox', cashier)).toMatchObject({
      kind: 'refused',
      message: { key: 'redemption.reverse.notRedeemed' },
    })
    expect(journal.beginReversal(row.rowId, 'other-profile', cashier)).toMatchObject({
      message: { key: 'redemption.reverse.otherProfile' },
    })
    expect(journal.beginReversal(reversal.rowId, 'sandbox', cashier)).toMatchObject({
      message: { key: 'redemption.reverse.notARedemption' },
    })
  })

  it('refuses a reversal while one is unknown, hands back a never-sent one for retry, allows a new one after a certain failure', () => {
    const { journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    const unknown = seedReversal(journal, row.rowId, UNKNOWN)
    expect(journal.beginReversal(row.rowId, 'sandbox', cashier)).toMatchObject({
      kind: 'refused',
      message: { key: 'redemption.reverse.inFlight' },
    })
    journal.settle(unknown.entryId, []) // nothing new: still unknown
    const other = seedRedemption(journal, { voucherId: 'V2' })
    const notSent = seedReversal(journal, other.rowId, {
      state: 'not_sent',
      reason: { key: 'top.error.transport.notSent', params: { reason: 'refused' } },
    })
    expect(journal.beginReversal(other.rowId, 'sandbox', cashier)).toEqual({
      kind: 'retry',
      entryId: notSent.entryId,
      voucherId: 'V2',
    })
    const third = seedRedemption(journal, { voucherId: 'V3' })
    seedReversal(journal, third.rowId, {
      state: 'failed',
      failure: { kind: 'platform', message: { key: 'top.error.ban.untimed', params: {} }, top: { code: 7 } },
    })
    expect(seedReversal(journal, third.rowId, reversedAs('V3-NEW')).outcome.state).toBe('reversed')
  })

  it('marks a redemption of a reissued voucher with the voucher it replaced', () => {
    const { db, journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    seedReversal(journal, row.rowId, reversedAs('V1-NEW'))
    const entry = journal.beginRedemption(request('V1-NEW', 'V5'), 'sandbox', null)
    const rows = db.prepare('SELECT voucher_id, reissued_from FROM journal_vouchers WHERE entry_id = ? ORDER BY position').all(entry.id)
    expect(rows).toEqual([
      { voucher_id: 'V1-NEW', reissued_from: 'V1' },
      { voucher_id: 'V5', reissued_from: null },
    ])
  })
})

describe("journal: needs-check and a manager's verdict", () => {
  const manager = { operatorId: 'OP9', operatorName: '店长' }
  const never: ReadonlySet<number> = new Set()

  it('a needs-check redemption blocks its voucher (service and SQL) and is not retried at start-up', () => {
    const { journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1', outcome: needsCheck() })
    expect(journal.entry(row.entryId)).toMatchObject({ state: 'needs_check', maybeDelivered: true })
    expect(journal.openRedemptions('sandbox', ['V1', 'V2'])).toEqual(new Map([['V1', { entryId: row.entryId, needsCheck: true }]]))
    expect(() => journal.beginRedemption(request('V1'), 'sandbox', null)).toThrow(/UNIQUE.*voucher_id/)
    expect(journal.beginReversal(row.rowId, 'sandbox', cashier)).toMatchObject({
      kind: 'refused',
      message: { key: 'redemption.reverse.needsCheck' },
    })
    expect(journal.entriesIn(['unknown']).map((e) => e.id)).toEqual([])
    expect(journal.markInterruptedCallsUnknown()).toEqual([])
    expect(journal.entryResult(row.entryId)?.vouchers[0]?.outcome).toEqual(needsCheck())
  })

  it('"applied" makes a redemption redeemed and reversible; "not applied" frees the voucher; both say who and when', () => {
    const { journal, clock } = memoryJournal()
    const a = seedRedemption(journal, { voucherId: 'V1', outcome: needsCheck() })
    const b = seedRedemption(journal, { voucherId: 'V2', outcome: UNKNOWN })
    clock.tick(5000)
    expect(journal.resolveByHand(a.rowId, 'sandbox', { verdict: 'applied' }, manager, never)).toEqual({
      kind: 'resolved',
      entryId: a.entryId,
    })
    const check = { ...manager, at: clock.now().getTime() }
    expect(journal.entryResult(a.entryId)?.vouchers[0]?.outcome).toEqual({
      state: 'redeemed',
      result: { code: 'VOUCHER_ALREADY_USED', text: '该券已核销' },
      check,
    })
    expect(journal.entry(a.entryId)?.state).toBe('settled')
    expect(seedReversal(journal, a.rowId, reversedAs('V1-NEW')).outcome.state).toBe('reversed')

    journal.resolveByHand(b.rowId, 'sandbox', { verdict: 'not_applied' }, manager, never)
    expect(journal.entryResult(b.entryId)?.vouchers[0]?.outcome).toEqual({
      state: 'failed',
      failure: { kind: 'manual', check, result: { code: null, text: null } },
    })
    expect(journal.openRedemptions('sandbox', ['V2']).size).toBe(0)
    expect(() => journal.beginRedemption(request('V2'), 'sandbox', null)).not.toThrow()
  })

  it('a reversal: "applied" needs a reissued id other than the voucher; "not applied" allows a new reversal', () => {
    const { journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    const reversal = seedReversal(journal, row.rowId, needsCheck('VOUCHER_ALREADY_REVERSED', '已作废'))
    const refusal = (verdict: Parameters<typeof journal.resolveByHand>[2]) =>
      journal.resolveByHand(reversal.rowId, 'sandbox', verdict, manager, never)
    expect(refusal({ verdict: 'applied' })).toEqual({ kind: 'refused', reason: 'reissuedRequired', voucherId: 'V1' })
    expect(refusal({ verdict: 'applied', reissuedVoucherId: 'V1' })).toMatchObject({ reason: 'reissuedSameAsOriginal' })
    expect(journal.resolveByHand(row.rowId, 'sandbox', { verdict: 'applied' }, manager, never)).toMatchObject({
      reason: 'notCheckable',
    })
    expect(journal.resolveByHand(reversal.rowId, 'other', { verdict: 'not_applied' }, manager, never)).toMatchObject({
      reason: 'otherProfile',
    })
    expect(
      journal.resolveByHand(reversal.rowId, 'sandbox', { verdict: 'not_applied' }, manager, new Set([reversal.entryId])),
    ).toMatchObject({
      reason: 'inFlight',
    })
    expect(journal.resolveByHand(reversal.rowId, 'sandbox', { verdict: 'not_applied' }, manager, never).kind).toBe('resolved')
    // Freed: a new reversal of the same redemption is allowed, and SQL agrees.
    expect(seedReversal(journal, row.rowId, reversedAs('V1-NEW')).outcome).toEqual(reversedAs('V1-NEW'))

    const other = seedRedemption(journal, { voucherId: 'V2' })
    const second = seedReversal(journal, other.rowId, needsCheck('VOUCHER_ALREADY_REVERSED', '已作废'))
    journal.resolveByHand(second.rowId, 'sandbox', { verdict: 'applied', reissuedVoucherId: 'V2-NEW' }, manager, never)
    expect(journal.entryResult(second.entryId)?.vouchers[0]?.outcome).toMatchObject({ state: 'reversed', reissuedVoucherId: 'V2-NEW' })
    expect(journal.beginReversal(other.rowId, 'sandbox', cashier)).toMatchObject({
      message: { key: 'redemption.reverse.alreadyReversed' },
    })
  })

  it('after a verdict on one voucher of a call, the call waits for verdicts on the others and a late answer leaves the verdict alone', () => {
    const { journal } = memoryJournal()
    const entry = journal.beginRedemption(request('V1', 'V2'), 'sandbox', null)
    journal.settle(entry.id, [UNKNOWN, UNKNOWN])
    const [v1, v2] = journal.entryResult(entry.id)!.vouchers
    journal.resolveByHand(v1!.rowId, 'sandbox', { verdict: 'not_applied' }, manager, never)
    // No longer retried at start-up: a resend would carry V1, which the manager found not applied.
    expect(journal.entry(entry.id)?.state).toBe('needs_check')
    expect(journal.hasManualVerdict(entry.id)).toBe(true)
    journal.settle(entry.id, [REDEEMED, REDEEMED])
    expect(journal.entryResult(entry.id)?.vouchers.map((v) => v.outcome.state)).toEqual(['failed', 'redeemed'])
    expect(journal.entry(entry.id)?.state).toBe('settled')
    expect(v2?.rowId).toBeGreaterThan(v1!.rowId)
  })

  it('entry states: unknown before not-sent before needs-check; a verdict with open rows means needs-check', () => {
    const manual = {
      state: 'failed',
      failure: { kind: 'manual', check: { operatorId: 'OP', operatorName: null, at: 1 }, result: { code: null, text: null } },
    } as const
    expect(entryStateOf([needsCheck(), UNKNOWN])).toBe('unknown')
    expect(entryStateOf([needsCheck(), { state: 'not_sent', reason: { key: 'k', params: {} } }])).toBe('not_sent')
    expect(entryStateOf([needsCheck(), REDEEMED])).toBe('needs_check')
    expect(entryStateOf([manual, UNKNOWN])).toBe('needs_check')
    expect(entryStateOf([manual, REDEEMED])).toBe('settled')
  })
})
