import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { VoucherStatusChangeOpenReqSchema, type VoucherStatusChangeOpenReq } from '../../electron/contract/api/voucher'
import { SANDBOX_CREDENTIALS } from '../../electron/main/sandbox/credentials'
import { DEMO_VOUCHERS } from '../../electron/main/sandbox/demo-data'
import { changeVoucherStatus } from '../../electron/main/top/apis'
import { createTopClient } from '../../electron/main/top/client'
import { serializeTopParams } from '../../electron/main/top/serialize'
import { signTopRequest } from '../../electron/main/top/sign'
import { formatTopTimestamp } from '../../electron/main/top/timestamp'
import { VOUCHER_METHOD } from '../lib/fixtures'
import { median, roundRatio, rotation, summarize } from '../lib/measure'
import { benchCase, type BenchCase, type BenchContext } from '../lib/report'

/**
 * Case 2, a redemption round trip over loopback HTTP against the sandbox gateway, which runs in a
 * child process so that client and server do not share an event loop. Contenders, interleaved:
 *   ours   `changeVoucherStatus(createTopClient(…), req)`: serialise, sign, POST, parse, validate
 *   sdk    ali-topsdk `execute` (md5, multipart body via `request`), timestamp patched to GMT+8
 *   fetch  a bare `fetch` + `text()` of a body prepared (serialised and signed) before the round:
 *          the floor, what the HTTP round trip costs with no client around it
 * Every call has a fresh request_id and redeems the same demo voucher: the first call redeems it,
 * every later one is answered "already used" (a per-voucher failure, `biz_success: false`). That
 * is still the full round trip — parse, signature and timestamp checks, ledger lookup, reply.
 */

const require = createRequire(import.meta.url)
type SdkCallback = (error: unknown, body: unknown) => void
const { ApiClient } = require('ali-topsdk') as {
  ApiClient: new (o: { appkey: string; appsecret: string; url: string }) => {
    timestamp: () => string
    execute(method: string, params: Record<string, unknown>, callback: SdkCallback): void
  }
}

const { appKey, appSecret } = SANDBOX_CREDENTIALS
const PARAM = 'param_voucher_status_change_open_req'
const VOUCHER = DEMO_VOUCHERS[0]!

let sequence = 0
const nextRequestId = (who: string) => `bench-${who}-${process.pid}-${++sequence}`

/** Validated once; each call only swaps in its fresh request_id, so no contender pays for zod. */
const BASE_REQUEST: VoucherStatusChangeOpenReq = VoucherStatusChangeOpenReqSchema.parse({
  customer_id: VOUCHER.customerId,
  operator_id: 'op-1024',
  operator_name: '张三',
  request_id: 'bench-base',
  shop_id: '300125',
  source: 'POS',
  voucher_id_list: [VOUCHER.voucherId],
  voucher_status_action: 'NORMAL_ISUSED',
})
const request = (requestId: string): VoucherStatusChangeOpenReq => ({ ...BASE_REQUEST, request_id: requestId })

/** Starts `tsx electron/main/sandbox/cli.ts --port 0` and reads its URL from the banner. */
async function startSandboxProcess(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/sandbox/cli.ts', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${out}`)), 30_000)
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}:\n${out}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Gateway URL\s+(http:\/\/[^\s]+)\/router\/rest/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
  })
  child.stdout!.resume()
  return { url, child }
}

type Caller = () => Promise<void>

interface Contender {
  /** Anything to do before a round, untimed (the fetch contender prepares its bodies here). */
  prepare?: (calls: number) => void
  call: Caller
}

function contenders(url: string): Record<string, Contender> {
  const endpoint = `${url}/router/rest`
  const ours = createTopClient({ gatewayUrl: url, appKey, appSecret, signMethod: 'md5', maxAttempts: 1 })
  const sdk = new ApiClient({ appkey: appKey, appsecret: appSecret, url: endpoint })
  // The SDK stamps local time; the gateway checks Beijing time (test/main/sandbox does the same).
  sdk.timestamp = () => formatTopTimestamp(new Date())

  const prepared: string[] = []
  return {
    ours: {
      async call() {
        const reply = await changeVoucherStatus(ours, request(nextRequestId('ours')))
        if (reply.data.result.result?.voucher_status_list.length !== 1) throw new Error('ours: unexpected reply')
      },
    },
    sdk: {
      call: () =>
        new Promise<void>((resolve, reject) => {
          sdk.execute(VOUCHER_METHOD, { [PARAM]: request(nextRequestId('sdk')) }, (error, body) => {
            if (error) reject(new Error(`sdk: ${JSON.stringify(error)}`))
            else if (!(body as { result?: unknown }).result) reject(new Error('sdk: unexpected reply'))
            else resolve()
          })
        }),
    },
    fetch: {
      prepare(calls) {
        prepared.length = 0
        for (let i = 0; i < calls; i++) {
          const params: Record<string, string> = {
            ...serializeTopParams({ [PARAM]: request(nextRequestId('fetch')) }),
            method: VOUCHER_METHOD,
            app_key: appKey,
            timestamp: formatTopTimestamp(new Date()),
            format: 'json',
            v: '2.0',
            sign_method: 'md5',
          }
          params.sign = signTopRequest(params, appSecret, 'md5')
          prepared.push(new URLSearchParams(params).toString())
        }
      },
      async call() {
        const body = prepared.pop()
        if (body === undefined) throw new Error('fetch: no prepared body left')
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' },
          body,
        })
        const text = await response.text()
        if (!text.includes('_response')) throw new Error(`fetch: unexpected reply ${text.slice(0, 200)}`)
      },
    },
  }
}

interface RoundResult {
  callsPerSecond: number
  latenciesMs: number[]
}

/** `calls` calls spread over `concurrency` workers that each call one after another. */
async function runRound(contender: Contender, calls: number, concurrency: number): Promise<RoundResult> {
  contender.prepare?.(calls)
  const latenciesMs: number[] = []
  let left = calls
  const worker = async () => {
    while (left > 0) {
      left--
      const start = performance.now()
      await contender.call()
      latenciesMs.push(performance.now() - start)
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { callsPerSecond: (calls * 1000) / (performance.now() - start), latenciesMs }
}

export async function runCall(ctx: BenchContext): Promise<BenchCase[]> {
  const { url, child } = await startSandboxProcess(ctx.root)
  try {
    const all = contenders(url)
    const names = Object.keys(all)
    const cases: BenchCase[] = []
    for (const mode of [
      { label: 'seq', title: 'sequential', concurrency: 1, calls: ctx.quick ? 30 : 150 },
      { label: 'par8', title: '8 concurrent', concurrency: 8, calls: ctx.quick ? 80 : 400 },
    ]) {
      const rounds = ctx.quick ? 3 : 15
      ctx.log(`call: ${mode.title}, ${rounds} rounds × ${mode.calls} calls per contender`)
      const perSecond: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
      const latencies: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
      for (let round = -1; round < rounds; round++) {
        // Round -1 warms up connections and JIT; it is not recorded.
        for (const name of rotation(names, round + 1)) {
          const result = await runRound(all[name]!, mode.calls, mode.concurrency)
          if (round < 0) continue
          perSecond[name]!.push(result.callsPerSecond)
          latencies[name]!.push(...result.latenciesMs)
        }
      }
      const stats = Object.fromEntries(names.map((n) => [n, summarize(latencies[n]!)]))
      const cps = Object.fromEntries(names.map((n) => [n, Math.round(median(perSecond[n]!))]))
      const ours = stats.ours!
      const bare = stats.fetch!
      cases.push(
        benchCase({
          name: `call.${mode.label}.vs_sdk`,
          metric: `calls/s ours ÷ ali-topsdk, ${mode.title} (ours ${cps.ours}/s, sdk ${cps.sdk}/s)`,
          value: roundRatio(perSecond.ours!, perSecond.sdk!),
          unit: '×',
          // The goal: calls at 3x the official SDK.
          goal: 3,
          better: 'higher',
        }),
        benchCase({
          name: `call.${mode.label}.vs_bare_fetch`,
          metric: `calls/s ours ÷ bare fetch of a prepared body (fetch ${cps.fetch}/s)`,
          value: roundRatio(perSecond.ours!, perSecond.fetch!),
          unit: '×',
          goal: null,
          better: 'higher',
        }),
        benchCase({
          name: `call.${mode.label}.overhead_over_fetch_us`,
          metric: 'p50 latency ours − p50 bare fetch',
          value: (ours.p50 - bare.p50) * 1000,
          unit: 'µs',
          goal: null,
          better: 'lower',
        }),
      )
      for (const name of names) {
        for (const p of ['p50', 'p99'] as const) {
          cases.push(
            benchCase({
              name: `call.${mode.label}.${name}.${p}_ms`,
              metric: `${p} latency, ${mode.title}, ${name}`,
              value: stats[name]![p],
              unit: 'ms',
              goal: null,
              better: 'lower',
            }),
          )
        }
      }
    }
    return cases
  } finally {
    child.kill('SIGTERM')
  }
}
