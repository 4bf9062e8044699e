import { createRequire } from 'node:module'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { formatTopTimestamp } from '@main/top/timestamp'
import { SANDBOX_CREDENTIALS } from '@main/sandbox/credentials'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { independentSign, rawCall, type Json } from './helpers'

const require = createRequire(import.meta.url)
type SdkCallback = (error: unknown, response: Json) => void
const { ApiClient } = require('ali-topsdk') as {
  ApiClient: new (o: { appkey: string; appsecret: string; url: string }) => {
    execute(method: string, params: Record<string, unknown>, callback: SdkCallback): void
    timestamp(): string
  }
}

const METHOD = VOUCHER_STATUS_CHANGE.method
const PARAM = VOUCHER_STATUS_CHANGE.param
let seq = 0
const redeem = (voucherIds: string[] = ['880000000001']) =>
  JSON.stringify({
    customer_id: 'C10001',
    operator_id: 'op-1',
    request_id: `gw-${++seq}`,
    source: 'POS',
    voucher_id_list: voucherIds,
    voucher_status_action: 'NORMAL_ISUSED',
  })

let gateway: SandboxGateway
beforeEach(async () => {
  gateway = await startSandboxGateway({ control: true })
})
afterEach(async () => {
  await gateway.stop()
})

describe('another client: the official Node SDK', () => {
  it('redeems a voucher through ali-topsdk (md5, multipart form, wrapped JSON)', async () => {
    const sdk = new ApiClient({
      appkey: SANDBOX_CREDENTIALS.appKey,
      appsecret: SANDBOX_CREDENTIALS.appSecret,
      url: `${gateway.url}/router/rest`,
    })
    // The SDK stamps local time; the gateway wants Beijing time. Same fix our client has built in.
    sdk.timestamp = () => formatTopTimestamp(new Date())
    const response = await new Promise<Json>((resolve, reject) =>
      sdk.execute(METHOD, { [PARAM]: JSON.parse(redeem(['880000000002'])) }, (error, body) =>
        error ? reject(new Error(JSON.stringify(error))) : resolve(body),
      ),
    )
    expect(response.result.biz_success).toBe(true)
    expect(response.result.result.voucher_status_list.voucher_status).toEqual([
      { is_success: true, voucher_id: '880000000002', result_code: '0', result_desc: '使用成功', result_view: '使用成功' },
    ])
    expect(response.request_id).toMatch(/^[0-9a-z]+$/)
    expect(gateway.ledger.get('880000000002')?.state).toBe('ISUSED')
  })
})

describe('reply shapes', () => {
  it('wraps JSON in <method>_response with list wrappers and a trace id', async () => {
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem() })
    expect(reply.status).toBe(200)
    const body = reply.json!.alibaba_alsc_crm_voucher_status_change_response
    expect(body.result.result.voucher_status_list).toEqual({
      voucher_status: [expect.objectContaining({ voucher_id: '880000000001', is_success: true })],
    })
    expect(body.request_id).toEqual(expect.any(String))
  })

  it('simplify=true: no wrapper, plain arrays', async () => {
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem(), simplify: 'true' })
    expect(reply.json!.result.result.voucher_status_list).toEqual([expect.objectContaining({ voucher_id: '880000000001' })])
    expect(reply.json!.request_id).toEqual(expect.any(String))
  })

  it('answers XML by default, as TOP does', async () => {
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem(), format: undefined })
    expect(reply.contentType).toMatch(/^text\/xml/)
    expect(reply.text).toMatch(/^<\?xml[^>]*\?><alibaba_alsc_crm_voucher_status_change_response><result><biz_success>true<\/biz_success>/)
    expect(reply.text).toContain('<voucher_status_list><voucher_status><is_success>true</is_success><voucher_id>880000000001</voucher_id>')
    const error = await rawCall(gateway, { method: METHOD, format: 'xml', app_key: '1' })
    expect(error.text).toMatch(
      /<error_response><code>29<\/code><msg>Invalid app key<\/msg><request_id>\w+<\/request_id><\/error_response>$/,
    )
  })

  it('takes system parameters in the query with business ones in the body', async () => {
    const split = await rawCall(
      gateway,
      { method: METHOD, [PARAM]: redeem(['880000000002']) },
      { inQuery: ['method', 'app_key', 'timestamp', 'format', 'v', 'sign_method', 'sign'] },
    )
    expect(split.json!.alibaba_alsc_crm_voucher_status_change_response.result.biz_success).toBe(true)
  })
})

describe('platform checks: error_response with HTTP 200', () => {
  const later = formatTopTimestamp(new Date(Date.now() + 11 * 60_000))
  it.each([
    { label: 'no app key', override: { app_key: undefined }, code: 28, msg: 'Missing app key' },
    { label: 'unknown app key', override: { app_key: '12345' }, code: 29, msg: 'Invalid app key' },
    { label: 'no method', override: { method: undefined }, code: 21, msg: 'Missing method' },
    { label: 'unknown method', override: { method: 'taobao.time.get' }, code: 22, msg: 'Invalid method' },
    { label: 'no version', override: { v: undefined }, code: 32, msg: 'Missing version' },
    { label: 'old version', override: { v: '1.0' }, code: 34, msg: 'Unsupported version' },
    { label: 'no signature', override: {}, options: { unsigned: true }, code: 24, msg: 'Missing signature' },
    { label: 'wrong secret', override: {}, options: { secret: 'wrong' }, code: 25, msg: 'Invalid signature' },
    { label: 'unknown sign method', override: { sign_method: 'sha1' }, options: { unsigned: true }, code: 25, msg: 'Invalid signature' },
    { label: 'no timestamp', override: { timestamp: undefined }, code: 30, msg: 'Missing timestamp' },
    { label: 'timestamp in milliseconds', override: { timestamp: String(Date.now()) }, code: 31, msg: 'Invalid timestamp' },
    { label: 'timestamp 11 minutes ahead', override: { timestamp: later }, code: 31, msg: 'Invalid timestamp' },
  ])('$label → $code', async ({ override, options, code, msg }) => {
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem(), ...override }, options)
    expect(reply.status).toBe(200)
    expect(reply.json!.error_response).toMatchObject({ code, msg, request_id: expect.any(String) })
    expect(gateway.calls.at(-1)).toMatchObject({ outcome: 'error', code })
    expect(gateway.ledger.log).toHaveLength(0)
  })

  it('an unknown format → 23, answered in the default XML', async () => {
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem(), format: 'yaml' })
    expect(reply.text).toContain('<error_response><code>23</code><msg>Invalid format</msg>')
  })

  it('signs with every method', async () => {
    for (const signMethod of ['md5', 'hmac', 'hmac-sha256'] as const) {
      const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem([]) }, { signMethod })
      // An empty list passes the signature and reaches the parameter check.
      expect(reply.json!.error_response).toMatchObject({ code: 15, sub_code: 'isv.invalid-parameter' })
    }
  })

  it('answers 404 off /router/rest', async () => {
    expect((await fetch(`${gateway.url}/other`)).status).toBe(404)
  })

  it('compares sign case-sensitively: the right signature in lowercase hex is refused', async () => {
    const signed = await rawCall(gateway, { method: METHOD, [PARAM]: redeem([]) })
    expect(signed.json!.error_response.code).toBe(15) // the signature was right
    const params = {
      app_key: gateway.credentials.appKey,
      timestamp: formatTopTimestamp(new Date()),
      format: 'json',
      v: '2.0',
      sign_method: 'md5',
      method: METHOD,
    }
    const sign = independentSign(params, gateway.credentials.appSecret, 'md5')
    const post = (s: string) =>
      fetch(`${gateway.url}/router/rest`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: new URLSearchParams({ ...params, sign: s }).toString(),
      }).then((r) => r.json() as Promise<Json>)
    expect((await post(sign)).error_response).toMatchObject({ code: 40 }) // signed fine, no request object
    expect((await post(sign.toLowerCase())).error_response).toMatchObject({ code: 25, msg: 'Invalid signature' })
  })

  it("27 carries the gateway's sub_code for an invalid session", async () => {
    const reply = await rawCall(gateway, {
      method: 'alibaba.wdk.coupon.template.query',
      session: 'expired',
      param_coupon_template_query_request: '{"id":1}',
    })
    expect(reply.json!.error_response).toMatchObject({ code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey' })
  })
})

describe('business idempotency at the gateway', () => {
  it('a reused request_id gets the first answer back, whatever it carries', async () => {
    const first = JSON.parse(redeem(['880000000001']))
    await rawCall(gateway, { method: METHOD, [PARAM]: JSON.stringify(first) })
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(first).reverse()))
    const replay = await rawCall(gateway, { method: METHOD, [PARAM]: reordered })
    expect(replay.json!.alibaba_alsc_crm_voucher_status_change_response.result.biz_success).toBe(true)
    const other = await rawCall(gateway, { method: METHOD, [PARAM]: JSON.stringify({ ...first, voucher_id_list: ['880000000002'] }) })
    expect(other.json!.alibaba_alsc_crm_voucher_status_change_response.result).toEqual(
      replay.json!.alibaba_alsc_crm_voucher_status_change_response.result,
    )
    expect(gateway.ledger.get('880000000002')?.state).toBe('NORMAL')
    expect(gateway.calls.map((c) => [c.outcome, c.businessKey])).toEqual([
      ['ok', first.request_id],
      ['replayed', first.request_id],
      ['replayed', first.request_id],
    ])
    expect(gateway.ledger.actionCount('880000000001', 'NORMAL_ISUSED')).toBe(1)
  })
})

describe('network faults and restarts', () => {
  it('keeps its state across stop() and start() on the same port', async () => {
    await rawCall(gateway, { method: METHOD, [PARAM]: redeem(['880000000001']) })
    const port = gateway.port
    await gateway.stop()
    expect(gateway.online).toBe(false)
    await expect(fetch(`${gateway.url}/router/rest`)).rejects.toThrow()
    await gateway.start()
    expect(gateway.port).toBe(port)
    expect(gateway.ledger.get('880000000001')?.state).toBe('ISUSED')
  })

  it('goOffline(ms) comes back by itself', async () => {
    await gateway.goOffline(100)
    expect(gateway.online).toBe(false)
    await expect.poll(() => gateway.online, { timeout: 2000 }).toBe(true)
  })
})

describe('control API', () => {
  const postFaults = (body: unknown, contentType = 'application/json') =>
    fetch(`${gateway.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) })

  it('shows the state', async () => {
    await rawCall(gateway, { method: METHOD, [PARAM]: redeem(['880000000001']) })
    const state = (await (await fetch(`${gateway.url}/__sandbox/state`)).json()) as Json
    expect(state.online).toBe(true)
    expect(state.vouchers).toContainEqual(expect.objectContaining({ voucherId: '880000000001', customerId: 'C10001', state: 'ISUSED' }))
    expect(state.actions).toEqual([expect.objectContaining({ voucherId: '880000000001', action: 'NORMAL_ISUSED', resultCode: '0' })])
    expect(state.calls).toEqual([expect.objectContaining({ method: METHOD, outcome: 'ok' })])
    expect(state.templates).toEqual([expect.objectContaining({ id: '9007199254740993' })])
  })

  it('sets faults from JSON only', async () => {
    expect((await postFaults({ ispErrors: 1 }, 'text/plain')).status).toBe(415)
    expect((await postFaults({ ispErrors: 'lots' })).status).toBe(400)
    const set = await postFaults({ ispErrors: 1, method: METHOD })
    expect(set.status).toBe(200)
    expect(((await set.json()) as Json).faults.counted).toEqual([{ kind: 'isp-error', remaining: 1, method: METHOD }])
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem() })
    expect(reply.json!.error_response).toMatchObject({ code: 50, sub_code: 'isp.top-remote-service-unavailable' })
  })

  it('turns request_id deduplication off and on', async () => {
    expect(gateway.ledger.deduplicateRequestIds).toBe(true)
    const off = await postFaults({ deduplicateRequestIds: false })
    expect(((await off.json()) as Json).deduplicateRequestIds).toBe(false)
    const body = redeem(['880000000002'])
    await rawCall(gateway, { method: METHOD, [PARAM]: body })
    const repeat = await rawCall(gateway, { method: METHOD, [PARAM]: body })
    expect(repeat.json!.alibaba_alsc_crm_voucher_status_change_response.result.result.voucher_status_list.voucher_status[0]).toMatchObject({
      is_success: false,
      result_code: 'VOUCHER_ALREADY_USED',
    })
    expect(((await (await fetch(`${gateway.url}/__sandbox/state`)).json()) as Json).deduplicateRequestIds).toBe(false)
    await postFaults({ deduplicateRequestIds: true })
    expect(gateway.ledger.deduplicateRequestIds).toBe(true)
  })

  it('takes the gateway offline for a while', async () => {
    expect((await postFaults({ offlineMs: 150 })).status).toBe(200)
    await expect.poll(() => gateway.online).toBe(false)
    await expect.poll(() => gateway.online, { timeout: 2000 }).toBe(true)
  })

  it('is not served unless asked for', async () => {
    const plain = await startSandboxGateway()
    try {
      expect((await fetch(`${plain.url}/__sandbox/state`)).status).toBe(404)
    } finally {
      await plain.stop()
    }
  })
})

describe('a door on the PC: only our client gets in', () => {
  it('refuses a signed GET (a browser page can send one) and changes nothing', async () => {
    const reply = await rawCall(gateway, { method: METHOD, [PARAM]: redeem(['880000000001']) }, { httpMethod: 'GET' })
    expect(reply.status).toBe(405)
    expect(gateway.ledger.get('880000000001')?.state).toBe('NORMAL')
    expect(gateway.calls).toHaveLength(0)
  })

  it('refuses a foreign Host (DNS rebinding) before reading the request', async () => {
    const { request } = await import('node:http')
    const params = {
      app_key: gateway.credentials.appKey,
      timestamp: formatTopTimestamp(new Date()),
      format: 'json',
      v: '2.0',
      sign_method: 'md5',
      method: METHOD,
      [PARAM]: redeem(['880000000001']),
    }
    const body = new URLSearchParams({ ...params, sign: independentSign(params, gateway.credentials.appSecret, 'md5') }).toString()
    const send = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: gateway.port,
            path: '/router/rest',
            method: 'POST',
            headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end(body)
      })
    expect(await send('rebind.attacker.example')).toBe(403)
    expect(await send(`localhost:${gateway.port}`)).toBe(403)
    expect(gateway.ledger.get('880000000001')?.state).toBe('NORMAL')
    expect(await send(`127.0.0.1:${gateway.port}`)).toBe(200)
    expect(gateway.ledger.get('880000000001')?.state).toBe('ISUSED')
  })

  it('keeps only the most recent calls (a bounded log)', async () => {
    const small = await startSandboxGateway({ callLogLimit: 3 })
    try {
      for (let i = 0; i < 5; i++) await rawCall(small, { method: METHOD, [PARAM]: redeem([`88000000900${i}`]) })
      expect(small.calls.map((c) => c.seq)).toEqual([3, 4, 5])
      expect(small.requestsReceived).toBe(5)
    } finally {
      await small.stop()
    }
  })
})

describe("the official SDK signs with every method (its md5, the protocol notes' hmac and hmac-sha256)", () => {
  it.each(['md5', 'hmac', 'hmac-sha256'] as const)('%s', async (signMethod) => {
    const sdk = new ApiClient({
      appkey: SANDBOX_CREDENTIALS.appKey,
      appsecret: SANDBOX_CREDENTIALS.appSecret,
      url: `${gateway.url}/router/rest`,
    })
    sdk.timestamp = () => formatTopTimestamp(new Date())
    // ali-topsdk signs md5 only; for the HMACs its sign() is replaced by the test's own, from top-protocol.md.
    if (signMethod !== 'md5') {
      ;(sdk as unknown as { sign: (p: Record<string, string>) => string }).sign = (p) =>
        independentSign(p, SANDBOX_CREDENTIALS.appSecret, signMethod)
    }
    const response = await new Promise<Json>((resolve, reject) =>
      sdk.execute(METHOD, { sign_method: signMethod, [PARAM]: JSON.parse(redeem(['880000000003'])) }, (error, body) =>
        error ? reject(new Error(JSON.stringify(error))) : resolve(body),
      ),
    )
    expect(response.result.result.voucher_status_list.voucher_status[0]).toMatchObject({ is_success: true, voucher_id: '880000000003' })
    // And with the wrong secret the same SDK is refused.
    const wrong = new ApiClient({ appkey: SANDBOX_CREDENTIALS.appKey, appsecret: 'wrong', url: `${gateway.url}/router/rest` })
    wrong.timestamp = () => formatTopTimestamp(new Date())
    if (signMethod !== 'md5') {
      ;(wrong as unknown as { sign: (p: Record<string, string>) => string }).sign = (p) => independentSign(p, 'wrong', signMethod)
    }
    const refused = await new Promise<Json>((resolve) =>
      wrong.execute(METHOD, { sign_method: signMethod, [PARAM]: JSON.parse(redeem(['880000000002'])) }, (error) => resolve(error)),
    )
    expect(refused).toMatchObject({ code: 25 })
  })
})
