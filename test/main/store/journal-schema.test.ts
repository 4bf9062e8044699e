import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openDatabase, transaction, type Database } from '@main/store/db'
import { RedemptionJournal } from '@main/services/redemption/journal'
import { queryHistory } from '@main/services/redemption/history'
import { journalMigrations } from '@main/store/journal'

/**
 * Migration v3 rebuilds the journal's two tables (a CHECK constraint cannot change in place).
 * These tests open a database as v2 left it, with rows of every kind, and check that v3 keeps
 * every row, link, index and trigger, and that it stays linear at volume.
 */

const V2 = { journal: journalMigrations.slice(0, 2) }
const ALL = { journal: journalMigrations }

/** A v2 journal with one of everything: a batch, settled / unknown / not-sent / pending calls, a reversal chain. */
function seedV2(db: Database): void {
  transaction(db, () => {
    db.exec(`
      INSERT INTO journal_batches (id, profile_id, customer_id, plan_json, calls_total, calls_done, status, created_at, updated_at)
        VALUES ('b1', 'sandbox', 'C1', '[{"voucherId":"V1","points":null}]', 1, 1, 'done', 10, 11);
      INSERT INTO journal_entries (id, request_id, batch_id, action, request_json, profile_id, operator_id, operator_name,
          customer_id, shop_id, source, state, attempts, maybe_delivered, gateway_request_id, created_at, updated_at) VALUES
        (1, 'r1', 'b1', 'NORMAL_ISUSED', '{"request_id":"r1"}', 'sandbox', 'OP1', '店长', 'C1', 'S1', 'POS', 'settled', 1, 0, 'gw1', 10, 11),
        (2, 'r2', NULL, 'NORMAL_ISUSED', '{"request_id":"r2"}', 'sandbox', 'OP1', NULL, 'C1', NULL, 'POS', 'unknown', 3, 1, NULL, 20, 21),
        (3, 'r3', NULL, 'NORMAL_ISUSED', '{"request_id":"r3"}', 'sandbox', 'OP1', NULL, 'C1', NULL, 'POS', 'not_sent', 1, 0, NULL, 30, 31),
        (4, 'r4', NULL, 'ISUSED_NORMAL', '{"request_id":"r4"}', 'sandbox', 'OP2', NULL, 'C1', 'S1', 'POS', 'settled', 1, 0, 'gw4', 40, 41),
        (5, 'r5', NULL, 'NORMAL_ISUSED', '{"request_id":"r5"}', 'sandbox', 'OP1', NULL, 'C1', NULL, 'POS', 'pending', 1, 0, NULL, 50, 50);
      INSERT INTO journal_vouchers (id, entry_id, position, action, voucher_id, points, profile_id, customer_id, operator_id,
          shop_id, created_at, updated_at, state, result_code, result_text, failure_kind, message_key, message_params, top_json,
          reissued_voucher_id, reverses_row_id, reversal_row_id, reissued_from) VALUES
        (1, 1, 0, 'NORMAL_ISUSED', 'V1', '100', 'sandbox', 'C1', 'OP1', 'S1', 10, 11, 'redeemed', '0', '使用成功', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (2, 1, 1, 'NORMAL_ISUSED', 'V2', NULL, 'sandbox', 'C1', 'OP1', 'S1', 10, 11, 'failed', 'USED', '已使用', 'voucher', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (3, 1, 2, 'NORMAL_ISUSED', 'V3', NULL, 'sandbox', 'C1', 'OP1', 'S1', 10, 11, 'failed', NULL, NULL, 'platform', 'top.error.ban.untimed', '{}', '{"code":7}', NULL, NULL, NULL, NULL),
        (4, 2, 0, 'NORMAL_ISUSED', 'V4', NULL, 'sandbox', 'C1', 'OP1', NULL, 20, 21, 'unknown', NULL, NULL, NULL, 'top.error.transport.outcomeUnknown', '{"reason":"reset"}', NULL, NULL, NULL, NULL, NULL),
        (5, 3, 0, 'NORMAL_ISUSED', 'V5', NULL, 'sandbox', 'C1', 'OP1', NULL, 30, 31, 'not_sent', NULL, NULL, NULL, 'top.error.transport.notSent', '{}', NULL, NULL, NULL, NULL, NULL),
        (6, 4, 0, 'ISUSED_NORMAL', 'V1', NULL, 'sandbox', 'C1', 'OP2', 'S1', 40, 41, 'reversed', '0', '反核销成功', NULL, NULL, NULL, NULL, 'V1-NEW', 1, NULL, NULL),
        (7, 5, 0, 'NORMAL_ISUSED', 'V1-NEW', NULL, 'sandbox', 'C1', 'OP1', NULL, 50, 50, 'pending', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'V1');
      UPDATE journal_vouchers SET reversal_row_id = 6 WHERE id = 1;
    `)
  })
}

const rows = (db: Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
const schemaOf = (db: Database, type: 'index' | 'trigger') =>
  Object.fromEntries(
    (
      db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL AND tbl_name LIKE 'journal_%'`).all(type) as {
        name: string
        sql: string
      }[]
    ).map((r) => [r.name, r.sql.replace(/\s+/g, ' ')]),
  )

describe('journal migration v3', () => {
  it('keeps every row, link, index and the trigger; only the open-voucher indexes learn needs_check', () => {
    const db = openDatabase(':memory:', V2)
    seedV2(db)
    const before = { batches: rows(db, 'journal_batches'), entries: rows(db, 'journal_entries'), vouchers: rows(db, 'journal_vouchers') }
    const indexes = schemaOf(db, 'index')
    const triggers = schemaOf(db, 'trigger')
    expect(Object.keys(indexes).length).toBeGreaterThanOrEqual(14)

    migrate(db, ALL)

    expect(rows(db, 'journal_batches')).toEqual(before.batches)
    expect(rows(db, 'journal_entries')).toEqual(before.entries)
    expect(rows(db, 'journal_vouchers')).toEqual(
      before.vouchers.map((r) => ({ ...r, checked_by: null, checked_by_name: null, checked_at: null })),
    )
    const after = schemaOf(db, 'index')
    expect(Object.keys(after).sort()).toEqual(Object.keys(indexes).sort())
    const widened = ['journal_one_open_redemption', 'journal_vouchers_unresolved']
    for (const [name, sql] of Object.entries(indexes)) {
      if (widened.includes(name)) expect(after[name]).toBe(sql.replace("'unknown')", "'unknown', 'needs_check')"))
      else expect(after[name]).toBe(sql)
    }
    expect(schemaOf(db, 'trigger')).toEqual(triggers)
    // References point at the real tables again, and every one of them holds.
    const all = db.prepare("SELECT sql FROM sqlite_master WHERE sql LIKE '%_v3%'").all()
    expect(all).toEqual([])
    const targets = (table: string) =>
      (db.prepare(`PRAGMA foreign_key_list(${table})`).all() as { table: string; from: string }[]).map((f) => `${f.from}→${f.table}`).sort()
    expect(targets('journal_vouchers')).toEqual([
      'entry_id→journal_entries',
      'reversal_row_id→journal_vouchers',
      'reverses_row_id→journal_vouchers',
    ])
    expect(targets('journal_entries')).toEqual(['batch_id→journal_batches'])
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
    expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 })
    expect(db.prepare("SELECT version FROM schema_migrations WHERE feature = 'journal' ORDER BY version").all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
    ])

    // The journal reads and writes the migrated rows as before.
    const journal = new RedemptionJournal(db, () => new Date(100))
    expect(journal.beginReversal(1, 'sandbox', { operator: undefined })).toMatchObject({
      kind: 'refused',
      message: { key: 'redemption.reverse.alreadyReversed' },
    })
    expect(journal.openRedemptions('sandbox', ['V4', 'V5', 'V1-NEW', 'V2'])).toEqual(
      new Map([
        ['V4', { entryId: 2, needsCheck: false }],
        ['V5', { entryId: 3, needsCheck: false }],
        ['V1-NEW', { entryId: 5, needsCheck: false }],
      ]),
    )
    expect(journal.markInterruptedCallsUnknown().map((e) => e.id)).toEqual([5])
    const history = queryHistory(db, { profileId: 'sandbox', filter: { voucherId: 'V1' }, limit: 10 })
    expect(history.rows.map((r) => [r.rowId, r.outcome.state])).toEqual([
      [7, 'unknown'],
      [6, 'reversed'],
      [1, 'redeemed'],
    ])
    expect(history.rows[2]).toMatchObject({ reversal: { rowId: 6, outcome: { state: 'reversed', reissuedVoucherId: 'V1-NEW' } } })
    // The trigger still guards reversals.
    expect(() =>
      db.exec(`INSERT INTO journal_vouchers (entry_id, position, action, voucher_id, profile_id, customer_id, operator_id,
          created_at, updated_at, state, reverses_row_id) VALUES (4, 1, 'ISUSED_NORMAL', 'V2', 'sandbox', 'C1', 'OP', 0, 0, 'pending', 2)`),
    ).toThrow(/only a redeemed voucher/)
    db.close()
  })

  describe('at volume', () => {
    /** 1,000,000 with JOURNAL_MIGRATION_ROWS=1000000 (about 10 s on a busy 2-core machine); quick by default. */
    const ROWS = Number(process.env.JOURNAL_MIGRATION_ROWS ?? 200_000)
    const PER_ENTRY = 20
    // Linear in the rows with a wide margin for shared CI cores; what it catches is a step that
    // turns quadratic (a DROP TABLE with foreign keys on took minutes at 200,000 rows).
    // Linear runs take ~5 s alone and ~15 s with the cores shared: the bound is far above both.
    const BUDGET_MS = Math.max(30_000, (ROWS / 1_000_000) * 300_000)
    const dir = mkdtempSync(join(tmpdir(), 'cd-migrate-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it(`migrates ${ROWS.toLocaleString('en')} voucher rows in one go, within ${BUDGET_MS / 1000} s`, () => {
      // A file with the app's pragmas (WAL, synchronous=FULL), as the app would meet it.
      const db = openDatabase(join(dir, 'journal.db'), V2)
      transaction(db, () => {
        db.prepare(
          `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
           INSERT INTO journal_entries (id, request_id, action, request_json, profile_id, operator_id, customer_id,
             shop_id, source, state, attempts, created_at, updated_at)
           SELECT i + 1, 'req-' || i, 'NORMAL_ISUSED', '{}', 'sandbox', 'OP' || (i % 50), 'C' || (i % 20000),
             'S' || (i % 300), 'POS', 'settled', 1, 1700000000000 + i * 1000, 1700000000000 + i * 1000
           FROM n`,
        ).run(ROWS / PER_ENTRY)
        db.prepare(
          `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
           INSERT INTO journal_vouchers (entry_id, position, action, voucher_id, profile_id, customer_id, operator_id,
             shop_id, created_at, updated_at, state, result_code, result_text, failure_kind)
           SELECT e.id, n.i % ${PER_ENTRY}, 'NORMAL_ISUSED', printf('88%010d', n.i), 'sandbox', e.customer_id,
             e.operator_id, e.shop_id, e.created_at, e.created_at,
             CASE WHEN n.i % 97 = 0 THEN 'failed' ELSE 'redeemed' END, '0', '使用成功',
             CASE WHEN n.i % 97 = 0 THEN 'voucher' END
           FROM n JOIN journal_entries e ON e.id = n.i / ${PER_ENTRY} + 1`,
        ).run(ROWS)
        // Reversal chains, so the self-references are there to be checked.
        db.exec(`
          INSERT INTO journal_entries (request_id, action, request_json, profile_id, operator_id, customer_id, source, state,
              attempts, created_at, updated_at)
            SELECT 'rev-' || id, 'ISUSED_NORMAL', '{}', 'sandbox', 'OP1', customer_id, 'POS', 'settled', 1, created_at, created_at
            FROM journal_vouchers WHERE id % 1000 = 1 AND state = 'redeemed';
          INSERT INTO journal_vouchers (entry_id, position, action, voucher_id, profile_id, customer_id, operator_id, created_at,
              updated_at, state, result_code, reissued_voucher_id, reverses_row_id)
            SELECT e.id, 0, 'ISUSED_NORMAL', v.voucher_id, 'sandbox', v.customer_id, 'OP1', v.created_at, v.created_at, 'reversed',
              '0', 'N' || v.id, v.id
            FROM journal_vouchers v JOIN journal_entries e ON e.request_id = 'rev-' || v.id;
          UPDATE journal_vouchers SET reversal_row_id = r.id
            FROM (SELECT id, reverses_row_id FROM journal_vouchers WHERE reverses_row_id IS NOT NULL) AS r
            WHERE journal_vouchers.id = r.reverses_row_id;
        `)
      })
      const count = () => (db.prepare('SELECT COUNT(*) AS n FROM journal_vouchers').get() as { n: number }).n
      const total = count()
      const start = performance.now()
      migrate(db, ALL)
      const ms = performance.now() - start
      console.info(`[journal migration v3] ${total.toLocaleString('en')} rows in ${Math.round(ms)} ms`)
      expect(count()).toBe(total)
      expect(ms).toBeLessThan(BUDGET_MS)
      db.close()
    }, 180_000)
  })
})
