import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { CouponTemplateOperateRequestSchema } from '@contract/api/template'
import { changeVoucherStatus, updateTemplate } from '@main/top/apis'
import { TopError } from '@main/top/errors'
import { isSignMethod, signTopRequest } from '@main/top/sign'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { EN_MESSAGES, expectTranslated, redeemRequest, renderMessage, sandboxClient, ZH_MESSAGES } from './fixtures'

/**
 * Every platform check of the gateway, met by our own client: its request is altered on the way
 * out, one system parameter at a time (through the client's fetch injection), re-signed unless
 * the signature is what is being broken, so the sandbox sees exactly one thing wrong. Each
 * refusal must come back as a TopError with the gateway's code, not retried, and with a message
 * a cashier can read in both languages.
 */

let gateway: SandboxGateway
beforeEach(async () => {
  gateway = await startSandboxGateway()
})
afterEach(async () => {
  await gateway.stop()
})

type Alteration = (params: Map<string, string>) => void
const remove =
  (name: string): Alteration =>
  (params) =>
    params.delete(name)
const set =
  (name: string, value: string): Alteration =>
  (params) =>
    params.set(name, value)

/** A fetch that applies `alter` to the form body; re-signs with the real secret when asked. */
function alteringFetch(alter: Alteration, resign: boolean) {
  return (input: string, init: RequestInit) => {
    const params = new Map(new URLSearchParams(init.body as string))
    alter(params)
    if (resign) {
      params.delete('sign')
      const all = Object.fromEntries(params)
      const method = all.sign_method ?? 'md5'
      if (!isSignMethod(method)) throw new Error(`cannot re-sign with ${method}`)
      params.set('sign', signTopRequest(all, gateway.credentials.appSecret, method))
    }
    return fetch(input, { ...init, body: new URLSearchParams([...params]).toString() })
  }
}

const template = () => CouponTemplateOperateRequestSchema.parse(VALID_TEMPLATE_EXAMPLE)

interface Case {
  label: string
  api: 'voucher' | 'template'
  alter: Alteration
  /** False when the signature itself is what the case breaks. */
  resign?: boolean
  code: number
  retryClass: TopError['retryClass']
  messageKey: string
}

const CASES: Case[] = [
  { label: 'no method', api: 'voucher', alter: remove('method'), code: 21, retryClass: 'platform', messageKey: 'top.error.platform' },
  {
    label: 'an unknown method',
    api: 'voucher',
    alter: set('method', 'taobao.no.such.api'),
    code: 22,
    retryClass: 'platform',
    messageKey: 'top.error.platform',
  },
  {
    label: 'no signature',
    api: 'voucher',
    alter: remove('sign'),
    resign: false,
    code: 24,
    retryClass: 'platform',
    messageKey: 'top.error.platform',
  },
  {
    label: 'a signature one digit off',
    api: 'voucher',
    alter: (p) =>
      p.set(
        'sign',
        p.get('sign')!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      ),
    resign: false,
    code: 25,
    retryClass: 'signature',
    messageKey: 'top.error.signature',
  },
  {
    label: 'a sign_method the platform does not know',
    api: 'voucher',
    alter: set('sign_method', 'sha1'),
    resign: false,
    code: 25,
    retryClass: 'signature',
    messageKey: 'top.error.signature',
  },
  {
    label: 'no app key',
    api: 'voucher',
    alter: remove('app_key'),
    code: 28,
    retryClass: 'platform',
    messageKey: 'top.error.appKey.missing',
  },
  {
    label: 'an unknown app key',
    api: 'voucher',
    alter: set('app_key', '99999999'),
    code: 29,
    retryClass: 'platform',
    messageKey: 'top.error.appKey.invalid',
  },
  { label: 'no timestamp', api: 'voucher', alter: remove('timestamp'), code: 30, retryClass: 'platform', messageKey: 'top.error.platform' },
  {
    // The clocks agree (the Date header says so), so the message must not blame the clock.
    label: 'a timestamp in the wrong format',
    api: 'voucher',
    alter: set('timestamp', String(Date.now())),
    code: 31,
    retryClass: 'clock',
    messageKey: 'top.error.clock.unknown',
  },
  { label: 'no version', api: 'voucher', alter: remove('v'), code: 32, retryClass: 'platform', messageKey: 'top.error.platform' },
  { label: 'version 1.0', api: 'voucher', alter: set('v', '1.0'), code: 34, retryClass: 'platform', messageKey: 'top.error.platform' },
  {
    label: 'no session',
    api: 'template',
    alter: remove('session'),
    code: 26,
    retryClass: 'session',
    messageKey: 'top.error.session.missing',
  },
  {
    label: 'an expired session',
    api: 'template',
    alter: set('session', 'expired-session'),
    code: 27,
    retryClass: 'session',
    messageKey: 'top.error.session.invalid',
  },
]

describe('each platform check, through our client', () => {
  it.each(CASES)('$label → $code ($api API)', async ({ api, alter, resign, code, retryClass, messageKey }) => {
    const client = sandboxClient(gateway, { fetchImpl: alteringFetch(alter, resign ?? true) })
    const call = api === 'voucher' ? changeVoucherStatus(client, redeemRequest()) : updateTemplate(client, template())
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(TopError)
    expect(error).toMatchObject({ code, retryClass, messageKey, gatewayRequestId: expect.any(String) })
    // Refused at the door: sent once, not retried, nothing applied.
    expect(gateway.calls).toHaveLength(1)
    expect(gateway.calls[0]).toMatchObject({ outcome: 'error', code })
    expect(gateway.ledger.log).toHaveLength(0)
    const topError = error as TopError
    expectTranslated(topError)
    if (messageKey === 'top.error.platform') {
      expect(renderMessage(ZH_MESSAGES, topError)).toContain(`开放平台返回错误 ${code}`)
      expect(renderMessage(EN_MESSAGES, topError)).toContain(`error ${code}`)
    }
  })

  it('the untouched request passes every check (so each case above breaks one thing only)', async () => {
    const client = sandboxClient(gateway, { fetchImpl: alteringFetch(() => undefined, true) })
    await expect(changeVoucherStatus(client, redeemRequest())).resolves.toMatchObject({ data: { result: { biz_success: true } } })
    await expect(updateTemplate(client, template())).resolves.toMatchObject({ data: { result: { success: true } } })
  })
})

describe('the ±10 minute timestamp window, with the PC clock off', () => {
  const MINUTE = 60_000

  it.each([
    {
      label: '11 minutes ahead',
      offsetMs: 11 * MINUTE,
      messageKey: 'top.error.clock.ahead.minutes',
      zh: '本机时间比开放平台快',
      en: 'ahead',
    },
    {
      label: '11 minutes behind',
      offsetMs: -11 * MINUTE,
      messageKey: 'top.error.clock.behind.minutes',
      zh: '本机时间比开放平台慢',
      en: 'behind',
    },
  ])('$label: refused with 31, saying which way and by how much', async ({ offsetMs, messageKey, zh, en }) => {
    const client = sandboxClient(gateway, { now: () => new Date(Date.now() + offsetMs) })
    const error = await changeVoucherStatus(client, redeemRequest()).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(TopError)
    expect(error).toMatchObject({ code: 31, retryClass: 'clock', messageKey })
    const topError = error as TopError
    // The gateway's Date header has whole seconds: 10 min 59 s to 11 min 1 s.
    expect(Math.abs(topError.clockOffsetSeconds!)).toBeGreaterThanOrEqual(659)
    expect(Math.abs(topError.clockOffsetSeconds!)).toBeLessThanOrEqual(661)
    expect(gateway.calls).toHaveLength(1)
    expectTranslated(topError)
    expect(renderMessage(ZH_MESSAGES, topError)).toMatch(new RegExp(`${zh} 1[01] 分 \\d+ 秒`))
    expect(renderMessage(EN_MESSAGES, topError)).toMatch(new RegExp(`1[01] min \\d+ s ${en}`))
  })

  it.each([
    { label: '9 minutes ahead', offsetMs: 9 * MINUTE },
    { label: '9 minutes behind', offsetMs: -9 * MINUTE },
  ])('$label: accepted', async ({ offsetMs }) => {
    const client = sandboxClient(gateway, { now: () => new Date(Date.now() + offsetMs) })
    const { data } = await changeVoucherStatus(client, redeemRequest())
    expect(data.result.biz_success).toBe(true)
    expect(gateway.calls.map((c) => c.outcome)).toEqual(['ok'])
  })
})
