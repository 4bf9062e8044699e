import type { VoucherOutcome } from '@contract/ipc/channels/redemption'
import { openDatabase, type Database } from '@main/store/db'
import { journalMigrations } from '@main/store/journal'
import { RedemptionJournal } from '@main/services/redemption/journal'
import { redemptionRequest } from '@main/services/redemption/requests'

/** A journal over an in-memory database with a clock the test moves. */
export function memoryJournal(start = Date.UTC(2025, 0, 10, 1, 0, 0)) {
  const db: Database = openDatabase(':memory:', { journal: journalMigrations })
  let now = start
  const clock = {
    now: () => new Date(now),
    tick: (ms = 1000) => (now += ms),
    set: (ms: number) => (now = ms),
  }
  return { db, journal: new RedemptionJournal(db, clock.now), clock }
}

export const REDEEMED: VoucherOutcome = { state: 'redeemed', result: { code: '0', text: '使用成功' } }
export const failed = (code: string, text: string): VoucherOutcome => ({
  state: 'failed',
  failure: { kind: 'voucher', result: { code, text } },
})
export const UNKNOWN: VoucherOutcome = {
  state: 'unknown',
  reason: { key: 'top.error.transport.outcomeUnknown', params: { reason: 'reset' } },
}
export const needsCheck = (code = 'VOUCHER_ALREADY_USED', text = '该券已核销'): VoucherOutcome => ({
  state: 'needs_check',
  refusal: { kind: 'voucher', result: { code, text } },
})
export const reversedAs = (id: string): VoucherOutcome => ({
  state: 'reversed',
  reissuedVoucherId: id,
  result: { code: '0', text: '反核销成功' },
})

export interface SeedLine {
  voucherId: string
  customerId?: string
  operatorId?: string
  shopId?: string
  points?: string
  outcome?: VoucherOutcome
}

/** One settled redemption call per line (or a shared call for `batch`), written as the service would. */
export function seedRedemption(journal: RedemptionJournal, line: SeedLine, profileId = 'sandbox') {
  const request = redemptionRequest(
    {
      customerId: line.customerId ?? 'C1',
      operatorId: line.operatorId ?? 'OP1',
      shopId: line.shopId ?? 'S1',
      source: 'POS',
    },
    [{ voucherId: line.voucherId, points: line.points ?? null }],
  )
  const entry = journal.beginRedemption(request, profileId, null)
  journal.settle(entry.id, [line.outcome ?? REDEEMED])
  return journal.entryResult(entry.id)!.vouchers[0]!
}

export function seedReversal(journal: RedemptionJournal, rowId: number, outcome: VoucherOutcome, profileId = 'sandbox') {
  const begun = journal.beginReversal(rowId, profileId, { operator: { operatorId: 'OP2' } })
  if (begun.kind !== 'created') throw new Error(`reversal not created: ${JSON.stringify(begun)}`)
  journal.settle(begun.entry.id, [outcome])
  return journal.entryResult(begun.entry.id)!.vouchers[0]!
}
