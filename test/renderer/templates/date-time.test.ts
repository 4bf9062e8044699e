import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { ElDatePicker } from 'element-plus'
import { beijingTime, readDateTime } from '@renderer/templates/beijing-time'
import DraftDiff from '@renderer/templates/DraftDiff.vue'
import DateTimeInput from '@renderer/templates/widgets/DateTimeInput.vue'
import TemplatesView from '@renderer/templates/TemplatesView.vue'
import { fakeApi, mountWithApp, page } from '../support/harness'
import { body, outboxList, summary } from './fixtures'

/**
 * The wire format is Beijing wall-clock text, and every time the template screens show is
 * Beijing time. A PC set to another zone must show and send the same text: Honolulu is 18 hours
 * behind Beijing (any conversion changes the date), New York has daylight saving (2025-03-09
 * 02:30 does not exist there, so anything that makes a local Date of it gets 03:30).
 */

/** Types into the box and confirms with Enter, as a user does. */
async function typeAndEnter(wrapper: Awaited<ReturnType<typeof mountWithApp>>, text: string): Promise<void> {
  const input = wrapper.find('input')
  await input.trigger('focus')
  await input.setValue(text)
  await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
  await input.trigger('change')
  await flushPromises()
}

/** The calendar pops up after the tooltip's (timer-driven) show. */
async function openCalendar(wrapper: Awaited<ReturnType<typeof mountWithApp>>): Promise<void> {
  await wrapper.find('[data-test="date-calendar"]').trigger('click')
  await vi.waitFor(() => expect(document.querySelector('.el-picker-panel')).not.toBeNull())
}

/** Opens the calendar and clicks a day of the month it shows. */
async function pickDay(wrapper: Awaited<ReturnType<typeof mountWithApp>>, day: number): Promise<void> {
  await openCalendar(wrapper)
  const cell = [...document.querySelectorAll<HTMLElement>('.el-date-table td.available')].find(
    (td) => td.textContent?.trim() === String(day),
  )
  expect(cell, `day ${day} in the calendar`).toBeDefined()
  cell!.querySelector<HTMLElement>('.el-date-table-cell__text')!.click()
  await flushPromises()
}

afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('reading typed date-times', () => {
  it('pads short forms, puts the default time on a bare date, and refuses what is not a real moment', () => {
    expect(readDateTime('2025-03-09 02:30:00', '00:00:00')).toBe('2025-03-09 02:30:00')
    expect(readDateTime(' 2025-3-9 2:30 ', '00:00:00')).toBe('2025-03-09 02:30:00')
    expect(readDateTime('2025/03/09', '23:59:59')).toBe('2025-03-09 23:59:59')
    expect(readDateTime('２０２５-０３-０９', '00:00:00')).toBe('2025-03-09 00:00:00')
    expect(readDateTime('2025-02-30', '00:00:00')).toBeUndefined()
    expect(readDateTime('2025-03-09 24:00:00', '00:00:00')).toBeUndefined()
    expect(readDateTime('明天', '00:00:00')).toBeUndefined()
  })
})

describe('in Honolulu (18 hours behind Beijing)', () => {
  beforeAll(() => {
    // Node applies a new TZ to every Date from then on.
    vi.stubEnv('TZ', 'Pacific/Honolulu')
  })
  afterAll(() => {
    vi.unstubAllEnvs()
  })

  it('runs in a zone far from GMT+8 (so the test can catch a shift)', () => {
    expect(new Date('2025-01-01T00:00:00Z').getTimezoneOffset()).toBe(600)
  })

  it('shows the stored text unchanged, marked as Beijing time', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: '2025-01-01 00:00:00', inputId: 'd' } })
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('2025-01-01 00:00:00')
    expect(wrapper.text()).toContain('北京时间（GMT+8）')
    wrapper.unmount()
  })

  it('hands back exactly the text that was entered, and fills in short forms', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: undefined, inputId: 'd' } })
    await typeAndEnter(wrapper, '2025-06-30 23:59:59')
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-06-30 23:59:59'])
    await typeAndEnter(wrapper, '2025-7-1')
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-07-01 00:00:00'])
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('2025-07-01 00:00:00')
    wrapper.unmount()
  })

  it('keeps a value in another format visible instead of blanking it', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: '2019/12/31 23:59', inputId: 'd' } })
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('2019/12/31 23:59')
    wrapper.unmount()
  })

  it('"now" is Beijing\'s now, and the calendar has no button for the PC\'s clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // 07:30 UTC: 15:30 in Beijing, still the evening before (21:30 on the 8th) in Honolulu.
    vi.setSystemTime(new Date('2025-03-09T07:30:00Z'))
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: undefined, inputId: 'd' } })
    await wrapper.find('[data-test="date-now"]').trigger('click')
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-03-09 15:30:00'])
    expect(wrapper.find('[data-test="date-now"]').text()).toBe('此刻（北京时间）')
    await openCalendar(wrapper)
    // Element Plus's own "此刻" sits in the panel footer; the day-only panel has none.
    expect(page().find('.el-picker-panel__footer').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('in New York (daylight saving: 2025-03-09 02:00–03:00 does not exist locally)', () => {
  beforeAll(() => {
    vi.stubEnv('TZ', 'America/New_York')
  })
  afterAll(() => {
    vi.unstubAllEnvs()
  })

  it('runs in a zone where 02:30 on that day is shifted by a local Date', () => {
    expect(new Date(2025, 2, 9, 2, 30).getHours()).toBe(3)
  })

  it("Element Plus's own picker would store 03:30 for a typed 02:30 (why the box is our own)", async () => {
    const Picker = defineComponent({
      emits: ['update'],
      setup:
        (_props, { emit }) =>
        () =>
          h(ElDatePicker, {
            type: 'datetime',
            valueFormat: 'YYYY-MM-DD HH:mm:ss',
            format: 'YYYY-MM-DD HH:mm:ss',
            'onUpdate:modelValue': (v: unknown) => emit('update', v),
          }),
    })
    const wrapper = await mountWithApp(Picker)
    await typeAndEnter(wrapper, '2025-03-09 02:30:00')
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-03-09 03:30:00'])
    wrapper.unmount()
  })

  it('stores and shows a typed Beijing time that falls in the local gap exactly as typed', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: undefined, inputId: 'd' } })
    await typeAndEnter(wrapper, '2025-03-09 02:30:00')
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-03-09 02:30:00'])
    await wrapper.setProps({ value: '2025-03-09 02:30:00' })
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('2025-03-09 02:30:00')
    wrapper.unmount()

    // Loaded from a draft, too.
    const loaded = await mountWithApp(DateTimeInput, { props: { value: '2025-03-09 02:30:00', inputId: 'd' } })
    expect((loaded.find('input').element as HTMLInputElement).value).toBe('2025-03-09 02:30:00')
    loaded.unmount()
  })

  it('picking another day in the calendar keeps the time of day, even one the local clock skips', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: '2025-03-08 02:30:00', inputId: 'd' } })
    await pickDay(wrapper, 9)
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-03-09 02:30:00'])
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('2025-03-09 02:30:00')
    wrapper.unmount()
  })

  it('a day picked for an empty end time gets the last second of the day, not the PC clock', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: undefined, inputId: 'd', defaultTime: '23:59:59' } })
    await pickDay(wrapper, 15)
    const now = new Date()
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
    expect(wrapper.emitted('update')?.at(-1)).toEqual([`${month}-15 23:59:59`])
    wrapper.unmount()
  })

  it("shows the list's last change and the diff's base time in Beijing time, saying so", async () => {
    // 07:30 UTC is 03:30 in New York and 15:30 in Beijing.
    const at = '2025-03-09T07:30:00.000Z'
    expect(beijingTime(at)).toBe('2025-03-09 15:30:00')
    const api = fakeApi({ draftsList: () => ({ drafts: [summary({ updatedAt: at })] }), outboxList })
    const list = await mountWithApp(TemplatesView, { api, route: '/templates' })
    expect(list.find('.el-table').text()).toContain('最后修改（北京时间）')
    expect(list.find('.el-table__body').text()).toContain('2025-03-09 15:30')
    list.unmount()

    const diff = await mountWithApp(DraftDiff, { props: { base: { kind: 'submitted', body: body(), at }, body: body() } })
    expect(diff.text()).toContain('与 2025-03-09 15:30:00（北京时间）提交的版本对比')
    diff.unmount()
  })
})
