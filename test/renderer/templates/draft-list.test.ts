import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import TemplatesView from '@renderer/templates/TemplatesView.vue'
import { fakeApi, mountWithApp } from '../support/harness'
import { outboxList, summary } from './fixtures'

const FAILED = summary({
  draftId: '00000000-0000-4000-8000-000000000002',
  title: '满200减30',
  state: 'failed',
  lastError: {
    key: 'templates.outcome.rejected',
    params: { errCode: 'PARAM_ERROR', errMsg: '门店不存在' },
    top: { errCode: 'PARAM_ERROR', errMsg: '门店不存在' },
  },
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('draft list', () => {
  it('says in words why a draft failed', async () => {
    const api = fakeApi({ draftsList: () => ({ drafts: [summary(), FAILED] }), outboxList })
    const wrapper = await mountWithApp(TemplatesView, { api, route: '/templates' })
    const errors = wrapper.findAll('[data-test="draft-error"]')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.text()).toBe('上次提交未成功：开放平台未接受该模板：PARAM_ERROR 门店不存在 · 平台错误码 PARAM_ERROR')
    wrapper.unmount()
  })

  it('filters by state: all, draft, queued, submitted, failed, conflict', async () => {
    const all = [summary(), FAILED]
    const list = vi.fn((input?: { states?: string[] }) => ({ drafts: all.filter((d) => !input?.states || input.states.includes(d.state)) }))
    const wrapper = await mountWithApp(TemplatesView, { api: fakeApi({ draftsList: list, outboxList }), route: '/templates' })
    const filter = wrapper.find('[data-test="draft-filter"]')
    expect(filter.findAll('.el-radio-button').map((b) => b.text())).toEqual(['全部', '草稿', '待发送', '已提交', '提交失败', '冲突'])
    expect(wrapper.findAll('[data-test="draft-open"]')).toHaveLength(2)

    await filter.find('[data-filter="failed"] input').setValue(true)
    await flushPromises()
    expect(list).toHaveBeenLastCalledWith({ states: ['failed'] })
    expect(wrapper.findAll('[data-test="draft-open"]').map((l) => l.text())).toEqual(['满200减30'])

    await filter.find('[data-filter="conflict"] input').setValue(true)
    await flushPromises()
    expect(list).toHaveBeenLastCalledWith({ states: ['conflict'] })
    expect(wrapper.find('.el-table__empty-text').text()).toBe('没有这个状态的草稿')

    await filter.find('[data-filter="all"] input').setValue(true)
    await flushPromises()
    expect(list).toHaveBeenLastCalledWith({})
    expect(wrapper.findAll('[data-test="draft-open"]')).toHaveLength(2)
    wrapper.unmount()
  })
})
