import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { createRouter } from '../../electron/main/ipc/router'
import { createAppServices, type AppServices } from '../../electron/main/services/app-services'
import { createNodeTransport } from '../../electron/main/top/node-transport'
import type { Transport } from '../../electron/main/top/transport'
import { startLoopbackBridge, type LoopbackBridge } from '../../test/e2e/bridge'
import { buildInitScript } from '../../test/e2e/init-script'
import { MemorySecretStore } from '../../test/support/memory-secret-store'
import { median, summarize } from '../lib/measure'
import { browserUnavailable, buildRenderer, CHROMIUM, CHROMIUM_ARGS, inCi } from '../lib/renderer'
import { benchCase, skippedCase, type BenchCase, type BenchContext, type BenchRow } from '../lib/report'
import { CODE_INPUT, settle } from './editor'

/**
 * Case 5, what a cashier feels at the counter: click 核销 → the result on screen, in headless
 * Chromium against the real main-process services (sandbox gateway, journal on disk, the IPC
 * router behind the browser-test bridge and its pushed events), the renderer built as the app
 * builds it. Per sample the codes are pasted into the code box, the page is left to settle, then
 * the Redeem button is clicked in the page and the time taken until every voucher's final result
 * is in the DOM and one more frame has been produced (rAF, then a posted message).
 *
 * The floor is the gateway's own round trip: each TOP call the client makes is timed around
 * `fetch` in main (request out → whole reply read), and a sample's overhead is its click→result
 * minus the round trips of its calls — what our code (renderer, bridge, router, journal, client)
 * and the browser add. At 1× and 4× CPU throttling (CDP Emulation.setCPUThrottlingRate: a store
 * PC is roughly this machine at 4×), for 1 and 20 vouchers (20 is one call: the per-call limit).
 */

const CUSTOMER = 'C10001'
const COMBOS = [
  { vouchers: 1, rate: 1 },
  { vouchers: 20, rate: 1 },
  { vouchers: 1, rate: 4 },
  { vouchers: 20, rate: 4 },
] as const

const GOALS = { p50: 15, p95: 30 } as const

interface Sample {
  clickToResult: number
  /** A trivial call's round trip over the bridge from the same page, just after (the harness's own cost). */
  bridge: number
  /** Click until the results are in the DOM, before the frame that shows them. */
  clickToDom: number
  gateway: number
}

/** Fresh voucher ids nobody has: each is answered "does not exist", a full round trip all the same. */
let serial = 0
export const codes = (n: number): string[] =>
  Array.from({ length: n }, () => `77${String(3_000_000_000 + serial++ * 13).padStart(10, '0')}`)

export async function runScan(ctx: BenchContext): Promise<BenchRow[]> {
  const unavailable = await browserUnavailable()
  if (unavailable !== null) {
    if (inCi()) throw new Error(`scan bench: ${unavailable}; CI must provide it`)
    return COMBOS.flatMap((c) => goalRows(c, null).map((row) => skippedCase(row, unavailable)))
  }
  const rendererDir = await buildRenderer(ctx)
  const counter = await startCounter(rendererDir)
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  // Quick (CI): two of the four combinations, a few clicks, to keep the harness alive in seconds.
  const samples = ctx.quick ? 2 : 40
  const warmup = ctx.quick ? 1 : 5
  const combos = ctx.quick ? COMBOS.filter((c) => (c.vouchers === 1 && c.rate === 1) || (c.vouchers === 20 && c.rate === 4)) : COMBOS
  const rows: BenchRow[] = []
  try {
    for (const combo of combos) {
      ctx.log(`scan: ${combo.vouchers} voucher(s) at ${combo.rate}× CPU throttling, ${samples} clicks`)
      const measured = await measureCombo(browser, counter, combo, samples, warmup)
      rows.push(...goalRows(combo, measured))
    }
  } finally {
    await browser.close()
    await counter.stop()
  }
  return rows
}

export interface Counter {
  services: AppServices
  bridge: LoopbackBridge
  initScript: string
  /** Round trips of the TOP calls made since the last `take()`, in ms. */
  take(): number[]
  stop(): Promise<void>
}

export async function startCounter(rendererDir: string): Promise<Counter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coupon-desk-bench-scan-'))
  let trips: number[] = []
  // The app's own transport, timed from request out to whole reply read: the gateway's round trip.
  const appTransport = createNodeTransport()
  const timedTransport: Transport = {
    async post(url, body, options) {
      const start = performance.now()
      const reply = await appTransport.post(url, body, options)
      trips.push(performance.now() - start)
      return reply
    },
  }
  const services = await createAppServices({
    dataDir,
    version: 'bench',
    secrets: new MemorySecretStore(),
    clientTuning: { transport: timedTransport },
  })
  await services.started
  const router = createRouter(services.handlers, { validateOutput: false })
  const bridge = await startLoopbackBridge(router, rendererDir, services.events)
  return {
    services,
    bridge,
    initScript: buildInitScript(bridge.token),
    take() {
      const taken = trips
      trips = []
      return taken
    },
    async stop() {
      await bridge.close()
      await services.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A fresh context on the Redeem screen against the counter's services, loaded and settled. */
export async function openCounterPage(browser: Browser, counter: Counter, rate = 1): Promise<CounterPage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  await context.addInitScript('globalThis.__name = (fn) => fn')
  await context.addInitScript(counter.initScript)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate })
  // Not `networkidle`: the stream of pushed events stays open for the page's life.
  await page.goto(`${counter.bridge.url}/index.html#/redeem`, { waitUntil: 'load' })
  await page.locator(CODE_INPUT).first().waitFor({ timeout: 60_000 })
  await page.evaluate(settle)
  return { page, cdp, errors, close: () => context.close() }
}

export interface CounterPage {
  page: Page
  cdp: CDPSession
  errors: string[]
  close(): Promise<void>
}

/** Adds `count` fresh codes (one typed and Enter, several pasted), clicks Redeem, waits for the results. */
export async function redeemOnce(page: Page, count: number): Promise<{ clickToResult: number; clickToDom: number }> {
  const customer = page.locator('[data-test="customer-id"] input, input[data-test="customer-id"]').first()
  if ((await customer.inputValue()) === '') await customer.fill(CUSTOMER)
  const batch = codes(count)
  if (batch.length === 1) {
    // One code: typed (or scanned) into the box and added with Enter, as at the counter.
    await page.locator(CODE_INPUT).first().fill(batch[0]!)
    await page.locator(CODE_INPUT).first().press('Enter')
  }
  await page.evaluate(pasteCodes, { text: batch.length === 1 ? '' : batch.join('\n'), expected: count, selector: CODE_INPUT })
  await page.evaluate(settle)
  return page.evaluate(clickAndWait, { expected: count })
}

async function measureCombo(
  browser: Browser,
  counter: Counter,
  combo: (typeof COMBOS)[number],
  samples: number,
  warmup: number,
): Promise<Sample[]> {
  const { page, errors, close } = await openCounterPage(browser, counter, combo.rate)
  const measured: Sample[] = []
  try {
    for (let i = 0; i < warmup + samples; i++) {
      counter.take()
      const times = await redeemOnce(page, combo.vouchers)
      const trips = counter.take()
      if (trips.length !== 1) throw new Error(`scan bench: expected one TOP call per click, saw ${trips.length}`)
      const bridge = await page.evaluate(bridgeRoundTrip)
      if (i >= warmup) measured.push({ ...times, bridge, gateway: trips.reduce((a, b) => a + b, 0) })
    }
    if (errors.length > 0) throw new Error(`scan bench: the page raised ${errors.join('; ')}`)
  } finally {
    await close()
  }
  return measured
}

function goalRows(combo: (typeof COMBOS)[number], samples: Sample[] | null): BenchCase[] {
  const label = `${combo.vouchers} voucher${combo.vouchers > 1 ? 's' : ''}, ${combo.rate}× CPU`
  const key = `scan.v${combo.vouchers}.cpu${combo.rate}`
  const overhead = samples ? summarize(samples.map((s) => s.clickToResult - s.gateway)) : null
  const rows: BenchCase[] = [
    {
      name: `${key}.p50_ms`,
      metric: `median, click 核销 → result on screen minus the gateway's round trip, ${label}`,
      value: overhead?.p50 ?? null,
      unit: 'ms',
      goal: GOALS.p50,
      better: 'lower',
    },
    {
      name: `${key}.p95_ms`,
      metric: `p95, click 核销 → result on screen minus the gateway's round trip, ${label}`,
      value: overhead?.p95 ?? null,
      unit: 'ms',
      goal: GOALS.p95,
      better: 'lower',
    },
  ]
  if (!samples) return rows
  return [
    ...rows.map(benchCase),
    benchCase({
      name: `${key}.click_to_result_ms`,
      metric: `median, click → result on screen, gateway included (${samples.length} clicks), ${label}`,
      value: median(samples.map((s) => s.clickToResult)),
      unit: 'ms',
      goal: null,
      better: 'lower',
    }),
    benchCase({
      name: `${key}.to_dom_ms`,
      metric: `median, click → results in the DOM minus the gateway's round trip (before the frame), ${label}`,
      value: median(samples.map((s) => s.clickToDom - s.gateway)),
      unit: 'ms',
      goal: null,
      better: 'lower',
    }),
    benchCase({
      name: `${key}.bridge_ms`,
      metric: `median, one trivial call's round trip page → main → page over the test bridge (loopback HTTP; in the app an IPC message), ${label}`,
      value: median(samples.map((s) => s.bridge)),
      unit: 'ms',
      goal: null,
      better: 'lower',
    }),
    benchCase({
      name: `${key}.gateway_ms`,
      metric: `median, the gateway's round trip (the floor: fetch in main, request out → reply read), ${label}`,
      value: median(samples.map((s) => s.gateway)),
      unit: 'ms',
      goal: null,
      better: 'lower',
    }),
  ]
}

/** The browser APIs the in-page functions use (this file compiles against Node's types). */
interface PageGlobals {
  document: {
    querySelector(
      selector: string,
    ): { focus(): void; click(): void; dispatchEvent(event: unknown): boolean; getAttribute(n: string): string | null } | null
    querySelectorAll(selector: string): ArrayLike<{ setAttribute(n: string, v: string): void; querySelector(s: string): unknown }>
    body: unknown
  }
  DataTransfer: new () => { setData(format: string, data: string): void }
  ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => unknown
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } }
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void; disconnect(): void }
  requestAnimationFrame(callback: () => void): number
}

/**
 * Runs in the page: the round trip of `app.info` (main reads its settings, nothing else) over the
 * bridge, the same way `redeem.submit` travels. A click pays this twice or more (the call, and the
 * pushed result on the event stream), so it says how much of the overhead is the test harness.
 */
export async function bridgeRoundTrip(): Promise<number> {
  const api = (globalThis as unknown as { couponDesk: { appInfo(): Promise<unknown> } }).couponDesk
  const start = performance.now()
  await api.appInfo()
  return performance.now() - start
}

/** Runs in the page: pastes the codes into the code box (none: already added) and waits until the list holds them. */
export async function pasteCodes({ text, expected, selector }: { text: string; expected: number; selector: string }): Promise<void> {
  const page = globalThis as unknown as PageGlobals
  const input = page.document.querySelector(selector)
  if (!input) throw new Error('no code input')
  if (text !== '') {
    input.focus()
    const data = new page.DataTransfer()
    data.setData('text/plain', text)
    input.dispatchEvent(new page.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }
  const holds = () => page.document.querySelector('[data-test="voucher-lines"]')?.getAttribute('data-count') === String(expected)
  for (let i = 0; i < 600 && !holds(); i++) await new Promise<void>((resolve) => page.requestAnimationFrame(() => resolve()))
  if (!holds()) throw new Error(`the list does not hold ${expected} codes`)
}

/**
 * Runs in the page: clicks Redeem and waits until `expected` result lines of this batch (not the
 * last one's, which are marked first) show a final outcome; a MutationObserver notices at once.
 * Returns the time to the DOM update and to one frame after it.
 */
export async function clickAndWait({ expected }: { expected: number }): Promise<{ clickToResult: number; clickToDom: number }> {
  const page = globalThis as unknown as PageGlobals
  const old = page.document.querySelectorAll('[data-test="result-line"]')
  for (let i = 0; i < old.length; i++) old[i]!.setAttribute('data-bench-old', '')
  const button = page.document.querySelector('[data-test="redeem-submit"]')
  if (!button) throw new Error('no Redeem button')
  const done = () => {
    const lines = page.document.querySelectorAll('[data-test="result-line"]:not([data-bench-old])')
    if (lines.length < expected) return false
    for (let i = 0; i < lines.length; i++) if (lines[i]!.querySelector('[data-test="outcome-pending"]')) return false
    return true
  }
  const start = performance.now()
  let clickToDom = 0
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result for ${expected} voucher(s) after 30 s`)), 30_000)
    const observer = new page.MutationObserver(() => {
      if (!done()) return
      clickToDom = performance.now() - start
      observer.disconnect()
      clearTimeout(timer)
      page.requestAnimationFrame(() => {
        const channel = new page.MessageChannel()
        channel.port1.onmessage = () => resolve()
        channel.port2.postMessage(null)
      })
    })
    observer.observe(page.document.body, { childList: true, subtree: true, attributes: true, characterData: true })
    button.click()
  })
  return { clickToResult: performance.now() - start, clickToDom }
}
