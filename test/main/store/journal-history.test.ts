import { describe, expect, it } from 'vitest'
import type { HistoryFilter, HistoryRow } from '@contract/ipc/channels/redemption'
import type { Database } from '@main/store/db'
import { collectHistory, queryHistory } from '@main/services/redemption/history'
import { explainHistory } from '@main/store/journal-history'
import { REDEEMED, UNKNOWN, failed, memoryJournal, reversedAs, seedRedemption, seedReversal } from '../redemption/journal-seed'

const PROFILE = 'sandbox'

/** 40 redemptions over 2 customers, 2 operators, 2 shops, with failures, unknowns and reversals. */
function seeded() {
  const env = memoryJournal()
  const { journal, clock } = env
  const rows: { rowId: number; voucherId: string }[] = []
  for (let i = 0; i < 40; i++) {
    clock.tick(60_000)
    const outcome = i % 10 === 3 ? failed('VOUCHER_ALREADY_USED', '已使用') : i % 10 === 7 ? UNKNOWN : REDEEMED
    rows.push(
      seedRedemption(journal, {
        voucherId: `V${String(i).padStart(3, '0')}`,
        customerId: i % 2 === 0 ? 'C-EVEN' : 'C-ODD',
        operatorId: i % 4 < 2 ? 'OP-A' : 'OP-B',
        shopId: i < 20 ? 'S-1' : 'S-2',
        outcome,
      }),
    )
  }
  clock.tick(60_000)
  seedReversal(journal, rows[0]!.rowId, reversedAs('V000-NEW'))
  clock.tick(60_000)
  seedRedemption(journal, { voucherId: 'V000-NEW', customerId: 'C-EVEN' })
  // Another profile's rows never show.
  seedRedemption(journal, { voucherId: 'V001' }, 'production-1')
  return env
}

const all = (db: Database, filter: HistoryFilter = {}) => collectHistory(db, PROFILE, filter, 10_000).rows

describe('history filters', () => {
  const { db, clock } = seeded()
  const everything = all(db)

  it('lists this profile only, newest first', () => {
    expect(everything).toHaveLength(42)
    const keys = everything.map((r) => [r.createdAt, r.rowId] as const)
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1])
    expect(keys).toEqual(sorted)
    expect(everything[0]).toMatchObject({ voucherId: 'V000-NEW', reissuedFrom: 'V000' })
  })

  it.each<[string, HistoryFilter, (r: HistoryRow) => boolean]>([
    ['customer', { customerId: 'C-ODD' }, (r) => r.customerId === 'C-ODD'],
    ['operator', { operatorId: 'OP-B' }, (r) => r.operatorId === 'OP-B'],
    ['shop', { shopId: 'S-2' }, (r) => r.shopId === 'S-2'],
    ['status', { status: 'failed' }, (r) => r.outcome.state === 'failed'],
    ['status unknown', { status: 'unknown' }, (r) => r.outcome.state === 'unknown'],
    ['action', { action: 'ISUSED_NORMAL' }, (r) => r.action === 'ISUSED_NORMAL'],
    ['customer + status', { customerId: 'C-ODD', status: 'unknown' }, (r) => r.customerId === 'C-ODD' && r.outcome.state === 'unknown'],
    ['shop + operator', { shopId: 'S-1', operatorId: 'OP-A' }, (r) => r.shopId === 'S-1' && r.operatorId === 'OP-A'],
  ])('%s', (_name, filter, matches) => {
    const found = all(db, filter)
    const expected = everything.filter(matches)
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(everything.length)
    expect(found.map((r) => r.rowId)).toEqual(expected.map((r) => r.rowId))
  })

  it('date range: from inclusive, to exclusive', () => {
    const from = everything[30]!.createdAt
    const to = everything[10]!.createdAt
    const found = all(db, { from, to })
    expect(found.map((r) => r.rowId)).toEqual(everything.filter((r) => r.createdAt >= from && r.createdAt < to).map((r) => r.rowId))
    expect(found).toHaveLength(20)
    // Paged in threes, the cursor takes over from `to` as the upper bound: same rows.
    expect(collectHistory(db, PROFILE, { from, to }, 100, 3).rows.map((r) => r.rowId)).toEqual(found.map((r) => r.rowId))
    expect(all(db, { from: clock.now().getTime() + 1 })).toEqual([])
  })

  it('voucher id: the original, the reversal and the reissued voucher, from either end', () => {
    const chain = all(db, { voucherId: 'V000' })
    expect(chain.map((r) => [r.action, r.voucherId])).toEqual([
      ['NORMAL_ISUSED', 'V000-NEW'],
      ['ISUSED_NORMAL', 'V000'],
      ['NORMAL_ISUSED', 'V000'],
    ])
    expect(all(db, { voucherId: 'V000-NEW' }).map((r) => r.rowId)).toEqual(chain.slice(0, 2).map((r) => r.rowId))
    expect(all(db, { voucherId: 'V000', action: 'ISUSED_NORMAL' })).toHaveLength(1)
    expect(all(db, { voucherId: 'NOPE' })).toEqual([])
  })

  it('status "redeemed" leaves out redemptions that were reversed since; "reversed" finds their reversal', () => {
    const redeemed = all(db, { status: 'redeemed' })
    expect(redeemed.length).toBeGreaterThan(0)
    expect(redeemed.every((r) => r.outcome.state === 'redeemed' && r.reversal?.outcome.state !== 'reversed')).toBe(true)
    expect(redeemed.map((r) => r.rowId)).toEqual(
      everything.filter((r) => r.outcome.state === 'redeemed' && r.reversal?.outcome.state !== 'reversed').map((r) => r.rowId),
    )
    expect(redeemed.some((r) => r.voucherId === 'V000')).toBe(false)
    expect(redeemed.some((r) => r.voucherId === 'V000-NEW')).toBe(true) // the reissued voucher, redeemed again
    expect(all(db, { status: 'reversed' }).map((r) => [r.action, r.voucherId])).toEqual([['ISUSED_NORMAL', 'V000']])
    // With another filter in front, the same rule.
    expect(all(db, { customerId: 'C-EVEN', status: 'redeemed' }).some((r) => r.voucherId === 'V000')).toBe(false)
  })

  it('shows a reversed redemption with its reissued id and no Reverse button', () => {
    const original = everything.find((r) => r.voucherId === 'V000' && r.action === 'NORMAL_ISUSED')
    expect(original).toMatchObject({
      canReverse: false,
      reversal: { outcome: { state: 'reversed', reissuedVoucherId: 'V000-NEW' } },
    })
    expect(everything.find((r) => r.voucherId === 'V002')).toMatchObject({ canReverse: true, reversal: null })
    expect(everything.find((r) => r.voucherId === 'V003')?.canReverse).toBe(false)
  })
})

describe('history paging', () => {
  it('keyset pages cover every row once, and rows added meanwhile never shift a later page', () => {
    const { db, journal, clock } = seeded()
    const expected = all(db).map((r) => r.rowId)
    const seen: number[] = []
    let page = queryHistory(db, { profileId: PROFILE, filter: {}, limit: 7 })
    seen.push(...page.rows.map((r) => r.rowId))
    // New activity between page 1 and page 2.
    clock.tick(1000)
    seedRedemption(journal, { voucherId: 'LATE-1' })
    while (page.next) {
      page = queryHistory(db, { profileId: PROFILE, filter: {}, after: page.next, limit: 7 })
      expect(page.rows.length).toBeGreaterThan(0)
      seen.push(...page.rows.map((r) => r.rowId))
    }
    expect(seen).toEqual(expected)
  })

  it('says there is no next page exactly when the last row has been returned', () => {
    const { db } = seeded()
    expect(queryHistory(db, { profileId: PROFILE, filter: {}, limit: 42 }).next).toBeNull()
    expect(queryHistory(db, { profileId: PROFILE, filter: {}, limit: 41 }).next).not.toBeNull()
    const ties = memoryJournal()
    // Same millisecond: the row id breaks the tie, so paging still visits each row once.
    for (let i = 0; i < 5; i++) seedRedemption(ties.journal, { voucherId: `T${i}` })
    const first = queryHistory(ties.db, { profileId: PROFILE, filter: {}, limit: 2 })
    const second = queryHistory(ties.db, { profileId: PROFILE, filter: {}, after: first.next!, limit: 2 })
    const third = queryHistory(ties.db, { profileId: PROFILE, filter: {}, after: second.next!, limit: 2 })
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.voucherId)).toEqual(['T4', 'T3', 'T2', 'T1', 'T0'])
    expect(third.next).toBeNull()
  })

  it('caps a collection and says it was truncated', () => {
    const { db } = seeded()
    expect(collectHistory(db, PROFILE, {}, 42, 5)).toMatchObject({ truncated: false })
    const capped = collectHistory(db, PROFILE, {}, 10, 4)
    expect(capped.truncated).toBe(true)
    expect(capped.rows.map((r) => r.rowId)).toEqual(
      all(db)
        .slice(0, 10)
        .map((r) => r.rowId),
    )
  })
})

describe('history query plans', () => {
  const { db } = memoryJournal()
  const cursor = { createdAt: 1, rowId: 1 }

  it.each<[HistoryFilter, string]>([
    [{}, 'journal_hist_time'],
    [{ from: 1, to: 2 }, 'journal_hist_time'],
    [{ customerId: 'C' }, 'journal_hist_customer'],
    [{ customerId: 'C', status: 'failed', from: 1 }, 'journal_hist_customer'],
    [{ operatorId: 'O' }, 'journal_hist_operator'],
    [{ shopId: 'S' }, 'journal_hist_shop'],
    [{ status: 'unknown' }, 'journal_hist_state'],
    // An open status is rare (calls waiting to be resolved): its index beats the busiest operator's or shop's range.
    [{ operatorId: 'O', status: 'unknown' }, 'journal_hist_state'],
    [{ shopId: 'S', status: 'needs_check' }, 'journal_hist_state'],
    [{ customerId: 'C', status: 'not_sent' }, 'journal_hist_state'],
    [{ shopId: 'S', status: 'failed' }, 'journal_hist_shop'],
    [{ status: 'redeemed', action: 'NORMAL_ISUSED' }, 'journal_hist_state'],
    [{ action: 'ISUSED_NORMAL' }, 'journal_hist_action'],
  ])('%j reads %s in display order, without sorting', (filter, index) => {
    for (const after of [undefined, cursor]) {
      const plan = explainHistory(db, PROFILE, filter, after).join(' | ')
      expect(plan).toContain(`USING INDEX ${index}`)
      expect(plan).not.toContain('TEMP B-TREE')
      // A deep page seeks straight to its cursor in the index.
      if (after) expect(plan).toContain('created_at<?')
    }
  })

  it('finds a voucher through its indexes, not a scan', () => {
    const plan = explainHistory(db, PROFILE, { voucherId: 'V', status: 'redeemed' }, cursor).join(' | ')
    expect(plan).toContain('journal_hist_voucher')
    expect(plan).toContain('journal_hist_reissued')
    expect(plan).toContain('journal_hist_reissued_from')
    expect(plan).not.toMatch(/SCAN v\b/)
  })
})
