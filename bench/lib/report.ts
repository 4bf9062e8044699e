import { cpus, loadavg, platform, release, totalmem, type as osType } from 'node:os'

/**
 * One line of `results.json`, exactly these six keys: a measured value and, where one was set,
 * its goal. Whether a goal is met is derived (`met`), not stored.
 */
export interface BenchCase {
  name: string
  /** What the value is: `p95`, `ratio of ops/s (ours ÷ SDK)`, … */
  metric: string
  /** Null when the case was not measured (see `BenchRow.skipped`). */
  value: number | null
  unit: string
  /** The threshold `value` must reach; null for detail cases without a goal. */
  goal: number | null
  better: 'higher' | 'lower'
}

/** A case as the runner holds it: the result line, and why it was not measured, if it was not. */
export interface BenchRow extends BenchCase {
  /** Printed in the table, never written to results.json (whose shape is fixed). */
  skipped?: string
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

/** The six keys, in the order, whatever else the input carries. */
export function benchCase(input: BenchCase): BenchCase {
  const { name, metric, value, unit, goal, better } = input
  return { name, metric, value, unit, goal, better }
}

export function skippedCase(input: Omit<BenchCase, 'value'>, reason: string): BenchRow {
  return { ...benchCase({ ...input, value: null }), skipped: reason }
}

/** Null when there is no goal or no value. */
export function met(c: BenchCase): boolean | null {
  if (c.value === null || c.goal === null) return null
  return c.better === 'higher' ? c.value >= c.goal : c.value <= c.goal
}

/** `results.json`: `{"machine": {...}, "cases": [{name, metric, value, unit, goal, better}]}`, nothing else. */
export function resultsJson(machine: Readonly<Record<string, string | number>>, rows: readonly BenchRow[]): string {
  return `${JSON.stringify({ machine, cases: rows.map(benchCase) }, null, 2)}\n`
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

export function verdict(c: BenchRow): string {
  if (c.skipped !== undefined) return `not measured: ${c.skipped}`
  const ok = met(c)
  return ok === null ? '' : ok ? 'met' : 'MISSED'
}

/** The results as a fixed-width text table (console) or a Markdown table (READMEs). */
export function formatTable(cases: readonly BenchRow[], style: 'text' | 'markdown'): string {
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

/** One line saying which run (`command`), where and when, for the tables in the READMEs. */
export function runCaption(machine: Readonly<Record<string, string | number>>, command = 'npm run bench'): string {
  const date = String(machine.date)
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC')
  return (
    `\`${command}\`, ${date}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
    `Node ${machine.node}, SQLite ${machine.sqlite}, 1-minute load average ${machine.loadAverage1m} at the start (shared machine).`
  )
}

export const TABLE_START = '<!-- bench-table:start -->'
export const TABLE_END = '<!-- bench-table:end -->'

/**
 * `doc` with everything between the table markers replaced by `content`. Throws if the markers
 * are missing or out of order, so a full run cannot silently leave a README stale.
 */
export function replaceTable(doc: string, content: string, label: string): string {
  const start = doc.indexOf(TABLE_START)
  const end = doc.indexOf(TABLE_END)
  if (start < 0 || end < start || doc.indexOf(TABLE_START, start + 1) >= 0) {
    throw new Error(`${label}: needs exactly one ${TABLE_START} … ${TABLE_END} pair`)
  }
  return `${doc.slice(0, start + TABLE_START.length)}\n${content.trim()}\n${doc.slice(end)}`
}

/**
 * What a full run puts between the markers: README.md gets the headline rows and every other row
 * that carries a goal, bench/README.md every row; both say when and where the run was made.
 */
export function docTables(
  machine: Readonly<Record<string, string | number>>,
  rows: readonly BenchRow[],
  headlines: readonly string[],
): { readme: string; bench: string } {
  const table = (selected: readonly BenchRow[]) => `${runCaption(machine)}\n\n${formatTable(selected, 'markdown')}`
  return { readme: table(rows.filter((r) => r.goal !== null || headlines.includes(r.name))), bench: table(rows) }
}
