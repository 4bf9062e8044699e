import { describe, expect, it } from 'vitest'
import { FaultCommandSchema, FaultPlan } from '@main/sandbox/faults'

const VOUCHER = 'alibaba.alsc.crm.voucher.status.change'
const TEMPLATE = 'alibaba.wdk.coupon.template.update'

describe('FaultPlan', () => {
  it('consumes counted faults one call at a time, within their scope', () => {
    const faults = new FaultPlan().ispErrors(2, { method: VOUCHER }).httpErrors(1, 503)
    expect(faults.take('isp-error', TEMPLATE)).toBeUndefined()
    expect(faults.take('isp-error', VOUCHER)).toEqual({})
    expect(faults.take('isp-error', VOUCHER)).toEqual({})
    expect(faults.take('isp-error', VOUCHER)).toBeUndefined()
    expect(faults.take('http-error', TEMPLATE)).toEqual({ status: 503 })
    expect(faults.take('http-error', VOUCHER)).toBeUndefined()
  })

  it('bans for a time on its own clock, rounding the rest up', () => {
    let ms = 0
    const faults = new FaultPlan(() => new Date(ms)).ban(3, { method: VOUCHER })
    expect(faults.banRemainingSeconds(VOUCHER)).toBe(3)
    expect(faults.banRemainingSeconds(TEMPLATE)).toBeUndefined()
    ms = 1500
    expect(faults.banRemainingSeconds(VOUCHER)).toBe(2)
    ms = 3000
    expect(faults.banRemainingSeconds(VOUCHER)).toBeUndefined()
  })

  it('sets latency per method with a global fallback', () => {
    const faults = new FaultPlan().latency(50).latency(200, { method: TEMPLATE })
    expect(faults.latencyFor(VOUCHER)).toBe(50)
    expect(faults.latencyFor(TEMPLATE)).toBe(200)
    faults.latency(0)
    expect(faults.latencyFor(VOUCHER)).toBe(0)
  })

  it('applies control commands and shows what is pending', () => {
    const faults = new FaultPlan(() => new Date(0))
    faults.apply(FaultCommandSchema.parse({ method: VOUCHER, dropAfterCommit: 1, banSeconds: 5, httpErrors: { count: 2 } }))
    expect(faults.snapshot()).toEqual({
      latency: [],
      counted: [
        { kind: 'http-error', remaining: 2, method: VOUCHER, status: 502 },
        { kind: 'drop-after-commit', remaining: 1, method: VOUCHER },
      ],
      bans: [{ method: VOUCHER, remainingSeconds: 5 }],
    })
    faults.apply({ clear: true })
    expect(faults.snapshot()).toEqual({ latency: [], counted: [], bans: [] })
    expect(FaultCommandSchema.safeParse({ ispErrors: -1 }).success).toBe(false)
    expect(FaultCommandSchema.safeParse({ unknown: 1 }).success).toBe(false)
  })
})
