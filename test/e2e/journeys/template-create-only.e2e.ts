import { describe, expect, it } from 'vitest'
import { pageErrors, screenshot } from '../browser'
import { useAppSession } from '../session'

const CONDITION = 'coupon_template.condition_config'
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const

describe("template editor: create's extra conditions while creating", () => {
  const session = useAppSession('/templates')

  it('shows 最大优惠金额 and 排除的商品规则 on a new draft, in zh-CN and en, at store-PC sizes', async () => {
    const { page, host } = session
    await page.getByTestId('draft-list').waitFor()
    await page.getByTestId('draft-new').click()
    await page.getByTestId('template-editor').waitFor()
    for (const locale of ['zh-CN', 'en'] as const) {
      await host.services.handlers['app.setLocale']({ locale })
      await page.reload()
      await page.getByTestId('template-editor').waitFor()
      const row = page.locator(`.field-row[data-field="${CONDITION}.max_effect_amount"]`)
      await row.evaluate((el) => el.scrollIntoView({ block: 'center' }))
      expect(await row.textContent()).toContain(locale === 'zh-CN' ? '最大优惠金额（仅创建）' : 'Max discount (create only)')
      expect(await page.locator(`.field-row[data-field="${CONDITION}.exclude_item_rules"]`).count()).toBe(1)
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await row.evaluate((el) => el.scrollIntoView({ block: 'center' }))
        await page.mouse.move(5, size.height - 5)
        await screenshot(page, `template-create-only-${locale}-${size.width}x${size.height}`)
      }
    }
    expect(pageErrors(page)).toEqual([])
  })
})
