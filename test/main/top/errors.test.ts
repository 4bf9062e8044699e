import { describe, expect, it } from 'vitest'
import { topIpcError } from '@main/ipc/top-error'
import { classifyTopError, parseBanSeconds, TopError, TopTransportError } from '@main/top/errors'
import { EN_MESSAGES as EN, placeholders, renderMessage, ZH_MESSAGES as ZH } from './fixtures'

const localNow = new Date('2024-05-20T05:00:00Z')
const gatewayError = (code: number, sub_code?: string, sub_msg?: string) =>
  new TopError({ code, msg: 'msg', ...(sub_code ? { sub_code } : {}), ...(sub_msg ? { sub_msg } : {}) }, { localNow })

describe('classifyTopError', () => {
  it.each([
    [50, 'isp.service-unavailable', 'server'],
    [15, 'isp.remote-connection-error', 'server'],
    [7, 'accesscontrol.limited-by-api-access-count', 'ban'],
    // 4/5/6/8: user / session / partner call limited, call frequency exceeded — rate limits too.
    [4, undefined, 'ban'],
    [5, undefined, 'ban'],
    [6, undefined, 'ban'],
    [8, undefined, 'ban'],
    [25, undefined, 'signature'],
    [31, undefined, 'clock'],
    [26, undefined, 'session'],
    [27, undefined, 'session'],
    [50, 'isv.invalid-parameter', 'caller'],
    [15, undefined, 'caller'],
    [40, undefined, 'caller'],
    [41, undefined, 'caller'],
    [11, 'isv.permission-ip-whitelist-limit', 'caller'],
    [29, undefined, 'platform'],
    [10, undefined, 'platform'],
  ] as const)('code %i / %s → %s', (code, subCode, expected) => {
    expect(classifyTopError(code, subCode)).toBe(expected)
  })
})

describe('rate limits other than code 7', () => {
  it('say "try again later" with the code, or the wait when the gateway states it', () => {
    const untimed = gatewayError(8)
    expect(untimed).toMatchObject({ retryClass: 'ban', messageKey: 'top.error.rateLimited', messageParams: { code: 8 } })
    expect(renderMessage(ZH, untimed)).toContain('请稍后再试')
    expect(renderMessage(EN, untimed)).toContain('code 8')
    const timed = gatewayError(4, undefined, 'This ban will last for 3 more seconds')
    expect(timed).toMatchObject({ banSeconds: 3, messageKey: 'top.error.ban.timed.seconds' })
  })
})

describe('parseBanSeconds', () => {
  it('reads the seconds from sub_msg, then msg', () => {
    expect(parseBanSeconds('This ban will last for 12 more seconds')).toBe(12)
    expect(parseBanSeconds(undefined, 'This ban will last for 1 more second')).toBe(1)
    expect(parseBanSeconds('禁止调用，剩余 30 秒')).toBe(30)
    expect(parseBanSeconds('App Call Limited')).toBeUndefined()
  })

  it('reads hostile messages right: long digit runs, a number too big to be true, a unit far away', () => {
    // Speed on these lives in bench/cases/errors.ts; here only the answers.
    const digits = '9'.repeat(100_000)
    expect(parseBanSeconds(digits)).toBeUndefined()
    expect(parseBanSeconds(`${digits} x, then 15 more seconds`)).toBe(15)
    expect(parseBanSeconds(`${digits} seconds`)).toBeUndefined()
    expect(parseBanSeconds('ban 12' + ' '.repeat(10_000) + 'x 7 秒')).toBe(7)
    expect(parseBanSeconds('12 MORE SECONDS')).toBe(12)
  })
})

const ban = (seconds: number) =>
  gatewayError(7, 'accesscontrol.limited-by-api-access-count', `This ban will last for ${seconds} more seconds`)
/** Code 31 with the gateway's clock `offsetSeconds` from ours (negative: ours runs ahead). */
const clockError = (offsetSeconds: number) =>
  new TopError({ code: 31, msg: 'Invalid timestamp' }, { localNow, serverDate: new Date(localNow.getTime() + offsetSeconds * 1000) })

describe('TopError', () => {
  it('carries the ban length on code 7, and when the same call can succeed again', () => {
    const error = ban(5)
    expect(error).toMatchObject({ retryClass: 'ban', banSeconds: 5, messageKey: 'top.error.ban.timed.seconds' })
    expect(error.messageParams).toEqual({ seconds: 5 })
    expect(error.retryAfter).toEqual(new Date(localNow.getTime() + 5000))
    expect(topIpcError(error).top).toMatchObject({ banSeconds: 5, retryAfter: '2024-05-20T05:00:05.000Z', retryClass: 'ban' })
  })

  it('a ban of unstated length has no retryAfter: nobody knows it', () => {
    const error = gatewayError(7, 'accesscontrol.limited-by-app-access-count')
    expect(error).toMatchObject({ retryClass: 'ban', messageKey: 'top.error.ban.untimed' })
    expect(error.banSeconds).toBeUndefined()
    expect(error.retryAfter).toBeUndefined()
    expect(topIpcError(error).top).not.toHaveProperty('retryAfter')
  })

  it.each([
    [5, 'top.error.ban.timed.seconds', { seconds: 5 }, '请 5 秒后再试', 'try again in 5 s'],
    [60, 'top.error.ban.timed.minutes', { minutes: 1, seconds: 0 }, '请 1 分 0 秒后再试', 'try again in 1 min 0 s'],
    [754, 'top.error.ban.timed.minutes', { minutes: 12, seconds: 34 }, '请 12 分 34 秒后再试', 'try again in 12 min 34 s'],
    // Over an hour the seconds go, rounded up: telling a cashier to come back too early is worse.
    [3601, 'top.error.ban.timed.hours', { hours: 1, minutes: 1 }, '请 1 小时 1 分后再试', 'try again in 1 h 1 min'],
  ])('a %i s ban says in words how long to wait', (seconds, key, params, zh, en) => {
    const error = ban(seconds)
    expect(error.messageKey).toBe(key)
    expect(error.messageParams).toEqual(params)
    expect(renderMessage(ZH, error)).toContain(zh)
    expect(renderMessage(EN, error)).toContain(en)
  })

  it.each([
    [
      -3600,
      'top.error.clock.ahead.hours',
      { hours: 1, minutes: 0 },
      '本机时间比开放平台快 1 小时 0 分',
      "This PC's clock is 1 h 0 min ahead",
    ],
    [
      3600,
      'top.error.clock.behind.hours',
      { hours: 1, minutes: 0 },
      '本机时间比开放平台慢 1 小时 0 分',
      "This PC's clock is 1 h 0 min behind",
    ],
    [-660, 'top.error.clock.ahead.minutes', { minutes: 11, seconds: 0 }, '本机时间比开放平台快 11 分 0 秒', '11 min 0 s ahead'],
    [725, 'top.error.clock.behind.minutes', { minutes: 12, seconds: 5 }, '本机时间比开放平台慢 12 分 5 秒', '12 min 5 s behind'],
    [60, 'top.error.clock.behind.minutes', { minutes: 1, seconds: 0 }, '本机时间比开放平台慢 1 分 0 秒', '1 min 0 s behind'],
    [-90_030, 'top.error.clock.ahead.hours', { hours: 25, minutes: 1 }, '快 25 小时 1 分', '25 h 1 min ahead'],
  ])('code 31 with the gateway clock %i s off: says ahead or behind, in human units', (offset, key, params, zh, en) => {
    const error = clockError(offset)
    expect(error).toMatchObject({ retryClass: 'clock', clockOffsetSeconds: offset, messageKey: key })
    expect(error.messageParams).toEqual(params)
    expect(renderMessage(ZH, error)).toContain(zh)
    expect(renderMessage(EN, error)).toContain(en)
  })

  it('code 31 without a Date header, or with clocks less than a minute apart, does not blame the clock', () => {
    expect(gatewayError(31).messageKey).toBe('top.error.clock.unknown')
    for (const offset of [0, -1, 2, -59, 59]) {
      const error = clockError(offset)
      expect(error.clockOffsetSeconds).toBe(offset) // measured and kept for support all the same
      expect(error.messageKey).toBe('top.error.clock.unknown')
    }
  })
})

describe('TopTransportError', () => {
  it('says whether the request may have been delivered', () => {
    expect(new TopTransportError('refused', false).messageKey).toBe('top.error.transport.notSent')
    expect(new TopTransportError('reset', true).messageKey).toBe('top.error.transport.outcomeUnknown')
    expect(new TopTransportError('http-status', true, { status: 502 }).reason).toBe('HTTP 502')
  })

  it('retries server-side HTTP failures but not client-side ones', () => {
    expect(new TopTransportError('http-status', true, { status: 503 }).retryable).toBe(true)
    expect(new TopTransportError('http-status', true, { status: 404 }).retryable).toBe(false)
    expect(new TopTransportError('aborted', false).retryable).toBe(false)
  })
})

describe('TOP client messages', () => {
  it('have the same keys and placeholders in Chinese and English', () => {
    expect([...EN.keys()].sort()).toEqual([...ZH.keys()].sort())
    for (const [key, text] of ZH) expect(placeholders(EN.get(key)!), key).toEqual(placeholders(text))
  })

  it('cover every key the errors emit, with every placeholder filled', () => {
    const errors = [
      gatewayError(50, 'isp.service-unavailable'),
      ban(5),
      ban(300),
      ban(7200),
      gatewayError(7),
      gatewayError(8),
      gatewayError(25),
      gatewayError(31),
      ...[-7200, -300, 300, 7200].map(clockError),
      gatewayError(26),
      gatewayError(27),
      gatewayError(28),
      gatewayError(29),
      gatewayError(40, 'isv.missing-parameter', 'param.customer_id'),
      gatewayError(41, 'isv.invalid-parameter', 'param.source'),
      gatewayError(15, 'isv.request-id-conflict', 'request_id r-1'),
      gatewayError(10),
      new TopTransportError('refused', false),
      new TopTransportError('reset', true),
    ]
    const emitted = new Set(errors.map((e) => e.messageKey))
    expect(emitted.size).toBe(ZH.size - 1) // all but top.error.response, covered in client.test.ts
    for (const error of errors) {
      for (const table of [ZH, EN]) {
        const text = table.get(error.messageKey)
        expect(text, error.messageKey).toBeDefined()
        expect(Object.keys(error.messageParams).sort(), error.messageKey).toEqual(placeholders(text!))
      }
    }
  })
})
