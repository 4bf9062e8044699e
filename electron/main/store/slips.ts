import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { Database, Migration } from './db'
import { outcomeColumnsOf, type OutcomeColumns } from './journal'

/**
 * Printed slips' own tables, a migration track of their own (`slips`), and the journal reads a
 * slip is built from. The journal itself is only read here.
 *
 *   slip_prints          one row per slip printed: a slip printed before is a copy (副本) next time
 *   slip_voucher_values  what the platform's voucher list said a voucher is worth, when the cashier
 *                        looked the customer's vouchers up: the redemption reply carries no value,
 *                        so this is the only value a slip can truthfully print
 */
const v1: Migration = {
  version: 1,
  description: 'printed slips: prints (for copy marking) and looked-up voucher values',
  up(db) {
    db.exec(`
      CREATE TABLE slip_prints (
        id INTEGER PRIMARY KEY,
        -- 'batch:<uuid>', 'reversal:<row ids>', 'report:<from>-<to>' or 'report:shift:<id>'
        slip_key TEXT NOT NULL,
        copy INTEGER NOT NULL CHECK (copy IN (0, 1)),
        printed_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX slip_prints_key ON slip_prints (slip_key);

      CREATE TABLE slip_voucher_values (
        profile_id TEXT NOT NULL,
        voucher_id TEXT NOT NULL,
        title TEXT,
        amount INTEGER,
        start_fee INTEGER,
        discount_rate TEXT,
        gift_point INTEGER,
        looked_up_at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, voucher_id)
      ) STRICT;
    `)
  },
}

export const slipMigrations: readonly Migration[] = [v1]

/** What the voucher list said of one voucher, as the platform sent it (amount and threshold: fen assumed). */
export interface VoucherValue {
  title: string | null
  amount: number | null
  startFee: number | null
  discountRate: string | null
  giftPoint: number | null
}

/** A voucher row as a slip reads it; `outcome` is its raw columns (the service decodes them). */
export interface SlipVoucherRow {
  rowId: number
  voucherId: string
  points: string | null
  outcome: OutcomeColumns
}

export interface BatchSlipRows {
  batchId: string
  profileId: string
  customerId: string
  createdAt: number
  /** From the batch's first call; null when nothing was sent (every voucher held back). */
  operatorId: string | null
  operatorName: string | null
  shopId: string | null
  vouchers: (SlipVoucherRow & {
    /** A later reversal that succeeded: the voucher is no longer redeemed. */
    reversedAs: string | null
  })[]
  /** Held back: an earlier attempt at them is unresolved. */
  blocked: { voucherId: string }[]
  /** Planned but never sent (the app stopped mid-batch). */
  unsent: string[]
}

export interface ReversalSlipRow extends SlipVoucherRow {
  entryId: number
  profileId: string
  customerId: string
  operatorId: string
  operatorName: string | null
  shopId: string | null
  createdAt: number
  /** When the voucher was redeemed (the row this reversal undoes). */
  redeemedAt: number
}

type VoucherSqlRow = OutcomeColumns & { id: number; voucher_id: string; points: string | null }
// The row carries its outcome columns; the service decodes them.
const slipRow = (r: VoucherSqlRow): SlipVoucherRow => ({ rowId: r.id, voucherId: r.voucher_id, points: r.points, outcome: r })

export class SlipStore {
  constructor(private readonly db: Database) {}

  batch(batchId: string): BatchSlipRows | undefined {
    const batch = this.db
      .prepare('SELECT id, profile_id, customer_id, plan_json, blocked_json, created_at FROM journal_batches WHERE id = ?')
      .get(batchId) as
      { id: string; profile_id: string; customer_id: string; plan_json: string; blocked_json: string; created_at: number } | undefined
    if (!batch) return undefined
    const head = this.db
      .prepare('SELECT operator_id, operator_name, shop_id FROM journal_entries WHERE batch_id = ? ORDER BY id LIMIT 1')
      .get(batchId) as { operator_id: string; operator_name: string | null; shop_id: string | null } | undefined
    const rows = this.db
      .prepare(
        `SELECT v.id, v.voucher_id, v.points, ${outcomeColumnsOf('v')},
           (SELECT r.reissued_voucher_id FROM journal_vouchers r WHERE r.id = v.reversal_row_id AND r.state = 'reversed') AS reversed_as
         FROM journal_entries e JOIN journal_vouchers v ON v.entry_id = e.id
         WHERE e.batch_id = ? ORDER BY e.id, v.position`,
      )
      .all(batchId) as unknown as (VoucherSqlRow & { reversed_as: string | null })[]
    const blocked = JSON.parse(batch.blocked_json) as { voucherId: string }[]
    const accounted = new Set([...rows.map((r) => r.voucher_id), ...blocked.map((b) => b.voucherId)])
    const plan = JSON.parse(batch.plan_json) as { voucherId: string }[]
    return {
      batchId: batch.id,
      profileId: batch.profile_id,
      customerId: batch.customer_id,
      createdAt: batch.created_at,
      operatorId: head?.operator_id ?? null,
      operatorName: head?.operator_name ?? null,
      shopId: head?.shop_id ?? null,
      vouchers: rows.map((r) => ({ ...slipRow(r), reversedAs: r.reversed_as })),
      blocked,
      unsent: plan.map((p) => p.voucherId).filter((id) => !accounted.has(id)),
    }
  }

  /** A History row: its action, profile and the batch of its call. */
  row(rowId: number): { profileId: string; action: VoucherStatusActionCode; batchId: string | null } | undefined {
    const row = this.db
      .prepare(
        `SELECT v.profile_id, v.action, e.batch_id FROM journal_vouchers v JOIN journal_entries e ON e.id = v.entry_id WHERE v.id = ?`,
      )
      .get(rowId) as { profile_id: string; action: VoucherStatusActionCode; batch_id: string | null } | undefined
    return row && { profileId: row.profile_id, action: row.action, batchId: row.batch_id }
  }

  /** Reversal rows among `rowIds`, in the order asked; other rows are left out. */
  reversals(rowIds: readonly number[]): ReversalSlipRow[] {
    const statement = this.db.prepare(
      `SELECT v.id, v.voucher_id, v.points, ${outcomeColumnsOf('v')}, v.entry_id, v.profile_id, v.customer_id,
         e.operator_id, e.operator_name, e.shop_id, v.created_at, r.created_at AS redeemed_at
       FROM journal_vouchers v JOIN journal_entries e ON e.id = v.entry_id JOIN journal_vouchers r ON r.id = v.reverses_row_id
       WHERE v.id = ? AND v.action = 'ISUSED_NORMAL'`,
    )
    return rowIds.flatMap((id) => {
      const r = statement.get(id) as
        | (VoucherSqlRow & {
            entry_id: number
            profile_id: string
            customer_id: string
            operator_id: string
            operator_name: string | null
            shop_id: string | null
            created_at: number
            redeemed_at: number
          })
        | undefined
      if (!r) return []
      return [
        {
          ...slipRow(r),
          entryId: r.entry_id,
          profileId: r.profile_id,
          customerId: r.customer_id,
          operatorId: r.operator_id,
          operatorName: r.operator_name,
          shopId: r.shop_id,
          createdAt: r.created_at,
          redeemedAt: r.redeemed_at,
        },
      ]
    })
  }

  /** Kept from a voucher lookup; a later lookup of the same voucher replaces it. */
  rememberValues(profileId: string, vouchers: readonly (VoucherValue & { voucherId: string })[], now: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO slip_voucher_values (profile_id, voucher_id, title, amount, start_fee, discount_rate, gift_point, looked_up_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_id, voucher_id) DO UPDATE SET title = excluded.title, amount = excluded.amount,
         start_fee = excluded.start_fee, discount_rate = excluded.discount_rate, gift_point = excluded.gift_point,
         looked_up_at = excluded.looked_up_at`,
    )
    // Integers only: the columns are STRICT, and a fractional amount would not be fen anyway.
    const int = (n: number | null): number | null => (n !== null && Number.isSafeInteger(n) ? n : null)
    for (const v of vouchers) {
      upsert.run(profileId, v.voucherId, v.title, int(v.amount), int(v.startFee), v.discountRate, int(v.giftPoint), now)
    }
  }

  values(profileId: string, voucherIds: readonly string[]): Map<string, VoucherValue> {
    const statement = this.db.prepare(
      'SELECT title, amount, start_fee, discount_rate, gift_point FROM slip_voucher_values WHERE profile_id = ? AND voucher_id = ?',
    )
    const values = new Map<string, VoucherValue>()
    for (const id of new Set(voucherIds)) {
      const r = statement.get(profileId, id) as
        | { title: string | null; amount: number | null; start_fee: number | null; discount_rate: string | null; gift_point: number | null }
        | undefined
      if (r)
        values.set(id, { title: r.title, amount: r.amount, startFee: r.start_fee, discountRate: r.discount_rate, giftPoint: r.gift_point })
    }
    return values
  }

  printedBefore(slipKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM slip_prints WHERE slip_key = ? LIMIT 1').get(slipKey) !== undefined
  }

  recordPrint(slipKey: string, copy: boolean, now: number): void {
    this.db.prepare('INSERT INTO slip_prints (slip_key, copy, printed_at) VALUES (?, ?, ?)').run(slipKey, copy ? 1 : 0, now)
  }
}
