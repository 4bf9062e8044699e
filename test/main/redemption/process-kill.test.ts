import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { startBench, type Bench } from './support'

const ROOT = resolve(import.meta.dirname, '../../..')
const VOUCHER_METHOD = 'alibaba.alsc.crm.voucher.status.change'

/**
 * Journal calls whose outcome is not known yet, read beside the writer (WAL). Read-write on purpose:
 * after a kill the WAL index must be rebuilt, which a read-only connection cannot do.
 */
function pendingCalls(dbFile: string): number {
  try {
    const db = new DatabaseSync(dbFile)
    try {
      return Number((db.prepare("SELECT COUNT(*) AS n FROM journal_entries WHERE state = 'pending'").get() as { n: number }).n)
    } finally {
      db.close()
    }
  } catch {
    return 0 // the child has not created the journal yet
  }
}

function callStates(dbFile: string): string[] {
  const db = new DatabaseSync(dbFile)
  try {
    return (db.prepare('SELECT state FROM journal_entries ORDER BY id').all() as { state: string }[]).map((r) => r.state)
  } finally {
    db.close()
  }
}

/** Starts the app in a real child process and resolves once its redemption intent is journaled. */
async function redeemInChild(bench: Bench, voucherId: string): Promise<ChildProcess> {
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
        CD_VOUCHER: voucherId,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 30_000
  while (pendingCalls(bench.dbFile) === 0) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`child failed: ${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return child
}

describe('kill -9 in the middle of a redemption, then a new process', () => {
  let bench: Bench | undefined
  afterEach(async () => bench?.cleanup())

  it('the call the dead process left in flight is resolved with the same request_id, and the voucher is used once', async () => {
    bench = await startBench()
    const voucherId = '880000000004'
    // The gateway holds the request for a while before acting: the app dies while it waits.
    bench.gateway.faults.latency(1_500, { method: VOUCHER_METHOD })
    const child = await redeemInChild(bench, voucherId)
    await new Promise((r) => setTimeout(r, 200)) // the request reaches the gateway and waits there
    child.kill('SIGKILL')
    await once(child, 'exit')
    bench.gateway.faults.latency(0, { method: VOUCHER_METHOD })

    // The gateway still acts on the request it received: the voucher is used, nobody heard the answer.
    await expect.poll(() => bench!.gateway.ledger.actionCount(voucherId, 'NORMAL_ISUSED'), { timeout: 10_000 }).toBe(1)

    // The dead process left its call pending: it never heard the answer.
    expect(callStates(bench.dbFile)).toEqual(['pending'])

    // A new process over the same database: start-up recovery finds the call and resends it unchanged.
    const app = bench.open()
    await app.start()
    const history = await app.call('history.query', { filter: { voucherId } })
    expect(history.rows).toHaveLength(1)
    expect(history.rows[0]?.outcome.state).toBe('redeemed')
    expect(bench.gateway.ledger.actionCount(voucherId, 'NORMAL_ISUSED')).toBe(1)
    const keys = bench.gateway.calls.filter((c) => c.method === VOUCHER_METHOD).map((c) => c.businessKey)
    expect(keys.length).toBeGreaterThanOrEqual(2) // the dead process's call and the recovery's
    expect(new Set(keys).size).toBe(1) // one request_id for both
  }, 60_000)
})
