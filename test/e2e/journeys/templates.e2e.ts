import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { pageErrors, screenshot } from '../browser'
import type { E2eHost } from '../host'
import { useAppSession } from '../session'

// A new template (no platform id yet) is created with template.create; the outbox sends nothing else for it.
const CREATE_METHOD = 'alibaba.wdk.coupon.template.create'
const TITLE = '盒马周末满100减10'
const RENAMED = '盒马周末满100减12元'
/** 500 shop ids, one per line, the way they come out of a spreadsheet column. */
const SHOP_IDS = Array.from({ length: 500 }, (_, i) => String(230_001_000 + i))

const T = 'coupon_template'
const APPLY = `${T}.apply_limit_config`
const COMMON = `${T}.common_config`
const CONDITION = `${T}.condition_config`
const DISCOUNT = `${T}.discount_config`
const INVESTORS = `${T}.investment_config.investment_info_list`
const OPTION = `${T}.option_config`
const PARTICIPANTS = `${T}.participate_config.participate_list`
const TIME = `${T}.time_limit_config`
const COMPAT = `${T}.compatible_config`

/** A field's row in the editor, by its path (`data-field`; the DOM id has dots, awkward in CSS). */
const field = (page: Page, key: string): Locator => page.locator(`.field-row[data-field="${key}"]`)
const section = (page: Page, id: string): Locator => page.locator(`section.editor-section[data-section="${id}"]`)

/** Types into the row's text box (text, number-in-a-unit, limit, date). */
async function type(page: Page, key: string, text: string): Promise<void> {
  await field(page, key).locator('input.el-input__inner').first().fill(text)
}

/** Picks an option of the row's select by its visible label, and waits for the dropdown to close. */
async function choose(page: Page, key: string, label: string): Promise<void> {
  await field(page, key).locator('.el-select').click()
  const option = page.getByRole('option', { name: label, exact: true })
  await option.click()
  await option.waitFor({ state: 'hidden' })
}

/** Types a `yyyy-MM-dd HH:mm:ss` time into the row's date picker and confirms it with Enter. */
async function pickTime(page: Page, key: string, text: string): Promise<void> {
  const input = field(page, key).locator('input.el-input__inner')
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await expect.poll(() => input.inputValue()).toBe(text)
  await expect.poll(() => page.locator('.el-picker__popper:visible').count()).toBe(0)
}

/** The page scrolls inside the shell's main area, not the window. */
async function scrollMainToTop(page: Page): Promise<void> {
  await page.locator('.shell__main').evaluate((main) => main.scrollTo({ top: 0 }))
}

/**
 * Page-side check, evaluated as an expression (these tests compile without the DOM lib; and
 * `waitForFunction` would wrap a string in `new Function`, which the app's CSP forbids).
 */
const ANIMATIONS_DONE = `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)`

/**
 * Ready for a screenshot: the mouse parked on the empty sidebar (no hover states), every finite
 * animation finished (el-tags zoom in, tab bars slide, alerts fade), and optionally no toast left.
 */
async function still(page: Page, options: { noToast?: boolean } = {}): Promise<void> {
  await page.mouse.move(90, 860)
  if (options.noToast) await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10_000 })
  await expect.poll(() => page.evaluate(ANIMATIONS_DONE), { timeout: 5_000 }).toBe(true)
}

async function centre(locator: Locator): Promise<void> {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }))
}

describe('journey 6: a new coupon template, offline and back, submitted once', () => {
  const session = useAppSession('/templates')
  let host: E2eHost
  let page: Page
  let uniqueId = ''
  let templateId = ''

  beforeAll(async () => {
    ;({ host, page } = session)
    // The shop ids are pasted through the real clipboard, as from a spreadsheet.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.bridge.url })
  })

  it('1. creates a new draft from the list', async () => {
    await page.getByTestId('draft-list').waitFor()
    await page.getByTestId('draft-new').click()
    await page.getByTestId('template-editor').waitFor()
    expect(await page.getByTestId('editor-state').textContent()).toContain('草稿')
    // A blank draft starts with its required fields flagged, and cannot be submitted yet.
    await page.getByTestId('issues').waitFor()
    expect(await page.getByTestId('editor-submit').isDisabled()).toBe(true)
  })

  it('2. fills every section through its own widgets', async () => {
    // Identity: a new template has no id yet, and the idempotency id is not the user's to type.
    expect(await field(page, `${T}.id`).locator('input').inputValue()).toBe('')
    expect(await field(page, `${T}.unique_id`).locator('input').isDisabled()).toBe(true)

    // Basic info
    await type(page, `${COMMON}.title`, TITLE)
    await field(page, `${COMMON}.description`).locator('textarea').fill('全场满100元减10元，限周末到店使用')
    await choose(page, `${COMMON}.type`, '满元减券')
    await choose(page, `${COMMON}.status`, '有效')
    await choose(page, `${COMMON}.send_type`, '记名券')
    await expect.poll(() => page.getByTestId('editor-title').textContent()).toBe(TITLE)

    // Claim limits
    await pickTime(page, `${APPLY}.apply_start_time`, '2026-12-01 00:00:00')
    await pickTime(page, `${APPLY}.apply_end_time`, '2026-12-31 23:59:59')
    await type(page, `${APPLY}.coupon_total_lmt`, '10000')
    await type(page, `${APPLY}.personal_lmt`, '3')
    await type(page, `${APPLY}.personal_daily_lmt`, '1')

    // Conditions: a 100-yuan threshold, 500 shops pasted in one go, both terminals.
    await field(page, `${CONDITION}.amount_at`).locator('.el-switch').click()
    await type(page, `${CONDITION}.amount`, '100')
    await expect.poll(() => field(page, `${CONDITION}.amount`).getByTestId('unit-hint').textContent()).toContain('10000')
    const shops = field(page, `${CONDITION}.shop_ids`)
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(SHOP_IDS.join('\n'))})`)
    await shops.getByTestId('id-entry').focus()
    await page.keyboard.press('ControlOrMeta+V')
    await expect.poll(() => shops.getByTestId('id-count').textContent()).toContain('500')
    expect(await shops.getByTestId('id-merge').textContent()).toContain('500')
    expect(await shops.getByTestId('id-entry').inputValue()).toBe('')
    await field(page, `${CONDITION}.terminals`).getByText('App', { exact: true }).click()
    await field(page, `${CONDITION}.terminals`).getByText('POS', { exact: true }).click()

    // Discount: 10 yuan off.
    await field(page, `${DISCOUNT}.decrease`).locator('.el-switch').click()
    await type(page, `${DISCOUNT}.decrease_money`, '10')

    // Investors: two rows, 60% + 40%.
    const funding = section(page, 'investment_config')
    await funding.getByTestId('list-add').click()
    await funding.getByTestId('list-add').click()
    await expect.poll(() => funding.getByTestId('list-row').count()).toBe(2)
    await type(page, `${INVESTORS}.0.investor`, '盒马鲜生')
    await type(page, `${INVESTORS}.0.investor_ratio`, '60')
    await type(page, `${INVESTORS}.1.investor`, '品牌方')
    await type(page, `${INVESTORS}.1.investor_ratio`, '40')
    await expect.poll(() => funding.getByTestId('ratio-sum').textContent()).toContain('100')

    // Extra options
    await type(page, `${OPTION}.out_coupon_template_id`, 'HM-WEEKEND-100-10')
    await type(page, `${OPTION}.logo_url`, 'https://img.example.com/coupon/weekend-100-10.png')

    // Participants: one group.
    const participants = section(page, 'participate_config')
    await participants.getByTestId('list-add').click()
    await type(page, `${PARTICIPANTS}.0.number`, '1')
    await type(page, `${PARTICIPANTS}.0.wdk_group_name`, '全部门店')
    await choose(page, `${PARTICIPANTS}.0.logic_group_type`, '普通分组')

    // Validity: a fixed range.
    await choose(page, `${TIME}.valid_time_type`, '开始/结束时间')
    await pickTime(page, `${TIME}.start_valid_time`, '2026-12-01 00:00:00')
    await pickTime(page, `${TIME}.end_valid_time`, '2027-01-31 23:59:59')

    // Compatibility
    await field(page, `${COMPAT}.valid_till_night`).locator('.el-switch').click()
    await expect.poll(() => field(page, `${COMPAT}.valid_till_night`).locator('.el-switch').getAttribute('class')).toContain('is-checked')

    // Operator
    await type(page, 'user_info.user_name', '张店长')

    // Every rule of the contract is met.
    await page.getByTestId('issues-none').waitFor()
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('已保存')
    expect(await page.getByTestId('editor-submit').isEnabled()).toBe(true)
    await scrollMainToTop(page)
    await still(page)
    await screenshot(page, 'templates-editor')
  })

  it('3. shows a cross-field error at the field, in the section badge and in the summary, until it is fixed', async () => {
    const dailyKey = `${APPLY}.personal_daily_lmt`
    const daily = field(page, dailyKey)
    await type(page, dailyKey, '5') // more per day than per person overall (3)

    const issue = daily.getByTestId('field-issue')
    await expect.poll(() => issue.textContent()).toContain('不能大于 3')
    expect(await issue.textContent()).toContain('每人总限领')
    expect(await daily.getAttribute('class')).toContain('field-row--error')
    expect(await section(page, 'apply_limit_config').getByTestId('section-badge').textContent()).toContain('1')
    expect(await page.locator('[data-outline="apply_limit_config"]').getByTestId('outline-badge').textContent()).toContain('1')
    const summary = page.getByTestId('issues')
    expect(await summary.textContent()).toContain('待修改 1 处')
    const link = summary.getByTestId('issue-link')
    expect(await link.count()).toBe(1)
    expect(await link.getAttribute('data-field')).toBe(dailyKey)
    expect(await link.textContent()).toMatch(/领取限制.*每人每日限领.*不能大于 3/)
    // Submitting is not possible while the contract finds a problem.
    expect(await page.getByTestId('editor-submit').isDisabled()).toBe(true)

    // The summary takes the user to the field.
    await link.click()
    await expect.poll(() => daily.locator('input.el-input__inner').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    await centre(daily)
    await still(page)
    await screenshot(page, 'templates-cross-field-error')

    await type(page, dailyKey, '1')
    await expect.poll(() => daily.getByTestId('field-issue').count()).toBe(0)
    await page.getByTestId('issues-none').waitFor()
    // The badges are el-tags: they leave with a short zoom-out transition.
    await expect.poll(() => section(page, 'apply_limit_config').getByTestId('section-badge').count()).toBe(0)
    await expect.poll(() => page.getByTestId('outline-badge').count()).toBe(0)
    expect(await page.getByTestId('editor-submit').isEnabled()).toBe(true)
  })

  it('4. offline: submitting queues the request and nothing reaches the gateway', async () => {
    await host.services.sandbox.stop()
    expect(host.services.sandbox.online).toBe(false)
    await page.getByTestId('editor-submit').click()

    const banner = page.getByTestId('banner-queued')
    await banner.waitFor()
    expect(await page.getByTestId('editor-state').textContent()).toContain('待发送')
    // The first attempt found the gateway unreachable: it now waits for the network.
    await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toContain('网络恢复后自动发送')
    expect(await banner.getByTestId('banner-cancel').count()).toBe(1)
    const latest = page.getByTestId('latest-unique-id')
    await expect.poll(() => latest.textContent()).toMatch(/cd-[0-9a-f-]{36}/)
    uniqueId = (await latest.textContent())!.match(/cd-[0-9a-f-]{36}/)![0]
    expect(host.services.sandbox.calls.filter((c) => c.method === CREATE_METHOD)).toEqual([])
    await scrollMainToTop(page)
    await still(page)
    await screenshot(page, 'templates-queued')

    // The list and the outbox say the same.
    await page.getByTestId('editor-back').click()
    const entry = page.getByTestId('outbox-entry')
    await entry.waitFor()
    expect(await entry.count()).toBe(1)
    expect(await entry.textContent()).toContain(TITLE)
    // Opening the list may set off one more attempt (shown as 发送中 while it fails to connect).
    await expect.poll(() => entry.textContent(), { timeout: 10_000 }).toContain('排队中')
    expect(await entry.textContent()).toContain('网络恢复后自动发送')
    expect(await page.getByTestId('draft-state').first().textContent()).toContain('待发送')
    await expect.poll(() => page.getByTestId('network').textContent(), { timeout: 5_000 }).toContain('连不上开放平台')
    await still(page, { noToast: true })
    await screenshot(page, 'templates-list')
    expect(host.services.sandbox.calls.filter((c) => c.method === CREATE_METHOD)).toEqual([])
    expect(host.services.sandbox.templates.applicationsOf(uniqueId)).toBe(0)
  })

  it('5. back online: the queued request is sent once and the draft shows the new template id', async () => {
    await page.getByTestId('draft-open').filter({ hasText: TITLE }).click()
    await page.getByTestId('template-editor').waitFor()

    await host.services.sandbox.start()
    // What the OS tells the browser when the network comes back: the app asks main to probe now.
    await page.evaluate(`window.dispatchEvent(new Event('online'))`)
    await expect.poll(() => page.getByTestId('editor-state').textContent(), { timeout: 30_000 }).toContain('已提交')
    await expect.poll(() => page.getByTestId('banner-queued').count()).toBe(0)

    const idRow = field(page, `${T}.id`)
    await expect.poll(() => idRow.locator('input').inputValue()).toMatch(/^\d{16,19}$/)
    templateId = await idRow.locator('input').inputValue()
    expect(await idRow.locator('input').isDisabled()).toBe(true)
    expect(await idRow.getByTestId('field-note').textContent()).toContain('平台已确认此模板ID')
    expect(await page.getByTestId('latest-unique-id').textContent()).toContain(uniqueId)

    const gateway = host.services.sandbox
    expect(gateway.templates.applicationsOf(uniqueId)).toBe(1)
    const stored = gateway.templates.get(templateId)
    expect(stored?.template.common_config.title).toBe(TITLE)
    expect(stored?.template.condition_config?.shop_ids).toHaveLength(500)
    expect(stored?.template.condition_config?.shop_ids).toEqual(SHOP_IDS)
    expect(stored?.template.discount_config?.decrease_money).toBe(1000)
    expect(stored?.template.condition_config?.amount).toBe(10000)
    expect(stored?.template.investment_config?.investment_info_list?.map((i: { investor_ratio: number }) => i.investor_ratio)).toEqual([
      6000, 4000,
    ])
    expect(stored?.template.time_limit_config).toMatchObject({ valid_time_type: 1, start_valid_time: '2026-12-01 00:00:00' })
    expect(stored?.userInfo?.user_name).toBe('张店长')
    // Every call for this template carried the one unique_id; it changed the store once.
    const calls = gateway.calls.filter((c) => c.method === CREATE_METHOD)
    expect(calls.length).toBeGreaterThanOrEqual(1)
    expect(calls.every((c) => c.businessKey === uniqueId)).toBe(true)
    expect(gateway.templates.all().filter((t) => t.template.common_config.title === TITLE)).toHaveLength(1)

    await scrollMainToTop(page)
    await still(page)
    await screenshot(page, 'templates-submitted')
  })

  it('6. after a change, the diff shows that field before and after, in words', async () => {
    await type(page, `${COMMON}.title`, RENAMED)
    await expect.poll(() => page.getByTestId('editor-state').textContent(), { timeout: 5_000 }).toContain('草稿')
    await page.getByTestId('banner-edited').waitFor()

    await page.getByRole('tab', { name: '对比' }).click()
    const diff = page.getByTestId('diff')
    await diff.waitFor()
    expect(await diff.textContent()).toContain('提交的版本对比')
    const row = diff.locator(`[data-diff-field="${COMMON}.title"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain('优惠券名称')
    expect(await row.textContent()).toContain('修改')
    expect(await row.getByTestId('diff-before').textContent()).toContain(TITLE)
    expect(await row.getByTestId('diff-after').textContent()).toContain(RENAMED)
    // Only what the user changed: the submitted version and the draft agree on everything else.
    expect(await diff.locator('[data-diff-field]').count()).toBe(1)
    await scrollMainToTop(page)
    await still(page)
    await screenshot(page, 'templates-diff')

    expect(pageErrors(page)).toEqual([])
  })
})
