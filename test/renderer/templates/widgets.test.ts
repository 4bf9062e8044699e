import { describe, expect, it } from 'vitest'
import { readDurationPart } from '@renderer/templates/duration-text'
import { SECTION_BY_ID } from '@renderer/templates/field-specs'
import FieldControl from '@renderer/templates/FieldControl.vue'
import DurationInput from '@renderer/templates/widgets/DurationInput.vue'
import { mountWithApp } from '../support/harness'

const DAY = 86_400
const HOUR = 3_600

const boxes = (wrapper: Awaited<ReturnType<typeof mountWithApp>>) =>
  Object.fromEntries(
    (['days', 'hours', 'minutes', 'seconds'] as const).map((unit) => [unit, wrapper.find(`input[data-test="duration-${unit}"]`)]),
  )

describe('duration boxes: days / hours / minutes / seconds ↔ seconds', () => {
  it('reads each box exactly, decimals only when they make whole seconds', () => {
    expect(readDurationPart('2', 'days')).toEqual({ ok: true, seconds: 2 * DAY, empty: false })
    expect(readDurationPart('1.5', 'days')).toEqual({ ok: true, seconds: 129_600, empty: false })
    expect(readDurationPart('0.25', 'hours')).toEqual({ ok: true, seconds: 900, empty: false })
    expect(readDurationPart('１．５', 'minutes')).toEqual({ ok: true, seconds: 90, empty: false })
    expect(readDurationPart(' ', 'days')).toEqual({ ok: true, seconds: 0, empty: true })
    expect(readDurationPart('1.5', 'seconds')).toEqual({ ok: false, reason: 'notWholeSeconds' })
    expect(readDurationPart('0.00001', 'days')).toEqual({ ok: false, reason: 'notWholeSeconds' })
    for (const bad of ['1,5', '1.5.1', '-1', 'abc', '1e3', '.'])
      expect(readDurationPart(bad, 'days'), bad).toEqual({ ok: false, reason: 'notNumber' })
    expect(readDurationPart('9'.repeat(20), 'days')).toEqual({ ok: false, reason: 'tooLarge' })
  })

  it('shows stored seconds split into the boxes, with the raw seconds beside', async () => {
    const wrapper = await mountWithApp(DurationInput, { props: { value: DAY + HOUR + 60 + 1, inputId: 'x' } })
    const b = boxes(wrapper)
    expect([b.days, b.hours, b.minutes, b.seconds].map((i) => (i!.element as HTMLInputElement).value)).toEqual(['1', '1', '1', '1'])
    expect(wrapper.find('[data-test="duration-raw"]').text()).toBe('= 90061 秒')
    wrapper.unmount()
  })

  it('stores what is typed in seconds: 2 days, then 3 hours more, then 1.5 days exactly', async () => {
    const wrapper = await mountWithApp(DurationInput, { props: { value: undefined, inputId: 'x' } })
    const b = boxes(wrapper)
    await b.days!.setValue('2')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([2 * DAY])
    await b.hours!.setValue('3')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([2 * DAY + 3 * HOUR])
    await b.hours!.setValue('')
    await b.days!.setValue('1.5')
    // 1.5 days, not 15: the dot is read, never stripped.
    expect(wrapper.emitted('update')?.at(-1)).toEqual([129_600])
    await b.minutes!.setValue('45')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([129_600 + 45 * 60])
    // Emptying every box clears the field.
    await b.days!.setValue('')
    await b.minutes!.setValue('')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([undefined])
    wrapper.unmount()
  })

  it('tidies 1.5 days into 1 day 12 hours when the box is left', async () => {
    const wrapper = await mountWithApp(DurationInput, { props: { value: undefined, inputId: 'x' } })
    await boxes(wrapper).days!.setValue('1.5')
    await wrapper.setProps({ value: 129_600 })
    // Still as typed while the user is in the box.
    expect((boxes(wrapper).days!.element as HTMLInputElement).value).toBe('1.5')
    await boxes(wrapper).days!.trigger('blur')
    const b = boxes(wrapper)
    expect([b.days, b.hours].map((i) => (i!.element as HTMLInputElement).value)).toEqual(['1', '12'])
    wrapper.unmount()
  })

  it.each([
    ['1,5', 'days', '“1,5”不是数字，请改正（改正前不能提交）'],
    ['abc', 'hours', '“abc”不是数字，请改正（改正前不能提交）'],
    ['1.5', 'seconds', '“1.5”秒换算不成整秒（最小单位是秒），请改正（改正前不能提交）'],
    ['0.00001', 'days', '“0.00001”天换算不成整秒（最小单位是秒），请改正（改正前不能提交）'],
  ] as const)('flags %j in the %s box in words and stores it as typed, so it cannot be submitted', async (text, unit, message) => {
    const wrapper = await mountWithApp(DurationInput, { props: { value: DAY, inputId: 'x' } })
    await wrapper.find(`input[data-test="duration-${unit}"]`).setValue(text)
    // Not the old 86400: the typed text, which the contract refuses at the field until fixed.
    const stored = wrapper.emitted('update')?.at(-1)?.[0]
    expect(stored).toEqual(expect.stringContaining(text))
    await wrapper.setProps({ value: stored })
    expect(wrapper.find('[data-test="duration-problem"]').text()).toBe(message)
    // The typed text stays for fixing, even after leaving the box.
    await wrapper.find(`input[data-test="duration-${unit}"]`).trigger('blur')
    expect((wrapper.find(`input[data-test="duration-${unit}"]`).element as HTMLInputElement).value).toBe(text)
    expect(wrapper.find('[data-test="duration-raw"]').exists()).toBe(false)
    // Fixed: stored as seconds, and the message goes.
    await wrapper.find(`input[data-test="duration-${unit}"]`).setValue('2')
    expect(wrapper.emitted('update')).toHaveLength(2)
    expect(wrapper.emitted('update')?.at(-1)?.[0]).toEqual(expect.any(Number))
    expect(wrapper.find('[data-test="duration-problem"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('says it in English too', async () => {
    const wrapper = await mountWithApp(DurationInput, { locale: 'en', props: { value: undefined, inputId: 'x' } })
    await wrapper.find('input[data-test="duration-days"]').setValue('1.5x')
    expect(wrapper.find('[data-test="duration-problem"]').text()).toBe('“1.5x” is not a number; fix it before submitting')
    wrapper.unmount()
  })
})

describe('switches: on, off, or not set', () => {
  const amountAt = SECTION_BY_ID.get('condition_config')!.fields.find((f) => f.key === 'amount_at')!
  const tillNight = SECTION_BY_ID.get('compatible_config')!.fields.find((f) => f.key === 'valid_till_night')!

  it.each([
    ['a boolean set to false', amountAt, false],
    ['a boolean set to true', amountAt, true],
    ['a 0/1 flag set to 0', tillNight, 0],
  ] as const)('clears %s back to not set (absent from the request)', async (_what, spec, value) => {
    const wrapper = await mountWithApp(FieldControl, { props: { spec, value, inputId: 'x' } })
    expect(wrapper.find('[data-test="switch-unset"]').exists()).toBe(false)
    await wrapper.find('[data-test="switch-clear"]').trigger('click')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([undefined])
    wrapper.unmount()
  })

  it('says when a switch is not set, and turning it on sets it', async () => {
    const wrapper = await mountWithApp(FieldControl, { props: { spec: amountAt, value: undefined, inputId: 'x' } })
    expect(wrapper.find('[data-test="switch-unset"]').text()).toBe('未设置（不发送此项）')
    expect(wrapper.find('[data-test="switch-clear"]').exists()).toBe(false)
    await wrapper.find('.el-switch').trigger('click')
    expect(wrapper.emitted('update')?.at(-1)).toEqual([true])
    wrapper.unmount()
  })
})
