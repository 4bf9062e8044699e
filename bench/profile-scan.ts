import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildRenderer, CHROMIUM, CHROMIUM_ARGS } from './lib/renderer'
import type { BenchContext } from './lib/report'
import { openCounterPage, redeemOnce, startCounter } from './cases/scan'

/**
 * Where a click on 核销 spends its time: an unminified renderer build against the real services,
 * `--vouchers` codes per click, `--rate`× CPU throttling; the renderer's CPU profile over
 * `--clicks` clicks (CDP Profiler) is summed by function (self time) and written to
 * bench/.data/scan.cpuprofile (open it in Chrome's DevTools for the flame chart).
 */
const { values } = parseArgs({
  options: {
    vouchers: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1' },
    clicks: { type: 'string', default: '10' },
  },
})
const root = resolve(import.meta.dirname, '..')
const ctx: BenchContext = { quick: false, root, dataDir: join(root, 'bench', '.data'), log: (m) => console.log(`[profile] ${m}`) }
const vouchers = Number(values.vouchers)
const dir = await buildRenderer(ctx, { name: 'renderer-profile', minify: false })
const counter = await startCounter(dir)
const { chromium } = await import('playwright-core')
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
try {
  const { page, cdp } = await openCounterPage(browser, counter, Number(values.rate))
  const once = async () => {
    counter.take()
    const t = await redeemOnce(page, vouchers)
    return { ...t, gateway: counter.take().reduce((a, b) => a + b, 0) }
  }
  for (let i = 0; i < 3; i++) await once()
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  const times = []
  for (let i = 0; i < Number(values.clicks); i++) times.push(await once())
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile }
  writeFileSync(join(ctx.dataDir, 'scan.cpuprofile'), JSON.stringify(profile))
  console.log(
    times
      .map((t) => `click→result ${t.clickToResult.toFixed(1)} dom ${t.clickToDom.toFixed(1)} gateway ${t.gateway.toFixed(1)}`)
      .join('\n'),
  )
  const self = new Map<string, number>()
  const dt = new Map<number, number>()
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  for (const node of profile.nodes) {
    const f = node.callFrame
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`
    self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0) / 1000)
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)
  for (const [key, ms] of top) console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`)
} finally {
  await browser.close()
  await counter.stop()
}

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}
