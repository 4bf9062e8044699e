import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { DraftBody, DraftDetail, OutboxEntry } from '@contract/ipc/channels/templates'
import { ApiError } from '@renderer/api'
import { setIn } from '@renderer/templates/draft-path'
import TemplatesView from '@renderer/templates/TemplatesView.vue'
import { clickBoxButton, fakeApi, messageBox, mountWithApp } from '../support/harness'
import { DRAFT_ID, NOW, SUBMISSION_ID, T, body, detail, outboxList, queuedEntry, summary } from './fixtures'

afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

// A whole editor mounts in a few seconds under happy-dom (each Element Plus date picker alone takes
// about half a second there), so these tests get more than the default time on a busy machine.
describe('template editor', { timeout: 60_000 }, () => {
  it('jumps from the issue summary to the field, focused, and blocks submitting while invalid', async () => {
    const invalid = setIn(body(), [T, 'discount_config', 'decrease_money'], 10000)
    const submit = vi.fn()
    const api = fakeApi({ draftsGet: () => detail(invalid), outboxList, draftsSubmit: submit })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })

    const links = wrapper.findAll('[data-test="issue-link"]')
    expect(links.map((l) => l.attributes('data-field'))).toEqual([`${T}.discount_config.decrease_money`])
    expect(wrapper.find('[data-outline="discount_config"] [data-test="outline-badge"]').text()).toBe('1')
    expect(wrapper.find('button[data-test="editor-submit"]').attributes('disabled')).toBeDefined()

    await links[0]!.trigger('click')
    await flushPromises()
    const row = document.getElementById(`field-${T}.discount_config.decrease_money`)!
    expect(document.activeElement).not.toBeNull()
    expect(row.contains(document.activeElement)).toBe(true)
    expect(document.activeElement?.tagName).toBe('INPUT')
    expect(submit).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('submitting again while an earlier submission is queued asks before replacing it', async () => {
    const submit = vi.fn(() => ({ draft: summary({ state: 'queued' }), submission: queuedEntry }))
    const api = fakeApi({
      draftsGet: () => detail(body(), { state: 'queued', submission: queuedEntry }),
      outboxList,
      draftsSubmit: submit,
      draftsList: () => ({ drafts: [] }),
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await vi.waitFor(() => expect(messageBox()?.textContent).toContain('2025-01-10 10:00:00（北京时间）提交的版本还在等待发送'))
    await clickBoxButton('cancel')
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    const boxes = document.querySelectorAll('.el-message-box').length
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await vi.waitFor(() => expect(document.querySelectorAll('.el-message-box').length).toBeGreaterThan(boxes))
    await clickBoxButton('confirm')
    await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(1))
    wrapper.unmount()
  })

  it('shows a queued submission with its reason and cancels it while unsent', async () => {
    const cancel = vi.fn((_input: { submissionId: string }) => ({ ...queuedEntry, status: 'cancelled', finishedAt: NOW }))
    let state: DraftDetail = detail(body(), { state: 'queued', submission: queuedEntry })
    const api = fakeApi({
      draftsGet: () => state,
      outboxList,
      outboxCancel: (input: { submissionId: string }) => {
        state = detail(body(), { submission: { ...queuedEntry, status: 'cancelled', finishedAt: NOW } })
        return cancel(input)
      },
      draftsList: () => ({ drafts: [] }),
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
    const banner = wrapper.find('[data-test="banner-queued"]')
    // When it was submitted (Beijing time), not a revision number that grows with every autosave.
    expect(banner.text()).toContain('2025-01-10 10:00:00（北京时间）提交的版本正在等待发送')
    expect(banner.text()).toContain('网络恢复后自动发送')
    await banner.find('[data-test="banner-cancel"]').trigger('click')
    await flushPromises()
    expect(cancel).toHaveBeenCalledWith({ submissionId: SUBMISSION_ID })
    expect(wrapper.find('[data-test="banner-queued"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="editor-state"]').text()).toBe('草稿')
    wrapper.unmount()
  })

  it('shows why the last submission failed, with the platform codes', async () => {
    const failed = detail(body(), {
      state: 'failed',
      lastError: {
        key: 'top.error.caller.invalidParameter',
        params: { detail: '非法参数' },
        top: { code: 41, subCode: 'isv.invalid-parameter' },
      },
    })
    const wrapper = await mountWithApp(TemplatesView, {
      api: fakeApi({ draftsGet: () => failed, outboxList }),
      route: `/templates?draft=${DRAFT_ID}`,
    })
    expect(wrapper.find('[data-test="banner-error"]').text()).toContain('41 / isv.invalid-parameter')
    wrapper.unmount()
  })

  it('compares with the submitted version in human units', async () => {
    const base = body()
    const now = setIn(body(), [T, 'discount_config', 'decrease_money'], 2000)
    const withBase = detail(now, { base: { kind: 'submitted', body: base, at: NOW } })
    const wrapper = await mountWithApp(TemplatesView, {
      api: fakeApi({ draftsGet: () => withBase, outboxList }),
      route: `/templates?draft=${DRAFT_ID}`,
    })
    await wrapper.find('#tab-diff').trigger('click')
    await flushPromises()
    const row = wrapper.find(`[data-diff-field="${T}.discount_config.decrease_money"]`)
    expect(row.find('[data-test="diff-before"]').text()).toBe('¥10.00')
    expect(row.find('[data-test="diff-after"]').text()).toBe('¥20.00')
    expect(row.text()).toContain('减钱金额')
    wrapper.unmount()
  })

  it('previews the discount of a sample basket with investor shares', async () => {
    const wrapper = await mountWithApp(TemplatesView, {
      api: fakeApi({ draftsGet: () => detail(body()), outboxList }),
      route: `/templates?draft=${DRAFT_ID}`,
    })
    await wrapper.find('#tab-preview').trigger('click')
    await flushPromises()
    await wrapper.find('input[data-test="preview-amount"]').setValue('150.01')
    expect(wrapper.find('[data-test="preview-discount"]').text()).toBe('¥10.00')
    expect(wrapper.find('[data-test="preview-pay"]').text()).toBe('¥140.01')
    expect(wrapper.findAll('[data-test="preview-share"]').map((s) => s.text())).toEqual(['brand (60%): ¥6.00', 'store (40%): ¥4.00'])
    await wrapper.find('input[data-test="preview-amount"]').setValue('99.99')
    expect(wrapper.find('[data-test="preview-result"]').text()).toContain('未达到门槛金额 ¥100.00')
    wrapper.unmount()
  })
})

describe('leaving the editor', { timeout: 60_000 }, () => {
  it('saves pending edits when the user goes to another screen, before the autosave timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const save = vi.fn((input: { draftId: string; body: DraftBody }) =>
      summary({ title: String(input.body.coupon_template?.common_config?.title) }),
    )
    const api = fakeApi({ draftsGet: () => detail(body()), outboxList, draftsSave: save })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
    const title = wrapper.find(`[data-field="${T}.common_config.title"] input`)
    await title.setValue('改完就走')
    expect(save).not.toHaveBeenCalled()
    // The save is done before the other screen is reached, not some time after.
    let savesOnArrival = -1
    wrapper.vm.$router.afterEach(() => {
      savesOnArrival = save.mock.calls.length
    })
    await wrapper.vm.$router.push('/history')
    expect(savesOnArrival).toBe(1)
    await flushPromises()
    expect(save).toHaveBeenCalledTimes(1)
    expect(save.mock.calls[0]![0].body.coupon_template?.common_config?.title).toBe('改完就走')
    expect(wrapper.vm.$route.path).toBe('/history')
    wrapper.unmount()
  })
})

describe('draft list', () => {
  it('deletes with undo', async () => {
    const restore = vi.fn(() => summary())
    const api = fakeApi({
      draftsList: () => ({ drafts: [summary()] }),
      outboxList,
      draftsDelete: () => summary({ deletedAt: NOW }),
      draftsRestore: restore,
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    expect(wrapper.find('[data-test="draft-state"]').text()).toBe('草稿')
    await wrapper.find('[data-test="draft-delete"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="undo-delete"]').text()).toContain('已删除“满100减10”')
    await wrapper.find('[data-test="undo-button"]').trigger('click')
    await flushPromises()
    expect(restore).toHaveBeenCalledWith({ draftId: DRAFT_ID })
    expect(wrapper.find('[data-test="undo-delete"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the outbox and the network state, and cancels an unsent submission', async () => {
    let entries: OutboxEntry[] = [
      queuedEntry,
      { ...queuedEntry, submissionId: '00000000-0000-4000-8000-0000000000bb', maybeDelivered: true, cancellable: false },
    ]
    const cancel = vi.fn((input: { submissionId: string }) => {
      entries = entries.filter((e) => e.submissionId !== input.submissionId)
      return { ...queuedEntry, status: 'cancelled', finishedAt: NOW }
    })
    const api = fakeApi({
      draftsList: () => ({ drafts: [summary({ state: 'queued' })] }),
      outboxList: () => ({ entries, network: { state: 'offline', nextProbeAt: null } }),
      outboxCancel: cancel,
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    expect(wrapper.find('[data-test="network"]').text()).toBe('连不上开放平台，正在检测')
    const rows = wrapper.findAll('[data-test="outbox-entry"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('网络恢复后自动发送')
    // The one that may have been delivered has no cancel button.
    expect(rows[1]!.find('[data-test="outbox-cancel"]').exists()).toBe(false)
    expect(rows[1]!.text()).toContain('不会重复生效')
    await rows[0]!.find('[data-test="outbox-cancel"]').trigger('click')
    await flushPromises()
    expect(cancel).toHaveBeenCalledWith({ submissionId: SUBMISSION_ID })
    expect(wrapper.findAll('[data-test="outbox-entry"]')).toHaveLength(1)
    wrapper.unmount()
  })

  it("passes the browser's online event on to main, which probes at once", async () => {
    const online = vi.fn(() => ({ network: { state: 'online' as const, nextProbeAt: null } }))
    const api = fakeApi({ draftsList: () => ({ drafts: [] }), outboxList, templatesNetworkOnline: online })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    window.dispatchEvent(new Event('online'))
    await flushPromises()
    expect(online).toHaveBeenCalled()
    wrapper.unmount()
  })

  it('keeps the pasted text and says where the JSON breaks when an import fails', async () => {
    const api = fakeApi({
      draftsList: () => ({ drafts: [] }),
      outboxList,
      draftsImport: () => {
        throw new ApiError({ code: 'invalid-input', key: 'templates.import.badJsonAt', params: { line: 3, column: 13 } })
      },
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    await wrapper.find('[data-test="draft-import"]').trigger('click')
    await flushPromises()
    const textarea = document.querySelector('textarea[data-test="import-text"]') as HTMLTextAreaElement
    textarea.value = '{"coupon_template": {,}}'
    textarea.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-test="import-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.querySelector('[data-test="import-error"]')?.textContent).toContain('JSON 格式错误（第 3 行第 13 列）')
    expect((document.querySelector('textarea[data-test="import-text"]') as HTMLTextAreaElement).value).toBe('{"coupon_template": {,}}')
    wrapper.unmount()
  })
})
