import { describe, expect, it } from 'vitest'
import { redemptionRequest } from '@main/services/redemption/requests'
import { UNKNOWN, failed, memoryJournal, needsCheck, seedRedemption, seedReversal } from '../redemption/journal-seed'

const request = (voucherId: string) =>
  redemptionRequest({ customerId: 'C1', operatorId: 'OP1', source: 'POS' }, [{ voucherId, points: null }])
const count = (db: ReturnType<typeof memoryJournal>['db'], table: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

describe('journal storage: transactions', () => {
  it('keeps all of a transaction or none of it, a nested one included, with one time for every row it writes', () => {
    const { db, journal, clock } = memoryJournal()
    const repo = journal.repository
    expect(() =>
      repo.transaction(() => {
        repo.insertRedemption(request('V1'), 'sandbox', null)
        // Its own transaction joins the caller's: the failure below takes this row back too.
        repo.insertRedemption(request('V2'), 'sandbox', null)
        throw new Error('a decision failed after the writes')
      }),
    ).toThrow('a decision failed')
    expect(count(db, 'journal_entries')).toBe(0)
    expect(count(db, 'journal_vouchers')).toBe(0)

    const at = repo.transaction(() => {
      const first = repo.insertRedemption(request('V3'), 'sandbox', null)
      clock.tick(5000)
      const second = repo.insertRedemption(request('V4'), 'sandbox', null)
      return [first.createdAt, second.createdAt, repo.now()]
    })
    expect(new Set(at).size).toBe(1)
    // Outside a transaction the clock is read afresh.
    expect(repo.now()).toBe(clock.now().getTime())
    expect(count(db, 'journal_entries')).toBe(2)
  })
})

/** The schema's own guards: whatever the services above it decide, these rows cannot be written. */
describe('journal storage: reversal rules', () => {
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
    expect(() => db.prepare(`UPDATE journal_vouchers SET state = 'reversed' WHERE id = ?`).run(reversal.rowId)).toThrow(/CHECK/)
    // A redemption row can never say "reversed".
    expect(() =>
      db.prepare(`UPDATE journal_vouchers SET state = 'reversed', reissued_voucher_id = 'x' WHERE id = ?`).run(row.rowId),
    ).toThrow(/CHECK/)
  })
})

describe('journal storage: needs-check and verdicts', () => {
  it('SQL refuses rows that make no sense: needs-check without its refusal, a verdict on an open row, "manual" without a verdict', () => {
    const { db, journal } = memoryJournal()
    const row = seedRedemption(journal, { voucherId: 'V1', outcome: needsCheck() })
    const set = (sql: string) => () => db.prepare(`UPDATE journal_vouchers SET ${sql} WHERE id = ?`).run(row.rowId)
    expect(set('failure_kind = NULL')).toThrow(/CHECK/)
    expect(set("failure_kind = 'platform'")).toThrow(/CHECK/)
    expect(set("checked_by = 'OP', checked_at = 1")).toThrow(/CHECK/)
    expect(set("state = 'failed', failure_kind = 'manual'")).toThrow(/CHECK/)
    expect(set("state = 'redeemed', failure_kind = NULL, checked_by = 'OP'")).toThrow(/CHECK/)
    expect(set("state = 'redeemed', failure_kind = NULL, checked_by = 'OP', checked_at = 1")).not.toThrow()
  })
})
