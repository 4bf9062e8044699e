import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_UNKNOWN_VOUCHER_ID, DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import { pageErrors, screenshot } from '../browser'
import { useAppSession } from '../session'

/** A barcode scanner is a keyboard that types a whole code in a few milliseconds, then Enter. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code)
  await page.keyboard.press('Enter')
}

const usable = DEMO_VOUCHERS.filter((v) => v.customerId === 'C10001' && v.initialState === 'NORMAL').map((v) => v.voucherId)
const alreadyUsed = DEMO_VOUCHERS.find((v) => v.customerId === 'C10001' && v.initialState === 'ISUSED')!.voucherId
const otherCustomers = DEMO_VOUCHERS.find((v) => v.customerId === 'C10002')!.voucherId

describe('redemption journeys (1–4) against the real services', () => {
  const session = useAppSession('/redeem')

  it('1. first start: the sandbox profile is active and the demo vouchers are on screen', async () => {
    const { page } = session
    const banner = page.getByTestId('training-banner')
    await banner.waitFor()
    const text = await banner.textContent()
    for (const voucher of DEMO_VOUCHERS) expect(text).toContain(voucher.voucherId)
    await screenshot(page, 'redeem-first-start')
  })

  it('2. scans five vouchers with the keyboard wedge, redeems, and shows mixed results', async () => {
    const { page, host } = session
    await page.getByTestId('customer-id').fill('C10001')
    // Focus away from any input: the wedge must catch scans wherever the focus is.
    await page.getByTestId('view-redeem').locator('h2').click()
    const codes = [usable[0]!, usable[1]!, alreadyUsed, otherCustomers, DEMO_UNKNOWN_VOUCHER_ID]
    for (const code of codes) await scan(page, code)
    await expect.poll(() => page.getByTestId('voucher-line').count()).toBe(5)
    await screenshot(page, 'redeem-scanned')

    await page.keyboard.press('Control+Enter')
    const results = page.getByTestId('redeem-results')
    await expect.poll(() => results.getByTestId('result-line').count(), { timeout: 15_000 }).toBe(5)
    await expect.poll(() => results.locator('[data-test="outcome-redeemed"]').count()).toBe(2)
    expect(await results.locator('[data-test="outcome-failed"]').count()).toBe(3)
    await screenshot(page, 'redeem-results')

    // What the gateway recorded: the two good vouchers used exactly once, nothing else changed.
    const ledger = host.services.sandbox.ledger
    expect(ledger.actionCount(usable[0]!, 'NORMAL_ISUSED')).toBe(1)
    expect(ledger.actionCount(usable[1]!, 'NORMAL_ISUSED')).toBe(1)
    expect(ledger.get(usable[0]!)?.state).toBe('ISUSED')
    expect(ledger.get(otherCustomers)?.state).toBe('NORMAL')
  })

  it('3. history: filter, reverse one in one click, see the reissued id; reversing again is refused', async () => {
    const { page, host } = session
    await page.getByTestId('nav-history').click()
    const table = page.getByTestId('history-table')
    await page.getByTestId('filter-voucher').fill(usable[0]!)
    await page.getByTestId('filter-search').click()
    await expect.poll(() => table.getByTestId('row-voucher').allTextContents()).toEqual([usable[0]!])
    await table.getByTestId('row-reverse').first().click()
    const confirm = page.locator('.el-message-box')
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain(usable[0]!)
    expect(await confirm.textContent()).toContain('C10001')
    await confirm.locator('.el-button--primary').click()

    await page.getByTestId('filter-search').click()
    const reissued = table.getByTestId('row-reissued').first()
    await expect.poll(() => reissued.textContent(), { timeout: 15_000 }).toMatch(/\d{6,}/)
    const reissuedId = ((await reissued.textContent()) ?? '').match(/\d{6,}/)![0]
    await screenshot(page, 'history-reversed')

    const ledger = host.services.sandbox.ledger
    expect(ledger.actionCount(usable[0]!, 'ISUSED_NORMAL')).toBe(1)
    expect(ledger.get(reissuedId)?.state).toBe('NORMAL')
    // The reversed row offers no second reversal.
    const reversedRow = table.locator('[data-test="row-status"]', { hasText: /已反核销|reversed/i })
    expect(await reversedRow.count()).toBeGreaterThan(0)
    const reverseButtons = table.getByTestId('row-reverse')
    for (let i = 0; i < (await reverseButtons.count()); i++) {
      const enabled = await reverseButtons.nth(i).isEnabled()
      if (enabled) {
        await reverseButtons.nth(i).click()
        const box = page.locator('.el-message-box')
        if (await box.isVisible()) await box.locator('.el-button--primary').click()
      }
    }
    await page.waitForTimeout(500)
    expect(ledger.actionCount(usable[0]!, 'ISUSED_NORMAL')).toBe(1)
  })

  it('4. the gateway drops the connection after commit: the UI shows unknown, retry resolves it once', async () => {
    const { page, host } = session
    await page.getByTestId('nav-redeem').click()
    await page.getByTestId('customer-id').fill('C10001')
    const code = usable[2]!
    await page.getByTestId('code-input').fill(code)
    await page.getByTestId('code-input').press('Enter')
    host.services.sandbox.faults.dropAfterCommit(2, { method: 'alibaba.alsc.crm.voucher.status.change' })
    await page.getByTestId('redeem-submit').click()
    const results = page.getByTestId('redeem-results')
    await expect.poll(() => results.locator('[data-test="outcome-unknown"]').count(), { timeout: 20_000 }).toBe(1)
    await screenshot(page, 'redeem-unknown')
    expect(host.services.sandbox.ledger.actionCount(code, 'NORMAL_ISUSED')).toBe(1)

    await page.getByTestId('retry-unknown').click()
    await expect.poll(() => results.locator('[data-test="outcome-redeemed"]').count(), { timeout: 20_000 }).toBe(1)
    expect(host.services.sandbox.ledger.actionCount(code, 'NORMAL_ISUSED')).toBe(1)
    const requestIds = host.services.sandbox.calls.filter((c) => c.method === 'alibaba.alsc.crm.voucher.status.change' && c.outcome !== 'error').map((c) => c.businessKey)
    const last = requestIds.at(-1)
    expect(requestIds.filter((id) => id === last).length).toBeGreaterThanOrEqual(2) // the retry reused the id
    await screenshot(page, 'redeem-unknown-resolved')
    expect(pageErrors(page)).toEqual([])
  })
})
