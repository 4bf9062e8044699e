import { cpus, loadavg, platform, release, totalmem, type as osType } from 'node:os'

/** One line of `results.json`: a measured value and, where the issue set one, its goal. */
export interface BenchCase {
  name: string
  /** What the value is: `p95`, `ratio of ops/s (ours ÷ SDK)`, … */
  metric: string
  /** Null when the case was skipped. */
  value: number | null
  unit: string
  /** The threshold `value` must reach; null for detail cases without a goal. */
  goal: number | null
  better: 'higher' | 'lower'
  /** Null when there is no goal or no value. */
  met: boolean | null
  /** Why the case did not run (e.g. no Chromium). */
  skipped?: string
  note?: string
}

export interface BenchContext {
  /** Small sizes and few rounds, for CI: the whole run in seconds. */
  quick: boolean
  /** Repository root. */
  root: string
  /** Scratch space (`bench/.data`, git-ignored). */
  dataDir: string
  log(message: string): void
}

export type CaseInput = Omit<BenchCase, 'met'>

export function benchCase(input: CaseInput): BenchCase {
  const { value, goal, better } = input
  const met = value === null || goal === null ? null : better === 'higher' ? value >= goal : value <= goal
  return { ...input, met }
}

export function skippedCase(input: Omit<CaseInput, 'value' | 'skipped'>, reason: string): BenchCase {
  return { ...benchCase({ ...input, value: null }), skipped: reason }
}

export function machineInfo(): Record<string, string | number> {
  const cpu = cpus()
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    sqlite: process.versions.sqlite ?? 'unknown',
    os: `${osType()} ${release()} (${platform()})`,
    /** Other work on the machine when the run started (it is shared). */
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
  }
}

const fmt = (value: number | null): string => {
  if (value === null) return '—'
  const abs = Math.abs(value)
  if (abs >= 1000) return Math.round(value).toLocaleString('en')
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

export const goalText = (c: BenchCase): string => (c.goal === null ? '' : `${c.better === 'higher' ? '≥' : '≤'} ${fmt(c.goal)}`)

export const verdict = (c: BenchCase): string =>
  c.skipped !== undefined ? `skipped: ${c.skipped}` : c.met === null ? '' : c.met ? 'met' : 'MISSED'

/** The results as a fixed-width text table (console) or a Markdown table (README). */
export function formatTable(cases: readonly BenchCase[], style: 'text' | 'markdown'): string {
  const header = ['case', 'metric', 'value', 'unit', 'goal', 'met?']
  const rows = cases.map((c) => [c.name, c.metric, fmt(c.value), c.unit, goalText(c), verdict(c)])
  if (style === 'markdown') {
    const line = (cells: string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
