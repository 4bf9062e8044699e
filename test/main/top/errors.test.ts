import { describe, expect, it } from 'vitest'
import { classifyTopError, parseBanSeconds, TopError, TopTransportError } from '@main/top/errors'
import { EN_MESSAGES as EN, placeholders, ZH_MESSAGES as ZH } from './fixtures'

const localNow = new Date('2024-05-20T05:00:00Z')
const gatewayError = (code: number, sub_code?: string, sub_msg?: string) =>
  new TopError({ code, msg: 'msg', ...(sub_code ? { sub_code } : {}), ...(sub_msg ? { sub_msg } : {}) }, { localNow })

describe('classifyTopError', () => {
  it.each([
    [50, 'isp.service-unavailable', 'server'],
    [15, 'isp.remote-connection-error', 'server'],
    [7, 'accesscontrol.limited-by-api-access-count', 'ban'],
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

describe('parseBanSeconds', () => {
  it('reads the seconds from sub_msg, then msg', () => {
    expect(parseBanSeconds('This ban will last for 12 more seconds')).toBe(12)
    expect(parseBanSeconds(undefined, 'This ban will last for 1 more second')).toBe(1)
    expect(parseBanSeconds('禁止调用，剩余 30 秒')).toBe(30)
    expect(parseBanSeconds('App Call Limited')).toBeUndefined()
  })
})

describe('TopError', () => {
  it('carries the ban length on code 7', () => {
    const error = gatewayError(7, 'accesscontrol.limited-by-api-access-count', 'This ban will last for 5 more seconds')
    expect(error).toMatchObject({ retryClass: 'ban', banSeconds: 5, messageKey: 'top.error.ban.timed' })
    expect(error.messageParams).toEqual({ seconds: 5 })
  })

  it('measures the clock offset on code 31 from the gateway Date header', () => {
    const error = new TopError({ code: 31, msg: 'Invalid timestamp' }, {
      localNow,
      serverDate: new Date(localNow.getTime() - 3_600_000),
    })
    expect(error).toMatchObject({ retryClass: 'clock', clockOffsetSeconds: -3600, messageKey: 'top.error.clock.skewed' })
    expect(gatewayError(31).messageKey).toBe('top.error.clock.unknown')
  })

  it('converts to the IPC error shape with the raw platform fields', () => {
    const error = new TopError(
      { code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey', request_id: 'trace' },
      { localNow },
    )
    expect(error.toIpcError()).toEqual({
      code: 'top-error',
      key: 'top.error.session.invalid',
      params: {},
      top: { code: 27, msg: 'Invalid session', subCode: 'invalid-sessionkey', gatewayRequestId: 'trace', retryClass: 'session' },
    })
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
      gatewayError(7, 'accesscontrol.limited-by-api-access-count', 'This ban will last for 5 more seconds'),
      gatewayError(7),
      gatewayError(25),
      gatewayError(31),
      new TopError({ code: 31, msg: 'x' }, { localNow, serverDate: new Date(0) }),
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
      const text = ZH.get(error.messageKey)
      expect(text, error.messageKey).toBeDefined()
      expect(Object.keys(error.messageParams).sort(), error.messageKey).toEqual(placeholders(text!))
    }
  })
})
