import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { redeem, startBench, type Bench } from './support'

const ROOT = resolve(import.meta.dirname, '../../..')
const VOUCHER_METHOD = 'alibaba.alsc.crm.voucher.status.change'
const LIST_METHOD = 'alibaba.alsc.crm.customer.voucher.list'

/**
 * Journal calls whose outcome is not known yet, read beside the writer (WAL). Read-write on purpose:
 * after a kill the WAL index must be rebuilt, which a read-only connection cannot do.
 */
/** Calls of `action` journaled, in any state: the intent is written before the request is sent. */
function journaledCalls(dbFile: string, action: string): number {
  try {
    const db = new DatabaseSync(dbFile)
    try {
      const row = db.prepare('SELECT COUNT(*) AS n FROM journal_entries WHERE action = ?').get(action)
      return Number((row as { n: number }).n)
    } finally {
      db.close()
    }
  } catch {
    return 0 // the child has not created the journal yet
  }
}

function readJournal<T>(dbFile: string, sql: string): T[] {
  const db = new DatabaseSync(dbFile)
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

const callStates = (dbFile: string) =>
  readJournal<{ action: string; state: string }>(dbFile, 'SELECT action, state FROM journal_entries ORDER BY id').map(
    (r) => `${r.action} ${r.state}`,
  )

interface ChildMode {
  mode: 'redeem' | 'reverse'
  voucherId?: string
  rowId?: number
}

/** Starts the app in a real child process and resolves once its call's intent is journaled. */
async function appInChild(bench: Bench, mode: ChildMode): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    // tsx as a loader inside this one process (its CLI would run the script in a grandchild that
    // outlives the kill).
    ['--import', 'tsx', 'test/main/redemption/fixtures/redeem-in-child.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: 'tsconfig.node.json',
        CD_DB_FILE: bench.dbFile,
        CD_GATEWAY_URL: bench.gateway.url,
        CD_APP_KEY: bench.gateway.credentials.appKey,
        CD_APP_SECRET: bench.gateway.credentials.appSecret,
        CD_MODE: mode.mode,
        ...(mode.voucherId ? { CD_VOUCHER: mode.voucherId } : {}),
        ...(mode.rowId ? { CD_ROW_ID: String(mode.rowId) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const action = mode.mode === 'reverse' ? 'ISUSED_NORMAL' : 'NORMAL_ISUSED'
  const deadline = Date.now() + 30_000
  // Not "while pending": a dropped connection turns the intent into "unknown" within milliseconds.
  while (journaledCalls(bench.dbFile, action) === 0) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`child failed: ${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return { child, output: () => output }
}

async function until(condition: () => boolean, what: string, child: { output: () => string }): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${child.output()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('kill -9 in the middle of a call, then a new process', () => {
  let bench: Bench | undefined
  afterEach(async () => bench?.cleanup())

  it('a redemption the dead process left in flight is settled by looking the voucher up, not resent, and the voucher is used once', async () => {
    bench = await startBench()
    const voucherId = '880000000004'
    // The gateway holds the request for a while before acting: the app dies while it waits.
    bench.gateway.faults.latency(3_000, { method: VOUCHER_METHOD })
    const running = await appInChild(bench, { mode: 'redeem', voucherId })
    await until(() => bench!.gateway.requestsReceived > 0, 'the gateway holds the request', running)
    running.child.kill('SIGKILL')
    await once(running.child, 'exit')
    bench.gateway.faults.latency(0, { method: VOUCHER_METHOD })

    // The gateway still acts on the request it received: the voucher is used, nobody heard the answer.
    await expect.poll(() => bench!.gateway.ledger.actionCount(voucherId, 'NORMAL_ISUSED'), { timeout: 10_000 }).toBe(1)

    // The dead process left its call pending: it never heard the answer.
    expect(callStates(bench.dbFile)).toEqual(['NORMAL_ISUSED pending'])

    // A new process over the same database: start-up recovery finds the call and reads the
    // voucher's state on the platform: ISUSED, so it was applied.
    const app = bench.open()
    await app.start()
    const history = await app.call('history.query', { filter: { voucherId } })
    expect(history.rows).toHaveLength(1)
    expect(history.rows[0]?.outcome.state).toBe('redeemed')
    expect(bench.gateway.ledger.actionCount(voucherId, 'NORMAL_ISUSED')).toBe(1)
    const keys = bench.gateway.calls.filter((c) => c.method === VOUCHER_METHOD).map((c) => c.businessKey)
    expect(keys).toHaveLength(1) // the dead process's call only: nothing resent
    expect(bench.gateway.calls.some((c) => c.method === 'alibaba.alsc.crm.customer.voucher.list')).toBe(true)
  }, 60_000)

  it('a reversal the gateway committed (connection dropped) is resolved by a new process: one reversal, one reissued id, recorded', async () => {
    bench = await startBench()
    const voucherId = '880000000005'
    // Redeemed earlier, by a process that closed normally.
    const before = bench.open()
    await before.start()
    const redeemed = await redeem(before, { customerId: 'C10001', source: 'POS', vouchers: [{ voucherId }] })
    const rowId = redeemed.vouchers[0]!.rowId
    await before.close()

    // The gateway reverses it and reissues the voucher, then drops the connection before answering.
    // The client does not repeat the write; the app looks the customer's vouchers up at once, and
    // dies while the platform is slow to list them.
    bench.gateway.faults.dropAfterCommit(1, { method: VOUCHER_METHOD })
    bench.gateway.faults.latency(60_000, { method: LIST_METHOD })
    const running = await appInChild(bench, { mode: 'reverse', rowId })
    await until(() => bench!.gateway.ledger.actionCount(voucherId, 'ISUSED_NORMAL') === 1, 'the reversal is applied', running)
    await until(() => callStates(bench!.dbFile).includes('ISUSED_NORMAL unknown'), 'the outcome is recorded as unknown', running)
    running.child.kill('SIGKILL')
    await once(running.child, 'exit')
    bench.gateway.faults.clear()

    const reissued = bench.gateway.ledger.get(voucherId)?.reissuedAs
    expect(reissued).toBeDefined()
    // The dead process never heard the reissued id: its reversal is still unknown in the journal.
    expect(callStates(bench.dbFile)).toEqual(['NORMAL_ISUSED settled', 'ISUSED_NORMAL unknown'])
    const [reversalKey] = readJournal<{ request_id: string }>(
      bench.dbFile,
      "SELECT request_id FROM journal_entries WHERE action = 'ISUSED_NORMAL'",
    ).map((r) => r.request_id)
    expect(bench.gateway.calls.filter((c) => c.businessKey === reversalKey).map((c) => c.outcome)).toEqual(['dropped'])

    // A new process over the same file: start-up looks the customer's vouchers up and finds the
    // reissued one (NORMAL, same template, created after the attempt).
    const app = bench.open()
    await app.start()
    const report = await app.call('redeem.startupReport')
    expect(report.entries).toEqual([
      expect.objectContaining({
        requestId: reversalKey,
        action: 'ISUSED_NORMAL',
        stateAtStartup: 'unknown',
        vouchers: [
          expect.objectContaining({ voucherId, outcome: expect.objectContaining({ state: 'reversed', reissuedVoucherId: reissued }) }),
        ],
      }),
    ])
    // Nothing resent: one reversal, one reissued voucher.
    expect(bench.gateway.calls.filter((c) => c.businessKey === reversalKey).map((c) => c.outcome)).toEqual(['dropped'])
    expect(bench.gateway.ledger.actionCount(voucherId, 'ISUSED_NORMAL')).toBe(1)
    expect(
      bench.gateway.ledger
        .all()
        .filter((v) => v.reissuedFrom === voucherId)
        .map((v) => v.voucherId),
    ).toEqual([reissued])

    // The journal has the reissued id, and the voucher cannot be reversed again.
    expect(
      readJournal<{ state: string; reissued_voucher_id: string | null }>(
        bench.dbFile,
        "SELECT state, reissued_voucher_id FROM journal_vouchers WHERE action = 'ISUSED_NORMAL'",
      ),
    ).toEqual([{ state: 'reversed', reissued_voucher_id: reissued }])
    const [row] = (await app.call('history.query', { filter: { voucherId, action: 'NORMAL_ISUSED' } })).rows
    expect(row).toMatchObject({ canReverse: false, reversal: { outcome: { state: 'reversed', reissuedVoucherId: reissued } } })
    const again = await app.call('redeem.reverse', { rowIds: [rowId] })
    expect(again.results[0]).toMatchObject({ kind: 'refused', message: { key: 'redemption.reverse.alreadyReversed' } })
    expect(bench.gateway.ledger.actionCount(voucherId, 'ISUSED_NORMAL')).toBe(1)
  }, 60_000)
})
