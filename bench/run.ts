import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runCall } from './cases/call'
import { runEditor } from './cases/editor'
import { runErrors } from './cases/errors'
import { runJournal } from './cases/journal'
import { runScan } from './cases/scan'
import { runSession } from './cases/session'
import { runStart } from './cases/start'
import { runSign } from './cases/sign'
import {
  docTables,
  formatTable,
  machineInfo,
  replaceTable,
  resultsJson,
  runCaption,
  skippedCase,
  type BenchCase,
  type BenchContext,
  type BenchRow,
} from './lib/report'

/**
 * `npm run bench` (full: 1M journal rows, many rounds; minutes) or `tsx bench/run.ts --quick`
 * (small sizes, few rounds; for CI, so the harness never rots; writes bench/results.quick.json).
 * Prints the table. `--only sign,call` runs some cases.
 * A complete full run writes bench/results.json and rewrites the tables between the bench-table
 * markers of README.md (headline rows and rows with a goal) and bench/README.md (every row), so
 * the docs always show the latest complete run; any other full run writes bench/.data/results.partial.json.
 * Exits non-zero if a case crashed, not if a goal was missed: the table says that.
 */

type Runner = (ctx: BenchContext) => Promise<BenchRow[]>

/** Each case with the headline rows it must produce, reported as not measured if it crashes. */
const CASES: readonly { id: string; run: Runner; headline: readonly Omit<BenchCase, 'value' | 'metric'>[] }[] = [
  {
    id: 'sign',
    run: runSign,
    headline: [
      { name: 'sign.vs_raw_crypto', unit: '×', goal: 0.9, better: 'higher' },
      { name: 'sign.vs_sdk', unit: '×', goal: null, better: 'higher' },
    ],
  },
  {
    id: 'call',
    run: runCall,
    headline: [
      { name: 'call.seq.vs_sdk', unit: '×', goal: 1, better: 'higher' },
      { name: 'call.par8.vs_sdk', unit: '×', goal: 1, better: 'higher' },
      { name: 'call.seq.vs_floor', unit: '×', goal: 0.9, better: 'higher' },
      { name: 'call.par8.vs_floor', unit: '×', goal: 0.9, better: 'higher' },
    ],
  },
  {
    id: 'journal',
    run: runJournal,
    headline: [
      { name: 'journal.page_p95_ms', unit: 'ms', goal: 5, better: 'lower' },
      { name: 'journal.batch50_commit_p95_ms', unit: 'ms', goal: 20, better: 'lower' },
      { name: 'journal.startup_ms', unit: 'ms', goal: 200, better: 'lower' },
    ],
  },
  {
    id: 'scan',
    run: runScan,
    headline: [
      { name: 'scan.v1.cpu1.p50_ms', unit: 'ms', goal: 15, better: 'lower' },
      { name: 'scan.v20.cpu4.p95_ms', unit: 'ms', goal: 30, better: 'lower' },
    ],
  },
  {
    id: 'start',
    run: runStart,
    headline: [
      { name: 'start.ready_vs_bare_cpu4', unit: '×', goal: 2, better: 'lower' },
      { name: 'start.initial_js_gzip_kb', unit: 'KB', goal: 300, better: 'lower' },
      { name: 'start.preload_kb', unit: 'KB', goal: 10, better: 'lower' },
    ],
  },
  {
    id: 'session',
    run: runSession,
    headline: [{ name: 'session.heap_growth', unit: '×', goal: 1.5, better: 'lower' }],
  },
  {
    id: 'editor',
    run: runEditor,
    headline: [
      { name: 'editor.validate_10k_ms', unit: 'ms', goal: 16, better: 'lower' },
      { name: 'editor.paste_1000_ms', unit: 'ms', goal: 100, better: 'lower' },
    ],
  },
  {
    id: 'errors',
    run: runErrors,
    headline: [{ name: 'errors.ban_parse_100k.vs_scan', unit: '×', goal: 5, better: 'lower' }],
  },
]

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } })
const only = values.only?.split(',').map((s) => s.trim())
const root = resolve(import.meta.dirname, '..')
const ctx: BenchContext = {
  quick: values.quick,
  root,
  dataDir: join(root, 'bench', '.data'),
  log: (message) => console.log(`[bench] ${message}`),
}
mkdirSync(ctx.dataDir, { recursive: true })

const machine = machineInfo()
ctx.log(
  `${values.quick ? 'quick' : 'full'} run on ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage1m}`,
)
const rows: BenchRow[] = []
let crashed = false
for (const entry of CASES) {
  if (only && !only.includes(entry.id)) continue
  const start = performance.now()
  try {
    rows.push(...(await entry.run(ctx)))
  } catch (error) {
    crashed = true
    console.error(`[bench] ${entry.id} crashed:`, error)
    const reason = `crashed: ${(error as Error).message.split('\n')[0]}`
    rows.push(...entry.headline.map((h) => skippedCase({ ...h, metric: '' }, reason)))
  }
  ctx.log(`${entry.id} done in ${((performance.now() - start) / 1000).toFixed(1)} s`)
}

/** The rows that measure what no contender could beat: the bare hash, bare HTTP, the gateway alone. */
const CEILING_ROW = /^sign\.raw_crypto_vs_sdk|\.(gateway_)?floor_vs_sdk$|\.ours_node_http\.vs_sdk$/

// Headline rows first, in the issue's order; detail rows after, in the order measured.
const headlines = CASES.flatMap((c) => c.headline.map((h) => h.name))
const ordered = [...headlines.flatMap((name) => rows.filter((c) => c.name === name)), ...rows.filter((c) => !headlines.includes(c.name))]
console.log(`\n${formatTable(ordered, 'text')}\n`)
// Only a complete, clean full run speaks for the project: bench/results.json and the READMEs'
// tables, so the two always show the same run. A quick run writes beside it; a partial (--only)
// or incomplete (crashed, rows not measured) full run writes to the scratch folder.
const complete = !values.quick && !only && !crashed && !ordered.some((r) => r.skipped !== undefined)
const file = values.quick
  ? join(root, 'bench', 'results.quick.json')
  : complete
    ? join(root, 'bench', 'results.json')
    : join(ctx.dataDir, 'results.partial.json')
writeFileSync(file, resultsJson(machine, ordered))
// The same table in Markdown (with the reasons for rows not measured, which results.json has no key for).
const markdown = join(ctx.dataDir, `${basename(file, '.json')}.md`)
const command = `npm run ${values.quick ? 'bench:quick' : 'bench'}${only ? ` -- --only ${only.join(',')}` : ''}`
writeFileSync(markdown, `${runCaption(machine, command)}\n\n${formatTable(ordered, 'markdown')}\n`)
ctx.log(`wrote ${file} and ${markdown}`)

if (complete) {
  // Beside the goals, README shows the measured ceilings that explain the missed ones.
  const ceilings = ordered.filter((r) => CEILING_ROW.test(r.name)).map((r) => r.name)
  const tables = docTables(machine, ordered, [...headlines, ...ceilings])
  const docs = [
    { path: join(root, 'README.md'), table: tables.readme },
    { path: join(root, 'bench', 'README.md'), table: tables.bench },
  ]
  for (const doc of docs) writeFileSync(doc.path, replaceTable(readFileSync(doc.path, 'utf8'), doc.table, doc.path))
  ctx.log(`updated the tables in ${docs.map((d) => d.path).join(' and ')}`)
} else if (!values.quick) {
  ctx.log('bench/results.json and the READMEs left as they are: only a complete full run without crashes or unmeasured rows updates them')
}
if (crashed) process.exitCode = 1
