import { randomUUID } from 'node:crypto'
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { VoucherStatusChangeOpenReqSchema } from '../../electron/contract/api/voucher'
import {
  DEFAULT_HISTORY_PAGE,
  MAX_VOUCHERS_PER_CALL,
  type HistoryCursor,
  type HistoryFilter,
  type VoucherOutcome,
} from '../../electron/contract/ipc/channels/redemption'
import { openDatabase, transaction, type Database } from '../../electron/main/store/db'
import { queryHistory } from '../../electron/main/services/redemption/history'
import { RedemptionJournal } from '../../electron/main/services/redemption/journal'
import { journalMigrations } from '../../electron/main/store/journal'
import { BatchRepository } from '../../electron/main/store/journal-batches'
import { explainHistory } from '../../electron/main/store/journal-history'
import { median, sampleMs, summarize } from '../lib/measure'
import { DAY_MS, spreadCalls } from '../lib/seed-spread'
import { benchCase, type BenchCase, type BenchContext } from '../lib/report'

/**
 * Case 3, the redemption journal at volume, on a file with the app's own pragmas (WAL,
 * synchronous=FULL) and schema (the journal's migrations):
 *   - seed: 10,000,000 redemption rows over 3 years, 50 shops, 200 operators, 100,000 customers,
 *     1–4 vouchers per call, ~2.7 % failed, 1 % reversed — bulk INSERT … SELECT into the journal's
 *     own tables, in one transaction, in time order; when, where, by whom and for whom follow
 *     bench/lib/seed-spread.ts (weekends, seasons and festivals busier, lunch and dinner peaks,
 *     a few shops with most of the traffic, regular customers);
 *   - history pages (`queryHistory`, 50 rows, the History screen's queries), p50/p95 over many
 *     different keys and ranges: newest, by voucher, by customer, 30 days with a status (first
 *     page and a page deep in the range), and a deep page of the unfiltered list;
 *   - a 50-voucher batch: the journal writes `BatchRunner` makes for it (batch row, then per call
 *     of 20: blocked check, intent transaction, outcome transaction, progress; then done), with
 *     the network left out; beside it, one bare durable commit on the same file (the fsync floor);
 *   - start-up recovery: the journal queries `Recovery` runs before the Redeem screen shows.
 */

const PROFILE = 'store-hz-001'
const DAYS = 3 * 365
/** Midnight 2025-01-01 in Beijing: the seeded history ends here. */
const END = Date.UTC(2024, 11, 31, 16)
const START = END - DAYS * DAY_MS
const SHOPS = 50
const OPERATORS = 200
/** Every 10 vouchers make 6 calls: four of one voucher, one of two, one of four. */
const VOUCHERS_PER_BLOCK = 10
const ENTRIES_PER_BLOCK = 6

const REDEEMED: VoucherOutcome = { state: 'redeemed', result: { code: '0', text: '使用成功' } }

/** Voucher number i → a unique 12-digit id (104729 is prime, so i ↦ i·104729 mod 10^11 is one-to-one). */
const voucherIdSql = (i: string) => `printf('6%011d', ((${i}) * 104729) % 100000000000)`
const voucherIdOf = (i: number) => `6${String((BigInt(i) * 104729n) % 100000000000n).padStart(11, '0')}`

interface Seeded {
  rows: number
  entries: number
  customers: number
  seedMs: number
}

function seed(db: Database, rows: number): Seeded {
  const blocks = Math.ceil(rows / VOUCHERS_PER_BLOCK)
  const entries = blocks * ENTRIES_PER_BLOCK
  const vouchers = blocks * VOUCHERS_PER_BLOCK
  const customers = Math.max(100, Math.round(vouchers / 10))
  const start = performance.now()
  // When, where, by whom and for whom each call was made (bench/lib/seed-spread.ts), handed to
  // SQL as a temporary table so the bulk INSERT … SELECTs below can join it.
  const spread = spreadCalls({ calls: entries, start: START, days: DAYS, shops: SHOPS, operators: OPERATORS, customers, seed: 20250101 })
  const customer = (c: string) => `'2088' || printf('%012d', ${c})`
  const operator = (o: string) => `printf('op-%03d', ${o})`
  const shopId = (s: string) => `printf('3001%02d', ${s})`
  // Call k of block b holds vouchers: k < 4 → [10b+k]; k = 4 → [10b+4, 10b+5]; k = 5 → [10b+6 … 10b+9].
  const list = (b: string, k: string) => `CASE ${k}
      WHEN 4 THEN json_array(${voucherIdSql(`${b} * 10 + 4`)}, ${voucherIdSql(`${b} * 10 + 5`)})
      WHEN 5 THEN json_array(${[6, 7, 8, 9].map((p) => voucherIdSql(`${b} * 10 + ${p}`)).join(', ')})
      ELSE json_array(${voucherIdSql(`${b} * 10 + ${k}`)}) END`

  transaction(db, () => {
    db.exec(
      'CREATE TEMP TABLE seed_calls (e INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, shop INTEGER NOT NULL, operator INTEGER NOT NULL, customer INTEGER NOT NULL)',
    )
    const put = db.prepare('INSERT INTO seed_calls VALUES (?, ?, ?, ?, ?)')
    for (let e = 0; e < entries; e++) put.run(e, spread.at[e]!, spread.shop[e]!, spread.operator[e]!, spread.customer[e]!)

    db.prepare(
      `WITH c AS (SELECT e, lower(hex(randomblob(16))) AS h, ${customer('customer')} AS customer_id, ${operator('operator')} AS operator_id,
               ${shopId('shop')} AS shop_id, created_at FROM seed_calls),
       r AS (SELECT *, substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' || substr(h, 18, 3) || '-' ||
               substr(h, 21, 12) AS request_id FROM c)
       INSERT INTO journal_entries (id, request_id, batch_id, action, request_json, profile_id, operator_id, operator_name,
         customer_id, shop_id, source, state, attempts, created_at, updated_at)
       SELECT e + 1, request_id, NULL, 'NORMAL_ISUSED',
         json_object('customer_id', customer_id, 'operator_id', operator_id, 'operator_name', '收银员' || substr(operator_id, 4),
           'request_id', request_id, 'shop_id', shop_id, 'source', 'POS',
           'voucher_id_list', ${list(`e / ${ENTRIES_PER_BLOCK}`, `e % ${ENTRIES_PER_BLOCK}`)}, 'voucher_status_action', 'NORMAL_ISUSED'),
         '${PROFILE}', operator_id, '收银员' || substr(operator_id, 4), customer_id, shop_id, 'POS', 'settled', 1, created_at, created_at + 800
       FROM r ORDER BY e`,
    ).run()

    // Voucher i: block b = i / 10, place p = i % 10 → call k and position in it.
    const k = `(CASE WHEN p < 4 THEN p WHEN p < 6 THEN 4 ELSE 5 END)`
    const pos = `(CASE WHEN p < 4 THEN 0 WHEN p < 6 THEN p - 4 ELSE p - 6 END)`
    const failed = `(i % 37 = 5)`
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?),
       v AS (SELECT i, i / 10 AS b, i % 10 AS p FROM n),
       w AS (SELECT i, b * ${ENTRIES_PER_BLOCK} + ${k} AS e, ${pos} AS position FROM v)
       INSERT INTO journal_vouchers (id, entry_id, position, action, voucher_id, points, profile_id, customer_id, operator_id,
         shop_id, created_at, updated_at, state, result_code, result_text, failure_kind)
       SELECT i + 1, w.e + 1, position, 'NORMAL_ISUSED', ${voucherIdSql('i')}, NULL, '${PROFILE}', ${customer('s.customer')},
         ${operator('s.operator')}, ${shopId('s.shop')}, s.created_at, s.created_at + 800,
         CASE WHEN ${failed} THEN 'failed' ELSE 'redeemed' END,
         CASE WHEN ${failed} THEN 'VOUCHER_ALREADY_USED' ELSE '0' END,
         CASE WHEN ${failed} THEN '优惠券已使用' ELSE '使用成功' END,
         CASE WHEN ${failed} THEN 'voucher' END
       FROM w JOIN seed_calls s ON s.e = w.e ORDER BY i`,
    ).run(vouchers)

    // 1 % of redemptions reversed 20 minutes later: a reversal call, its row, and the link back.
    db.prepare(
      `INSERT INTO journal_entries (id, request_id, batch_id, action, request_json, profile_id, operator_id, operator_name,
         customer_id, shop_id, source, state, attempts, created_at, updated_at)
       SELECT ${entries} + v.id, 'rev-' || v.id, NULL, 'ISUSED_NORMAL',
         json_object('customer_id', v.customer_id, 'operator_id', v.operator_id, 'request_id', 'rev-' || v.id, 'shop_id', v.shop_id,
           'source', 'POS', 'voucher_id_list', json_array(v.voucher_id), 'voucher_status_action', 'ISUSED_NORMAL'),
         v.profile_id, v.operator_id, NULL, v.customer_id, v.shop_id, 'POS', 'settled', 1, v.created_at + ${20 * 60_000},
         v.created_at + ${20 * 60_000} + 800
       FROM journal_vouchers v WHERE v.id % 100 = 17 AND v.state = 'redeemed'`,
    ).run()
    db.prepare(
      `INSERT INTO journal_vouchers (entry_id, position, action, voucher_id, profile_id, customer_id, operator_id, shop_id,
         created_at, updated_at, state, result_code, result_text, reissued_voucher_id, reverses_row_id)
       SELECT e.id, 0, 'ISUSED_NORMAL', v.voucher_id, v.profile_id, v.customer_id, v.operator_id, v.shop_id,
         e.created_at, e.updated_at, 'reversed', '0', '反核销成功', printf('7%011d', v.id), v.id
       FROM journal_entries e JOIN journal_vouchers v ON v.id = e.id - ${entries}
       WHERE e.id > ${entries} ORDER BY e.id`,
    ).run()
    db.prepare(
      `UPDATE journal_vouchers SET reversal_row_id = r.id
       FROM (SELECT id, reverses_row_id FROM journal_vouchers WHERE action = 'ISUSED_NORMAL') AS r
       WHERE journal_vouchers.id = r.reverses_row_id`,
    ).run()
    db.exec('DROP TABLE seed_calls')
  })
  return { rows: vouchers, entries, customers, seedMs: performance.now() - start }
}

/** A deterministic stream of numbers in [0, 1), so runs pick comparable keys. */
function random(seedValue: number): () => number {
  let s = seedValue >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

interface QueryShape {
  name: string
  title: string
  /** A new filter (and maybe a deep cursor) per sample, so no sample reuses another's pages. */
  next: () => { filter: HistoryFilter; after?: HistoryCursor }
}

function shapes(db: Database, seeded: Seeded): QueryShape[] {
  const rand = random(7)
  const pick = (n: number) => Math.floor(rand() * n)
  const customerId = (c: number) => `2088${String(c).padStart(12, '0')}`
  const shopId = () => `3001${String(pick(SHOPS)).padStart(2, '0')}`
  const operatorId = () => `op-${String(pick(OPERATORS)).padStart(3, '0')}`
  const newest = db.prepare(
    `SELECT created_at, id FROM journal_vouchers INDEXED BY journal_hist_time
     WHERE profile_id = ? AND created_at <= ? ORDER BY created_at DESC, id DESC LIMIT 1`,
  )
  // The last row seen at a point in time: where pressing "next page" many times gets to.
  const cursorAt = (time: number): HistoryCursor => {
    const row = newest.get(PROFILE, time) as { created_at: number; id: number } | undefined
    return row ? { createdAt: row.created_at, rowId: row.id } : { createdAt: time, rowId: Number.MAX_SAFE_INTEGER }
  }
  const range = (days: number) => {
    const from = START + pick(DAYS - days) * DAY_MS
    return { from, to: from + days * DAY_MS }
  }
  /** `days` days with a status; deep = a page 90 % of the way down the range (newest first). */
  const ranged = (days: number, status: 'redeemed' | 'failed', deep: boolean) => () => {
    const { from, to } = range(days)
    const filter: HistoryFilter = { from, to, status }
    return deep ? { filter, after: cursorAt(from + (to - from) * 0.1) } : { filter }
  }
  return [
    { name: 'newest', title: 'no filter, first page', next: () => ({ filter: {} }) },
    {
      name: 'newest_deep',
      title: 'no filter, a page ~2 years back',
      next: () => ({ filter: {}, after: cursorAt(END - (600 + pick(200)) * DAY_MS) }),
    },
    { name: 'voucher', title: 'by voucher id', next: () => ({ filter: { voucherId: voucherIdOf(pick(seeded.rows)) } }) },
    { name: 'customer', title: 'by customer', next: () => ({ filter: { customerId: customerId(pick(seeded.customers)) } }) },
    {
      name: 'customer_range',
      title: 'by customer + 30 days',
      next: () => ({ filter: { customerId: customerId(pick(seeded.customers)), ...range(30) } }),
    },
    { name: 'month_redeemed', title: '30 days + status redeemed, first page', next: ranged(30, 'redeemed', false) },
    { name: 'month_redeemed_deep', title: '30 days + status redeemed, page 90 % deep', next: ranged(30, 'redeemed', true) },
    { name: 'month_failed', title: '30 days + status failed, first page', next: ranged(30, 'failed', false) },
    { name: 'year_redeemed_deep', title: '365 days + status redeemed, page 90 % deep', next: ranged(365, 'redeemed', true) },
    { name: 'year_failed_deep', title: '365 days + status failed, page 90 % deep', next: ranged(365, 'failed', true) },
    {
      name: 'shop_failed',
      title: 'by shop + status failed',
      next: () => ({ filter: { shopId: shopId(), status: 'failed' } }),
    },
    {
      name: 'operator_unknown',
      title: 'by operator + status unknown (no match: nothing unresolved)',
      next: () => ({ filter: { operatorId: operatorId(), status: 'unknown' } }),
    },
  ]
}

/** The writes BatchRunner makes for one batch, in its order, with every call answered "redeemed". */
function commitBatch(journal: RedemptionJournal, batches: BatchRepository, vouchers: readonly string[]): void {
  const batchId = randomUUID()
  const calls: string[][] = []
  for (let i = 0; i < vouchers.length; i += MAX_VOUCHERS_PER_CALL) calls.push(vouchers.slice(i, i + MAX_VOUCHERS_PER_CALL))
  batches.insert({
    id: batchId,
    profileId: PROFILE,
    customerId: '2088000000000042',
    plan: vouchers.map((voucherId) => ({ voucherId, points: null })),
    blocked: [],
    callsTotal: calls.length,
    status: 'running',
  })
  for (const call of calls) {
    const open = journal.openRedemptions(PROFILE, call)
    if (open.size > 0) throw new Error('journal bench: a fresh voucher is blocked')
    batches.appendBlocked(batchId, [])
    const request = VoucherStatusChangeOpenReqSchema.parse({
      request_id: randomUUID(),
      voucher_status_action: 'NORMAL_ISUSED',
      customer_id: '2088000000000042',
      operator_id: 'op-007',
      operator_name: '收银员007',
      shop_id: '300101',
      source: 'POS',
      voucher_id_list: call,
    })
    const entry = journal.beginRedemption(request, PROFILE, batchId)
    journal.settle(
      entry.id,
      call.map(() => REDEEMED),
      'gw-trace',
    )
    batches.callDone(batchId)
  }
  batches.finish(batchId, 'done')
}

export async function runJournal(ctx: BenchContext): Promise<BenchCase[]> {
  // Ten million rows: a busy store over years, or a chain's copy. Only the full run seeds them.
  const rowsWanted = ctx.quick ? 10_000 : 10_000_000
  const file = join(ctx.dataDir, ctx.quick ? 'journal-quick.db' : 'journal-10m.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })

  // Seed with a big page cache (the app's default 2 MB would make index building crawl), then
  // reopen exactly as the app does.
  ctx.log(`journal: seeding ${rowsWanted.toLocaleString('en')} redemptions into ${file}`)
  let db = openDatabase(file, { journal: journalMigrations })
  db.exec('PRAGMA cache_size = -1048576')
  const seeded = seed(db, rowsWanted)
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
  const fileBytes = statSync(file).size
  ctx.log(
    `journal: seeded ${seeded.rows.toLocaleString('en')} voucher rows, ${seeded.entries.toLocaleString('en')} calls in ${(seeded.seedMs / 1000).toFixed(1)} s; file ${(fileBytes / 2 ** 20).toFixed(0)} MiB`,
  )
  db = openDatabase(file, { journal: journalMigrations })

  const cases: BenchCase[] = []
  try {
    const samples = ctx.quick ? 20 : 200
    const all = shapes(db, seeded)
    const perShape: { shape: QueryShape; times: number[] }[] = all.map((shape) => ({ shape, times: [] }))
    for (const { shape } of perShape) {
      const example = shape.next()
      ctx.log(`journal: plan for ${shape.name}: ${explainHistory(db, PROFILE, example.filter, example.after).join(' | ')}`)
    }
    // Interleaved: one query of each shape per pass, so load bursts hit all shapes alike.
    for (let i = -3; i < samples; i++) {
      for (const entry of perShape) {
        const { filter, after } = entry.shape.next()
        const start = performance.now()
        const page = queryHistory(db, { profileId: PROFILE, filter, after, limit: DEFAULT_HISTORY_PAGE })
        const ms = performance.now() - start
        if (page.rows.length === 0 && (entry.shape.name === 'newest' || entry.shape.name === 'voucher')) {
          throw new Error(`journal bench: ${entry.shape.name} found no rows`)
        }
        if (i >= 0) entry.times.push(ms)
      }
    }
    const stats = perShape.map(({ shape, times }) => ({ shape, s: summarize(times) }))
    const worst = stats.reduce((a, b) => (b.s.p95 > a.s.p95 ? b : a))
    cases.push(
      benchCase({
        name: 'journal.page_p95_ms',
        metric: `worst p95 of ${stats.length} History queries at ${(seeded.rows / 1e6).toFixed(seeded.rows >= 1e6 ? 0 : 2)}M rows (${worst.shape.name})`,
        value: worst.s.p95,
        unit: 'ms',
        goal: 5,
        better: 'lower',
      }),
    )
    for (const { shape, s } of stats) {
      cases.push(
        benchCase({
          name: `journal.page.${shape.name}.p50_ms`,
          metric: `p50, ${shape.title}`,
          value: s.p50,
          unit: 'ms',
          goal: null,
          better: 'lower',
        }),
        benchCase({
          name: `journal.page.${shape.name}.p95_ms`,
          metric: `p95, ${shape.title}`,
          value: s.p95,
          unit: 'ms',
          goal: 5,
          better: 'lower',
        }),
      )
    }

    const journal = new RedemptionJournal(db, () => new Date())
    const batchRows = new BatchRepository(db, () => new Date())
    const batches = ctx.quick ? 5 : 30
    let serial = 0
    const batchTimes: number[] = []
    for (let i = -2; i < batches; i++) {
      const vouchers = Array.from({ length: 50 }, () => `B${process.pid}x${++serial}`)
      const start = performance.now()
      commitBatch(journal, batchRows, vouchers)
      if (i >= 0) batchTimes.push(performance.now() - start)
    }
    // What start-up recovery asks the journal (Recovery.start) before the Redeem screen can show
    // anything: with nothing to recover, this is pure lookup cost.
    const startupTimes = await sampleMs(
      () => {
        batchRows.interruptRunning()
        journal.markInterruptedCallsUnknown()
        return journal.entriesIn(['unknown'])
      },
      ctx.quick ? 3 : 10,
      1,
    )
    // Start-up as the app does it, on a connection of its own: open the file (WAL, pragmas), check
    // the migrations, and the recovery queries above.
    const openTimes = await sampleMs(
      () => {
        const fresh = openDatabase(file, { journal: journalMigrations })
        try {
          const j = new RedemptionJournal(fresh, () => new Date())
          new BatchRepository(fresh, () => new Date()).interruptRunning()
          j.markInterruptedCallsUnknown()
          return j.entriesIn(['unknown', 'not_sent', 'needs_check'])
        } finally {
          fresh.close()
        }
      },
      ctx.quick ? 3 : 10,
      1,
    )
    const batch = summarize(batchTimes)
    // Durable: each call's intent. Relaxed (db.ts `relaxed`, no fsync of their own): the batch
    // row, each call's outcome and progress, and the batch's end.
    const calls50 = Math.ceil(50 / MAX_VOUCHERS_PER_CALL)
    const commits = `${calls50} durable + ${2 + calls50 * 2} relaxed`
    // The machine's floor: one durable commit of a one-row update on the same file. The value
    // must change every time, or SQLite writes nothing and there is no fsync to measure.
    const touch = db.prepare(
      'UPDATE journal_batches SET updated_at = updated_at + 1 WHERE rowid = (SELECT MAX(rowid) FROM journal_batches)',
    )
    const commitTimes = await sampleMs(() => touch.run(), ctx.quick ? 10 : 60)
    cases.push(
      benchCase({
        name: 'journal.batch50_commit_ms',
        metric: `p50, journal writes of a 50-voucher batch (${commits} commits; p95 ${batch.p95.toFixed(1)} ms)`,
        value: batch.p50,
        unit: 'ms',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.batch50_commit_p95_ms',
        metric: `p95, journal writes of a 50-voucher batch (${commits} commits, ${batchTimes.length} batches)`,
        value: batch.p95,
        unit: 'ms',
        goal: 20,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.startup_ms',
        metric: 'p50, start-up: open the file (WAL, pragmas), migration check, recovery queries, on a fresh connection',
        value: median(openTimes),
        unit: 'ms',
        goal: 200,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.startup_recovery_ms',
        metric: 'p50, start-up recovery queries (interrupted batches and calls, unknown calls), nothing to recover',
        value: median(startupTimes),
        unit: 'ms',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.commit_floor_ms',
        metric: 'p50, one durable commit of a one-row update on the same file (fsync of the WAL)',
        value: median(commitTimes),
        unit: 'ms',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.file_mib',
        metric: `database file after seeding ${seeded.rows.toLocaleString('en')} rows (${seeded.entries.toLocaleString('en')} calls)`,
        value: fileBytes / 2 ** 20,
        unit: 'MiB',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.bytes_per_row',
        metric: 'database file ÷ voucher rows (request JSON, rows, links and the History indexes)',
        value: fileBytes / seeded.rows,
        unit: 'B',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'journal.seed_rows_per_s',
        metric: 'seeding rate: voucher rows per second (bulk INSERT … SELECT in one transaction)',
        value: seeded.rows / (seeded.seedMs / 1000),
        unit: 'rows/s',
        goal: null,
        better: 'higher',
      }),
      benchCase({
        name: 'journal.seed_s',
        metric: 'bulk seeding time (INSERT … SELECT, one transaction)',
        value: seeded.seedMs / 1000,
        unit: 's',
        goal: null,
        better: 'lower',
      }),
    )
  } finally {
    db.close()
  }
  return cases
}
