import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pageErrors, screenshot } from '../browser'
import { useAppSession } from '../session'
import { STORE_PC_SIZES } from '../store-pc'

/** A spreadsheet column pasted into the code box (a real paste event, one code per line). */
async function pasteCodes(page: Page, count: number, first: number): Promise<void> {
  const codes = Array.from({ length: count }, (_, i) => String(first + i))
  await page.getByTestId('code-input').focus()
  await page.evaluate(`(() => {
    const data = new DataTransfer()
    data.setData('text/plain', ${JSON.stringify(codes.join('\n'))})
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  })()`)
  await expect.poll(() => page.getByTestId('voucher-lines').getAttribute('data-count')).toBe(String(count))
}

/** Where the list box and the Redeem button are, and how tall the page is, in the window's pixels. */
const GEOMETRY = `(() => {
  const rect = (sel) => document.querySelector(sel).getBoundingClientRect()
  const box = rect('[data-test="voucher-box"]')
  const submit = rect('[data-test="redeem-submit"]')
  const main = document.querySelector('.shell__main')
  return {
    boxHeight: box.height,
    boxBottom: box.bottom,
    submitTop: submit.top,
    submitBottom: submit.bottom,
    innerHeight,
    pageScroll: main.scrollHeight - main.clientHeight,
    rows: document.querySelectorAll('[data-test="voucher-line"]').length,
  }
})()`

interface Geometry {
  boxHeight: number
  boxBottom: number
  submitTop: number
  submitBottom: number
  innerHeight: number
  pageScroll: number
  rows: number
}

describe('a long pasted list stays in its box, and the Redeem button in view', () => {
  const session = useAppSession('/redeem')

  for (const size of STORE_PC_SIZES) {
    for (const count of [1_000, 10_000]) {
      it(`${count.toLocaleString('en')} codes at ${size.width}×${size.height}`, async () => {
        const { page } = session
        await page.setViewportSize(size)
        if ((await page.getByTestId('clear-lines').count()) > 0) await page.getByTestId('clear-lines').click()
        await page.getByTestId('customer-id').fill('C10001')
        await pasteCodes(page, count, 880_001_000_000)
        await screenshot(page, `long-list-${count}-${size.width}`)
        const before = (await page.evaluate(GEOMETRY)) as Geometry
        // The box keeps its size whatever the length; only a screenful of rows is in the page.
        expect(before.boxHeight).toBeLessThanOrEqual(322)
        expect(before.boxHeight).toBeGreaterThan(120)
        expect(before.rows).toBeLessThan(40)
        // The button is on screen, and the page is as tall as the screen's content, not the list's
        // (10,000 rows would be 440,000 px).
        expect(before.submitBottom).toBeLessThanOrEqual(before.innerHeight)
        expect(before.submitTop).toBeGreaterThanOrEqual(0)
        expect(before.pageScroll).toBeLessThan(before.innerHeight)
        // Over the batch limit: an offer to send in batches, not a flag on every extra code.
        expect(await page.getByTestId('flagged-count').count()).toBe(0)
        expect(await page.getByTestId('batch-plan').textContent()).toContain(`${Math.ceil(count / 200)} 批`)
        expect(await page.getByTestId('redeem-submit').textContent()).toContain('核销前 200 张')

        // Scrolling the box to the end redraws the rows there: the last code is on screen.
        await page.getByTestId('voucher-box').evaluate((box) => box.scrollTo({ top: box.scrollHeight }))
        const last = String(880_001_000_000 + count - 1)
        await expect
          .poll(() => page.getByTestId('line-code').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value)))
          .toContain(last)
        const after = (await page.evaluate(GEOMETRY)) as Geometry
        expect(after.boxHeight).toBe(before.boxHeight)
        expect(after.submitBottom).toBeLessThanOrEqual(after.innerHeight)
        // And the page's own scroll (a wheel over the page, not the box) leaves rows and button on screen.
        await page.locator('.shell__main').evaluate((main) => main.scrollTo({ top: main.scrollHeight }))
        expect(await page.getByTestId('voucher-line').count()).toBeGreaterThan(3)
        const bottom = (await page.evaluate(GEOMETRY)) as Geometry
        expect(bottom.submitBottom).toBeLessThanOrEqual(bottom.innerHeight)
        expect(bottom.boxBottom).toBeLessThanOrEqual(bottom.innerHeight)
        await screenshot(page, `long-list-${count}-${size.width}-end`)
        await page.locator('.shell__main').evaluate((main) => main.scrollTo({ top: 0 }))
        await page.getByTestId('clear-lines').click()
        expect(pageErrors(page)).toEqual([])
      })
    }
  }
})
