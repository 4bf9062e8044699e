import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll } from 'vitest'
import type { E2eHost } from './host'

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots')

// Our components mark what tests look for with data-test.
selectors.setTestIdAttribute('data-test')

/** The browser of one journey, and the Chromium profile folder it writes its storage to. */
export interface AppBrowser extends Browser {
  /**
   * Chromium's user-data dir (localStorage, sessionStorage, IndexedDB, caches, cookies). It is
   * kept after `close()`, which flushes what the page stored to disk, so a journey can search it
   * (test/support/files.ts filesContaining), and removed when the test file is done.
   */
  readonly profileDir: string
}

const CONTEXT_OPTIONS = { viewport: { width: 1360, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' } as const

// Profiles are removed once the whole test file is done (this file-level hook runs after every
// journey's own hooks, where the search happens), and, should a run end another way, on exit.
const profileDirs = new Set<string>()
function removeProfiles(): void {
  for (const dir of profileDirs) rmSync(dir, { recursive: true, force: true })
  profileDirs.clear()
}
afterAll(removeProfiles)
process.once('exit', removeProfiles)

/**
 * Debian's Chromium, headless, with a fresh profile in a temp folder we know and none of its
 * background network chatter. A persistent context, not `launch()` + `newContext()`: Playwright's
 * ordinary contexts are off the record, keep storage in memory only, and would leave nothing on
 * disk to search for secrets.
 */
export async function launchChromium(): Promise<AppBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'coupon-desk-chromium-'))
  profileDirs.add(profileDir)
  const context = await chromium.launchPersistentContext(profileDir, {
    ...CONTEXT_OPTIONS,
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  })
  const browser = context.browser()
  if (!browser) throw new Error('Chromium started without a browser object for its persistent context')
  return Object.assign(browser, { profileDir })
}

/** Init scripts already added to a context, so opening a second page does not inject twice. */
const injected = new WeakMap<BrowserContext, Set<string>>()

/** A page on the app, with the bridge's window API injected before the app's own scripts. */
export async function openApp(browser: Browser, host: E2eHost, route = '/'): Promise<Page> {
  // The persistent context launchChromium made (its storage lands in profileDir); a plain
  // browser gets a context of its own.
  const context = browser.contexts()[0] ?? (await browser.newContext(CONTEXT_OPTIONS))
  const scripts = injected.get(context) ?? new Set<string>()
  injected.set(context, scripts)
  if (!scripts.has(host.initScript)) {
    await context.addInitScript(host.initScript)
    scripts.add(host.initScript)
  }
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  Object.assign(page, { appErrors: errors })
  await page.goto(`${host.bridge.url}/index.html#${route}`)
  await page.getByTestId('nav').waitFor()
  return page
}

/** Uncaught errors the page raised; a journey fails if there are any. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { appErrors?: string[] }).appErrors ?? []
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false })
}
