import { describe, expect, it } from 'vitest'
import { interleaveSync, median, percentile, rotation, roundRatio, summarize } from '../../bench/lib/measure'
import { benchCase, formatTable, skippedCase } from '../../bench/lib/report'

describe('bench/lib/measure', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 50)).toBe(50)
    expect(percentile(sorted, 95)).toBe(95)
    expect(percentile(sorted, 99)).toBe(99)
    expect(percentile(sorted, 100)).toBe(100)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
    expect(median([3, 1, 2])).toBe(2)
    expect(summarize([5, 1, 4, 2, 3])).toMatchObject({ n: 5, min: 1, p50: 3, max: 5, mean: 3 })
  })

  it('compares per round, so a slow round slows both sides alike', () => {
    // Round 2 ran on a busy machine: half the throughput for both, same ratio.
    expect(roundRatio([200, 100, 200], [100, 50, 100])).toBe(2)
    expect(() => roundRatio([1], [1, 2])).toThrow()
  })

  it('rotates the running order every round', () => {
    expect([0, 1, 2, 3].map((r) => rotation(['a', 'b', 'c'], r).join(''))).toEqual(['abc', 'bca', 'cab', 'abc'])
  })

  it('measures every contender the same number of rounds', () => {
    const result = interleaveSync({ fast: () => 1 + 1, slow: () => JSON.stringify({ a: [1, 2, 3] }) }, { rounds: 3, roundMs: 2 })
    expect(result.fast).toHaveLength(3)
    expect(result.slow).toHaveLength(3)
    expect(median(result.fast!)).toBeGreaterThan(0)
  })
})

describe('bench/lib/report', () => {
  it('decides met or missed from the goal and the direction', () => {
    expect(benchCase({ name: 'a', metric: '', value: 3.2, unit: '×', goal: 3, better: 'higher' }).met).toBe(true)
    expect(benchCase({ name: 'b', metric: '', value: 6, unit: 'ms', goal: 5, better: 'lower' }).met).toBe(false)
    expect(benchCase({ name: 'c', metric: '', value: 6, unit: 'ms', goal: null, better: 'lower' }).met).toBeNull()
    const skipped = skippedCase({ name: 'd', metric: '', unit: 'ms', goal: 100, better: 'lower' }, 'no Chromium')
    expect(skipped).toMatchObject({ value: null, met: null, skipped: 'no Chromium' })
  })

  it('prints a table with the verdicts', () => {
    const table = formatTable(
      [
        benchCase({ name: 'sign.vs_sdk', metric: 'ratio', value: 1.5, unit: '×', goal: 3, better: 'higher' }),
        skippedCase({ name: 'editor.paste_1000_ms', metric: 'median', unit: 'ms', goal: 100, better: 'lower' }, 'no Chromium'),
      ],
      'markdown',
    )
    expect(table).toContain('| sign.vs_sdk | ratio | 1.50 | × | ≥ 3.00 | MISSED |')
    expect(table).toContain('skipped: no Chromium')
  })
})
