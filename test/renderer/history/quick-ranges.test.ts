import { describe, expect, it } from 'vitest'
import { beijingMidnight, quickRange } from '@renderer/history/quick-ranges'

const bj = (text: string) => Date.parse(`${text}+08:00`)

describe('History quick ranges in Beijing days', () => {
  // 2026-12-01 00:30 in Beijing is still 30 November in UTC (and in New York).
  const now = bj('2026-12-01T00:30:00')

  it('today and yesterday are Beijing days, whatever the PC zone', () => {
    expect(beijingMidnight(now)).toBe(bj('2026-12-01T00:00:00'))
    expect(quickRange('today', now)).toEqual([bj('2026-12-01T00:00:00'), bj('2026-12-02T00:00:00')])
    expect(quickRange('yesterday', now)).toEqual([bj('2026-11-30T00:00:00'), bj('2026-12-01T00:00:00')])
  })

  it('the last 7 days end tonight and include today', () => {
    expect(quickRange('last7', now)).toEqual([bj('2026-11-25T00:00:00'), bj('2026-12-02T00:00:00')])
  })

  it('this month runs from the 1st to the 1st of the next, across a year end', () => {
    expect(quickRange('thisMonth', now)).toEqual([bj('2026-12-01T00:00:00'), bj('2027-01-01T00:00:00')])
    expect(quickRange('thisMonth', bj('2027-02-28T23:59:59'))).toEqual([bj('2027-02-01T00:00:00'), bj('2027-03-01T00:00:00')])
  })
})
