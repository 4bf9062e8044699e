import { describe, expect, it } from 'vitest'
import { redemptionRequest } from '@main/services/redemption/requests'
import { REDEEMED, UNKNOWN, failed, memoryJournal, reversedAs, seedRedemption, seedReversal } from '../redemption/journal-seed'

const count = (db: ReturnType<typeof memoryJournal>['db'], table: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

const request = (...voucherIds: string[]) =>
  redemptionRequest(
    { customerId: 'C1', operatorId: 'OP1', source: 'POS' },
    voucherIds.map((voucherId) => ({ voucherId, points: null })),
  )

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
    const again = journal.beginReversal(row.rowId, 'sandbox', () => {
      throw new Error('must not build a request')
    })
    expect(again).toEqual({ kind: 'refused', message: { key: 'redemption.reverse.alreadyReversed', params: { voucherId: 'V1' } } })

    const failedRow = seedRedemption(journal, { voucherId: 'V2', outcome: failed('VOUCHER_ALREADY_USED', 'used') })
    expect(journal.beginReversal(failedRow.rowId, 'sandbox', () => request('V2'))).toMatchObject({
      kind: 'refused',
      message: { key: 'redemption.reverse.notRedeemed' },
    })
    expect(journal.beginReversal(row.rowId, 'other-profile', () => request('V1'))).toMatchObject({
      message: { key: 'redemption.reverse.otherProfile' },
    })
    expect(journal.beginReversal(reversal.rowId, 'sandbox', () => request('V1'))).toMatchObject({
      message: { key: 'redemption.reverse.notARedemption' },
    })
  })

  it('refuses a reversal while one is unknown, hands back a never-sent one for retry, allows a new one after a certain failure', () => {
    const { journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    const unknown = seedReversal(journal, row.rowId, UNKNOWN)
    expect(journal.beginReversal(row.rowId, 'sandbox', () => request('V1'))).toMatchObject({
      kind: 'refused',
      message: { key: 'redemption.reverse.inFlight' },
    })
    journal.settle(unknown.entryId, []) // nothing new: still unknown
    const other = seedRedemption(journal, { voucherId: 'V2' })
    const notSent = seedReversal(journal, other.rowId, {
      state: 'not_sent',
      reason: { key: 'top.error.transport.notSent', params: { reason: 'refused' } },
    })
    expect(journal.beginReversal(other.rowId, 'sandbox', () => request('V2'))).toEqual({
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

  it('enforces the rules in SQL too, whatever the code above it does', () => {
    const { db, journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    const reversal = seedReversal(journal, row.rowId, UNKNOWN)
    const insert = (reversesRowId: number, voucherId: string, state = 'pending') =>
      db
        .prepare(
          `INSERT INTO journal_vouchers (entry_id, position, action, voucher_id, profile_id, customer_id, operator_id,
             created_at, updated_at, state, reverses_row_id)
           VALUES (?, 1, 'ISUSED_NORMAL', ?, 'sandbox', 'C1', 'OP', 0, 0, ?, ?)`,
        )
        .run(reversal.entryId, voucherId, state, reversesRowId)
    // A second live reversal of the same redemption.
    expect(() => insert(row.rowId, 'V1')).toThrow(/UNIQUE.*reverses_row_id/)
    // A reversal of a voucher that is not redeemed.
    const failedRow = seedRedemption(journal, { voucherId: 'V9', outcome: failed('X', 'no') })
    expect(() => insert(failedRow.rowId, 'V9')).toThrow(/only a redeemed voucher/)
    // A reversal naming another voucher than the one it reverses.
    const other = seedRedemption(journal, { voucherId: 'V2' })
    expect(() => insert(other.rowId, 'V-OTHER')).toThrow(/only a redeemed voucher/)
    // "Reversed" without the reissued id.
    expect(() =>
      db.prepare(`UPDATE journal_vouchers SET state = 'reversed' WHERE id = ?`).run(reversal.rowId),
    ).toThrow(/CHECK/)
    // A redemption row can never say "reversed".
    expect(() =>
      db.prepare(`UPDATE journal_vouchers SET state = 'reversed', reissued_voucher_id = 'x' WHERE id = ?`).run(row.rowId),
    ).toThrow(/CHECK/)
  })

  it('marks a redemption of a reissued voucher with the voucher it replaced', () => {
    const { db, journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1' })
    seedReversal(journal, row.rowId, reversedAs('V1-NEW'))
    const entry = journal.beginRedemption(request('V1-NEW', 'V5'), 'sandbox', null)
    const rows = db
      .prepare('SELECT voucher_id, reissued_from FROM journal_vouchers WHERE entry_id = ? ORDER BY position')
      .all(entry.id)
    expect(rows).toEqual([
      { voucher_id: 'V1-NEW', reissued_from: 'V1' },
      { voucher_id: 'V5', reissued_from: null },
    ])
  })
})
