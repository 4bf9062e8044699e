import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DateTimeInput from '@renderer/components/template/widgets/DateTimeInput.vue'
import { mountWithApp } from '../support/harness'

/**
 * The wire format is Beijing wall-clock text. A PC set to another zone (Honolulu is 18 hours
 * behind Beijing, so any conversion would even change the date) must show and send the same text.
 */
beforeAll(() => {
  // Node applies a new TZ to every Date from then on.
  vi.stubEnv('TZ', 'Pacific/Honolulu')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

describe('date-time input in a foreign time zone', () => {
  it('runs in a zone far from GMT+8 (so the test can catch a shift)', () => {
    expect(new Date('2025-01-01T00:00:00Z').getTimezoneOffset()).toBe(600)
  })

  it('shows the stored text unchanged', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: '2025-01-01 00:00:00', inputId: 'd' } })
    expect((wrapper.find('input').element as HTMLInputElement).value).toBe('2025-01-01 00:00:00')
    expect(wrapper.text()).toContain('北京时间（GMT+8）')
    wrapper.unmount()
  })

  it('hands back exactly the text that was entered', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: undefined, inputId: 'd' } })
    const input = wrapper.find('input')
    await input.trigger('focus')
    await input.setValue('2025-06-30 23:59:59')
    await input.trigger('change')
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
    await flushPromises()
    expect(wrapper.emitted('update')?.at(-1)).toEqual(['2025-06-30 23:59:59'])
    wrapper.unmount()
  })

  it('keeps a value in another format visible instead of blanking it', async () => {
    const wrapper = await mountWithApp(DateTimeInput, { props: { value: '2019/12/31 23:59', inputId: 'd' } })
    expect(wrapper.find('[data-test="foreign-value"]').text()).toBe('2019/12/31 23:59')
    wrapper.unmount()
  })
})
