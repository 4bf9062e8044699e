import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { DraftDetail, DraftSummary } from '@contract/ipc/channels/templates'
import { DEFAULT_SHIFT_SETTINGS } from '@contract/ipc/channels/shift'
import { ApiError } from '@renderer/api'
import { useShiftStore } from '@renderer/shift/shift-store'
import TemplatesView from '@renderer/templates/TemplatesView.vue'
import { clickBoxButton, fakeApi, messageBox, mountWithApp, page } from '../support/harness'
import { DRAFT_ID, NOW, body, detail, outboxList, summary } from './fixtures'

const TEMPLATE_ID = '9007199254741001'
const ENDED = { at: NOW, by: '王店长', approvedBy: null }

/** A draft created on the platform: it has a template id and is running. */
const running = (over: Partial<DraftDetail> = {}): DraftDetail =>
  detail(body(), { state: 'submitted', templateId: TEMPLATE_ID, revision: 2, ...over })

afterEach(() => {
  document.body.innerHTML = ''
})

/** The editor of `draft`, whose template main ends (or refuses to) as `terminate` says. */
async function editorOf(draft: () => DraftDetail, terminate: (input: { draftId: string; approval?: unknown }) => unknown, locale?: 'en') {
  const api = fakeApi({ draftsGet: draft, outboxList, draftsTerminate: terminate, draftsList: () => ({ drafts: [] }) })
  return mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}`, ...(locale ? { locale } : {}) })
}

describe('ending a template early', { timeout: 60_000 }, () => {
  it('asks first, saying what it does and that it cannot be undone; stepping back sends nothing', async () => {
    const terminate = vi.fn()
    const wrapper = await editorOf(() => running(), terminate)
    await wrapper.find('[data-test="editor-terminate"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()?.querySelector('[data-test="terminate-confirm"]')).not.toBeNull())
    const box = messageBox()!
    expect(box.querySelector('.el-message-box__title')?.textContent).toBe('提前结束这个券模板？')
    expect(box.textContent).toContain(`开放平台上的券模板「满100减10」（模板 ID ${TEMPLATE_ID}）将结束领取：顾客不能再领到这张券。`)
    expect(box.textContent).toContain('此操作无法撤销')
    const buttons = [...box.querySelectorAll('.el-message-box__btns button')].map((b) => b.textContent?.trim())
    expect(buttons).toEqual(['不结束', '提前结束'])
    await clickBoxButton('cancel')
    expect(terminate).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="banner-terminated"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('ends it after the confirmation, then shows who ended it and takes no more submissions', async () => {
    let state = running()
    const terminate = vi.fn((input: { draftId: string }): DraftSummary => {
      state = running({ terminated: ENDED })
      return summary({ draftId: input.draftId, state: 'submitted', templateId: TEMPLATE_ID, terminated: ENDED })
    })
    const wrapper = await editorOf(() => state, terminate)
    expect(wrapper.find('button[data-test="editor-submit"]').attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="editor-terminate"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()).not.toBeNull())
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(terminate).toHaveBeenCalledWith({ draftId: DRAFT_ID }))
    await flushPromises()
    expect(page().text()).toContain('券模板已提前结束')
    const banner = wrapper.find('[data-test="banner-terminated"]')
    expect(banner.text()).toContain('2025-01-10 10:00:00（北京时间）由 王店长 提前结束')
    expect(banner.text()).toContain('结束后不能再提交修改')
    expect(wrapper.find('[data-test="editor-terminated"]').text()).toBe('已提前结束')
    // Nothing more to end, nothing more to submit.
    expect(wrapper.find('[data-test="editor-terminate"]').exists()).toBe(false)
    expect(wrapper.find('button[data-test="editor-submit"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('in English too, and a refusal from the platform is shown in words', async () => {
    const terminate = vi.fn(() => {
      throw new ApiError({
        code: 'top-error',
        key: 'templates.terminate.refused',
        params: { errCode: 'TEMPLATE_NOT_FOUND', errMsg: '模板不存在' },
      })
    })
    const wrapper = await editorOf(() => running(), terminate, 'en')
    expect(wrapper.find('[data-test="editor-terminate"]').text()).toBe('End early')
    await wrapper.find('[data-test="editor-terminate"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()).not.toBeNull())
    const box = messageBox()!
    expect(box.querySelector('.el-message-box__title')?.textContent).toBe('End this coupon template early?')
    expect(box.textContent).toContain('customers can no longer get this coupon')
    expect(box.textContent).toContain('This cannot be undone')
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(page().text()).toContain('The Open Platform did not end the template: TEMPLATE_NOT_FOUND 模板不存在'))
    expect(wrapper.find('[data-test="banner-terminated"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it("asks for a manager's PIN when main says the store requires approval, and sends it with the end", async () => {
    let state = running()
    const terminate = vi.fn((input: { draftId: string; approval?: unknown }) => {
      if (!input.approval)
        throw new ApiError({ code: 'forbidden', key: 'shift.error.approvalRequired', params: { action: 'productionTemplate' } })
      const terminated = { ...ENDED, by: '李收银', approvedBy: '王店长' }
      state = running({ terminated })
      return summary({ state: 'submitted', templateId: TEMPLATE_ID, terminated })
    })
    const api = fakeApi({
      draftsGet: () => state,
      outboxList,
      draftsTerminate: terminate,
      draftsList: () => ({ drafts: [] }),
      shiftState: () => ({
        enabled: true,
        operator: null,
        shiftId: null,
        signedInAt: null,
        locked: false,
        settings: { ...DEFAULT_SHIFT_SETTINGS, approval: { ...DEFAULT_SHIFT_SETTINGS.approval, productionTemplate: true } },
      }),
      shiftOperators: () => ({ operators: [{ id: 'M01', name: '王店长', role: 'manager', hasPin: true }] }),
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
    await useShiftStore().load()
    await wrapper.find('[data-test="editor-terminate"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()).not.toBeNull())
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(page().find('[data-test="approval-dialog"]').isVisible()).toBe(true))
    expect(terminate).toHaveBeenCalledTimes(1)
    await page().find('input[data-test="approval-pin"]').setValue('2468')
    await page().find('[data-test="approval-confirm"]').trigger('click')
    await vi.waitFor(() => expect(terminate).toHaveBeenLastCalledWith({ draftId: DRAFT_ID, approval: { managerId: 'M01', pin: '2468' } }))
    await flushPromises()
    expect(wrapper.find('[data-test="banner-terminated"]').text()).toContain('（王店长 批准）')
    wrapper.unmount()
  })

  it('the list offers it for a running template only, and marks an ended one', async () => {
    const drafts = [
      summary({ draftId: DRAFT_ID, title: '满100减10', state: 'submitted', templateId: TEMPLATE_ID }),
      summary({
        draftId: '00000000-0000-4000-8000-000000000002',
        title: '满200减30',
        state: 'submitted',
        templateId: '42',
        terminated: ENDED,
      }),
      summary({ draftId: '00000000-0000-4000-8000-000000000003', title: '草稿' }),
    ]
    const terminate = vi.fn()
    const api = fakeApi({ draftsList: () => ({ drafts }), outboxList, draftsTerminate: terminate })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    expect(wrapper.findAll('[data-test="draft-terminate"]')).toHaveLength(1)
    expect(wrapper.findAll('[data-test="draft-terminated"]').map((t) => t.text())).toEqual(['已提前结束'])
    await wrapper.find('[data-test="draft-terminate"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()?.textContent).toContain(`模板 ID ${TEMPLATE_ID}`))
    await clickBoxButton('cancel')
    expect(terminate).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})
