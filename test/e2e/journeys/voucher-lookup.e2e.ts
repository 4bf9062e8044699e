import { describe, expect, it } from 'vitest'
import { pageErrors, screenshot } from '../browser'
import { useAppSession } from '../session'

describe('journey: look up a customer’s vouchers at the counter', () => {
  const session = useAppSession('/redeem')

  it("looks up C10001's vouchers, redeems two from the list, and sees their value in the result", async () => {
    const { page, host } = session
    await page.getByTestId('customer-id').fill('C10001')
    await page.getByTestId('lookup-vouchers').click()
    await expect.poll(() => page.getByTestId('lookup-row').count()).toBe(6)
    const lookup = page.getByTestId('voucher-lookup')
    expect(await lookup.textContent()).toContain('满100减10')
    // The used voucher cannot be picked.
    expect(await page.locator('[data-voucher="880000000006"] input').isDisabled()).toBe(true)
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size)
      await lookup.scrollIntoViewIfNeeded()
      await screenshot(page, `redeem-lookup-zh-${size.width}`)
    }

    await page.locator('[data-voucher="880000000001"]').click()
    await page.locator('[data-voucher="880000000002"]').click()
    await page.getByTestId('lookup-add').click()
    await expect.poll(() => page.getByTestId('voucher-line').count()).toBe(2)
    await page.getByTestId('redeem-submit').click()
    const values = page.getByTestId('result-value')
    await expect.poll(() => values.count(), { timeout: 10_000 }).toBe(2)
    const texts = await values.allTextContents()
    expect(texts.join('\n')).toContain('¥10')
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size)
      await page.getByTestId('redeem-results').scrollIntoViewIfNeeded()
      await screenshot(page, `redeem-lookup-result-zh-${size.width}`)
    }
    expect(host.services.sandbox.ledger.get('880000000001')?.state).toBe('ISUSED')
    expect(host.services.sandbox.ledger.get('880000000002')?.state).toBe('ISUSED')

    // The same screens in English.
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('lookup-vouchers').textContent()).toContain('Look up')
    await expect.poll(() => page.getByTestId('lookup-row').count()).toBe(6)
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size)
      await lookup.scrollIntoViewIfNeeded()
      await screenshot(page, `redeem-lookup-en-${size.width}`)
    }
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: '中文' }).click()
    expect(pageErrors(page)).toEqual([])
  })
})
