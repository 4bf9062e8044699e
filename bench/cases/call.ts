import { spawn, type ChildProcess } from 'node:child_process'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { Agent, request as httpRequest, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import { VoucherStatusChangeOpenReqSchema, type VoucherStatusChangeOpenReq } from '../../electron/contract/api/voucher'
import { SANDBOX_CREDENTIALS } from '../../electron/main/sandbox/credentials'
import { DEMO_VOUCHERS } from '../../electron/main/sandbox/demo-data'
import { startSandboxGateway, type SandboxGateway } from '../../electron/main/sandbox/gateway'
import { changeVoucherStatus } from '../../electron/main/top/apis'
import { createTopClient } from '../../electron/main/top/client'
import { serializeTopParams } from '../../electron/main/top/serialize'
import { signTopRequest } from '../../electron/main/top/sign'
import { formatTopTimestamp } from '../../electron/main/top/timestamp'
import { fetchTransport } from '../../electron/main/top/fetch-transport'
import { VOUCHER_METHOD } from '../lib/fixtures'
import { median, roundRatio, rotation, summarize } from '../lib/measure'
import { benchCase, type BenchCase, type BenchContext } from '../lib/report'

/**
 * Case 2, a redemption round trip over loopback HTTP against the sandbox gateway, which runs in a
 * child process so that client and server do not share an event loop. Contenders, interleaved:
 *   ours       `changeVoucherStatus(createTopClient(…), req)`: serialise, sign, POST with the
 *              client's default transport (`node:http` with socket events, as in the app), parse,
 *              validate
 *   sdk        ali-topsdk `execute` (md5, multipart body via `request`), timestamp patched to GMT+8
 *   ours_fetch ours again on Node's `fetch` (`fetchTransport`, the client's transport before):
 *              says what the transport costs
 *   fetch      a bare `fetch` + `text()` of a body prepared (serialised and signed) before the round
 *   http       a bare `node:http` POST of a prepared body on a kept-alive agent: the floor, the
 *              fastest any Node client can make this round trip
 *   gateway    the gateway's own request handler called in this process with a prepared body and
 *              no socket at all: what the server side costs per call. If client and HTTP were
 *              free, calls would go at this rate, so `gateway ÷ sdk` bounds any client's ratio.
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
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' } as const

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

/** A signed form body with a fresh request_id and timestamp, as our client would send it. */
function preparedBody(who: string): string {
  const params: Record<string, string> = {
    ...serializeTopParams({ [PARAM]: request(nextRequestId(who)) }),
    method: VOUCHER_METHOD,
    app_key: appKey,
    timestamp: formatTopTimestamp(new Date()),
    format: 'json',
    v: '2.0',
    sign_method: 'md5',
  }
  params.sign = signTopRequest(params, appSecret, 'md5')
  return new URLSearchParams(params).toString()
}

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
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Gateway URL\s+(http:\/\/[^\s]+)\/router\/rest/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
  })
  child.stdout.resume()
  return { url, child }
}

/** One POST on `agent`, the body read as text: the least work a Node client can do. */
function httpPost(agent: Agent, url: URL, body: string, headers: Readonly<Record<string, string>>, signal?: AbortSignal) {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; text: string }>((resolve, reject) => {
    const req = httpRequest(
      url,
      { agent, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, ...(signal ? { signal } : {}) },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * A second gateway in this process, whose request handler is called directly with a prepared
 * body: no socket, no HTTP parsing or writing. The handler is taken from the server that answers
 * one real warm-up request (diagnostics_channel `http.server.request.start`).
 */
async function inProcessGateway(): Promise<{ handle(body: string): Promise<string>; gateway: SandboxGateway }> {
  const gateway = await startSandboxGateway({ port: 0 })
  let server: Server | undefined
  const onStart = (message: unknown) => {
    server ??= (message as { server: Server }).server
  }
  subscribe('http.server.request.start', onStart)
  try {
    await (await fetch(`${gateway.url}/router/rest`, { method: 'POST', headers: FORM_HEADERS, body: preparedBody('warm') })).text()
  } finally {
    unsubscribe('http.server.request.start', onStart)
  }
  const listener = server?.listeners('request')[0] as RequestListener | undefined
  if (!listener) throw new Error('call bench: could not reach the gateway handler')
  // The gateway answers only requests addressed to it (its DNS-rebinding guard), as a real client's are.
  const headers = { 'content-type': FORM_HEADERS['content-type'], host: new URL(gateway.url).host }
  return {
    gateway,
    handle: (body) =>
      new Promise<string>((resolve, reject) => {
        const req = Object.assign(Readable.from([Buffer.from(body)]), { url: '/router/rest', method: 'POST', headers })
        let status = 0
        const res = {
          headersSent: false,
          writeHead(code: number) {
            status = code
            this.headersSent = true
            return this
          },
          end(text: string) {
            if (status === 200) resolve(text)
            else reject(new Error(`gateway: HTTP ${status} ${text}`))
          },
          destroy: () => reject(new Error('gateway: response destroyed')),
        }
        listener(req as unknown as IncomingMessage, res as unknown as ServerResponse)
      }),
  }
}

type Caller = () => Promise<void>

interface Contender {
  /** Anything to do before a round, untimed (the prepared-body contenders make their bodies here). */
  prepare?: (calls: number) => void
  call: Caller
}

function checkReply(who: string, text: string): void {
  if (!text.includes('_response')) throw new Error(`${who}: unexpected reply ${text.slice(0, 200)}`)
}

/** A contender that sends bodies made before the round, so it pays for no client work at all. */
function preparedContender(who: string, send: (body: string) => Promise<string>): Contender {
  const bodies: string[] = []
  return {
    prepare(calls) {
      bodies.length = 0
      for (let i = 0; i < calls; i++) bodies.push(preparedBody(who))
    },
    async call() {
      const body = bodies.pop()
      if (body === undefined) throw new Error(`${who}: no prepared body left`)
      checkReply(who, await send(body))
    },
  }
}

function contenders(url: string, agent: Agent, gateway: (body: string) => Promise<string>): Record<string, Contender> {
  const endpoint = new URL(`${url}/router/rest`)
  const config = { gatewayUrl: url, appKey, appSecret, signMethod: 'md5', maxAttempts: 1 } as const
  const ours = createTopClient(config)
  const oursFetch = createTopClient({ ...config, transport: fetchTransport(fetch) })
  const sdk = new ApiClient({ appkey: appKey, appsecret: appSecret, url: endpoint.toString() })
  // The SDK stamps local time; the gateway checks Beijing time (test/main/sandbox does the same).
  sdk.timestamp = () => formatTopTimestamp(new Date())
  const client = (who: string, top: typeof ours): Contender => ({
    async call() {
      const reply = await changeVoucherStatus(top, request(nextRequestId(who)))
      if (reply.data.result.result?.voucher_status_list.length !== 1) throw new Error(`${who}: unexpected reply`)
    },
  })
  return {
    ours: client('ours', ours),
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
    ours_fetch: client('ours_fetch', oursFetch),
    fetch: preparedContender('fetch', async (body) => (await fetch(endpoint, { method: 'POST', headers: FORM_HEADERS, body })).text()),
    http: preparedContender('http', async (body) => (await httpPost(agent, endpoint, body, FORM_HEADERS)).text),
    gateway: preparedContender('gateway', gateway),
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
  const agent = new Agent({ keepAlive: true, maxSockets: 8 })
  const local = await inProcessGateway()
  try {
    const all = contenders(url, agent, local.handle)
    const names = Object.keys(all)
    const cases: BenchCase[] = []
    for (const mode of [
      { label: 'seq', title: 'sequential', concurrency: 1, calls: ctx.quick ? 30 : 150 },
      { label: 'par8', title: '8 concurrent', concurrency: 8, calls: ctx.quick ? 80 : 400 },
    ]) {
      const rounds = ctx.quick ? 3 : 15
      ctx.log(`call: ${mode.title}, ${rounds} rounds × ${mode.calls} calls per contender (${names.join(', ')})`)
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
      const vsSdk = (name: string) => roundRatio(perSecond[name]!, perSecond.sdk!)
      const ratio = (name: string, metric: string, value: number) =>
        benchCase({ name: `call.${mode.label}.${name}`, metric, value, unit: '×', goal: null, better: 'higher' })
      cases.push(
        benchCase({
          name: `call.${mode.label}.vs_sdk`,
          metric: `calls/s ours ÷ ali-topsdk, ${mode.title} (ours ${cps.ours}/s, sdk ${cps.sdk}/s)`,
          value: vsSdk('ours'),
          unit: '×',
          // Not behind the official SDK (the old 3× was beyond the bare socket, floor_vs_sdk).
          goal: 1,
          better: 'higher',
        }),
        ratio(
          'floor_vs_sdk',
          `calls/s bare node:http (kept-alive) of a prepared body ÷ ali-topsdk: the most any client could gain over HTTP (http ${cps.http}/s)`,
          vsSdk('http'),
        ),
        ratio(
          'gateway_floor_vs_sdk',
          `calls/s of the gateway's handler alone, in process, no HTTP ÷ ali-topsdk: the bound if client and HTTP were free (${cps.gateway}/s)`,
          vsSdk('gateway'),
        ),
        ratio(
          'ours_fetch.vs_sdk',
          `calls/s ours on Node's fetch (the transport before) ÷ ali-topsdk (${cps.ours_fetch}/s)`,
          vsSdk('ours_fetch'),
        ),
        benchCase({
          name: `call.${mode.label}.vs_floor`,
          metric: 'calls/s ours ÷ bare kept-alive node:http of a prepared body (the floor)',
          value: roundRatio(perSecond.ours!, perSecond.http!),
          unit: '×',
          goal: 0.9,
          better: 'higher',
        }),
        ratio(
          'vs_bare_fetch',
          `calls/s ours ÷ bare fetch of a prepared body (fetch ${cps.fetch}/s)`,
          roundRatio(perSecond.ours!, perSecond.fetch!),
        ),
        benchCase({
          name: `call.${mode.label}.overhead_over_fetch_us`,
          metric: 'p50 latency ours − p50 bare fetch',
          value: (stats.ours!.p50 - stats.fetch!.p50) * 1000,
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
    agent.destroy()
    await local.gateway.stop()
    child.kill('SIGTERM')
  }
}
