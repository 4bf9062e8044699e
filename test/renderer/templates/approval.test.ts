import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { DEFAULT_SHIFT_SETTINGS, type ShiftState } from '@contract/ipc/channels/shift'
import type { ProfileView } from '@contract/profiles'
import { ApiError } from '@renderer/api'
import { useShiftStore } from '@renderer/shift/shift-store'
import TemplatesView from '@renderer/templates/TemplatesView.vue'
import { fakeApi, mountWithApp } from '../support/harness'
import { DRAFT_ID, body, detail, outboxList, queuedEntry, summary } from './fixtures'

afterEach(() => {
  document.body.innerHTML = ''
})

const operators = [
  { id: 'M01', name: '王店长', role: 'manager' as const, hasPin: true },
  { id: 'C01', name: '李收银', role: 'cashier' as const, hasPin: true },
]
const shiftState = (productionTemplate: boolean): ShiftState => ({
  enabled: true,
  operator: { id: 'C01', name: '李收银', role: 'cashier', hasPin: true },
  shiftId: 1,
  signedInAt: 1,
  locked: false,
  settings: { ...DEFAULT_SHIFT_SETTINGS, approval: { ...DEFAULT_SHIFT_SETTINGS.approval, productionTemplate } },
})
const profile = (kind: 'production' | 'sandbox') =>
  ({ id: 'p1', name: '望京店', kind, active: true, builtIn: false }) as unknown as ProfileView

type SubmitInput = { draftId: string; revision: number; approval?: { managerId: string; pin: string } }

async function open(options: { kind: 'production' | 'sandbox'; required: boolean; submit: (input: SubmitInput) => unknown }) {
  const submit = vi.fn(options.submit)
  const api = fakeApi({
    draftsGet: () => detail(body()),
    draftsList: () => ({ drafts: [] }),
    outboxList,
    draftsSubmit: submit,
    profilesList: () => [profile(options.kind)],
    shiftState: () => shiftState(options.required),
    shiftOperators: () => ({ operators }),
  })
  const wrapper = await mountWithApp(TemplatesView, { api, route: `/templates?draft=${DRAFT_ID}` })
  await useShiftStore().load()
  await flushPromises()
  return { wrapper, submit }
}

const submitted = () => ({ draft: summary({ state: 'queued' }), submission: queuedEntry })
const dialog = () => document.querySelector<HTMLElement>('[data-test="approval-dialog"]')

async function approve(pin: string): Promise<void> {
  await vi.waitFor(() => expect(dialog()?.textContent).toContain('王店长'))
  const input = document.querySelector<HTMLInputElement>('input[data-test="approval-pin"]')!
  input.value = pin
  input.dispatchEvent(new Event('input'))
  await flushPromises()
  document.querySelector<HTMLElement>('[data-test="approval-confirm"]')!.click()
  await flushPromises()
}

describe('a production template submission in a shift', { timeout: 60_000 }, () => {
  it('asks for the manager’s PIN first and sends the approval with the submission', async () => {
    const { wrapper, submit } = await open({ kind: 'production', required: true, submit: submitted })
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    // One dialog asks, not one per component that could ask (the list's end-early and the editor).
    await vi.waitFor(() => expect(document.querySelectorAll('[data-test="approval-dialog"]')).toHaveLength(1))
    // The only manager with a PIN is chosen already; the cashier's own PIN is not asked.
    await approve('2468')
    await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(1))
    expect(submit.mock.calls[0]![0]).toMatchObject({ draftId: DRAFT_ID, approval: { managerId: 'M01', pin: '2468' } })
    wrapper.unmount()
  })

  it('sends nothing when the approval is cancelled', async () => {
    const { wrapper, submit } = await open({ kind: 'production', required: true, submit: submitted })
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await vi.waitFor(() => expect(dialog()).not.toBeNull())
    const cancel = [...dialog()!.querySelectorAll('button')].find((b) => b.textContent?.includes('取消'))!
    cancel.click()
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('asks nothing for a training submission, or where the store does not require it', async () => {
    for (const options of [
      { kind: 'sandbox' as const, required: true },
      { kind: 'production' as const, required: false },
    ]) {
      const { wrapper, submit } = await open({ ...options, submit: submitted })
      await wrapper.find('[data-test="editor-submit"]').trigger('click')
      await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(1))
      expect(submit.mock.calls[0]![0]).not.toHaveProperty('approval')
      expect(dialog()?.querySelector('input[data-test="approval-pin"]') ?? null).toBeNull()
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  })

  it('when main asks for an approval the screen did not know of, asks and sends once more; a wrong PIN is said', async () => {
    let calls = 0
    const { wrapper, submit } = await open({
      kind: 'sandbox',
      required: false,
      submit: (input) => {
        calls++
        if (!input.approval)
          throw new ApiError({ code: 'forbidden', key: 'shift.error.approvalRequired', params: { action: 'productionTemplate' } })
        if (input.approval.pin !== '2468')
          throw new ApiError({
            code: 'invalid-input',
            key: 'ipc.invalidInput',
            issues: [{ path: ['approval', 'pin'], key: 'shift.error.wrongPin', params: { left: 4 } }],
          })
        return submitted()
      },
    })
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await approve('1111')
    await vi.waitFor(() => expect(document.body.textContent).toContain('PIN 不正确，还可尝试 4 次'))
    expect(calls).toBe(2)
    await wrapper.find('[data-test="editor-submit"]').trigger('click')
    await approve('2468')
    await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(4))
    expect(submit.mock.calls[3]![0]).toMatchObject({ approval: { managerId: 'M01', pin: '2468' } })
    wrapper.unmount()
  })
})
