import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import type { Browser } from 'playwright-core'
import { median, rotation } from '../lib/measure'
import { browserUnavailable, buildRenderer, CHROMIUM, CHROMIUM_ARGS, inCi } from '../lib/renderer'
import { benchCase, skippedCase, type BenchCase, type BenchContext, type BenchRow } from '../lib/report'
import { CODE_INPUT } from './editor'
import { startCounter, type Counter } from './scan'

/**
 * Case 6, cold start: a fresh browser context (nothing cached) opens the Redeem screen against
 * the real services, and the time from navigation start until the code box is in the page
 * (a MutationObserver installed before any page script notes the moment) is compared with a
 * bare page holding one <input>, served by the same server, pages alternating, at 4× CPU
 * throttling (and 1×, as information). Beside it, what is loaded before that moment: the gzipped
 * size of every script the page fetched, and the size of the preload as electron-vite bundles it.
 */

const BARE = 'bench-bare.html'
const READY_GOAL = 2
const JS_GOAL_KB = 300
const PRELOAD_GOAL_KB = 10

/** Installed before the page's scripts: the time (ms since navigation start) `selector` first exists. */
const watchReady = (selector: string) => `(() => {
  const seen = () => document.querySelector(${JSON.stringify(selector)}) !== null;
  const note = () => { if (globalThis.__benchReadyAt === undefined && seen()) globalThis.__benchReadyAt = performance.now(); };
  new MutationObserver(note).observe(document, { childList: true, subtree: true });
})();`

export async function runStart(ctx: BenchContext): Promise<BenchRow[]> {
  const preload = await preloadBytes(ctx.root)
  const preloadRow = benchCase({
    name: 'start.preload_kb',
    metric: 'the preload as built (CommonJS, minified, electron external)',
    value: preload / 1024,
    unit: 'KB',
    goal: PRELOAD_GOAL_KB,
    better: 'lower',
  })
  const unavailable = await browserUnavailable()
  if (unavailable !== null) {
    if (inCi()) throw new Error(`start bench: ${unavailable}; CI must provide it`)
    return [preloadRow, ...headRows(null, null).map((row) => skippedCase(row, unavailable))]
  }
  const rendererDir = await buildRenderer(ctx)
  writeFileSync(join(rendererDir, BARE), '<!doctype html><html><head><meta charset="utf-8"></head><body><input></body></html>')
  const counter = await startCounter(rendererDir)
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  const rounds = ctx.quick ? 1 : 12
  const rates = ctx.quick ? [4] : [1, 4]
  try {
    const results: Results = {}
    for (const rate of rates) {
      ctx.log(`start: ${rounds} cold starts of the app and of a bare page at ${rate}× CPU throttling`)
      const r = { app: [] as number[], bare: [] as number[], js: [] as number[] }
      for (let round = 0; round < rounds; round++) {
        for (const which of rotation(['app', 'bare'] as const, round)) {
          const { readyMs, jsBytes } = await coldStart(browser, counter, rendererDir, which, rate)
          r[which].push(readyMs)
          if (which === 'app') r.js.push(jsBytes)
        }
      }
      results[rate] = r
    }
    return [preloadRow, ...headRows(results, null), ...detailRows(results)]
  } finally {
    await browser.close()
    await counter.stop()
  }
}

type Results = Record<number, { app: number[]; bare: number[]; js: number[] }>

function headRows(results: Results | null, _none: null): BenchCase[] {
  const at4 = results?.[4]
  return [
    {
      name: 'start.ready_vs_bare_cpu4',
      metric: 'median, navigation → code box in the page ÷ a bare page with one input, 4× CPU throttling, fresh context each',
      value: at4 ? median(at4.app) / median(at4.bare) : null,
      unit: '×',
      goal: READY_GOAL,
      better: 'lower',
    },
    {
      name: 'start.initial_js_gzip_kb',
      metric: 'gzipped JS the Redeem screen fetched before its code box was there',
      value: at4 ? median(at4.js) / 1024 : null,
      unit: 'KB',
      goal: JS_GOAL_KB,
      better: 'lower',
    },
  ]
}

function detailRows(results: Results): BenchCase[] {
  return Object.keys(results)
    .map(Number)
    .flatMap((rate) => [
      benchCase({
        name: `start.app_ready_cpu${rate}_ms`,
        metric: `median, navigation → code box in the page, ${rate}× CPU throttling`,
        value: median(results[rate]!.app),
        unit: 'ms',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: `start.bare_ready_cpu${rate}_ms`,
        metric: `median, navigation → the one input of a bare page, ${rate}× CPU throttling (the floor)`,
        value: median(results[rate]!.bare),
        unit: 'ms',
        goal: null,
        better: 'lower',
      }),
    ])
}

async function coldStart(
  browser: Browser,
  counter: Counter,
  rendererDir: string,
  which: 'app' | 'bare',
  rate: number,
): Promise<{ readyMs: number; jsBytes: number }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  try {
    const selector = which === 'app' ? CODE_INPUT : 'input'
    await context.addInitScript(watchReady(selector))
    if (which === 'app') await context.addInitScript(counter.initScript)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate })
    const scripts = new Set<string>()
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (path.endsWith('.js')) scripts.add(path)
    })
    await page.goto(`${counter.bridge.url}/${which === 'app' ? 'index.html#/redeem' : BARE}`, { waitUntil: 'load' })
    await page.waitForFunction(() => (globalThis as { __benchReadyAt?: number }).__benchReadyAt !== undefined, null, { timeout: 60_000 })
    const readyMs = await page.evaluate(() => (globalThis as unknown as { __benchReadyAt: number }).__benchReadyAt)
    let jsBytes = 0
    for (const path of scripts) jsBytes += gzipSync(readFileSync(join(rendererDir, path))).length
    return { readyMs, jsBytes }
  } finally {
    await context.close()
  }
}

/** The preload bundled as electron.vite.config.ts bundles it (one minified CommonJS file). */
async function preloadBytes(root: string): Promise<number> {
  const result = await build({
    entryPoints: [resolve(root, 'electron/preload/index.ts')],
    bundle: true,
    write: false,
    minify: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    alias: { '@contract': resolve(root, 'electron/contract') },
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.contents.byteLength
}
