import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { CouponTemplateOperateRequestSchema } from '../../electron/contract/api/template'
import { API_GLOBAL, METHOD_TO_CHANNEL } from '../../electron/contract/ipc/registry'
import { DEMO_VOUCHERS } from '../../electron/main/sandbox/demo-data'
import { bigTemplate } from '../lib/fixtures'
import { median, summarize } from '../lib/measure'
import { benchCase, skippedCase, type BenchCase, type BenchContext } from '../lib/report'

/**
 * Case 4, the editor and the counter screen.
 *   validate  `CouponTemplateOperateRequestSchema.safeParse` of a template with 10,000 shop ids and
 *             1,000 categories (what the editor runs before saving), in Node's V8.
 *   paste     the built renderer in headless Chromium (playwright-core), Redeem screen, a fake
 *             `window.couponDesk` answering what the screen asks at load; 1,000 codes pasted into
 *             the code box as one ClipboardEvent, timed in the page from the dispatch until a
 *             frame has been produced after the DOM holds 1,000 lines.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Element Plus puts `data-test` on the inner <input> of an el-input; either way, the box. */
const CODE_INPUT = 'input[data-test="code-input"], [data-test="code-input"] input'

export async function runEditor(ctx: BenchContext): Promise<BenchCase[]> {
  return [...validateCases(ctx), ...(await pasteCases(ctx))]
}

function validateCases(ctx: BenchContext): BenchCase[] {
  const template = bigTemplate(10_000, 1_000)
  const check = CouponTemplateOperateRequestSchema.safeParse(template)
  if (!check.success) throw new Error(`editor bench: the template does not validate: ${check.error.message}`)
  const runs = ctx.quick ? 15 : 120
  ctx.log(`editor: validating a 10,000-shop template ${runs} times`)
  const times: number[] = []
  for (let i = -5; i < runs; i++) {
    const start = performance.now()
    CouponTemplateOperateRequestSchema.safeParse(template)
    if (i >= 0) times.push(performance.now() - start)
  }
  const s = summarize(times)
  return [
    benchCase({
      name: 'editor.validate_10k_ms',
      metric: `p95, zod safeParse of a template with 10,000 shop ids + 1,000 categories (p50 ${s.p50.toFixed(1)} ms)`,
      value: s.p95,
      unit: 'ms',
      goal: 16,
      better: 'lower',
    }),
  ]
}

// ---------------------------------------------------------------------------------------------
// Paste

const PASTE_META = {
  name: 'editor.paste_1000_ms',
  metric: 'median, paste 1,000 codes → list of 1,000 lines rendered (warm page)',
  unit: 'ms',
  goal: 100,
  better: 'lower',
} as const

async function pasteCases(ctx: BenchContext): Promise<BenchCase[]> {
  if (!existsSync(CHROMIUM)) return [skippedCase(PASTE_META, `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`)]
  let chromium: typeof import('playwright-core').chromium
  try {
    chromium = (await import('playwright-core')).chromium
  } catch (error) {
    return [skippedCase(PASTE_META, `playwright-core is not installed (${(error as Error).message})`)]
  }

  const rendererDir = await buildRenderer(ctx)
  const server = await serveStatic(rendererDir)
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const codes = ctx.quick ? 100 : 1000
  const pages = ctx.quick ? 1 : 3
  const pastesPerPage = ctx.quick ? 2 : 6
  const text = Array.from({ length: codes }, (_, i) => `88${String(1_000_000_000 + i * 7)}`).join('\n')
  ctx.log(`editor: pasting ${codes} codes, ${pages} fresh pages × ${pastesPerPage} pastes`)

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const cold: number[] = []
  const warm: number[] = []
  try {
    for (let p = 0; p < pages; p++) {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' })
      try {
        // tsx compiles this file with esbuild's keepNames, whose `__name(fn)` wrappers travel
        // inside the functions handed to page.evaluate: give the page a no-op one.
        await context.addInitScript('globalThis.__name = (fn) => fn')
        await context.addInitScript(fakeApiScript())
        const page = await context.newPage()
        const errors: string[] = []
        page.on('pageerror', (error) => errors.push(error.message))
        await page.goto(`${url}/index.html#/redeem`)
        await page.locator(CODE_INPUT).first().waitFor({ timeout: 30_000 })
        for (let i = 0; i < pastesPerPage; i++) {
          const ms = await page.evaluate(pasteAndWait, { text, expected: codes, selector: CODE_INPUT })
          ;(i === 0 ? cold : warm).push(ms)
          await page.evaluate(clearAndWait)
        }
        if (errors.length > 0) throw new Error(`editor bench: the page raised ${errors.join('; ')}`)
      } finally {
        await context.close()
      }
    }
  } finally {
    await browser.close()
    server.close()
  }
  const w = summarize(warm.length > 0 ? warm : cold)
  const label = codes === 1000 ? '' : ` (quick: ${codes} codes)`
  return [
    benchCase({ ...PASTE_META, metric: PASTE_META.metric + label, value: w.p50 }),
    benchCase({
      name: 'editor.paste_1000_cold_ms',
      metric: `median, the first paste on a freshly loaded page${label}`,
      value: median(cold),
      unit: 'ms',
      goal: 100,
      better: 'lower',
    }),
    benchCase({
      name: 'editor.paste_1000_p95_ms',
      metric: `p95 over all ${cold.length + warm.length} pastes, cold and warm${label}`,
      value: summarize([...cold, ...warm]).p95,
      unit: 'ms',
      goal: null,
      better: 'lower',
    }),
  ]
}

/**
 * The browser APIs the in-page functions below use. This file is compiled against Node's types
 * (tsconfig.node.json), so they are declared here rather than pulling the DOM library into the
 * whole main-process program.
 */
interface PageGlobals {
  document: {
    querySelector(selector: string): {
      focus(): void
      click(): void
      dispatchEvent(event: unknown): boolean
      getAttribute(name: string): string | null
    } | null
    querySelectorAll(selector: string): { length: number }
  }
  DataTransfer: new () => { setData(format: string, data: string): void }
  ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => unknown
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } }
  requestAnimationFrame(callback: () => void): number
  setTimeout(callback: () => void, ms: number): number
}

/**
 * Runs in the page. Pastes `text` into the code box the way a browser does (a cancelable
 * ClipboardEvent the component handles), then waits until the list has `expected` lines (or, if
 * it is windowed, says it holds them and shows the first ones) and one more frame has been rendered: rAF runs just before the frame's style/layout/paint, and a
 * message posted from it is delivered after that frame.
 */
async function pasteAndWait({ text, expected, selector }: { text: string; expected: number; selector: string }): Promise<number> {
  const page = globalThis as unknown as PageGlobals
  const input = page.document.querySelector(selector)
  if (!input) throw new Error('no code input')
  input.focus()
  const data = new page.DataTransfer()
  data.setData('text/plain', text)
  const lines = () => page.document.querySelectorAll('[data-test="voucher-line"]').length
  // A windowed list renders only the lines in view; it says how many it holds in data-count.
  const holds = () => page.document.querySelector('[data-test="voucher-lines"]')?.getAttribute('data-count') === String(expected)
  const start = performance.now()
  input.dispatchEvent(new page.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  await new Promise<void>((resolve, reject) => {
    const deadline = start + 60_000
    const afterFrame = () => {
      const channel = new page.MessageChannel()
      channel.port1.onmessage = () => resolve()
      channel.port2.postMessage(null)
    }
    const check = () => {
      if (lines() >= expected || (holds() && lines() > 0)) page.requestAnimationFrame(afterFrame)
      else if (performance.now() > deadline) reject(new Error(`only ${lines()} of ${expected} lines after 60 s`))
      else page.requestAnimationFrame(check)
    }
    // Vue patches the DOM in a microtask after the store changes: look once that has run.
    queueMicrotask(() => queueMicrotask(check))
  })
  return performance.now() - start
}

/** Runs in the page: empties the list with the screen's own Clear button. */
async function clearAndWait(): Promise<void> {
  const page = globalThis as unknown as PageGlobals
  page.document.querySelector('[data-test="clear-lines"]')?.click()
  for (let i = 0; i < 600 && page.document.querySelectorAll('[data-test="voucher-line"]').length > 0; i++) {
    await new Promise<void>((resolve) => page.requestAnimationFrame(resolve))
  }
  // Let the emptied page settle (GC of the old lines) before the next paste.
  await new Promise<void>((resolve) => page.setTimeout(resolve, 300))
}

/**
 * A stand-in for the preload's `window.couponDesk`: the sandbox profile's answers to what the
 * Redeem screen asks at load (context, demo vouchers, start-up report) and the language; every
 * other method answers an internal error, which the screen shows and the bench then reports.
 */
function fakeApiScript(): string {
  const answers: Record<string, unknown> = {
    appInfo: { name: 'Coupon Desk', version: 'bench', platform: 'linux', locale: 'zh-CN' },
    redeemContext: {
      profileId: 'sandbox',
      profileName: '练习模式',
      profileKind: 'sandbox',
      defaults: { shopId: '300125', operatorId: 'op-1024', operatorName: '张三' },
      limits: { perCall: 20, perBatch: 200 },
    },
    redeemDemoVouchers: { vouchers: DEMO_VOUCHERS },
    redeemPendingAtStartup: { resolving: false, entries: [], interruptedBatches: [] },
  }
  const config = JSON.stringify({ methods: Object.keys(METHOD_TO_CHANNEL), answers, global: API_GLOBAL })
  return `(() => {
  const { methods, answers, global } = ${config};
  const api = {};
  for (const method of methods) {
    api[method] = async () =>
      method in answers
        ? { ok: true, value: structuredClone(answers[method]) }
        : { ok: false, error: { code: 'internal', key: 'ipc.internal' } };
  }
  Object.defineProperty(window, global, { value: Object.freeze(api), enumerable: true });
})();`
}

// ---------------------------------------------------------------------------------------------
// The built renderer

/**
 * The renderer as `electron-vite build` builds it (the `renderer` section of electron.vite.config.ts),
 * but into bench/.data/renderer rather than the shared out/ folder, and only when a source file
 * is newer than the last build.
 */
async function buildRenderer(ctx: BenchContext): Promise<string> {
  const outDir = join(ctx.dataDir, 'renderer')
  const stamp = join(outDir, '.built-at')
  const sources = ['renderer', 'electron/contract', 'electron/main/vault/messages', 'electron/main/top/messages'].map((d) => join(ctx.root, d))
  const newest = Math.max(...sources.map(newestMtime), statSync(join(ctx.root, 'electron.vite.config.ts')).mtimeMs)
  if (existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= newest) return outDir

  ctx.log('editor: building the renderer (vite, electron.vite.config.ts renderer section) into bench/.data/renderer')
  const { build } = await import('vite')
  const config = (await import('../../electron.vite.config')).default as unknown as { renderer: import('vite').InlineConfig }
  const renderer = config.renderer
  await build({
    ...renderer,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { ...renderer.build, outDir, emptyOutDir: true },
  })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(stamp, String(newest))
  return outDir
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

/** A tiny static file server for the built renderer, on a free loopback port. */
async function serveStatic(dir: string): Promise<Server> {
  const root = normalize(dir + sep)
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://bench').pathname)
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('Not Found')
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}
