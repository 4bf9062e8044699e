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

/** What the page's `window.couponDesk` answers (the bridge's envelope), for the calls used here. */
type Envelope<T> = { ok: true; value: T } | { ok: false; value?: never; error: unknown }
interface CouponDeskPage {
  couponDesk: {
    profilesList(): Promise<Envelope<Array<{ kind: string; builtIn: boolean; active: boolean; gatewayUrl: string }>>>
    historyQuery(input: { filter: Record<string, string> }): Promise<Envelope<{ rows: Array<{ rowId: number }> }>>
    redeemReverse(input: { rowIds: number[] }): Promise<Envelope<{ results: Array<{ kind: string; rowId: number }> }>>
  }
}

const usable = DEMO_VOUCHERS.filter((v) => v.customerId === 'C10001' && v.initialState === 'NORMAL').map((v) => v.voucherId)
const alreadyUsed = DEMO_VOUCHERS.find((v) => v.customerId === 'C10001' && v.initialState === 'ISUSED')!.voucherId
const otherCustomers = DEMO_VOUCHERS.find((v) => v.customerId === 'C10002')!.voucherId

describe('redemption journeys (1–4) against the real services', () => {
  const session = useAppSession('/redeem')

  it('1. first start: the sandbox profile is active and the demo vouchers are on screen', async () => {
    const { page, host } = session
    const banner = page.getByTestId('training-banner')
    await banner.waitFor()
    const text = await banner.textContent()
    for (const voucher of DEMO_VOUCHERS) expect(text).toContain(voucher.voucherId)
    await screenshot(page, 'redeem-first-start')

    // The active profile, as the page's own API reports it: the built-in sandbox.
    const profiles = await page.evaluate(() => (globalThis as unknown as CouponDeskPage).couponDesk.profilesList())
    if (!profiles.ok) throw new Error(`profilesList failed: ${JSON.stringify(profiles.error)}`)
    const active = profiles.value.filter((p) => p.active)
    expect(active.map((p) => [p.kind, p.builtIn])).toEqual([['sandbox', true]])
    expect(active[0]!.gatewayUrl).toBe(host.services.sandbox.url)
    // The gateway: nothing sent yet, every demo voucher in the state the banner describes.
    expect(host.services.sandbox.calls).toEqual([])
    for (const voucher of DEMO_VOUCHERS) expect(host.services.sandbox.ledger.get(voucher.voucherId)?.state).toBe(voucher.initialState)
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

    // Slower than any poll tick would be: the screen must still ask nothing while it waits, the
    // results come pushed from main (the page's requests to the bridge are counted meanwhile).
    host.services.sandbox.faults.latency(700)
    const asked: string[] = []
    const count = (request: { url(): string }) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/__bridge/')) asked.push(decodeURIComponent(url.pathname.slice('/__bridge/'.length)))
    }
    page.on('request', count)
    await page.keyboard.press('Control+Enter')
    const results = page.getByTestId('redeem-results')
    await expect.poll(() => results.getByTestId('result-line').count(), { timeout: 15_000 }).toBe(5)
    // The lines show at once as pending (the intent is journaled first); the outcomes follow the call.
    await expect.poll(() => results.locator('[data-test="outcome-redeemed"]').count(), { timeout: 15_000 }).toBe(2)
    page.off('request', count)
    host.services.sandbox.faults.latency(0)
    expect(asked).toEqual(['redeem.submit'])
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
    expect(ledger.get(usable[0]!)?.state).toBe('REVERSED')
    expect(ledger.get(reissuedId)?.state).toBe('NORMAL')

    // Reversing it again is refused. The screen offers no second Reverse for it…
    await expect.poll(() => table.getByTestId('row-voucher').count()).toBeGreaterThanOrEqual(2)
    expect(await table.getByTestId('row-reverse').count()).toBe(0)
    // …and main refuses one asked for directly, through the same API the screen uses.
    const redemptionRowId = await page.evaluate(async (voucherId) => {
      const api = (globalThis as unknown as CouponDeskPage).couponDesk
      const page = await api.historyQuery({ filter: { voucherId, action: 'NORMAL_ISUSED' } })
      return page.ok ? page.value.rows[0]?.rowId : undefined
    }, usable[0]!)
    expect(redemptionRowId).toBeTypeOf('number')
    const callsBefore = host.services.sandbox.calls.length
    const again = await page.evaluate(
      (rowId) => (globalThis as unknown as CouponDeskPage).couponDesk.redeemReverse({ rowIds: [rowId] }),
      redemptionRowId!,
    )
    if (!again.ok) throw new Error(`redeemReverse failed: ${JSON.stringify(again.error)}`)
    expect(again.value.results).toEqual([expect.objectContaining({ kind: 'refused', rowId: redemptionRowId })])
    // Nothing reached the gateway; the voucher was reversed once.
    expect(host.services.sandbox.calls.length).toBe(callsBefore)
    expect(ledger.actionCount(usable[0]!, 'ISUSED_NORMAL')).toBe(1)
  })

  it('4. the gateway drops the connection after commit: the UI shows unknown, retry settles it by a lookup, applied once', async () => {
    const { page, host } = session
    await page.getByTestId('nav-redeem').click()
    await page.getByTestId('customer-id').fill('C10001')
    const code = usable[2]!
    await page.getByTestId('code-input').fill(code)
    await page.getByTestId('code-input').press('Enter')
    // One dropped reply: the client does not repeat a voucher write that may have been delivered.
    host.services.sandbox.faults.dropAfterCommit(1, { method: 'alibaba.alsc.crm.voucher.status.change' })
    await page.getByTestId('redeem-submit').click()
    const results = page.getByTestId('redeem-results')
    await expect.poll(() => results.locator('[data-test="outcome-unknown"]').count(), { timeout: 20_000 }).toBe(1)
    await screenshot(page, 'redeem-unknown')
    expect(host.services.sandbox.ledger.actionCount(code, 'NORMAL_ISUSED')).toBe(1)
    const callsBeforeRetry = host.services.sandbox.calls.length

    await page.getByTestId('retry-unknown').click()
    await expect.poll(() => results.locator('[data-test="outcome-redeemed"]').count(), { timeout: 20_000 }).toBe(1)
    expect(host.services.sandbox.ledger.actionCount(code, 'NORMAL_ISUSED')).toBe(1)
    // Retry read the customer's vouchers (ISUSED: the dropped call was applied) and sent nothing again.
    expect(host.services.sandbox.calls.slice(callsBeforeRetry).map((c) => c.method)).toEqual(['alibaba.alsc.crm.customer.voucher.list'])
    await screenshot(page, 'redeem-unknown-resolved')
    expect(pageErrors(page)).toEqual([])
  })
})
