import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import { createSandboxGateway } from '@main/sandbox/gateway'
import { launchChromium, openApp, pageErrors, screenshot, type AppBrowser } from '../browser'
import { startE2eHost, type E2eHost } from '../host'

const VOUCHER_METHOD = 'alibaba.alsc.crm.voucher.status.change'
const LIST_METHOD = 'alibaba.alsc.crm.customer.voucher.list'
const voucherId = DEMO_VOUCHERS.find((v) => v.customerId === 'C10001' && v.initialState === 'NORMAL')!.voucherId

/**
 * A redemption whose outcome became unknown (the gateway committed it, then dropped the reply,
 * and it does not de-duplicate request_id), then the app restarted on the same data: start-up
 * recovery reads the customer's vouchers on the platform and settles the row, with no manager
 * step and no resend. The training gateway stands in for TOP, so it outlives the app.
 */
describe('an unknown outcome is settled by the voucher lookup after a restart', () => {
  const gateway = createSandboxGateway({ control: true })
  gateway.ledger.deduplicateRequestIds = false
  let host: E2eHost | undefined
  let browser: AppBrowser | undefined
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
    await gateway.stop()
  })

  it('commit-then-drop, restart, redeemed by the lookup: one redemption on the ledger', async () => {
    // First run: the cashier redeems; the reply is lost after the platform applied it.
    host = await startE2eHost({ sandbox: gateway })
    browser = await launchChromium()
    let page = await openApp(browser, host, '/redeem')
    await page.getByTestId('customer-id').fill('C10001')
    await page.getByTestId('code-input').fill(voucherId)
    await page.getByTestId('code-input').press('Enter')
    gateway.faults.dropAfterCommit(1, { method: VOUCHER_METHOD })
    await page.getByTestId('redeem-submit').click()
    await expect.poll(() => page.locator('[data-test="outcome-unknown"]').count(), { timeout: 20_000 }).toBe(1)
    await screenshot(page, 'restart-lookup-unknown')
    expect(gateway.ledger.actionCount(voucherId, 'NORMAL_ISUSED')).toBe(1)
    // Not repeated by the client: a gateway that does not de-duplicate would apply it again.
    expect(gateway.calls.filter((c) => c.method === VOUCHER_METHOD).map((c) => c.outcome)).toEqual(['dropped'])
    expect(pageErrors(page)).toEqual([])

    // The app closes and starts again on the same data directory (a new window, new services).
    const dataDir = host.dataDir
    await browser.close()
    await host.stop({ keepData: true })
    const callsBefore = gateway.calls.length
    host = await startE2eHost({ dataDir, sandbox: gateway })
    await host.services.started
    browser = await launchChromium()
    page = await openApp(browser, host, '/redeem')

    // Start-up recovery looked the voucher up (ISUSED: the lost call was applied) and sent nothing again.
    const notice = page.getByTestId('startup-notice')
    await notice.waitFor()
    await expect.poll(() => notice.locator('[data-test="outcome-redeemed"]').count(), { timeout: 20_000 }).toBe(1)
    expect(await notice.textContent()).toContain(voucherId)
    expect(await notice.locator('[data-test="outcome-needs_check"]').count()).toBe(0)
    await screenshot(page, 'restart-lookup-settled')
    expect(gateway.calls.slice(callsBefore).map((c) => c.method)).toEqual([LIST_METHOD])

    // History: redeemed, nothing for a manager to record, reversible as any redemption.
    await page.getByTestId('nav-history').click()
    await page.getByTestId('filter-voucher').fill(voucherId)
    await page.getByTestId('filter-search').click()
    const row = page.getByTestId('row-status').first()
    await expect.poll(() => row.locator('[data-test="outcome-redeemed"]').count(), { timeout: 10_000 }).toBe(1)
    expect(await page.getByTestId('row-resolve').count()).toBe(0)
    expect(await page.getByTestId('row-retry').count()).toBe(0)
    await screenshot(page, 'restart-lookup-history')

    // Exactly one redemption on the gateway's ledger, and the voucher is used.
    expect(gateway.ledger.actionCount(voucherId, 'NORMAL_ISUSED')).toBe(1)
    expect(gateway.ledger.get(voucherId)?.state).toBe('ISUSED')
    expect(gateway.calls.filter((c) => c.method === VOUCHER_METHOD)).toHaveLength(1)
    expect(pageErrors(page)).toEqual([])
  })
})
