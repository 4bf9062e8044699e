import { describe, expect, it } from 'vitest'
import { interleaveSync, median, percentile, rotation, roundRatio, summarize } from '../../bench/lib/measure'
import {
  benchCase,
  docTables,
  formatTable,
  met,
  replaceTable,
  resultsJson,
  skippedCase,
  TABLE_END,
  TABLE_START,
  type BenchRow,
} from '../../bench/lib/report'

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
  const row = (over: Partial<BenchRow>): BenchRow => ({ name: 'a', metric: 'm', value: 1, unit: '×', goal: 3, better: 'higher', ...over })

  it('decides met or missed from the goal and the direction', () => {
    expect(met(row({ value: 3.2 }))).toBe(true)
    expect(met(row({ value: 2.9 }))).toBe(false)
    expect(met(row({ value: 6, goal: 5, better: 'lower' }))).toBe(false)
    expect(met(row({ value: 6, goal: null, better: 'lower' }))).toBeNull()
    expect(met(skippedCase({ name: 'd', metric: '', unit: 'ms', goal: 100, better: 'lower' }, 'no Chromium'))).toBeNull()
  })

  it('writes results.json with exactly machine and cases, each case exactly the six keys of the issue', () => {
    const rows = [
      { ...row({ name: 'sign.vs_sdk' }), extra: 'dropped' } as BenchRow,
      skippedCase({ name: 'editor.paste_1000_ms', metric: 'median', unit: 'ms', goal: 100, better: 'lower' }, 'no Chromium'),
    ]
    const parsed = JSON.parse(resultsJson({ cpu: 'x', cores: 2 }, rows)) as { machine: unknown; cases: Record<string, unknown>[] }
    expect(Object.keys(parsed)).toEqual(['machine', 'cases'])
    expect(parsed.machine).toEqual({ cpu: 'x', cores: 2 })
    for (const c of parsed.cases) expect(Object.keys(c)).toEqual(['name', 'metric', 'value', 'unit', 'goal', 'better'])
    expect(parsed.cases[1]).toMatchObject({ name: 'editor.paste_1000_ms', value: null, goal: 100 })
  })

  it('prints a table with the verdicts and why a row was not measured', () => {
    const table = formatTable(
      [
        benchCase({ name: 'sign.vs_sdk', metric: 'ratio', value: 1.5, unit: '×', goal: 3, better: 'higher' }),
        skippedCase({ name: 'editor.paste_1000_ms', metric: 'median', unit: 'ms', goal: 100, better: 'lower' }, 'no Chromium'),
      ],
      'markdown',
    )
    expect(table).toContain('| sign.vs_sdk | ratio | 1.50 | × | ≥ 3.00 | MISSED |')
    expect(table).toContain('| editor.paste_1000_ms | median | — | ms | ≤ 100 | not measured: no Chromium |')
  })

  it('replaces only what lies between the table markers, and refuses a document without them', () => {
    const doc = `# Title\n\nintro\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nafter\n`
    const out = replaceTable(doc, '| new |', 'README.md')
    expect(out).toBe(`# Title\n\nintro\n\n${TABLE_START}\n| new |\n${TABLE_END}\n\nafter\n`)
    expect(replaceTable(out, '| newer |', 'README.md')).toContain(`${TABLE_START}\n| newer |\n${TABLE_END}`)
    expect(() => replaceTable('no markers', 'x', 'README.md')).toThrow(/README.md/)
    expect(() => replaceTable(`${TABLE_END}${TABLE_START}`, 'x', 'README.md')).toThrow()
    expect(() => replaceTable(`${TABLE_START}${TABLE_START}${TABLE_END}`, 'x', 'README.md')).toThrow()
  })

  it('puts the headline and goal-bearing rows in README.md and every row in bench/README.md, with the run’s machine', () => {
    const rows = [
      row({ name: 'sign.vs_sdk', value: 1.4 }),
      row({ name: 'journal.batch50_commit_ms', goal: null, better: 'lower', value: 11, unit: 'ms' }),
      row({ name: 'sign.ours_ops', goal: null, value: 500_000, unit: 'ops/s' }),
      row({ name: 'journal.page.voucher.p95_ms', goal: 5, better: 'lower', value: 0.3, unit: 'ms' }),
    ]
    const machine = {
      cpu: 'AMD EPYC',
      cores: 2,
      memoryGiB: 23.5,
      node: 'v24',
      sqlite: '3.53',
      loadAverage1m: 0.4,
      date: '2026-11-24T10:11:12.345Z',
    }
    const { readme, bench } = docTables(machine, rows, ['sign.vs_sdk', 'journal.batch50_commit_ms'])
    expect(readme).toContain('2026-11-24 10:11 UTC: AMD EPYC, 2 cores')
    expect(readme).toContain('| sign.vs_sdk |')
    expect(readme).toContain('| journal.page.voucher.p95_ms |')
    expect(readme).toContain('| journal.batch50_commit_ms |')
    expect(readme).not.toContain('sign.ours_ops')
    expect(bench).toContain('| sign.ours_ops |')
    expect(bench.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| case') && !l.startsWith('| ---'))).toHaveLength(4)
  })
})
