import { createServer, type AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { CouponTemplateOperateRequestSchema, TemplateUpdateResponseSchema } from '@contract/api/template'
import { VoucherStatusChangeResponseSchema } from '@contract/api/voucher'
import { changeVoucherStatus, createTemplate, TEMPLATE_UPDATE, updateTemplate, VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { routerUrl } from '@main/top/client'
import { topIpcError } from '@main/ipc/top-error'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'
import { UNTIMED_BAN_WAIT_SECONDS } from '@main/top/retry'
import { SIGN_METHODS } from '@main/top/sign'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import {
  EN_MESSAGES,
  expectTranslated,
  fakeClock,
  recordingFetch,
  redeemRequest,
  renderMessage,
  sandboxClient,
  ZH_MESSAGES,
} from './fixtures'

const VOUCHER_PARAM = VOUCHER_STATUS_CHANGE.param
const template = () => CouponTemplateOperateRequestSchema.parse(VALID_TEMPLATE_EXAMPLE)
/** The template request under another submission's unique_id. */
const withKey = (uniqueId: string) => {
  const request = template()
  return { ...request, coupon_template: { ...request.coupon_template, unique_id: uniqueId } }
}

let gateway: SandboxGateway
beforeEach(async () => {
  gateway = await startSandboxGateway()
})
afterEach(async () => {
  await gateway.stop()
})

/** The promise's rejection, which must be an instance of `type`. */
async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(type)
  return error as E
}

describe('round trips against the sandbox gateway', () => {
  const combinations = SIGN_METHODS.flatMap((signMethod) => [false, true].map((simplify) => ({ signMethod, simplify })))

  it.each(combinations)('redeems a voucher ($signMethod, simplify=$simplify)', async ({ signMethod, simplify }) => {
    const client = sandboxClient(gateway, { signMethod, simplify })
    const { data, attempts, gatewayRequestId } = await changeVoucherStatus(
      client,
      redeemRequest({ voucher_id_list: ['880000000001', '880000000002'] }),
    )
    expect(attempts).toBe(1)
    expect(gatewayRequestId).toMatch(/^[0-9a-z]+$/)
    expect(data.result.biz_success).toBe(true)
    expect(data.result.result?.voucher_status_list).toEqual([
      { is_success: true, voucher_id: '880000000001', result_code: '0', result_desc: '使用成功', result_view: '使用成功' },
      { is_success: true, voucher_id: '880000000002', result_code: '0', result_desc: '使用成功', result_view: '使用成功' },
    ])
    expect(gateway.ledger.get('880000000001')?.state).toBe('ISUSED')
  })

  it.each(combinations)('updates and creates templates ($signMethod, simplify=$simplify)', async ({ signMethod, simplify }) => {
    const client = sandboxClient(gateway, { signMethod, simplify })
    const updated = await updateTemplate(client, template())
    expect(updated.data.result).toEqual({ success: true, model: '9007199254740993' })
    expect(gateway.templates.get('9007199254740993')?.version).toBe(2)

    const { id: _existing, unique_id: _key, ...fresh } = template().coupon_template
    const created = await createTemplate(client, { coupon_template: fresh })
    const newId = created.data.result.model!.id!
    expect(created.data.result.model?.source_id).toMatch(/^\d{16,}$/)
    // The sandbox numbers new templates from 9007199254741001 (odd, above 2^53): a client that
    // went through a JS number would read it as …1000.
    expect(newId).toBe('9007199254741001')
    expect(Number(newId).toString()).not.toBe(newId)
    expect(gateway.templates.get(newId)?.template.common_config.title).toBe('满100减10')
  })

  it('reverses a redemption: a new voucher id comes back and can itself be redeemed', async () => {
    const client = sandboxClient(gateway)
    const reverse = await changeVoucherStatus(
      client,
      redeemRequest({ voucher_id_list: ['880000000006'], voucher_status_action: 'ISUSED_NORMAL' }),
    )
    const [reissued] = reverse.data.result.result!.voucher_status_list
    expect(reissued).toMatchObject({ is_success: true, result_code: '0' })
    expect(reissued!.voucher_id).not.toBe('880000000006')

    const redeem = await changeVoucherStatus(client, redeemRequest({ voucher_id_list: [reissued!.voucher_id] }))
    expect(redeem.data.result.result!.voucher_status_list[0]).toMatchObject({ is_success: true, voucher_id: reissued!.voucher_id })
  })

  it('a repeated request_id gets the same answer and acts once, even with another payload (the key alone counts)', async () => {
    const client = sandboxClient(gateway)
    const request = redeemRequest({ voucher_id_list: ['880000000002'] })
    const first = await changeVoucherStatus(client, request)
    const again = await changeVoucherStatus(client, { ...request })
    expect(again.data).toEqual(first.data)
    expect(gateway.ledger.actionCount('880000000002', 'NORMAL_ISUSED')).toBe(1)

    const reused = await changeVoucherStatus(client, { ...request, voucher_id_list: ['880000000003'] })
    expect(reused.data).toEqual(first.data)
    expect(gateway.ledger.actionCount('880000000003', 'NORMAL_ISUSED')).toBe(0)
    expect(gateway.calls.map((c) => c.outcome)).toEqual(['ok', 'replayed', 'replayed'])
  })

  it('accepts the gateway URL with or without /router/rest', () => {
    expect(routerUrl('https://gw.api.taobao.com')).toBe('https://gw.api.taobao.com/router/rest')
    expect(routerUrl('https://gw.api.taobao.com/')).toBe('https://gw.api.taobao.com/router/rest')
    expect(routerUrl('https://gw.api.taobao.com/router/rest')).toBe('https://gw.api.taobao.com/router/rest')
    expect(routerUrl('http://127.0.0.1:8830/router/rest/')).toBe('http://127.0.0.1:8830/router/rest')
  })

  it('sends the documented system parameters, a session only where needed, and no invented keys', async () => {
    const { fetchImpl, bodies } = recordingFetch()
    const client = sandboxClient(gateway, { fetchImpl, simplify: true, signMethod: 'md5' })
    const request = redeemRequest()
    await changeVoucherStatus(client, request)
    await updateTemplate(client, template())
    const [voucher, tpl] = bodies
    expect(Object.keys(voucher!).sort()).toEqual(
      ['app_key', 'format', 'method', VOUCHER_PARAM, 'sign', 'sign_method', 'simplify', 'timestamp', 'v'].sort(),
    )
    expect(voucher).toMatchObject({ app_key: '10000001', format: 'json', v: '2.0', sign_method: 'md5', simplify: 'true' })
    expect(voucher!.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(JSON.parse(voucher![VOUCHER_PARAM]!)).toEqual(request)
    expect(tpl!.session).toBe(gateway.credentials.sessionKey)
    // The 64-bit template id travels as a bare JSON number, digit for digit.
    expect(tpl![TEMPLATE_UPDATE.param]).toContain('"id":9007199254740993')
  })
})

describe('platform errors, typed and translated', () => {
  it('25: a wrong secret is a signature error and is not retried', async () => {
    const client = sandboxClient(gateway, { appSecret: 'not-the-secret' })
    const error = await rejection(changeVoucherStatus(client, redeemRequest()), TopError)
    expect(error).toMatchObject({ code: 25, retryClass: 'signature', messageKey: 'top.error.signature' })
    expect(error.gatewayRequestId).toBeDefined()
    expect(gateway.calls).toHaveLength(1)
    expectTranslated(error)
  })

  it('31: a clock an hour fast is a clock error that says "ahead by 1 hour", from the measured offset', async () => {
    const client = sandboxClient(gateway, { now: () => new Date(Date.now() + 3_600_000) })
    const error = await rejection(changeVoucherStatus(client, redeemRequest()), TopError)
    expect(error).toMatchObject({ code: 31, retryClass: 'clock', messageKey: 'top.error.clock.ahead.hours' })
    // The Date header has whole seconds, so the offset is -3600 or a second more.
    expect(error.clockOffsetSeconds).toBeGreaterThanOrEqual(-3602)
    expect(error.clockOffsetSeconds).toBeLessThanOrEqual(-3600)
    expect(error.messageParams).toEqual({ hours: 1, minutes: 0 })
    expect(renderMessage(ZH_MESSAGES, error)).toContain('本机时间比开放平台快 1 小时 0 分')
    expect(renderMessage(EN_MESSAGES, error)).toContain('1 h 0 min ahead')
    expect(gateway.calls).toHaveLength(1)
    expectTranslated(error)
  })

  it('29: an unknown app key', async () => {
    const error = await rejection(changeVoucherStatus(sandboxClient(gateway, { appKey: '99999999' }), redeemRequest()), TopError)
    expect(error).toMatchObject({ code: 29, retryClass: 'platform', messageKey: 'top.error.appKey.invalid' })
    expectTranslated(error)
  })

  it('26/27: the template API without a session, or with a wrong one', async () => {
    const missing = await rejection(updateTemplate(sandboxClient(gateway, { session: undefined }), template()), TopError)
    expect(missing).toMatchObject({ code: 26, retryClass: 'session', messageKey: 'top.error.session.missing' })
    expectTranslated(missing)

    const invalid = await rejection(updateTemplate(sandboxClient(gateway, { session: 'expired' }), template()), TopError)
    expect(invalid).toMatchObject({ code: 27, retryClass: 'session', messageKey: 'top.error.session.invalid' })
    expectTranslated(invalid)
    expect(gateway.calls).toHaveLength(2)
  })

  it('a missing required field: the service refuses it (15, isv.missing-parameter), named in sub_msg; no object at all is 40', async () => {
    const client = sandboxClient(gateway)
    const { customer_id: _omitted, ...request } = redeemRequest()
    const error = await rejection(
      client.call(VOUCHER_STATUS_CHANGE.method, { [VOUCHER_PARAM]: request }, { responseSchema: VoucherStatusChangeResponseSchema }),
      TopError,
    )
    expect(error).toMatchObject({
      code: 15,
      subCode: 'isv.missing-parameter',
      subMsg: `${VOUCHER_PARAM}.customer_id`,
      retryClass: 'caller',
      messageKey: 'top.error.caller.missingParameter',
    })
    expect(error.messageParams).toEqual({ detail: `${VOUCHER_PARAM}.customer_id` })
    expectTranslated(error)

    const noParam = await rejection(
      client.call(VOUCHER_STATUS_CHANGE.method, {}, { responseSchema: VoucherStatusChangeResponseSchema }),
      TopError,
    )
    expect(noParam).toMatchObject({ code: 40, msg: `Missing required arguments:${VOUCHER_PARAM}`, retryClass: 'caller' })
  })

  it('an invalid field value (15, isv.invalid-parameter), named in sub_msg, never retried', async () => {
    const client = sandboxClient(gateway)
    const error = await rejection(
      client.call(
        VOUCHER_STATUS_CHANGE.method,
        { [VOUCHER_PARAM]: { ...redeemRequest(), voucher_status_action: 'REDEEM_TWICE' } },
        { responseSchema: VoucherStatusChangeResponseSchema },
      ),
      TopError,
    )
    expect(error).toMatchObject({ code: 15, subCode: 'isv.invalid-parameter', messageKey: 'top.error.caller.invalidParameter' })
    expect(error.subMsg).toContain(`${VOUCHER_PARAM}.voucher_status_action`)
    expect(gateway.calls).toHaveLength(1)
    expectTranslated(error)
  })

  it('a reply that does not match the response schema is a TopResponseError', async () => {
    const client = sandboxClient(gateway)
    const error = await rejection(
      client.call(VOUCHER_STATUS_CHANGE.method, { [VOUCHER_PARAM]: redeemRequest() }, { responseSchema: TemplateUpdateResponseSchema }),
      TopResponseError,
    )
    expect(error.issues.map((i) => i.path.join('.'))).toContain('result.success')
    expect(error.gatewayRequestId).toBeDefined()
    expect(error.messageKey).toBe('top.error.response')
    expectTranslated(error)
  })
})

describe('retries', () => {
  // The client's own repeats, on a write whose idempotency key the platform documents
  // (template update: `unique_id`, 幂等id, and the sandbox answers a repeat with the first answer).
  it('isp.* errors are retried with exponential backoff, then succeed', async () => {
    const clock = fakeClock()
    gateway.faults.ispErrors(2)
    const client = sandboxClient(gateway, { ...clock, backoffMs: 100 })
    const result = await updateTemplate(client, template())
    expect(result.attempts).toBe(3)
    expect(clock.sleeps).toEqual([100, 200])
    expect(gateway.calls.map((c) => c.subCode ?? c.outcome)).toEqual([
      'isp.top-remote-service-unavailable',
      'isp.top-remote-service-unavailable',
      'ok',
    ])
  })

  it('gives up after maxAttempts with the last isp error', async () => {
    gateway.faults.ispErrors(5)
    const error = await rejection(updateTemplate(sandboxClient(gateway), template()), TopError)
    expect(error).toMatchObject({ code: 50, retryClass: 'server', messageKey: 'top.error.server' })
    expect(gateway.calls).toHaveLength(3)
    expectTranslated(error)
  })

  it('code 7: waits out a short ban, then succeeds', async () => {
    const clock = fakeClock()
    gateway = await restartWith({ now: clock.now })
    gateway.faults.ban(3)
    const result = await changeVoucherStatus(sandboxClient(gateway, clock), redeemRequest())
    expect(result.attempts).toBe(2)
    expect(clock.sleeps).toEqual([3000])
    expect(gateway.calls[0]).toMatchObject({ code: 7, subCode: 'accesscontrol.limited-by-api-access-count' })
  })

  it('code 7: reports a ban longer than maxBanWaitSeconds instead of waiting, with when to come back', async () => {
    const clock = fakeClock()
    gateway = await restartWith({ now: clock.now })
    gateway.faults.ban(90)
    const client = sandboxClient(gateway, { ...clock, maxBanWaitSeconds: 10 })
    const error = await rejection(changeVoucherStatus(client, redeemRequest()), TopError)
    expect(error).toMatchObject({ code: 7, retryClass: 'ban', banSeconds: 90, messageKey: 'top.error.ban.timed.minutes' })
    expect(error.retryAfter).toEqual(new Date(clock.now().getTime() + 90_000))
    expect(topIpcError(error)).toMatchObject({
      key: 'top.error.ban.timed.minutes',
      params: { minutes: 1, seconds: 30 },
      top: { code: 7, banSeconds: 90, retryAfter: error.retryAfter!.toISOString() },
    })
    expect(renderMessage(ZH_MESSAGES, error)).toContain('请 1 分 30 秒后再试')
    expect(clock.sleeps).toEqual([])
    expect(gateway.calls).toHaveLength(1)
    expectTranslated(error)
  })

  it('code 7 without a ban length: waits the default once, then succeeds', async () => {
    const clock = fakeClock()
    const { fetchImpl, intercepted } = interceptFirst(1, UNTIMED_BAN)
    const result = await changeVoucherStatus(sandboxClient(gateway, { ...clock, fetchImpl }), redeemRequest())
    expect(result.attempts).toBe(2)
    expect(clock.sleeps).toEqual([UNTIMED_BAN_WAIT_SECONDS * 1000])
    expect(intercepted()).toBe(1)
    expect(gateway.calls.map((c) => c.outcome)).toEqual(['ok'])
  })

  it('code 7 without a ban length twice: waits once only, then reports the ban', async () => {
    const clock = fakeClock()
    const { fetchImpl, intercepted } = interceptFirst(5, UNTIMED_BAN)
    const error = await rejection(changeVoucherStatus(sandboxClient(gateway, { ...clock, fetchImpl }), redeemRequest()), TopError)
    expect(error).toMatchObject({ code: 7, retryClass: 'ban', messageKey: 'top.error.ban.untimed' })
    expect(error.retryAfter).toBeUndefined()
    expect(clock.sleeps).toEqual([UNTIMED_BAN_WAIT_SECONDS * 1000])
    expect(intercepted()).toBe(2)
  })

  it('code 15 with an isp.* sub-code is retried like code 50 with isp.* (the service’s own fault)', async () => {
    const { fetchImpl, intercepted } = interceptFirst(5, {
      code: 15,
      msg: 'Remote service error',
      sub_code: 'isp.remote-service-error',
      sub_msg: '后端服务异常',
    })
    const error = await rejection(updateTemplate(sandboxClient(gateway, { fetchImpl }), template()), TopError)
    expect(error).toMatchObject({ code: 15, retryClass: 'server', messageKey: 'top.error.server' })
    expect(intercepted()).toBe(3)
    expectTranslated(error)
  })

  it('HTTP 5xx is retried', async () => {
    gateway.faults.httpErrors(2, 502)
    const result = await updateTemplate(sandboxClient(gateway), template())
    expect(result.attempts).toBe(3)
    expect(gateway.calls.map((c) => c.outcome)).toEqual(['http-error', 'http-error', 'ok'])
  })

  it('HTTP 5xx every time ends as an outcome-unknown transport error', async () => {
    gateway.faults.httpErrors(3, 500)
    const error = await rejection(updateTemplate(sandboxClient(gateway), template()), TopTransportError)
    expect(error).toMatchObject({ failure: 'http-status', status: 500, sent: true })
    expectTranslated(error)
  })

  it('commit-then-drop: the retry resends the same unique_id and the template is changed exactly once', async () => {
    const clock = fakeClock()
    const { fetchImpl, bodies } = recordingFetch()
    gateway.faults.dropAfterCommit(1)
    // A whole second of backoff, so the fresh timestamp (second resolution) must differ.
    const client = sandboxClient(gateway, { ...clock, fetchImpl, backoffMs: 1000 })
    const request = template()

    const { data, attempts } = await updateTemplate(client, request)

    expect(attempts).toBe(2)
    expect(data.result).toMatchObject({ success: true, model: '9007199254740993' })
    expect(gateway.templates.applicationsOf(request.coupon_template.unique_id!)).toBe(1)
    expect(gateway.calls.map((c) => [c.outcome, c.businessKey])).toEqual([
      ['dropped', request.coupon_template.unique_id],
      ['replayed', request.coupon_template.unique_id],
    ])
    // Re-signed with a fresh timestamp, business payload byte for byte the same.
    expect(bodies[1]![TEMPLATE_UPDATE.param]).toBe(bodies[0]![TEMPLATE_UPDATE.param])
    expect(bodies[1]!.timestamp).not.toBe(bodies[0]!.timestamp)
    expect(bodies[1]!.sign).not.toBe(bodies[0]!.sign)
  })

  it('says whether an earlier attempt may have been acted on: after a dropped reply or an isp.* fault, not after a ban', async () => {
    const clock = fakeClock()
    gateway = await restartWith({ now: clock.now })
    const client = sandboxClient(gateway, clock)
    const first = await updateTemplate(client, withKey('first'))
    expect(first).toMatchObject({ attempts: 1, maybeDeliveredEarlier: false })
    gateway.faults.dropAfterCommit(1)
    const dropped = await updateTemplate(client, withKey('dropped'))
    expect(dropped).toMatchObject({ attempts: 2, maybeDeliveredEarlier: true })
    gateway.faults.ispErrors(1)
    const fault = await updateTemplate(client, withKey('fault'))
    expect(fault).toMatchObject({ attempts: 2, maybeDeliveredEarlier: true })
    gateway.faults.ban(1)
    const banned = await updateTemplate(client, withKey('banned'))
    expect(banned).toMatchObject({ attempts: 2, maybeDeliveredEarlier: false })
  })

  it('a refusal after an attempt that may have been acted on carries maybeDeliveredEarlier; a first refusal does not', async () => {
    const refusal = { code: 40, msg: 'Missing required arguments', sub_code: 'isv.missing-parameter' }
    const plain = interceptFirst(1, refusal)
    const first = await rejection(updateTemplate(sandboxClient(gateway, { fetchImpl: plain.fetchImpl }), template()), TopError)
    expect(first).toMatchObject({ code: 40, maybeDeliveredEarlier: false })

    // The first attempt is applied and its reply dropped; the repeat is refused by the gateway.
    gateway.faults.dropAfterCommit(1)
    let seen = 0
    const fetchImpl = async (input: string, init: RequestInit) => {
      if (++seen === 1) return fetch(input, init)
      return new Response(JSON.stringify({ error_response: { ...refusal, request_id: 'stub' } }), {
        headers: { 'content-type': 'application/json' },
      })
    }
    const request = withKey('refused-repeat')
    const repeat = await rejection(updateTemplate(sandboxClient(gateway, { fetchImpl }), request), TopError)
    expect(repeat).toMatchObject({ code: 40, maybeDeliveredEarlier: true })
    expect(gateway.templates.applicationsOf('refused-repeat')).toBe(1)
  })

  it('an isp.* fault then no connection at all is "may have been delivered", never "not sent"', async () => {
    gateway.faults.ispErrors(1)
    const fetchImpl = async (input: string, init: RequestInit) => {
      const reply = await fetch(input, init)
      const body = await reply.text() // the fault, read in full before…
      await gateway.stop() // …the network goes down
      return new Response(body, { status: reply.status, headers: reply.headers })
    }
    const error = await rejection(updateTemplate(sandboxClient(gateway, { fetchImpl }), template()), TopTransportError)
    expect(gateway.calls.map((c) => c.subCode)).toEqual(['isp.top-remote-service-unavailable'])
    expect(error).toMatchObject({ failure: 'refused', sent: true, messageKey: 'top.error.transport.outcomeUnknown' })
  })

  it('once any attempt may have been delivered, the final error says so even if later ones were refused', async () => {
    gateway.faults.dropAfterCommit(1)
    const fetchImpl = async (input: string, init: RequestInit) => {
      try {
        return await fetch(input, init)
      } catch (error) {
        await gateway.stop() // the network goes down right after the dropped reply
        throw error
      }
    }
    const request = template()
    const error = await rejection(updateTemplate(sandboxClient(gateway, { fetchImpl }), request), TopTransportError)
    expect(error).toMatchObject({ failure: 'refused', sent: true, messageKey: 'top.error.transport.outcomeUnknown' })
    expect(gateway.templates.applicationsOf(request.coupon_template.unique_id!)).toBe(1)
  })

  it('offline: connection refused is a transport error that was certainly not sent', async () => {
    await gateway.stop()
    const error = await rejection(changeVoucherStatus(sandboxClient(gateway), redeemRequest()), TopTransportError)
    expect(error).toMatchObject({ failure: 'refused', sent: false, messageKey: 'top.error.transport.notSent' })
    expectTranslated(error)
  })

  it('comes back after the gateway restarts on the same port', async () => {
    const port = gateway.port
    await gateway.goOffline()
    const offline = await rejection(changeVoucherStatus(sandboxClient(gateway, { maxAttempts: 1 }), redeemRequest()), TopTransportError)
    expect(offline.sent).toBe(false)
    await gateway.start()
    expect(gateway.port).toBe(port)
    const { data } = await changeVoucherStatus(sandboxClient(gateway), redeemRequest())
    expect(data.result.biz_success).toBe(true)
  })

  it('a timeout is an outcome-unknown transport error', async () => {
    gateway.faults.latency(1000)
    const error = await rejection(
      changeVoucherStatus(sandboxClient(gateway, { timeoutMs: 100, maxAttempts: 1 }), redeemRequest()),
      TopTransportError,
    )
    expect(error).toMatchObject({ failure: 'timeout', sent: true })
  })

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await rejection(changeVoucherStatus(sandboxClient(gateway), redeemRequest(), controller.signal), TopTransportError)
    expect(error).toMatchObject({ failure: 'aborted', sent: false })
    expect(gateway.calls).toHaveLength(0)
  })

  it('refuses a business parameter that would overwrite a system parameter', async () => {
    const client = sandboxClient(gateway)
    await expect(
      client.call(VOUCHER_STATUS_CHANGE.method, { timestamp: 'x' }, { responseSchema: VoucherStatusChangeResponseSchema }),
    ).rejects.toThrow(TypeError)
  })
})

describe('a voucher write is never repeated by the client once it may have been delivered', () => {
  // A gateway that does not de-duplicate request_id: a repeat would be processed afresh.
  beforeEach(async () => {
    gateway = await restartWith({ deduplicateRequestIds: false })
  })

  it('commit-then-drop: one attempt, an outcome-unknown error, the voucher redeemed once and no repeat', async () => {
    gateway.faults.dropAfterCommit(1)
    const request = redeemRequest({ voucher_id_list: ['880000000003'] })
    const error = await rejection(changeVoucherStatus(sandboxClient(gateway), request), TopTransportError)
    expect(error).toMatchObject({ sent: true, messageKey: 'top.error.transport.outcomeUnknown' })
    expect(gateway.calls.map((c) => [c.outcome, c.businessKey])).toEqual([['dropped', request.request_id]])
    expect(gateway.ledger.actionCount('880000000003', 'NORMAL_ISUSED')).toBe(1)
  })

  it('an isp.* fault or an HTTP 5xx is not repeated either: the backend may have acted', async () => {
    gateway.faults.ispErrors(1)
    const fault = await rejection(changeVoucherStatus(sandboxClient(gateway), redeemRequest()), TopError)
    expect(fault).toMatchObject({ retryClass: 'server', maybeDeliveredEarlier: false })
    expect(gateway.calls).toHaveLength(1)

    gateway.faults.httpErrors(1, 502)
    const http = await rejection(changeVoucherStatus(sandboxClient(gateway), redeemRequest()), TopTransportError)
    expect(http).toMatchObject({ failure: 'http-status', status: 502, sent: true })
    expect(gateway.calls).toHaveLength(2)
    // Nothing was repeated, so the one voucher is still as the first attempts left it.
    expect(gateway.calls.map((c) => c.outcome)).toEqual(['error', 'http-error'])
  })

  it('what certainly did not reach the server is still retried: a refused connection, a rate limit', async () => {
    const clock = fakeClock()
    gateway = await restartWith({ now: clock.now, deduplicateRequestIds: false })
    const closed = await closedPort()
    let seen = 0
    // The first attempt meets a closed port (ECONNREFUSED): not a byte left.
    const fetchImpl = (input: string, init: RequestInit) => fetch(++seen === 1 ? `http://127.0.0.1:${closed}/router/rest` : input, init)
    const refusedFirst = await changeVoucherStatus(sandboxClient(gateway, { ...clock, fetchImpl }), redeemRequest())
    expect(refusedFirst).toMatchObject({ attempts: 2, maybeDeliveredEarlier: false })
    expect(refusedFirst.data.result.biz_success).toBe(true)

    gateway.faults.ban(1)
    const banned = await changeVoucherStatus(sandboxClient(gateway, clock), redeemRequest({ voucher_id_list: ['880000000004'] }))
    expect(banned).toMatchObject({ attempts: 2, maybeDeliveredEarlier: false })
    expect(gateway.ledger.actionCount('880000000004', 'NORMAL_ISUSED')).toBe(1)
  })
})

const UNTIMED_BAN = { code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited-by-app-access-count' }

/** A fetch whose first `count` calls get `error_response: body` (not reaching the gateway); the rest pass. */
function interceptFirst(count: number, body: Record<string, unknown>) {
  let seen = 0
  const fetchImpl = async (input: string, init: RequestInit) => {
    if (seen >= count) return fetch(input, init)
    seen++
    return new Response(JSON.stringify({ error_response: { ...body, request_id: `stub-${seen}` } }), {
      headers: { 'content-type': 'application/json' },
    })
  }
  return { fetchImpl, intercepted: () => seen }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function restartWith(options: Parameters<typeof startSandboxGateway>[0]): Promise<SandboxGateway> {
  await gateway.stop()
  return startSandboxGateway(options)
}
