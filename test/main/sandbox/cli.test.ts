import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { TEMPLATE_UPDATE, VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { formatTopTimestamp } from '@main/top/timestamp'
import { readSandboxBanner, type SandboxBannerFacts } from '@main/sandbox/banner'
import type { Json } from './helpers'

/**
 * `npm run sandbox` as a user runs it: the real CLI in its own process, on a free port, called
 * by the official Node SDK (ali-topsdk) with nothing but what the CLI printed.
 */
const require = createRequire(import.meta.url)
type SdkCallback = (error: unknown, response: Json) => void
const { ApiClient } = require('ali-topsdk') as {
  ApiClient: new (o: { appkey: string; appsecret: string; url: string }) => {
    execute(method: string, params: Record<string, unknown>, callback: SdkCallback): void
    timestamp(): string
  }
}

const ROOT = resolve(import.meta.dirname, '../../..')

interface RunningCli {
  child: ChildProcess
  facts: SandboxBannerFacts
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

let running: RunningCli | undefined
afterEach(() => {
  // A failed test must not leave a gateway running.
  if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL')
  running = undefined
})

async function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/sandbox/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  )
  const facts = await new Promise<SandboxBannerFacts>((resolveFacts, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox CLI printed no banner within 30 s:\n${out}`)), 30_000)
    const check = () => {
      const read = readSandboxBanner(out)
      if (read) {
        clearTimeout(timer)
        resolveFacts(read)
      }
    }
    child.stdout.on('data', check)
    void exited.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`the sandbox CLI exited with ${code} before its banner:\n${out}`))
    })
  })
  running = { child, facts, output: () => out, exited }
  return running
}

function sdkCall(
  sdk: InstanceType<typeof ApiClient>,
  method: string,
  params: Record<string, unknown>,
): Promise<{ error: Json; body: Json }> {
  return new Promise((done) => sdk.execute(method, params, (error, body) => done({ error, body })))
}

describe('npm run sandbox, called by the official SDK', () => {
  it('prints what a TOP client needs, serves ali-topsdk with it, and stops cleanly on Ctrl+C', async () => {
    const cli = await startCli(['--port', '0', '--control'])
    const { endpoint, appKey, appSecret, sessionKey } = cli.facts
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/router\/rest$/)
    expect(endpoint).not.toMatch(/:0\//) // --port 0 picked a real port
    expect(cli.output()).toContain('Demo vouchers')
    // The human layout is what bench/cases/call.ts reads the URL from, too.
    expect(/Gateway URL\s+(http:\/\/[^\s]+)\/router\/rest/.exec(cli.output())?.[1]).toBe(endpoint.replace('/router/rest', ''))

    const sdk = new ApiClient({ appkey: appKey, appsecret: appSecret, url: endpoint })
    // The SDK stamps the PC's local time; the gateway wants Beijing time (as our client sends it).
    sdk.timestamp = () => formatTopTimestamp(new Date())

    const redeem = (requestId: string) => ({
      [VOUCHER_STATUS_CHANGE.param]: {
        customer_id: 'C10001',
        operator_id: 'op-1',
        request_id: requestId,
        source: 'POS',
        voucher_id_list: ['880000000004'],
        voucher_status_action: 'NORMAL_ISUSED',
      },
    })
    const redeemed = await sdkCall(sdk, VOUCHER_STATUS_CHANGE.method, redeem('cli-1'))
    expect(redeemed.error).toBeNull()
    expect(redeemed.body.result.biz_success).toBe(true)
    expect(redeemed.body.result.result.voucher_status_list.voucher_status).toEqual([
      { is_success: true, voucher_id: '880000000004', result_code: '0', result_desc: '使用成功', result_view: '使用成功' },
    ])
    // The same voucher again, under a new request_id: the gateway remembers it was used.
    const again = await sdkCall(sdk, VOUCHER_STATUS_CHANGE.method, redeem('cli-2'))
    expect(again.body.result.result.voucher_status_list.voucher_status[0]).toMatchObject({
      is_success: false,
      voucher_id: '880000000004',
    })

    const template = structuredClone(VALID_TEMPLATE_EXAMPLE)
    template.coupon_template.common_config.title = '满100减10（SDK 修改）'
    const updated = await sdkCall(sdk, TEMPLATE_UPDATE.method, { session: sessionKey, [TEMPLATE_UPDATE.param]: template })
    expect(updated.error).toBeNull()
    expect(updated.body.result).toMatchObject({ success: true })
    // Without the printed session key the template API refuses, as TOP does.
    const unauthorised = await sdkCall(sdk, TEMPLATE_UPDATE.method, { [TEMPLATE_UPDATE.param]: template })
    expect(unauthorised.error).toMatchObject({ code: 26, msg: 'Missing session' })

    const state = (await (await fetch(endpoint.replace('/router/rest', '/__sandbox/state'))).json()) as Json
    expect(state.vouchers).toContainEqual(expect.objectContaining({ voucherId: '880000000004', customerId: 'C10001', state: 'ISUSED' }))
    expect(state.templates).toContainEqual(
      expect.objectContaining({
        id: VALID_TEMPLATE_EXAMPLE.coupon_template.id,
        version: 2,
        template: expect.objectContaining({ common_config: expect.objectContaining({ title: '满100减10（SDK 修改）' }) }),
      }),
    )

    cli.child.kill('SIGINT')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toContain('SIGINT: stopping the sandbox gateway')
    await expect(fetch(endpoint, { method: 'POST' })).rejects.toThrow()
  }, 60_000)

  it('refuses a port that is not one, with a message and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/sandbox/cli.ts', '--port', 'eighty'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.once('exit', done))
    expect(code).toBe(2)
    expect(err).toContain('--port must be a port number')
  }, 30_000)
})
