import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import type { DraftBody, DraftDetail, DraftSummary, OutboxEntry } from '@contract/ipc/channels/templates'
import { ApiError, setApi } from '@renderer/api'
import { setIn } from '@renderer/components/template/draft-path'
import { AUTOSAVE_DEBOUNCE_MS, useTemplateDraftStore } from '@renderer/stores/template-draft'
import TemplatesView from '@renderer/views/TemplatesView.vue'
import { fakeApi, mountWithApp } from '../support/harness'

const T = 'coupon_template'
const DRAFT_ID = '00000000-0000-4000-8000-000000000001'
const SUBMISSION_ID = '00000000-0000-4000-8000-0000000000aa'
const NOW = '2025-01-10T02:00:00.000Z'

function body(): DraftBody {
  const b = structuredClone(VALID_TEMPLATE_EXAMPLE) as DraftBody
  delete b.coupon_template!.id
  delete b.coupon_template!.unique_id
  return b
}

function summary(over: Partial<DraftSummary> = {}): DraftSummary {
  return {
    draftId: DRAFT_ID,
    title: '满100减10',
    couponType: 11,
    state: 'draft',
    revision: 1,
    templateId: null,
    editedSinceSubmission: false,
    lastError: null,
    createdAt: NOW,
    updatedAt: NOW,
    deletedAt: null,
    ...over,
  }
}

function detail(b: DraftBody, over: Partial<DraftDetail> = {}): DraftDetail {
  return { ...summary(), body: b, base: null, submission: null, ...over }
}

const queuedEntry: OutboxEntry = {
  submissionId: SUBMISSION_ID,
  draftId: DRAFT_ID,
  revision: 1,
  uniqueId: 'cd-1',
  title: '满100减10',
  attempts: 1,
  createdAt: NOW,
  updatedAt: NOW,
  status: 'queued',
  maybeDelivered: false,
  cancellable: true,
  nextAttemptAt: null,
  lastError: { key: 'top.error.transport.notSent', params: { reason: 'refused' } },
}

const outboxList = () => ({ entries: [], network: { state: 'online' as const, nextProbeAt: null } })

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
    expect(banner.text()).toContain('第 1 版正在等待发送')
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
    const wrapper = await mountWithApp(TemplatesView, { api: fakeApi({ draftsGet: () => failed, outboxList }), route: `/templates?draft=${DRAFT_ID}` })
    expect(wrapper.find('[data-test="banner-error"]').text()).toContain('41 / isv.invalid-parameter')
    wrapper.unmount()
  })

  it('compares with the submitted version in human units', async () => {
    const base = body()
    const now = setIn(body(), [T, 'discount_config', 'decrease_money'], 2000)
    const withBase = detail(now, { base: { kind: 'submitted', body: base, at: NOW } })
    const wrapper = await mountWithApp(TemplatesView, { api: fakeApi({ draftsGet: () => withBase, outboxList }), route: `/templates?draft=${DRAFT_ID}` })
    await wrapper.find('#tab-diff').trigger('click')
    await flushPromises()
    const row = wrapper.find(`[data-diff-field="${T}.discount_config.decrease_money"]`)
    expect(row.find('[data-test="diff-before"]').text()).toBe('¥10.00')
    expect(row.find('[data-test="diff-after"]').text()).toBe('¥20.00')
    expect(row.text()).toContain('减钱金额')
    wrapper.unmount()
  })

  it('previews the discount of a sample basket with investor shares', async () => {
    const wrapper = await mountWithApp(TemplatesView, { api: fakeApi({ draftsGet: () => detail(body()), outboxList }), route: `/templates?draft=${DRAFT_ID}` })
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

describe('draft autosave', () => {
  function storeWith(methods: Parameters<typeof fakeApi>[0]) {
    setActivePinia(createPinia())
    setApi(fakeApi(methods), false)
    const store = useTemplateDraftStore()
    store.adopt(detail(body()))
    return store
  }

  it('saves once after the typing pauses, with the latest text', async () => {
    vi.useFakeTimers()
    const save = vi.fn((input: { body: DraftBody }) => summary({ revision: 2, title: String(input.body.coupon_template?.common_config?.title) }))
    const store = storeWith({ draftsSave: save })
    store.edit([T, 'common_config', 'title'], '满1')
    store.edit([T, 'common_config', 'title'], '满10')
    expect(store.saveState).toBe('pending')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DEBOUNCE_MS - 1)
    expect(save).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(save).toHaveBeenCalledTimes(1)
    expect(save.mock.calls[0]![0].body.coupon_template?.common_config?.title).toBe('满10')
    expect(AUTOSAVE_DEBOUNCE_MS).toBeLessThanOrEqual(1000)
    expect(store.saveState).toBe('saved')
    expect(store.detail?.revision).toBe(2)
  })

  it('keeps the edits when a save fails and saves them on retry', async () => {
    let fail = true
    const save = vi.fn(() => {
      if (fail) throw new ApiError({ code: 'internal', key: 'ipc.internal' })
      return summary({ revision: 2 })
    })
    const store = storeWith({ draftsSave: save })
    store.edit([T, 'common_config', 'title'], 'kept')
    await expect(store.flush()).rejects.toBeInstanceOf(ApiError)
    expect(store.saveState).toBe('error')
    expect(store.saveError?.key).toBe('ipc.internal')
    expect(store.body.coupon_template?.common_config?.title).toBe('kept')
    fail = false
    await store.flush()
    expect(store.saveState).toBe('saved')
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('submits exactly the revision just saved, and takes on the id the server confirmed', async () => {
    const submit = vi.fn((input: { revision: number }) => ({
      draft: summary({ revision: input.revision, state: 'queued' }),
      submission: { ...queuedEntry, revision: input.revision },
    }))
    const store = storeWith({ draftsSave: () => summary({ revision: 5, templateId: '9007199254741001' }), draftsSubmit: submit })
    store.edit([T, 'common_config', 'title'], 'x')
    await store.submit()
    expect(submit).toHaveBeenCalledWith({ draftId: DRAFT_ID, revision: 5 })
    expect(store.detail?.state).toBe('queued')
    expect(store.body.coupon_template?.id).toBe('9007199254741001')
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
    let entries: OutboxEntry[] = [queuedEntry, { ...queuedEntry, submissionId: '00000000-0000-4000-8000-0000000000bb', maybeDelivered: true, cancellable: false }]
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
