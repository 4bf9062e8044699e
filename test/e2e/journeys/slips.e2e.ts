import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import { pageErrors } from '../browser'
import { useAppSession } from '../session'
import { addOperator, fillReversalApproval, signIn } from '../shift-steps'
import type { PrintedSlip } from '../slip-pdf'
import { checkScreen, STORE_PC_SIZES } from '../store-pc'

/**
 * Printed slips, as a counter uses them: the slip of a redemption from the Redeem result, the
 * slip of a reversal (approved by the manager) from History, a reprint that says it is a copy,
 * and the day's Z-slip — each rendered by Chromium to PDF from the page main built, saved under
 * test/e2e/screenshots/slips with a picture of it to look at.
 */

const [first, second] = DEMO_VOUCHERS.filter((v) => v.customerId === 'C10001' && v.initialState === 'NORMAL').map((v) => v.voucherId)
const used = DEMO_VOUCHERS.find((v) => v.customerId === 'C10001' && v.initialState === 'ISUSED')!.voucherId

/** The slip's words as printed: tags gone, entities decoded, one space between words. */
function slipText(slip: PrintedSlip): string {
  const html = slip.job.html
  return html
    .slice(html.indexOf('<body'))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ')
    .trim()
}

/** What every slip owes the paper: one page, at the roll's width, long enough for what is on it. */
function expectOnePage(slip: PrintedSlip, widthMm: number): void {
  expect(slip.job.widthMm).toBe(widthMm)
  expect(slip.pages).toBe(1)
  expect(slip.contentMm).toBeLessThanOrEqual(slip.job.heightMm)
}

async function printed(page: Page, session: { host: { slips: { printed: PrintedSlip[] } } }, count: number, toast: string) {
  await expect.poll(() => session.host.slips.printed.length, { timeout: 15_000 }).toBe(count)
  await expect.poll(() => page.locator('.el-message').last().textContent()).toContain(toast)
}

/** Every screen this journey touched, at both store-PC sizes, in the language on screen. */
async function screens(page: Page, name: string, problems: string[], scrollTo?: string): Promise<void> {
  for (const size of STORE_PC_SIZES) {
    await page.setViewportSize(size)
    if (scrollTo) await page.getByTestId(scrollTo).scrollIntoViewIfNeeded()
    problems.push(...(await checkScreen(page, `slips-${name}-${size.width}`)))
  }
  await page.setViewportSize({ width: 1366, height: 768 })
}

describe('journey: printed slips of a counter shift', () => {
  const session = useAppSession('/settings')
  const problems: string[] = []

  it('the manager names the store and the till, picks the 58 mm roll and requires approval for reversals', async () => {
    const { page } = session
    await page.setViewportSize({ width: 1366, height: 768 })
    await addOperator(page, { id: 'M01', name: '王店长', role: 'manager', pin: '2468' })
    await signIn(page, 'M01', '2468')
    await addOperator(page, { id: 'C01', name: '李收银', role: 'cashier', pin: '1357' })
    await page.getByTestId('approval-reverse').click()
    await page.getByTestId('slip-width-58').click()
    await page.getByTestId('slip-store-name').fill('盒马鲜生 望京店')
    await page.getByTestId('slip-counter').fill('1号收银台')
    await page.getByTestId('shift-settings-save').click()
    await expect.poll(() => page.getByTestId('shift-settings-save').isDisabled()).toBe(true)
    await screens(page, 'settings-zh', problems, 'slip-width')
    await page.getByTestId('shift-sign-out').click()
    await signIn(page, 'C01', '1357')
  })

  it('C01 looks the customer up, redeems two vouchers (one refused) and prints the slip from the result', async () => {
    const { page, host } = session
    await page.getByTestId('nav-redeem').click()
    await page.getByTestId('customer-id').fill('C10001')
    await page.getByTestId('lookup-vouchers').click()
    await expect.poll(() => page.getByTestId('lookup-row').count()).toBe(6)
    await page.locator(`[data-voucher="${first}"]`).click()
    await page.getByTestId('lookup-add').click()
    await page.getByTestId('view-redeem').locator('h2').click()
    await page.keyboard.type(used)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => page.getByTestId('result-line').count(), { timeout: 15_000 }).toBe(2)
    await page.getByTestId('verdict-title').waitFor()
    await page.getByTestId('print-slip').click()
    await printed(page, session, 1, '小票已打印')

    const slip = host.slips.save('slip-batch-zh-58')
    expectOnePage(slip, 58)
    const text = slipText(slip)
    expect(text).toMatch(
      /^核销小票 门店 盒马鲜生 望京店 门店ID S001 柜台 1号收银台 操作人 C01 李收银 时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 顾客 C10001 /,
    )
    expect(text).toContain(`${first} 核销成功 满100减10 面额 ¥10.00`)
    expect(text).toContain(`${used} 未核销 券已用过`)
    expect(text).toContain('成功 1 张，未成功 1 张')
    expect(text).not.toContain('副本')
    await page.getByTestId('redeem-results').scrollIntoViewIfNeeded()
    await screens(page, 'redeem-zh', problems, 'print-slip')
  })

  it('C01 reverses it from History with the manager’s PIN and prints the reversal slip from the row', async () => {
    const { page, host } = session
    await fillReversalApproval(page, first!, { label: '王店长（M01）', pin: '2468' })
    const table = page.getByTestId('history-table')
    await page.getByTestId('approval-confirm').click()
    await expect.poll(() => host.services.sandbox.ledger.actionCount(first!, 'ISUSED_NORMAL'), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => table.getByTestId('row-voucher').count()).toBe(2)
    // Newest first: the reversal's row is on top.
    await table.getByTestId('row-print').first().click()
    await printed(page, session, 2, '小票已打印')

    const slip = host.slips.save('slip-reversal-zh-58')
    expectOnePage(slip, 58)
    const text = slipText(slip)
    const reissued = host.services.sandbox.ledger.get(first!)?.reissuedAs
    expect(text).toMatch(/^反核销小票 门店 盒马鲜生 望京店 .* 操作人 C01 李收银 /)
    expect(reissued).toMatch(/^8800001/)
    expect(text).toContain(`${first} 反核销成功 补发新券 ${reissued}`)
    expect(text).toMatch(/审批人 M01 王店长 审批时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 原因 顾客退货/)
  })

  it('a reprint of the redemption from its History row says 副本', async () => {
    const { page, host } = session
    const table = page.getByTestId('history-table')
    // The second row is the redemption: its slip was printed from the result already.
    await table.getByTestId('row-print').nth(1).click()
    await printed(page, session, 3, '小票已打印（副本）')
    const slip = host.slips.save('slip-batch-copy-zh-58')
    expectOnePage(slip, 58)
    const text = slipText(slip)
    expect(text).toMatch(/^核销小票 副本 /)
    expect(text).toContain('补打，非首次打印')
    // It is the same redemption, and now says it was reversed since.
    expect(text).toContain(`${first} 核销成功`)
    expect(text).toContain('此后已反核销，补发')
    await page.getByTestId('filter-voucher').fill('')
    await page.getByTestId('filter-search').click()
    await screens(page, 'history-zh', problems)
  })

  it('the day’s Z-slip prints the report’s totals', async () => {
    const { page, host } = session
    await page.getByTestId('nav-report').click()
    await page.getByTestId('report-totals').waitFor()
    const total = async (bucket: string) => Number(await page.getByTestId(`report-total-${bucket}`).locator('.report__num').textContent())
    await page.getByTestId('report-print').click()
    await printed(page, session, 4, '小票已打印')
    const slip = host.slips.save('slip-z-zh-58')
    expectOnePage(slip, 58)
    const text = slipText(slip)
    expect(text).toMatch(/^对账单（Z 单） 门店 盒马鲜生 望京店 柜台 1号收银台 范围 /)
    expect(text).toContain(
      `合计 有效核销 ${await total('redeemed')} 核销后已反核销 ${await total('redeemedReversed')} 反核销 ${await total('reversed')} 失败 ${await total('failed')}`,
    )
    expect(text).toContain('C01 李收银 有效核销 0 · 反核销 1 · 失败 1')
    expect(text).toContain('核对人签字')
    await page.getByTestId('report-chart').waitFor()
    await screens(page, 'report-zh', problems)
  })

  it('in English on the 80 mm roll: the Z-slip, and a redemption slip from History (a copy)', async () => {
    const { page, host } = session
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('History')
    await page.getByTestId('shift-lock').click()
    await page.getByTestId('shift-switch').click()
    await signIn(page, 'M01', '2468')
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('slip-width-80').click()
    await page.getByTestId('shift-settings-save').click()
    await expect.poll(() => page.getByTestId('shift-settings-save').isDisabled()).toBe(true)
    await screens(page, 'settings-en', problems, 'slip-width')

    await page.getByTestId('nav-report').click()
    await page.getByTestId('report-totals').waitFor()
    await page.getByTestId('report-print').click()
    await printed(page, session, 5, 'Slip printed')
    const z = host.slips.save('slip-z-en-80')
    expectOnePage(z, 80)
    // Same figures as the Chinese Z-slip: the same slip, so it says COPY.
    expect(slipText(z)).toMatch(/^Day report \(Z slip\) COPY Store 盒马鲜生 望京店 Counter 1号收银台 Range /)
    await page.getByTestId('report-chart').waitFor()
    await screens(page, 'report-en', problems)

    await page.getByTestId('nav-history').click()
    await page.getByTestId('history-table').getByTestId('row-print').nth(1).click()
    await printed(page, session, 6, 'Slip printed (copy)')
    const batch = host.slips.save('slip-batch-copy-en-80')
    expectOnePage(batch, 80)
    const text = slipText(batch)
    expect(text).toMatch(/^Redemption slip COPY Store 盒马鲜生 望京店 Shop ID S001 Counter 1号收银台 Operator C01 李收银 /)
    expect(text).toContain(`${used} Not redeemed already used`)
    await screens(page, 'history-en', problems)

    // The Redeem result in English, with its print buttons.
    await page.getByTestId('nav-redeem').click()
    await page.getByTestId('customer-id').fill('C10001')
    await page.getByTestId('view-redeem').locator('h2').click()
    await page.keyboard.type(second!)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Control+Enter')
    await page.getByTestId('print-slip').waitFor({ timeout: 15_000 })
    await page.getByTestId('redeem-results').scrollIntoViewIfNeeded()
    await screens(page, 'redeem-en', problems, 'print-slip')
    expect(problems).toEqual([])
    expect(pageErrors(page)).toEqual([])
  })
})
