import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SHIFT_SETTINGS, type ShiftSettings, type ShiftState } from '@contract/ipc/channels/shift'
import type { BatchProgress } from '@contract/ipc/channels/redemption'
import BigVerdict from '@renderer/redeem/BigVerdict.vue'
import { setAudioContextFactory } from '@renderer/shared/sound'
import ShiftGate from '@renderer/shift/ShiftGate.vue'
import { useShiftStore } from '@renderer/shift/shift-store'
import { ApiError } from '@renderer/api'
import { fakeApi, mountWithApp } from '../support/harness'
import { batch, result } from '../redeem/support'

const operators = [
  { id: 'M01', name: '王店长', role: 'manager' as const, hasPin: true },
  { id: 'C02', name: '赵收银', role: 'cashier' as const, hasPin: false },
]
const state = (extra: Partial<ShiftState> = {}, settings: Partial<ShiftSettings> = {}): ShiftState => ({
  enabled: true,
  operator: null,
  shiftId: null,
  signedInAt: null,
  locked: false,
  settings: { ...DEFAULT_SHIFT_SETTINGS, ...settings },
  ...extra,
})

afterEach(() => {
  document.body.innerHTML = ''
  setAudioContextFactory(() => null)
})

describe('sign-in gate', () => {
  it('signs a cashier without a PIN in with one click, and asks a manager for theirs', async () => {
    const calls: unknown[] = []
    const api = fakeApi({
      shiftState: () => state(),
      shiftOperators: () => ({ operators }),
      shiftSignIn: (input: { operatorId: string; pin?: string }) => {
        calls.push(input)
        if (input.operatorId === 'M01' && input.pin !== '2468')
          throw new ApiError({
            code: 'invalid-input',
            key: 'ipc.invalidInput',
            issues: [{ path: ['pin'], key: 'shift.error.wrongPin', params: { left: 4 } }],
          })
        return state({ operator: operators.find((o) => o.id === input.operatorId)!, shiftId: 1, signedInAt: 1 })
      },
    })
    const wrapper = await mountWithApp(ShiftGate, { api })
    await useShiftStore().load()
    await flushPromises()
    expect(wrapper.find('[data-test="shift-gate"]').exists()).toBe(true)

    await wrapper.find('[data-test="shift-op-M01"]').trigger('click')
    await wrapper.find('input[data-test="shift-pin"]').setValue('1111')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="shift-gate-error"]').text()).toContain('PIN 不正确，还可尝试 4 次')

    await wrapper.find('[data-test="shift-op-C02"]').trigger('click')
    await flushPromises()
    expect(calls).toEqual([{ operatorId: 'M01', pin: '1111' }, { operatorId: 'C02' }])
    expect(wrapper.find('[data-test="shift-gate"]').exists()).toBe(false)
  })

  it('when locked, names who is signed in and asks for their PIN, keeping the page underneath', async () => {
    const api = fakeApi({
      shiftState: () => state({ operator: operators[0]!, shiftId: 1, signedInAt: 1, locked: true }),
      shiftOperators: () => ({ operators }),
      shiftUnlock: () => state({ operator: operators[0]!, shiftId: 1, signedInAt: 1 }),
    })
    const wrapper = await mountWithApp(ShiftGate, { api, locale: 'en' })
    await useShiftStore().load()
    await flushPromises()
    expect(wrapper.find('[data-test="shift-gate-locked"]').text()).toBe('Signed in: 王店长 (M01). Enter the PIN to unlock')
    await wrapper.find('input[data-test="shift-pin"]').setValue('2468')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="shift-gate"]').exists()).toBe(false)
  })
})

describe('big result', () => {
  const ok: BatchProgress = batch([result('880000000001', { state: 'redeemed', result: { code: null, text: null } })])
  const bad: BatchProgress = batch(
    [result('880000000006', { state: 'failed', failure: { kind: 'voucher', result: { code: 'VOUCHER_ALREADY_USED', text: '券已使用' } } })],
    { batchId: '0b7c2f44-5d1e-4b8a-9c3e-2a6f1d9e8b70' },
  )

  async function mountVerdict(b: BatchProgress, settings: Partial<ShiftSettings> = {}) {
    const api = fakeApi({ shiftState: () => state({}, settings), shiftOperators: () => ({ operators }) })
    const wrapper = await mountWithApp(BigVerdict, { api, props: { batch: b, hidden: false } })
    await useShiftStore().load()
    return wrapper
  }

  it('a green ✓ for a batch all redeemed, a red ✗ with the reason in words otherwise', async () => {
    const good = await mountVerdict(ok)
    expect(good.find('[data-test="verdict"]').classes()).toContain('is-success')
    expect(good.find('[data-test="verdict-title"]').text()).toBe('核销成功 1 张')
    good.unmount()
    const failed = await mountVerdict(bad)
    expect(failed.find('[data-test="verdict"]').classes()).toContain('is-failure')
    expect(failed.find('[data-test="verdict-problem"]').text()).toContain('这张券已经用过了')
  })

  it('where the store asks, holds every key until Enter or Esc acknowledges the failure', async () => {
    const wrapper = await mountVerdict(ok, { requireErrorAck: true })
    await wrapper.setProps({ batch: { ...bad, batchId: '5a0c9d31-7e2b-4f6a-8d1c-3b9e0f2a7c64' } })
    await flushPromises()
    expect(wrapper.find('[data-test="verdict-ack"]').exists()).toBe(true)
    let reachedPage = 0
    const onPage = () => reachedPage++
    document.body.addEventListener('keydown', onPage)
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '8', bubbles: true }))
    // A scanner's Enter right after its digits is not an acknowledgement.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(reachedPage).toBe(0)
    expect(wrapper.find('[data-test="verdict-ack"]').exists()).toBe(true)
    await new Promise((r) => setTimeout(r, 320))
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(wrapper.find('[data-test="verdict-ack"]').exists()).toBe(false)
    expect(wrapper.emitted('acknowledged')).toHaveLength(1)
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '8', bubbles: true }))
    expect(reachedPage).toBe(1)
    document.body.removeEventListener('keydown', onPage)
  })
})
