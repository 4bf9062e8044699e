import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { pageErrors } from '../browser'
import { useAppSession } from '../session'
import { checkScreen, STORE_PC_SIZES, useLanguage, LANGUAGES } from '../store-pc'

/**
 * The Templates screen in a shift whose store wants a manager's PIN for production submissions.
 * A production profile can only talk to TOP's own hosts, which a journey cannot reach; so the
 * window is told the active profile is a production one (its `profiles.list` reply, nothing
 * else), and main — whose real profile is the training one — takes the submission as it would.
 * What this journey looks at is the screen: it asks, and the approval travels with the submission.
 */
describe('journey: a production template submission asks for the manager’s PIN', () => {
  const session = useAppSession('/settings')

  async function asProduction(page: Page): Promise<void> {
    await page.route('**/__bridge/profiles.list', async (route) => {
      const response = await route.fetch()
      const reply = (await response.json()) as { ok: boolean; value: { active: boolean; kind: string }[] }
      if (reply.ok) for (const p of reply.value) if (p.active) p.kind = 'production'
      await route.fulfill({ response, json: reply })
    })
  }

  it('asks before sending, sends the approval with it, and fits a store PC in both languages', async () => {
    const { page } = session
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('operator-add').click()
    const dialog = page.getByTestId('operator-dialog')
    await dialog.getByTestId('operator-id').fill('M01')
    await dialog.getByTestId('operator-name').fill('王店长')
    await dialog.getByTestId('operator-role-manager').click()
    await dialog.getByTestId('operator-pin').fill('2468')
    await page.getByTestId('operator-save').click()
    const gate = page.getByTestId('shift-gate')
    await gate.getByTestId('shift-op-M01').click()
    await gate.getByTestId('shift-pin').fill('2468')
    await gate.getByTestId('shift-pin-ok').click()
    await gate.waitFor({ state: 'detached' })
    await page.getByTestId('approval-productionTemplate').click()
    await page.getByTestId('shift-settings-save').click()
    await expect.poll(() => page.getByTestId('shift-settings-save').isDisabled()).toBe(true)

    await asProduction(page)
    const submitted: unknown[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/__bridge/drafts.submit')) submitted.push((request.postDataJSON() as { payload: unknown }).payload)
    })
    await page.reload()
    await page.getByTestId('nav-templates').click()
    await page.getByTestId('draft-import').click()
    await page.getByTestId('import-text').fill(JSON.stringify(VALID_TEMPLATE_EXAMPLE))
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('template-editor').waitFor()
    await expect.poll(() => page.getByTestId('editor-submit').isEnabled()).toBe(true)

    const problems: string[] = []
    for (const language of LANGUAGES) {
      await useLanguage(page, language)
      await page.getByTestId('editor-submit').click()
      const approval = page.getByTestId('approval-dialog')
      await approval.waitFor()
      expect(await approval.textContent()).toContain(language.locale === 'en' ? 'M01' : '王店长')
      for (const size of STORE_PC_SIZES) {
        await page.setViewportSize(size)
        problems.push(...(await checkScreen(page, `template-approval-${language.locale}-${size.width}`)))
      }
      if (language.locale === 'zh-CN') {
        // Cancelled: nothing is sent.
        await approval.getByRole('button', { name: '取消' }).click()
        await approval.waitFor({ state: 'hidden' })
        expect(submitted).toEqual([])
      } else {
        await approval.getByTestId('approval-pin').fill('2468')
        await page.getByTestId('approval-confirm').click()
        await expect.poll(() => submitted.length, { timeout: 10_000 }).toBe(1)
      }
    }
    expect(submitted[0]).toMatchObject({ approval: { managerId: 'M01', pin: '2468' } })
    await expect.poll(() => page.getByTestId('editor-state').textContent(), { timeout: 15_000 }).not.toContain('Draft')
    expect(problems).toEqual([])
    expect(pageErrors(page)).toEqual([])
  })
})
