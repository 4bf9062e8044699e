import { describe, expect, it } from 'vitest'
import { TopError, TopTransportError } from '@main/top/errors'
import { nextRetry, UNTIMED_BAN_WAIT_SECONDS, type RetryPolicy } from '@main/top/retry'

const policy: RetryPolicy = { maxAttempts: 3, backoffMs: 100, maxBanWaitSeconds: 10 }
const localNow = new Date('2024-05-20T05:00:00Z')
const topError = (code: number, sub_code?: string, sub_msg?: string) =>
  new TopError({ code, msg: 'msg', ...(sub_code ? { sub_code } : {}), ...(sub_msg ? { sub_msg } : {}) }, { localNow })
const timedBan = (seconds: number) =>
  topError(7, 'accesscontrol.limited-by-api-access-count', `This ban will last for ${seconds} more seconds`)
const untimedBan = () => topError(7, 'accesscontrol.limited-by-app-access-count')

describe('nextRetry', () => {
  it('backs off exponentially on isp.* and retryable transport failures, up to maxAttempts', () => {
    expect(nextRetry(topError(50, 'isp.service-unavailable'), 1, policy)).toEqual({ retry: true, delayMs: 100 })
    expect(nextRetry(new TopTransportError('reset', true), 2, policy)).toEqual({ retry: true, delayMs: 200 })
    expect(nextRetry(topError(50, 'isp.service-unavailable'), 3, policy)).toEqual({ retry: false })
  })

  it('code 15 with an isp.* sub-code is retried like code 50 with isp.*; without one it is not', () => {
    const error = topError(15, 'isp.remote-connection-error')
    expect(error.retryClass).toBe('server')
    expect(nextRetry(error, 1, policy)).toEqual({ retry: true, delayMs: 100 })
    expect(nextRetry(topError(15, 'isv.request-id-conflict'), 1, policy)).toEqual({ retry: false })
    expect(nextRetry(topError(15), 1, policy)).toEqual({ retry: false })
  })

  it.each([4, 5, 6, 8])('code %i (a rate limit) is waited out like an untimed code-7 ban', (code) => {
    expect(nextRetry(topError(code), 1, policy)).toEqual({ retry: true, delayMs: UNTIMED_BAN_WAIT_SECONDS * 1000 })
    expect(nextRetry(topError(code), 2, policy, { untimedBanWaits: 1 })).toEqual({ retry: false })
  })

  it.each([
    ['isv.*', topError(50, 'isv.invalid-parameter')],
    ['40', topError(40)],
    ['41', topError(41)],
    ['25 signature', topError(25)],
    ['31 clock', topError(31)],
    ['27 session', topError(27)],
    ['29 app key', topError(29)],
  ])('%s is not retried', (_label, error) => {
    expect(nextRetry(error, 1, policy)).toEqual({ retry: false })
  })

  it('waits out a stated ban up to maxBanWaitSeconds, and reports a longer one', () => {
    expect(nextRetry(timedBan(10), 1, policy)).toEqual({ retry: true, delayMs: 10_000 })
    expect(nextRetry(timedBan(11), 1, policy)).toEqual({ retry: false })
  })

  it('a ban of unstated length is waited out once, for the default, never longer than maxBanWaitSeconds', () => {
    expect(UNTIMED_BAN_WAIT_SECONDS).toBeGreaterThan(0)
    expect(UNTIMED_BAN_WAIT_SECONDS).toBeLessThanOrEqual(policy.maxBanWaitSeconds)
    expect(nextRetry(untimedBan(), 1, policy, { untimedBanWaits: 0 })).toEqual({
      retry: true,
      delayMs: UNTIMED_BAN_WAIT_SECONDS * 1000,
    })
    expect(nextRetry(untimedBan(), 2, policy, { untimedBanWaits: 1 })).toEqual({ retry: false })
    expect(nextRetry(untimedBan(), 1, { ...policy, maxBanWaitSeconds: 2 })).toEqual({ retry: true, delayMs: 2000 })
    expect(nextRetry(untimedBan(), 1, { ...policy, maxBanWaitSeconds: 0 })).toEqual({ retry: false })
  })
})
