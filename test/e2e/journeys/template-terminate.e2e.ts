import { describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import type { DraftBody, DraftDetail } from '@contract/ipc/channels/templates'
import { createRouter } from '@main/ipc/router'
import { pageErrors } from '../browser'
import { useAppSession } from '../session'
import { LANGUAGES, checkScreen, useLanguage } from '../store-pc'

/**
 * 提前结束 / End early: a template created on the training gateway is ended from the editor, after
 * a confirmation that says what ending does and that it cannot be undone, at a store PC's window
 * size in both languages.
 */
describe('ending a submitted template early from the editor', () => {
  const session = useAppSession('/templates')

  it('confirms in zh-CN and en at 1024×768, then ends the template on the gateway, once', async () => {
    const { page, host } = session
    const router = createRouter(host.services.handlers, { validateOutput: true })
    const call = async <T>(channel: string, input?: unknown): Promise<T> => {
      const reply = await router.dispatch(channel, input)
      if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`)
      return reply.value as T
    }
    // A template created on the platform from this PC (the outbox sends it at once).
    const body = structuredClone(VALID_TEMPLATE_EXAMPLE) as DraftBody
    delete body.coupon_template!.id
    delete body.coupon_template!.unique_id
    const { draftId } = await call<DraftDetail>('drafts.create')
    const saved = await call<{ revision: number }>('drafts.save', { draftId, body })
    await call('drafts.submit', { draftId, revision: saved.revision })
    await expect.poll(async () => (await call<DraftDetail>('drafts.get', { draftId })).state, { timeout: 15_000 }).toBe('submitted')
    const { templateId } = await call<DraftDetail>('drafts.get', { draftId })

    await page.setViewportSize({ width: 1024, height: 768 })
    await page.goto(page.url().replace(/#.*$/, '') + `#/templates?draft=${draftId}`)
    await page.getByTestId('template-editor').waitFor()
    const problems: string[] = []
    for (const language of LANGUAGES) {
      await useLanguage(page, language)
      await page.getByTestId('editor-terminate').click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      expect(await box.textContent()).toContain(templateId!)
      problems.push(...(await checkScreen(page, `template-terminate-confirm-${language.locale}-1024x768`)))
      // Stepping back sends nothing.
      await box.locator('.el-message-box__btns button').first().click()
      await box.waitFor({ state: 'hidden' })
    }
    expect(host.services.sandbox.calls.filter((c) => c.method === 'alibaba.wdk.coupon.template.terminate')).toEqual([])

    await page.getByTestId('editor-terminate').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.getByTestId('banner-terminated').waitFor()
    problems.push(...(await checkScreen(page, 'template-terminate-ended-en-1024x768')))
    expect(problems).toEqual([])
    expect(host.services.sandbox.templates.get(templateId!)?.terminated).toBe(true)
    expect(host.services.sandbox.calls.filter((c) => c.method === 'alibaba.wdk.coupon.template.terminate')).toHaveLength(1)
    expect(await page.getByTestId('editor-submit').isDisabled()).toBe(true)
    expect(pageErrors(page)).toEqual([])
  })
})
