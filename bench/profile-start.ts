import { join, resolve } from 'node:path'
import { buildRenderer, CHROMIUM, CHROMIUM_ARGS } from './lib/renderer'
import type { BenchContext } from './lib/report'
import { startCounter } from './cases/scan'
import { CODE_INPUT } from './cases/editor'
/**
 * Where a cold start at `rate`× CPU throttling (default 4, a store PC) spends its script time: an
 * unminified renderer build against the real services, three fresh contexts opening Redeem, a
 * CDP CPU profile from navigation until the code box is in the page. Prints each start's ready
 * time, the last one's resource waterfall, and its self time summed by bundled module (the
 * build's `// node_modules/<pkg>` and `// renderer/...` section comments), so the cost of Vue,
 * Element Plus, zod and our own modules reads off directly.
 *
 *   npx tsx --tsconfig tsconfig.node.json bench/profile-start.ts 4
 */
const root = resolve(import.meta.dirname, '..')
const ctx: BenchContext = { quick: false, root, dataDir: join(root, 'bench', '.data'), log: (m) => console.log(m) }
const dir = await buildRenderer(ctx, { name: 'renderer-profile', minify: false })
const counter = await startCounter(dir)
const { chromium } = await import('playwright-core')
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
const rate = Number(process.argv[2] ?? 4)
for (let round = 0; round < 3; round++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  await context.addInitScript(
    `(() => { const seen = () => document.querySelector(${JSON.stringify(CODE_INPUT)}) !== null; new MutationObserver(() => { if (globalThis.__r === undefined && seen()) globalThis.__r = performance.now() }).observe(document, { childList: true, subtree: true }) })()`,
  )
  await context.addInitScript(counter.initScript)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate })
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  const reqs: [string, number][] = []
  page.on('requestfinished', (r) => reqs.push([new URL(r.url()).pathname.split('/').pop()!, 0]))
  await page.goto(`${counter.bridge.url}/index.html#/redeem`, { waitUntil: 'load' })
  await page.locator(CODE_INPUT).first().waitFor({ timeout: 60_000 })
  const ready = (await page.evaluate('globalThis.__r')) as number
  const nav = (await page.evaluate(
    'JSON.stringify(performance.getEntriesByType("resource").map(e => [e.name.split("/").pop(), Math.round(e.startTime), Math.round(e.responseEnd)]))',
  )) as string
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile }
  console.log(`ready ${ready.toFixed(0)} ms`)
  if (round === 2) {
    console.log(nav)
    const dt = new Map<number, number>()
    profile.samples.forEach((id: number, i: number) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
    const byUrl = new Map<string, number>()
    const self = new Map<string, number>()
    for (const n of profile.nodes) {
      const t = (dt.get(n.id) ?? 0) / 1000
      const u = n.callFrame.url.split('/').pop() || n.callFrame.functionName
      byUrl.set(u, (byUrl.get(u) ?? 0) + t)
      const k = `${n.callFrame.functionName} ${u}:${n.callFrame.lineNumber}`
      self.set(k, (self.get(k) ?? 0) + t)
    }
    for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(v.toFixed(1).padStart(8), k)
    const { readFileSync, existsSync } = await import('node:fs')
    const sections = new Map<string, string[]>()
    const sectionOf = (file: string, line: number): string => {
      if (!sections.has(file)) {
        const path = join(dir, 'assets', file)
        const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : []
        let cur = file
        const out: string[] = []
        for (const l of lines) {
          // The path may be relative to a symlinked node_modules (../../main/node_modules/…).
          const m = /^\/\/ (?:[.\w-]+\/)*?((?:node_modules\/((?:@[^/]+\/)?[^/]+))|(?:renderer|electron)\/\S+)/.exec(l)
          if (m) cur = m[2] ? 'npm:' + m[2] : m[1]!
          out.push(cur)
        }
        sections.set(file, out)
      }
      return sections.get(file)![line] ?? file
    }
    const bySection = new Map<string, number>()
    for (const n of profile.nodes) {
      const t = (dt.get(n.id) ?? 0) / 1000
      if (!t) continue
      const u = n.callFrame.url.split('/').pop() || n.callFrame.functionName
      const k = u.endsWith('.js') ? sectionOf(u, n.callFrame.lineNumber) : u
      bySection.set(k, (bySection.get(k) ?? 0) + t)
    }
    for (const [k, v] of [...bySection].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(1).padStart(8), k)
  }
  await context.close()
}
await browser.close()
await counter.stop()

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}
