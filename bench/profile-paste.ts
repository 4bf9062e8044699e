import type { AddressInfo } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CDPSession } from 'playwright-core'
import { clearAndWait, CODE_INPUT, openRedeemPage, pasteAndWait, pasteText } from './cases/editor'
import { median } from './lib/measure'
import { browserUnavailable, buildRenderer, CHROMIUM, CHROMIUM_ARGS, serveStatic } from './lib/renderer'
import { VARIANTS, variantPlugin } from './lib/variants'
import type { BenchContext } from './lib/report'

/**
 * Where a paste of 1,000 codes spends its time, first paste on a fresh page (cold) against a
 * later one (warm): `npx tsx bench/profile-paste.ts [--pages 4] [--codes 1000]`.
 *
 * The renderer is built unminified (`--minified`: minified as shipped), one chunk per library (vue,
 * element-plus, i18n, …, app), so the CDP CPU profile says whose code ran; a Chrome trace of the same paste says how long style,
 * layout, paint, compilation and GC took on the renderer's main thread. Both instruments slow the
 * page, so untraced pastes on other fresh pages give the times to compare with the bench.
 * Writes the raw profiles and traces to bench/.data/paste-profile/.
 *
 * `--compare <variant>` (bench/lib/variants.ts) measures a candidate patch instead: the bench's
 * own build of the tree against the same build with the patch applied, on alternating fresh
 * pages in one browser, untraced. `--compare no-settle` instead compares pasting on a settled page
 * (the bench) with pasting as soon as the code box exists, while the screen's start-up work runs.
 */

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '4' },
    codes: { type: 'string', default: '1000' },
    compare: { type: 'string' },
    minified: { type: 'boolean', default: false },
  },
})
const pages = Number(values.pages)
const codes = Number(values.codes)
const root = resolve(import.meta.dirname, '..')
const ctx: BenchContext = { quick: false, root, dataDir: join(root, 'bench', '.data'), log: (m) => console.log(`[profile] ${m}`) }
const outDir = join(ctx.dataDir, 'paste-profile')
const kinds = ['cold', 'warm'] as const

/** Chunk per library: a CPU profile node's URL then names the package that ran. */
function chunkOf(id: string): string | undefined {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1]
  if (pkg) {
    if (pkg.startsWith('@vue/') || pkg === 'vue') return 'vue'
    if (pkg === 'element-plus' || pkg.startsWith('@element-plus/')) return 'element-plus'
    if (pkg === 'vue-i18n' || pkg.startsWith('@intlify/')) return 'i18n'
    if (pkg === 'zod') return 'zod'
    if (pkg === 'pinia') return 'pinia'
    return 'vendor'
  }
  if (id.includes('/electron/contract/')) return 'contract'
  if (id.includes('/renderer/src/')) return 'app'
  return undefined
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
}
interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/** Milliseconds of self time per key, from the sample timings. */
function selfTimes(profile: CpuProfile, key: (node: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const totals = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next one (the last sample gets the previous gap).
    const us = deltas[i + 1] ?? deltas[i] ?? 0
    const node = byId.get(samples[i]!)
    if (!node) continue
    const k = key(node)
    totals.set(k, (totals.get(k) ?? 0) + us / 1000)
  }
  return totals
}

const chunkName = (url: string): string => {
  if (url === '') return '(native/V8)'
  const file = url.split('/').pop() ?? url
  return file.replace(/-[\w-]{8}\.js$/, '').replace(/\.js$/, '') || url
}

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string }
}

/** Self time (ms) per event name on the renderer's main thread, nested events subtracted. */
function traceSelfTimes(trace: { traceEvents: TraceEvent[] }): Map<string, number> {
  const events = trace.traceEvents
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  if (!main) return new Map()
  const complete = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const totals = new Map<string, number>()
  const stack: { end: number; name: string; self: number }[] = []
  const pop = () => {
    const done = stack.pop()!
    totals.set(done.name, (totals.get(done.name) ?? 0) + done.self / 1000)
  }
  for (const e of complete) {
    while (stack.length > 0 && stack.at(-1)!.end <= e.ts) pop()
    const parent = stack.at(-1)
    if (parent) parent.self -= e.dur!
    stack.push({ end: e.ts + e.dur!, name: e.name, self: e.dur! })
  }
  while (stack.length > 0) pop()
  return totals
}

const top = (totals: Map<string, number>, n: number): [string, number][] => [...totals].sort((a, b) => b[1] - a[1]).slice(0, n)
const fmtMs = (ms: number) => ms.toFixed(1).padStart(7)

function mergeInto(target: Map<string, number>, source: Map<string, number>, runs: number): void {
  for (const [k, v] of source) target.set(k, (target.get(k) ?? 0) + v / runs)
}

const unavailable = await browserUnavailable()
if (unavailable !== null) {
  console.error(`[profile] ${unavailable}`)
  process.exit(1)
}
const { chromium } = await import('playwright-core')
if (values.compare !== undefined) {
  await compare(values.compare)
  process.exit(0)
}
const dir = await buildRenderer(
  ctx,
  values.minified ? { name: 'renderer-profile-min', chunkOf } : { name: 'renderer-profile', minify: false, chunkOf },
)
const server = await serveStatic(dir)
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
const text = pasteText(codes)
mkdirSync(outDir, { recursive: true })

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'disabled-by-default-v8.compile',
  'blink',
  'v8.execute',
]
const plain: Record<(typeof kinds)[number], number[]> = { cold: [], warm: [] }
const profiled: Record<(typeof kinds)[number], number[]> = { cold: [], warm: [] }
const byChunk = { cold: new Map<string, number>(), warm: new Map<string, number>() }
const byFunction = { cold: new Map<string, number>(), warm: new Map<string, number>() }
const byTraceEvent = { cold: new Map<string, number>(), warm: new Map<string, number>() }

try {
  // Untraced: the times the bench would see.
  for (let p = 0; p < pages; p++) {
    const { page, close } = await openRedeemPage(browser, url)
    try {
      for (const kind of kinds) {
        plain[kind].push(await page.evaluate(pasteAndWait, { text, expected: codes, selector: CODE_INPUT }))
        await page.evaluate(clearAndWait)
      }
    } finally {
      await close()
    }
  }
  // Profiled (CPU profile on some pages, trace on others: each instrument alone).
  for (let p = 0; p < pages * 2; p++) {
    const { page, close } = await openRedeemPage(browser, url)
    const useTrace = p % 2 === 1
    const cdp: CDPSession = await page.context().newCDPSession(page)
    try {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
      for (const kind of kinds) {
        if (useTrace) await browser.startTracing(page, { categories: TRACE_CATEGORIES })
        else await cdp.send('Profiler.start')
        const ms = await page.evaluate(pasteAndWait, { text, expected: codes, selector: CODE_INPUT })
        if (useTrace) {
          const buffer = await browser.stopTracing()
          writeFileSync(join(outDir, `trace-${kind}-${p}.json`), buffer)
          mergeInto(byTraceEvent[kind], traceSelfTimes(JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }), pages)
        } else {
          const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
          writeFileSync(join(outDir, `cpu-${kind}-${p}.cpuprofile`), JSON.stringify(profile))
          profiled[kind].push(ms)
          mergeInto(
            byChunk[kind],
            selfTimes(profile, (n) => (n.callFrame.url ? chunkName(n.callFrame.url) : n.callFrame.functionName || '(anonymous)')),
            pages,
          )
          mergeInto(
            byFunction[kind],
            selfTimes(
              profile,
              (n) => `${n.callFrame.functionName || '(anonymous)'}  [${chunkName(n.callFrame.url)}:${n.callFrame.lineNumber + 1}]`,
            ),
            pages,
          )
        }
        await page.evaluate(clearAndWait)
      }
    } finally {
      await cdp.detach().catch(() => undefined)
      await close()
    }
  }
} finally {
  await browser.close()
  server.close()
}

console.log(
  `\nPaste of ${codes} codes, ${pages} fresh pages each (${values.minified ? 'minified' : 'unminified'} build, one chunk per library)`,
)
console.log(`untraced      cold median ${median(plain.cold).toFixed(1)} ms   warm median ${median(plain.warm).toFixed(1)} ms`)
console.log(`CPU-profiled  cold median ${median(profiled.cold).toFixed(1)} ms   warm median ${median(profiled.warm).toFixed(1)} ms`)
for (const [title, maps, n] of [
  ['JS self time by chunk (ms per paste, mean)', byChunk, 12],
  ['JS self time by function (ms per paste, mean)', byFunction, 30],
  ['Renderer main thread, trace self time by event (ms per paste, mean)', byTraceEvent, 25],
] as const) {
  console.log(`\n${title}\n${'cold'.padStart(7)} ${'warm'.padStart(7)}  what`)
  const keys = new Set([...top(maps.cold, n), ...top(maps.warm, n)].map(([k]) => k))
  const rows = [...keys].map((k) => [k, maps.cold.get(k) ?? 0, maps.warm.get(k) ?? 0] as const).sort((a, b) => b[1] - a[1])
  for (const [k, c, w] of rows) console.log(`${fmtMs(c)} ${fmtMs(w)}  ${k}`)
}
console.log(`\nraw profiles and traces in ${outDir}`)

/** The tree's build against the build with `name`'s patch, on alternating fresh pages. */
async function compare(name: string): Promise<void> {
  const variant =
    name === 'no-settle'
      ? { name, title: 'the tree, pasted on a settled page vs as soon as the code box exists', edits: [] }
      : VARIANTS.find((v) => v.name === name)
  if (!variant) throw new Error(`no variant ${name}; there are no-settle, ${VARIANTS.map((v) => v.name).join(', ')}`)
  const tree = await buildRenderer(ctx)
  const builds = {
    tree,
    [variant.name]:
      variant.edits.length === 0
        ? tree
        : await buildRenderer(ctx, {
            name: `renderer-${variant.name}`,
            plugins: [variantPlugin(root, variant)],
            extraInputs: [join(root, 'bench', 'lib', 'variants.ts')],
          }),
  }
  const servers = await Promise.all(Object.values(builds).map(serveStatic))
  const urls = Object.fromEntries(Object.keys(builds).map((k, i) => [k, `http://127.0.0.1:${(servers[i]!.address() as AddressInfo).port}`]))
  const times = Object.fromEntries(Object.keys(builds).map((k) => [k, { cold: [] as number[], warm: [] as number[] }]))
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  const text = pasteText(codes)
  try {
    for (let p = 0; p < pages; p++) {
      for (const key of p % 2 === 0 ? Object.keys(builds) : Object.keys(builds).reverse()) {
        const { page, errors, close } = await openRedeemPage(browser, urls[key]!, { settle: key !== 'no-settle' })
        try {
          for (const kind of kinds) {
            times[key]![kind].push(await page.evaluate(pasteAndWait, { text, expected: codes, selector: CODE_INPUT }))
            await page.evaluate(clearAndWait)
          }
          if (errors.length > 0) throw new Error(`${key}: the page raised ${errors.join('; ')}`)
        } finally {
          await close()
        }
      }
    }
  } finally {
    await browser.close()
    for (const server of servers) server.close()
  }
  console.log(`\n${variant.title}\npaste of ${codes} codes, ${pages} fresh pages each, alternating`)
  for (const [key, t] of Object.entries(times)) {
    console.log(
      `${key.padEnd(14)} cold median ${median(t.cold).toFixed(1).padStart(6)} ms  (${t.cold.map((v) => v.toFixed(0)).join(' ')})   warm median ${median(t.warm).toFixed(1).padStart(6)} ms`,
    )
  }
}
