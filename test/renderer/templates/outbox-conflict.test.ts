import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { DraftBody, DraftConflict, DraftDetail, OutboxEntry } from '@contract/ipc/channels/templates'
import ConflictView from '@renderer/templates/ConflictView.vue'
import { conflictRows } from '@renderer/templates/conflict-diff'
import { diffBySection } from '@renderer/templates/draft-diff'
import { useTemplateDraftStore } from '@renderer/templates/draft-store'
import TemplatesView from '@renderer/templates/TemplatesView.vue'
import { clickBoxButton, fakeApi, mountWithApp, page } from '../support/harness'
import { DRAFT_ID, NOW, SUBMISSION_ID, T, body, detail, outboxList, queuedEntry, summary } from './fixtures'

const TEMPLATE_ID = '9007199254741001'
const withId = (b: DraftBody): DraftBody => ({ ...b, coupon_template: { ...b.coupon_template, id: TEMPLATE_ID } })

/** Base: the submitted version. Server: someone raised the total cap. Mine: a new title. */
function versions() {
  const base = withId(body())
  const server = structuredClone(base)
  server.coupon_template!.apply_limit_config!.coupon_total_lmt = 20_000
  const mine = structuredClone(base)
  mine.coupon_template!.common_config!.title = '满100减10（本店）'
  return { base, server, mine }
}

function conflictOf(): DraftConflict {
  const { base, server } = versions()
  return { submissionId: SUBMISSION_ID, revision: 3, base, server, detectedAt: NOW }
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('three-way conflict rows', () => {
  it('lists each field either side changed, with its value in base, server and mine, by section', () => {
    const { base, server, mine } = versions()
    mine.coupon_template!.apply_limit_config!.coupon_total_lmt = 15_000
    const rows = conflictRows(base, server, mine)
    // In the editor's section order.
    expect(rows.map((r) => [r.field, r.changedBy, r.base, r.server, r.mine])).toEqual([
      [`${T}.common_config.title`, 'mine', '满100减10', '满100减10', '满100减10（本店）'],
      [`${T}.apply_limit_config.coupon_total_lmt`, 'both', 10_000, 20_000, 15_000],
    ])
    expect(diffBySection(rows).map((g) => g.section)).toEqual(['common_config', 'apply_limit_config'])
    expect(conflictRows(base, base, base)).toEqual([])
  })
})

describe('conflict view', () => {
  async function mountConflict(resolve: (input: { draftId: string; revision: number; resolution: string }) => unknown) {
    const { mine } = versions()
    const open = detail(mine, { state: 'conflict', revision: 3, templateId: TEMPLATE_ID, conflict: conflictOf() })
    const api = fakeApi({
      draftsResolveConflict: resolve,
      outboxList,
      draftsList: () => ({ drafts: [] }),
    })
    const wrapper = await mountWithApp(ConflictView, { api, props: { conflict: conflictOf(), body: mine } })
    useTemplateDraftStore().adopt(open)
    return wrapper
  }

  it('shows base, platform and mine side by side in human units', async () => {
    const wrapper = await mountConflict(() => undefined)
    expect(wrapper.text()).toContain('平台上的模板已被别处修改')
    const cap = wrapper.find(`[data-conflict-field="${T}.apply_limit_config.coupon_total_lmt"]`)
    expect(cap.attributes('data-changed-by')).toBe('server')
    expect(cap.find('[data-test="conflict-base"]').text()).toContain('10000')
    expect(cap.find('[data-test="conflict-server"]').text()).toContain('20000')
    expect(cap.find('[data-test="conflict-mine"]').text()).toContain('10000')
    const title = wrapper.find(`[data-conflict-field="${T}.common_config.title"]`)
    expect(title.find('[data-test="conflict-mine"]').text()).toBe('满100减10（本店）')
    wrapper.unmount()
  })

  it.each([
    ['keep-mine', 'conflict-keep-mine', '已用新的提交编号重新提交我的版本'],
    ['take-server', 'conflict-take-server', '草稿已改为平台上的版本'],
  ] as const)('%s settles the revision on screen and shows the draft main returns', async (resolution, button, message) => {
    const { server } = versions()
    const after: DraftDetail = detail(resolution === 'take-server' ? server : versions().mine, {
      state: resolution === 'take-server' ? 'draft' : 'queued',
      revision: resolution === 'take-server' ? 4 : 3,
      templateId: TEMPLATE_ID,
      base: { kind: 'server', body: server, at: NOW },
    })
    const resolve = vi.fn(() => ({ draft: after, submission: resolution === 'keep-mine' ? queuedEntry : null }))
    const wrapper = await mountConflict(resolve)
    await wrapper.find(`[data-test="${button}"]`).trigger('click')
    await flushPromises()
    expect(resolve).toHaveBeenCalledWith({ draftId: DRAFT_ID, revision: 3, resolution })
    expect(useTemplateDraftStore().detail).toMatchObject({ conflict: null, base: { kind: 'server' }, revision: after.revision })
    expect(page().text()).toContain(message)
    wrapper.unmount()
  })

  it('is shown in the editor while the draft has an open conflict', { timeout: 60_000 }, async () => {
    const { mine } = versions()
    const api = fakeApi({
      draftsGet: () => detail(mine, { state: 'conflict', revision: 3, templateId: TEMPLATE_ID, conflict: conflictOf() }),
      outboxList,
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
    expect(wrapper.find('[data-test="conflict"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="editor-state"]').text()).toBe('冲突')
    wrapper.unmount()
  })
})

describe('a conflict found before any poll', () => {
  it('shows in the editor right after Submit, though main found it before the renderer first looked', { timeout: 60_000 }, async () => {
    const { mine, base } = versions()
    // Main reads the platform's copy and settles the submission as a conflict within
    // milliseconds: the first outbox list after Submit already shows it finished.
    let submitted = false
    const conflictEntry = {
      ...queuedEntry,
      status: 'conflict',
      error: { key: 'templates.outcome.conflict', params: {} },
      resolution: null,
      finishedAt: NOW,
      updatedAt: '2025-01-10T02:00:01.000Z',
    } as unknown as OutboxEntry
    const api = fakeApi({
      draftsGet: () =>
        submitted
          ? detail(mine, { state: 'conflict', revision: 3, templateId: TEMPLATE_ID, conflict: conflictOf() })
          : detail(mine, { state: 'draft', revision: 3, templateId: TEMPLATE_ID, base: { kind: 'submitted', body: base, at: NOW } }),
      draftsSubmit: () => {
        submitted = true
        return { draft: summary({ state: 'queued', revision: 3 }), submission: queuedEntry }
      },
      outboxList: () => ({ entries: submitted ? [conflictEntry] : [], network: { state: 'online', nextProbeAt: null } }),
      draftsList: () => ({ drafts: [] }),
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
    expect(wrapper.find('[data-test="conflict"]').exists()).toBe(false)
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('[data-test="conflict"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="editor-state"]').text()).toBe('冲突')
    wrapper.unmount()
  })
})

describe('outbox panel', () => {
  const finished = (over: Partial<OutboxEntry> & Pick<OutboxEntry, 'status'>): OutboxEntry =>
    ({ ...queuedEntry, finishedAt: NOW, ...over }) as OutboxEntry

  it('shows the platform answer, its trace id and the pre-send check with each finished submission', async () => {
    const entries: OutboxEntry[] = [
      finished({
        submissionId: '00000000-0000-4000-8000-0000000000b1',
        status: 'submitted',
        templateId: TEMPLATE_ID,
        response: { success: true, model: TEMPLATE_ID },
        gatewayRequestId: 'gw7x2',
        serverCheck: {
          kind: 'unavailable',
          at: NOW,
          reason: { key: 'top.error.platform', params: { code: 22, msg: 'Invalid method' }, top: { code: 22 } },
        },
      }),
      finished({
        submissionId: '00000000-0000-4000-8000-0000000000b2',
        status: 'failed',
        error: { key: 'templates.outcome.rejected', params: { errCode: 'PARAM_ERROR', errMsg: '参数错误' } },
        response: { success: false, err_code: 'PARAM_ERROR', err_msg: '参数错误' },
        gatewayRequestId: null,
        serverCheck: { kind: 'matched', at: NOW },
      }),
    ]
    const api = fakeApi({
      draftsList: () => ({ drafts: [summary()] }),
      outboxList: () => ({ entries, network: { state: 'online', nextProbeAt: null } }),
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    const rows = wrapper.findAll('[data-test="history-entry"]')
    expect(rows).toHaveLength(2)
    const ok = rows[0]!.text()
    expect(ok).toContain('平台回复：成功')
    expect(ok).toContain(`平台返回的内容：${TEMPLATE_ID}`)
    expect(ok).toContain('请求编号（查问题时提供给平台）gw7x2')
    expect(rows[0]!.find('[data-test="history-check"]').text()).toContain('无法核对平台上的模板')
    const refused = rows[1]!.text()
    expect(refused).toContain('错误码 PARAM_ERROR')
    expect(refused).toContain('错误信息 参数错误')
    expect(rows[1]!.find('[data-test="history-check"]').text()).toContain('仍是本草稿的基础版本')
    wrapper.unmount()
  })

  it('releases a blocked submission only after the user confirms they checked the platform', async () => {
    const blocked: OutboxEntry = {
      ...queuedEntry,
      status: 'blocked',
      error: { key: 'templates.outcome.unsendable', params: { reason: 'json' } },
    }
    let entries: OutboxEntry[] = [blocked]
    const release = vi.fn((input: { submissionId: string }) => {
      entries = [
        finished({ status: 'failed', error: { key: 'templates.outcome.released', params: {} }, response: null, gatewayRequestId: null }),
      ]
      return { ...entries[0]!, submissionId: input.submissionId }
    })
    const api = fakeApi({
      draftsList: () => ({ drafts: [summary({ state: 'queued' })] }),
      outboxList: () => ({ entries, network: { state: 'online', nextProbeAt: null } }),
      outboxRelease: release,
    })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    const row = wrapper.find('[data-test="outbox-entry"]')
    expect(row.text()).toContain('待你确认')
    expect(row.find('[data-test="outbox-blocked"]').text()).toContain('不会自动重发')
    // Blocked: nothing to cancel, only a release.
    expect(row.find('[data-test="outbox-cancel"]').exists()).toBe(false)

    await row.find('[data-test="outbox-release"]').trigger('click')
    await flushPromises()
    // First the question; saying "not yet" changes nothing.
    expect(page().text()).toContain('放行这次提交？')
    await clickBoxButton('cancel')
    expect(release).not.toHaveBeenCalled()

    await wrapper.find('[data-test="outbox-release"]').trigger('click')
    await flushPromises()
    await clickBoxButton('confirm')
    expect(release).toHaveBeenCalledWith({ submissionId: SUBMISSION_ID })
    expect(wrapper.findAll('[data-test="outbox-entry"]')).toHaveLength(0)
    expect(wrapper.find('[data-test="history-entry"]').text()).toContain('你核对平台后放行了这次提交')
    wrapper.unmount()
  })
})
