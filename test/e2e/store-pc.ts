import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { screenshot } from './browser'

/** The windows of the counter PCs the app is made for. */
export const STORE_PC_SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const
export type StorePcSize = (typeof STORE_PC_SIZES)[number]

export const LANGUAGES = [
  { locale: 'zh-CN', option: '中文', navHistory: '核销记录' },
  { locale: 'en', option: 'English', navHistory: 'History' },
] as const
export type Language = (typeof LANGUAGES)[number]

/** Every element that shows a voucher code carries this attribute: its text must never be cut. */
export const CODE_CELL = '[data-code-cell]'

/** Switches the language through the header's own menu, as a user does. */
export async function useLanguage(page: Page, language: Language): Promise<void> {
  const nav = page.getByTestId('nav')
  if ((await nav.textContent())?.includes(language.navHistory)) return
  await page.getByTestId('locale-select').click()
  await page.getByRole('option', { name: language.option }).click()
  await expect.poll(() => nav.textContent()).toContain(language.navHistory)
  await page.mouse.move(1, 1)
}

/**
 * axe-core's own bundle, run in the page. Evaluated through the DevTools protocol (an expression,
 * not a script tag), so the app's strict CSP stays as it is.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; html: string; failureSummary?: string }[]
}

export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"')
  if (!loaded) await page.evaluate(AXE_SOURCE)
  const violations = (await page.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations)`)) as AxeViolation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.html.slice(0, 200)} — ${n.failureSummary ?? ''}`))
}

/** Page-side measurements (an expression: these tests compile without the DOM lib). */
const LAYOUT = `(() => {
  const doc = document.documentElement
  const cut = [...document.querySelectorAll('${CODE_CELL}')]
    .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth + 1)
    .map((el) => (el.value ?? el.textContent ?? '').trim() + ' (' + el.clientWidth + ' < ' + el.scrollWidth + ')')
  const wide = [...document.querySelectorAll('.shell__main *')]
    .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > innerWidth + 1)
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))
  const codes = document.querySelectorAll('${CODE_CELL}').length
  return { overflow: Math.max(0, doc.scrollWidth - innerWidth), cut, wide, codes }
})()`

export interface ScreenCheck {
  /** How far the page scrolls sideways, in pixels. */
  overflow: number
  cut: string[]
  wide: string[]
  codes: number
}

/**
 * What every screen and dialog owes a store PC: no sideways scrolling, every voucher code whole,
 * no serious or critical accessibility finding; and a screenshot to look at. Returns what is
 * wrong (empty when nothing is), so one run reports every screen at once.
 */
export async function checkScreen(page: Page, name: string, options: { minCodes?: number } = {}): Promise<string[]> {
  await page.mouse.move(1, 1)
  // Still: every finite animation done (tags and dialogs fade in; axe would read their colours mid-fade).
  await expect
    .poll(() =>
      page.evaluate(
        `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)`,
      ),
    )
    .toBe(true)
  await page.evaluate('new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 350))')
  const layout = (await page.evaluate(LAYOUT)) as ScreenCheck
  await screenshot(page, name)
  const problems: string[] = []
  if (layout.overflow > 0) problems.push(`scrolls sideways by ${layout.overflow}px`)
  for (const el of layout.wide) problems.push(`reaches past the window: ${el}`)
  for (const code of layout.cut) problems.push(`voucher code cut: ${code}`)
  if (options.minCodes !== undefined && layout.codes < options.minCodes)
    problems.push(`shows ${layout.codes} voucher codes, expected ${options.minCodes}+`)
  problems.push(...(await seriousA11yViolations(page)))
  return problems.map((p) => `${name}: ${p}`)
}
