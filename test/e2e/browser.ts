import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, selectors, type Browser, type Page } from 'playwright-core'
import type { E2eHost } from './host'

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots')

// Our components mark what tests look for with data-test.
selectors.setTestIdAttribute('data-test')

/** Debian's Chromium, headless, with a fresh profile and none of its background network chatter. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A page on the app, with the bridge's window API injected before the app's own scripts. */
export async function openApp(browser: Browser, host: E2eHost, route = '/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' })
  await context.addInitScript(host.initScript)
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
