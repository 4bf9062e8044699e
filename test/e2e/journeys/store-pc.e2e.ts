import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import { pageErrors } from '../browser'
import { useAppSession } from '../session'
import { LANGUAGES, STORE_PC_SIZES, checkScreen, useLanguage, type Language, type StorePcSize } from '../store-pc'

const usable = DEMO_VOUCHERS.filter((v) => v.customerId === 'C10001' && v.initialState === 'NORMAL').map((v) => v.voucherId)

/** A dialog or message box that Element Plus animates in: wait until it is there and still. */
async function settled(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor()
  await expect
    .poll(() =>
      page.evaluate(
        `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)`,
      ),
    )
    .toBe(true)
}

async function closeWithEscape(page: Page, selector: string): Promise<void> {
  await page.keyboard.press('Escape')
  await page.locator(selector).first().waitFor({ state: 'hidden' })
}

/**
 * Every route and every dialog, at the store PCs' window sizes, in both languages: nothing
 * scrolls sideways, no voucher code is cut, axe finds nothing serious; a screenshot of each.
 */
describe('store-PC screens at 1024×768 and 1366×768, zh-CN and en', () => {
  const session = useAppSession('/redeem')

  it('sets the scene: redeemed, reversed, one outcome unknown, a template draft', async () => {
    const { page, host } = session
    await page.setViewportSize(STORE_PC_SIZES[0])
    await page.getByTestId('customer-id').fill('C10001')
    await page.getByTestId('code-input').fill(usable.slice(0, 3).join(' '))
    await page.getByTestId('code-input').press('Enter')
    await page.getByTestId('redeem-submit').click()
    await expect.poll(() => page.locator('[data-test="outcome-redeemed"]').count(), { timeout: 15_000 }).toBe(3)
    // One more whose reply is lost: History then offers Retry and "record what the backend shows".
    await page.getByTestId('code-input').fill(usable[3]!)
    await page.getByTestId('code-input').press('Enter')
    host.services.sandbox.faults.dropAfterCommit(1, { method: 'alibaba.alsc.crm.voucher.status.change' })
    await page.getByTestId('redeem-submit').click()
    await expect.poll(() => page.locator('[data-test="outcome-unknown"]').count(), { timeout: 20_000 }).toBe(1)
    // One reversal, so History shows the chain and the reissued id.
    await page.getByTestId('nav-history').click()
    await page.getByTestId('filter-voucher').fill(usable[0]!)
    await page.getByTestId('filter-search').click()
    await page.getByTestId('row-reverse').first().click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator('.el-message-box').first().waitFor({ state: 'hidden' })
    await page.getByTestId('filter-voucher').fill('')
    await page.getByTestId('filter-search').click()
    await expect.poll(() => page.getByTestId('row-reissued').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.keyboard.press('Escape')
    await page.getByTestId('nav-templates').click()
    await page.getByTestId('draft-new').click()
    await page.getByTestId('template-editor').waitFor()
    await page.getByTestId('editor-back').click()
    await page.getByTestId('draft-list').waitFor()
  })

  for (const size of STORE_PC_SIZES) {
    for (const language of LANGUAGES) {
      it(`every screen and dialog at ${size.width}×${size.height}, ${language.locale}`, async () => {
        const problems = await visitAll(session.page, size, language)
        expect(problems).toEqual([])
        expect(pageErrors(session.page)).toEqual([])
      })
    }
  }
})

async function visitAll(page: Page, size: StorePcSize, language: Language): Promise<string[]> {
  const problems: string[] = []
  const check = async (...args: Parameters<typeof checkScreen>) => void problems.push(...(await checkScreen(...args)))
  await page.setViewportSize(size)
  await useLanguage(page, language)
  const at = (screen: string) => `pc-${size.width}-${language.locale}-${screen}`

  await page.getByTestId('nav-redeem').click()
  await page.getByTestId('view-redeem').waitFor()
  await check(page, at('redeem'), { minCodes: 1 })
  await page.getByTestId('code-input').fill(usable.slice(0, 2).join(' ') + ' bad code')
  await page.getByTestId('code-input').press('Enter')
  await check(page, at('redeem-list'), { minCodes: 3 })
  // Next customer (F2) with codes still listed asks first.
  await page.keyboard.press('F2')
  await settled(page, '.el-message-box')
  await check(page, at('redeem-next-customer'))
  await closeWithEscape(page, '.el-message-box')
  await page.getByTestId('clear-lines').click()
  // A voucher typed into the customer box is offered as a voucher.
  const customer = await page.getByTestId('customer-id').inputValue()
  await page.getByTestId('customer-id').fill(usable[4]!)
  await page.getByTestId('customer-id').press('Enter')
  await page.getByTestId('voucher-in-customer').waitFor()
  await check(page, at('redeem-voucher-in-customer'))
  await page.getByTestId('customer-keep').click()
  await page.getByTestId('customer-id').fill(customer)

  await page.getByTestId('nav-history').click()
  await page.getByTestId('history-table').waitFor()
  await expect.poll(() => page.getByTestId('row-voucher').count()).toBeGreaterThan(3)
  await check(page, at('history'), { minCodes: 4 })
  await page.getByTestId('row-reverse').first().click()
  await settled(page, '.el-message-box')
  await check(page, at('history-confirm-reverse'))
  await closeWithEscape(page, '.el-message-box')
  await page.getByTestId('row-resolve').first().click()
  await settled(page, '[data-test="resolve-dialog"]')
  await check(page, at('history-resolve'))
  await closeWithEscape(page, '[data-test="resolve-dialog"]')

  await page.getByTestId('nav-templates').click()
  await page.getByTestId('draft-list').waitFor()
  await check(page, at('templates'))
  await page.getByTestId('draft-import').click()
  await settled(page, '[data-test="import-dialog"]')
  await check(page, at('templates-import'))
  await closeWithEscape(page, '[data-test="import-dialog"]')
  await page.getByTestId('draft-open').first().click()
  await page.getByTestId('template-editor').waitFor()
  await check(page, at('templates-editor'))
  await page.getByTestId('editor-back').click()
  await page.getByTestId('draft-list').waitFor()

  await page.getByTestId('nav-settings').click()
  await page.getByTestId('profile-sandbox').waitFor()
  await check(page, at('settings'))
  await page.getByTestId('profile-add').click()
  await settled(page, '[data-test="profile-dialog"]')
  await check(page, at('settings-profile'))
  await closeWithEscape(page, '[data-test="profile-dialog"]')
  return problems
}
