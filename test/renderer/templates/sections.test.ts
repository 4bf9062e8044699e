import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { TEMPLATE_REQUEST_EXAMPLE, VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import {
  ApplyLimitConfigSchema,
  CommonConfigSchema,
  CompatibleConfigSchema,
  ConditionConfigSchema,
  DiscountConfigSchema,
  InvestmentConfigSchema,
  InvestmentInfoSchema,
  LogicGroupSchema,
  OptionConfigSchema,
  ParticipateConfigSchema,
  TimeLimitConfigSchema,
  UserCrowdConfigSchema,
  UserInfoSchema,
} from '@contract/api/template'
import type { DraftBody } from '@contract/ipc/channels/templates'
import EditorSection from '@renderer/templates/EditorSection.vue'
import { setIn } from '@renderer/templates/draft-path'
import { SECTION_BY_ID, type SectionId } from '@renderer/templates/field-specs'
import { draftWarnings, validateDraft } from '@renderer/templates/validation'
import IdListInput from '@renderer/templates/widgets/IdListInput.vue'
import { mountWithApp } from '../support/harness'

const T = 'coupon_template'
const full = (): DraftBody => structuredClone(TEMPLATE_REQUEST_EXAMPLE)
const valid = (): DraftBody => structuredClone(VALID_TEMPLATE_EXAMPLE)

async function mountSection(id: SectionId, body: DraftBody, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mountWithApp(EditorSection, {
    locale,
    props: {
      section: SECTION_BY_ID.get(id)!,
      body,
      issues: [...validateDraft(body), ...draftWarnings(body, new Date('2024-06-01T00:00:00Z'))],
    },
  })
}

/** Every key of a group schema, as the data-field paths the section must render. */
const GROUPS = [
  ['apply_limit_config', ApplyLimitConfigSchema],
  ['common_config', CommonConfigSchema],
  ['condition_config', ConditionConfigSchema],
  ['discount_config', DiscountConfigSchema],
  ['investment_config', InvestmentConfigSchema],
  ['option_config', OptionConfigSchema],
  ['participate_config', ParticipateConfigSchema],
  ['time_limit_config', TimeLimitConfigSchema],
  ['compatible_config', CompatibleConfigSchema],
] as const

describe('editor sections', () => {
  it.each(GROUPS)('%s renders a widget for every field of its schema', async (group, schema) => {
    const wrapper = await mountSection(group, full())
    for (const key of Object.keys(schema.shape)) {
      const path = `${T}.${group}.${key}`
      if (key === 'user_crowd_config') {
        expect(wrapper.find(`[data-nested="${path}"]`).exists(), path).toBe(true)
        for (const inner of Object.keys(UserCrowdConfigSchema.shape)) {
          expect(wrapper.find(`[data-field="${path}.${inner}"]`).exists(), inner).toBe(true)
        }
      } else if (key === 'investment_info_list' || key === 'participate_list') {
        expect(wrapper.find(`[data-list="${path}"]`).exists(), path).toBe(true)
        const itemKeys = Object.keys((key === 'investment_info_list' ? InvestmentInfoSchema : LogicGroupSchema).shape)
        for (const inner of itemKeys) expect(wrapper.find(`[data-field="${path}.0.${inner}"]`).exists(), inner).toBe(true)
      } else {
        const row = wrapper.find(`[data-field="${path}"]`)
        expect(row.exists(), path).toBe(true)
        // A real control, not just a label.
        expect(row.find('input, textarea, .el-switch, .el-select, .el-checkbox-group').exists(), path).toBe(true)
      }
    }
    wrapper.unmount()
  })

  it('renders identity and operator fields', async () => {
    const identity = await mountSection('identity', full())
    for (const key of ['id', 'source_id', 'uuid', 'unique_id']) expect(identity.find(`[data-field="${T}.${key}"]`).exists()).toBe(true)
    identity.unmount()
    const user = await mountSection('user_info', full())
    for (const key of Object.keys(UserInfoSchema.shape)) expect(user.find(`[data-field="user_info.${key}"]`).exists()).toBe(true)
    user.unmount()
  })

  it('locks a template id the platform confirmed (a copy is the way to create another)', async () => {
    const body = setIn(valid(), [T, 'id'], '9007199254741001')
    const wrapper = await mountWithApp(EditorSection, {
      props: { section: SECTION_BY_ID.get('identity')!, body, issues: [], confirmedTemplateId: '9007199254741001' },
    })
    const row = wrapper.find(`[data-field="${T}.id"]`)
    expect((row.find('input').element as HTMLInputElement).disabled).toBe(true)
    expect(row.find('[data-test="field-note"]').text()).toBe('平台已确认此模板ID')
    expect((wrapper.find(`[data-field="${T}.uuid"] input`).element as HTMLInputElement).disabled).toBe(false)
    wrapper.unmount()
  })

  it('titles sections in plain words, with the API group second and smaller', async () => {
    const time = await mountSection('time_limit_config', valid())
    expect(time.find('h3').text()).toBe('券的有效期')
    expect(time.find('[data-test="section-api"]').text()).toBe('time_limit_config · 实例有效时间配置')
    time.unmount()
    const compat = await mountSection('compatible_config', valid())
    expect(compat.find('h3').text()).toBe('兼容旧版规则')
    expect(compat.find('[data-test="section-api"]').text()).toBe('compatible_config · 兼容历史逻辑配置')
    compat.unmount()
    const en = await mountSection('time_limit_config', valid(), 'en')
    expect(en.find('h3').text()).toBe('How long the coupon is valid')
    expect(en.find('[data-test="section-api"]').text()).toBe('time_limit_config · Validity')
    en.unmount()
  })

  it("labels the jargon fields plainly, with the doc's label and wire name beside", async () => {
    const zh = await mountSection('identity', full())
    const unique = zh.find(`[data-field="${T}.unique_id"] label`)
    expect(unique.text()).toContain('提交编号（防重复）')
    // The doc's jargon and the wire name are folded into "技术名", not part of the label.
    expect(unique.text()).not.toContain('unique_id')
    expect(zh.find(`[data-field="${T}.unique_id"] details [data-test="field-api"]`).text()).toBe('幂等ID · unique_id')
    const source = zh.find(`[data-field="${T}.source_id"] label`)
    expect(source.text()).toContain('营销平台模板ID')
    expect(zh.find(`[data-field="${T}.source_id"] details [data-test="field-api"]`).text()).toBe('UMP 模板ID · source_id')
    // Plain fields keep the doc's label and no second line.
    expect(zh.find(`[data-field="${T}.uuid"] [data-test="field-api"]`).exists()).toBe(false)
    zh.unmount()
    const en = await mountSection('identity', full(), 'en')
    expect(en.find(`[data-field="${T}.unique_id"] label`).text()).toContain('Submission number (prevents duplicates)')
    expect(en.find(`[data-field="${T}.source_id"] label`).text()).toContain('Marketing platform template ID')
    en.unmount()
  })

  it('reads the discount back in words on a sample order while it is being edited', async () => {
    const wrapper = await mountSection('discount_config', valid())
    const line = () => wrapper.find('[data-test="discount-summary"]').text()
    expect(line()).toContain('满 ¥100 减 ¥10：样例订单 ¥120（1 件） → 减 ¥10，实付 ¥110')
    // Live: a new amount is read back at once (10 typed as fen would show as ¥0.1).
    await wrapper.setProps({ body: setIn(valid(), [T, 'discount_config', 'decrease_money'], 2050) })
    expect(line()).toContain('满 ¥100 减 ¥20.5：样例订单 ¥120（1 件） → 减 ¥20.5，实付 ¥99.5')
    await wrapper.setProps({ body: setIn(valid(), [T, 'discount_config', 'decrease_money'], undefined) })
    expect(line()).toContain('还缺少计算所需的信息：减钱金额')
    wrapper.unmount()
  })

  it('labels fields and choices in the UI language', async () => {
    const zh = await mountSection('common_config', valid())
    expect(zh.find(`[data-field="${T}.common_config.type"] label`).text()).toBe('优惠券类型')
    zh.unmount()
    const en = await mountSection('common_config', valid(), 'en')
    expect(en.find(`[data-field="${T}.common_config.type"] label`).text()).toBe('Coupon type')
    // The choice in words; its wire code (11) is not the manager's word.
    expect(en.find(`[data-field="${T}.common_config.type"]`).text()).toContain('Spend-X-save-Y coupon')
    expect(en.find(`[data-field="${T}.common_config.type"]`).text()).not.toContain('(11)')
    en.unmount()
  })

  it('shows money in yuan with the fen beside it, ratios in percent, limits with "unlimited"', async () => {
    const body = setIn(valid(), [T, 'apply_limit_config', 'coupon_daily_lmt'], -1)
    const condition = await mountSection('condition_config', body)
    const amount = condition.find(`[data-field="${T}.condition_config.amount"]`)
    expect((amount.find('input').element as HTMLInputElement).value).toBe('100.00')
    expect(amount.find('[data-test="unit-hint"]').text()).toBe('= 10000 分')
    condition.unmount()

    const investors = await mountSection('investment_config', body)
    expect(
      (investors.find(`[data-field="${T}.investment_config.investment_info_list.0.investor_ratio"] input`).element as HTMLInputElement)
        .value,
    ).toBe('60')
    expect(investors.find('[data-test="ratio-sum"]').text()).toContain('100%')
    investors.unmount()

    const limits = await mountSection('apply_limit_config', body)
    const daily = limits.find(`[data-field="${T}.apply_limit_config.coupon_daily_lmt"]`)
    expect(daily.find('[data-test="unlimited"]').classes()).toContain('is-checked')
    expect((daily.find('input').element as HTMLInputElement).disabled).toBe(true)
    limits.unmount()
  })

  it('emits the API unit: 0.3 yuan typed is 30 fen, -1 when "unlimited" is ticked', async () => {
    const wrapper = await mountSection('condition_config', valid())
    await wrapper.find(`[data-field="${T}.condition_config.amount"] input`).setValue('0.3')
    expect(wrapper.emitted('edit')?.at(-1)).toEqual([[T, 'condition_config', 'amount'], 30])
    await wrapper.find(`[data-field="${T}.condition_config.amount"] input`).setValue('0.305')
    // Kept as typed (and flagged by validation) rather than rounded or dropped.
    expect(wrapper.emitted('edit')?.at(-1)).toEqual([[T, 'condition_config', 'amount'], '0.305'])
    wrapper.unmount()

    const limits = await mountSection('apply_limit_config', valid())
    await limits.find(`[data-field="${T}.apply_limit_config.personal_lmt"] [data-test="unlimited"] input`).setValue(true)
    expect(limits.emitted('edit')?.at(-1)).toEqual([[T, 'apply_limit_config', 'personal_lmt'], -1])
    limits.unmount()
  })

  it('hides fields the coupon type does not use while empty, and keeps them visible, marked, when set', async () => {
    const body = valid()
    const reduce = await mountSection('discount_config', body)
    expect(reduce.find(`[data-field="${T}.discount_config.decrease_money"]`).exists()).toBe(true)
    expect(reduce.find(`[data-field="${T}.discount_config.fix_price_amount"]`).exists()).toBe(false)
    expect(reduce.find(`[data-field="${T}.discount_config.discount_rate"]`).exists()).toBe(false)
    reduce.unmount()

    const withLeftover = setIn(body, [T, 'discount_config', 'fix_price_amount'], 990)
    const marked = await mountSection('discount_config', withLeftover)
    const row = marked.find(`[data-field="${T}.discount_config.fix_price_amount"]`)
    expect(row.find('[data-test="field-irrelevant"]').exists()).toBe(true)
    await row.find('[data-test="field-clear"]').trigger('click')
    expect(marked.emitted('edit')?.at(-1)).toEqual([[T, 'discount_config', 'fix_price_amount'], undefined])
    marked.unmount()

    const duration = setIn(body, [T, 'time_limit_config', 'valid_time_type'], 2)
    const time = await mountSection('time_limit_config', duration)
    // Start/end are set in this draft: still shown, marked as unused by the DURATION mode.
    expect(time.find(`[data-field="${T}.time_limit_config.start_valid_time"] [data-test="field-irrelevant"]`).exists()).toBe(true)
    expect(time.find(`[data-field="${T}.time_limit_config.validity_period"] [data-test="field-irrelevant"]`).exists()).toBe(false)
    time.unmount()
  })

  it('shows a cross-field error at its field and counts it in the section badge', async () => {
    let body = setIn(valid(), [T, 'discount_config', 'decrease_money'], 10000)
    const wrapper = await mountSection('discount_config', body)
    const row = wrapper.find(`[data-field="${T}.discount_config.decrease_money"]`)
    expect(row.findAll('[data-test="field-issue"]').map((e) => e.text())).toEqual(['减钱金额须小于门槛金额（10000 分）'])
    expect(wrapper.find('[data-test="section-badge"]').text()).toBe('1')
    wrapper.unmount()

    body = setIn(setIn(body, [T, 'discount_config', 'discount'], true), [T, 'discount_config', 'discount_rate'], 0)
    const two = await mountSection('discount_config', body)
    // Reduction too big blocks; one kind only (a group warning) and the rate's range are advice:
    // shown apart, not counted in the badge.
    expect(two.find('[data-test="section-badge"]').text()).toBe('1')
    expect(two.findAll('[data-test="group-issue"]')).toEqual([])
    expect(two.findAll('[data-test="group-warning"]').map((e) => e.text())).toEqual([
      '提醒：同时开启了 减钱、打折：文档未说明能否同时生效，请确认',
    ])
    const rate = two.find(`[data-field="${T}.discount_config.discount_rate"]`)
    expect(rate.findAll('[data-test="field-issue"]')).toEqual([])
    expect(rate.find('[data-test="field-warning"]').text()).toContain('打折额度通常在 1 到 999 之间')
    expect(rate.classes()).toContain('field-row--warning')
    two.unmount()
  })

  it('shows caps named by their labels in the cap-order message', async () => {
    const body = setIn(valid(), [T, 'apply_limit_config', 'personal_lmt'], 20000)
    const wrapper = await mountSection('apply_limit_config', body)
    expect(wrapper.find(`[data-field="${T}.apply_limit_config.personal_lmt"] [data-test="field-issue"]`).text()).toBe(
      '不能大于 10000（受“优惠券总数”限制）',
    )
    wrapper.unmount()
  })
})

describe('id list input', () => {
  it('renders 10,000 ids as a count and a few tags, not 10,000 nodes', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `S${100000 + i}`)
    const wrapper = await mountWithApp(IdListInput, { props: { value: ids, inputId: 'x' } })
    expect(wrapper.find('[data-test="id-count"]').text()).toBe('10000 项')
    expect(wrapper.findAll('[data-test="id-tag"]')).toHaveLength(12)
    expect(wrapper.find('[data-test="id-more"]').text()).toContain('9988')
    expect(wrapper.element.querySelectorAll('*').length).toBeLessThan(200)
    wrapper.unmount()
  })

  it('merges pasted ids without duplicates and edits the whole list in one textarea', async () => {
    const wrapper = await mountWithApp(IdListInput, { props: { value: ['1', '2'], inputId: 'x' } })
    await wrapper.find('input[data-test="id-entry"]').setValue('2, 3 4，5')
    await wrapper.find('[data-test="id-add"]').trigger('click')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([['1', '2', '3', '4', '5']])
    expect(wrapper.find('[data-test="id-merge"]').text()).toBe('已添加 3 个，忽略重复 1 个')

    await wrapper.find('[data-test="id-edit-all"]').trigger('click')
    await wrapper.find('textarea[data-test="id-all"]').setValue('7\n8\n7')
    await wrapper.find('[data-test="id-edit-done"]').trigger('click')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([['7', '8']])
    wrapper.unmount()
  })

  it('adds 10,000 ids pasted in one go (newlines, commas, spaces, blanks, repeats) through a real paste event', async () => {
    const wrapper = await mountWithApp(IdListInput, { props: { value: ['S0', 'S1'], inputId: 'x' } })
    const separators = ['\n', ',', ' ', '\r\n', '，', '\t', ' , ', '\n\n']
    const ids = Array.from({ length: 10_000 }, (_, i) => `S${i}`)
    // Every 100th id repeated, and blank lines here and there.
    const text = ids.map((id, i) => (i % 100 === 0 ? `${id}\n${id}` : id) + separators[i % separators.length]).join('') + '\n\n  '
    const data = new DataTransfer()
    data.setData('text/plain', text)
    const input = wrapper.find('input[data-test="id-entry"]')
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    input.element.dispatchEvent(event)
    await flushPromises()

    // The paste is taken over (not left as 10,000 ids in a one-line box) and merged at once.
    expect(event.defaultPrevented).toBe(true)
    const stored = wrapper.emitted('update')?.at(-1)?.[0] as string[]
    expect(stored).toHaveLength(10_000)
    expect(stored).toEqual(ids)
    expect(new Set(stored).size).toBe(10_000)
    // S0 and S1 were there already; 100 more came twice in the paste.
    expect(wrapper.find('[data-test="id-merge"]').text()).toBe('已添加 9998 个，忽略重复 102 个')
    expect((input.element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })

  it('leaves a paste of a single id in the box for the user to confirm', async () => {
    const wrapper = await mountWithApp(IdListInput, { props: { value: [], inputId: 'x' } })
    const data = new DataTransfer()
    data.setData('text/plain', 'S42')
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    wrapper.find('input[data-test="id-entry"]').element.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(false)
    expect(wrapper.emitted('update')).toBeUndefined()
    wrapper.unmount()
  })

  it('keeps a value that is not a list visible until it is replaced', async () => {
    const wrapper = await mountWithApp(IdListInput, { props: { value: '23123', inputId: 'x' } })
    expect(wrapper.text()).toContain('当前值不是列表：23123')
    wrapper.unmount()
  })
})
