import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { HistoryPage, HistoryRow, ResolveInput } from '@contract/ipc/channels/redemption'
import { ApiError } from '@renderer/api'
import ResolveDialog from '@renderer/history/ResolveDialog.vue'
import HistoryView from '@renderer/history/HistoryView.vue'
import { fakeApi, mountWithApp, page, useScreenSizedObserver } from '../support/harness'

useScreenSizedObserver()

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const ALREADY_USED = { code: 'VOUCHER_ALREADY_USED', text: '该券已核销，不能重复使用' }
const ALREADY_REVERSED = { code: 'VOUCHER_ALREADY_REVERSED', text: '该券已作废（反核销后已补发新券）' }

function row(extra: Partial<HistoryRow>): HistoryRow {
  return {
    rowId: 7,
    entryId: 3,
    requestId: 'req-3',
    action: 'NORMAL_ISUSED',
    voucherId: '880000000001',
    points: null,
    customerId: 'C10001',
    shopId: 'S001',
    operatorId: 'OP001',
    operatorName: '店长',
    source: 'POS',
    createdAt: Date.UTC(2025, 0, 10, 2, 0, 0),
    updatedAt: Date.UTC(2025, 0, 10, 2, 0, 0),
    outcome: { state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_USED } },
    reversal: null,
    reverses: null,
    reissuedFrom: null,
    canReverse: false,
    canResolve: true,
    ...extra,
  }
}
const redemption = row({})
const reversal = row({
  rowId: 8,
  entryId: 4,
  action: 'ISUSED_NORMAL',
  voucherId: '880000000005',
  reverses: { rowId: 2, voucherId: '880000000005' },
  outcome: { state: 'needs_check', refusal: { kind: 'voucher', result: ALREADY_REVERSED } },
})
const resolvedRow = (input: ResolveInput): HistoryRow =>
  row({
    rowId: input.rowId,
    canResolve: false,
    outcome: { state: 'redeemed', result: ALREADY_USED, check: { operatorId: 'OP001', operatorName: null, at: 1 } },
  })

async function mountDialog(target: HistoryRow, resolve = vi.fn((input: ResolveInput) => ({ row: resolvedRow(input) }))) {
  const historyQuery = vi.fn((): HistoryPage => ({ rows: [], next: null }))
  wrapper = await mountWithApp(ResolveDialog, { api: fakeApi({ redeemResolve: resolve, historyQuery }), props: { row: target } })
  return { resolve, historyQuery }
}

const dialog = () => page().find('[data-test="resolve-dialog"]')
async function choose(which: 'applied' | 'not-applied') {
  await page().find(`[data-test="resolve-${which}"] input`).setValue(true)
}
async function submit() {
  await page().find('[data-test="resolve-submit"]').trigger('click')
  await flushPromises()
}
/** The error shown at a field (Element Plus renders it a tick later). */
const expectFieldError = (text: string) =>
  vi.waitFor(() => expect(dialog().find('.el-form-item.is-error .el-form-item__error').text()).toBe(text))

describe('the "check result" dialog', () => {
  it("shows the server's words and the two choices", async () => {
    await mountDialog(redemption)
    expect(dialog().text()).toContain('核对券 880000000001 的结果')
    expect(page().find('[data-test="resolve-server"]').text()).toContain('平台对重试的答复：该券已核销，不能重复使用')
    expect(page().find('[data-test="resolve-server"]').text()).toContain('结果码 VOUCHER_ALREADY_USED')
    expect(page().find('[data-test="resolve-applied"]').text()).toBe('已生效：券已核销')
    expect(page().find('[data-test="resolve-not-applied"]').text()).toBe('未生效：券仍未核销')
    // A redemption reissues nothing: no field for it.
    await choose('applied')
    expect(page().find('[data-test="resolve-reissued"]').exists()).toBe(false)
  })

  it('sends nothing until a choice is made', async () => {
    const { resolve } = await mountDialog(redemption)
    await submit()
    expect(page().find('[data-test="resolve-failure"]').text()).toContain('请选择后台显示的结果')
    expect(resolve).not.toHaveBeenCalled()
  })

  it('records "applied" for a redemption, with the operator typed, and reloads the list', async () => {
    const { resolve, historyQuery } = await mountDialog(redemption)
    await choose('applied')
    await page().find('input[data-test="resolve-operator"]').setValue(' boss-1 ')
    await submit()
    expect(resolve).toHaveBeenCalledWith({ rowId: 7, verdict: 'applied', operatorId: 'boss-1' })
    expect(historyQuery).toHaveBeenCalled()
    expect(wrapper!.emitted('resolved')?.[0]?.[0]).toMatchObject({ rowId: 7, outcome: { state: 'redeemed' } })
    expect(wrapper!.emitted('close')).toHaveLength(1)
  })

  it('records "not applied" with nothing else', async () => {
    const { resolve } = await mountDialog(redemption)
    await choose('not-applied')
    await submit()
    expect(resolve).toHaveBeenCalledWith({ rowId: 7, verdict: 'not_applied' })
  })

  it('a reversal that took effect needs the reissued id: required, a voucher code, not the original one; sent trimmed', async () => {
    const { resolve } = await mountDialog(reversal)
    expect(page().find('[data-test="resolve-server"]').text()).toContain('该券已作废（反核销后已补发新券）')
    expect(page().find('[data-test="resolve-applied"]').text()).toBe('已生效：券已反核销，并已补发新券')
    await choose('applied')
    const field = page().find('input[data-test="resolve-reissued"]')
    expect(field.exists()).toBe(true)

    await submit()
    await expectFieldError('请填写商家后台显示的补发新券码')
    await field.setValue('8800 0010')
    await submit()
    await expectFieldError('券码只能包含数字、字母、“-”和“_”，请重新扫描')
    await field.setValue('880000000005')
    await submit()
    await expectFieldError('补发的新券码不会与原券码相同，请核对后重新填写')
    expect(resolve).not.toHaveBeenCalled()

    await field.setValue('  880000100001 ')
    await submit()
    expect(resolve).toHaveBeenCalledWith({ rowId: 8, verdict: 'applied', reissuedVoucherId: '880000100001' })
  })

  it('"not applied" on a reversal sends no reissued id even if one was typed', async () => {
    const { resolve } = await mountDialog(reversal)
    await choose('applied')
    await page().find('input[data-test="resolve-reissued"]').setValue('880000100001')
    await choose('not-applied')
    expect(page().find('[data-test="resolve-reissued"]').exists()).toBe(false)
    await submit()
    expect(resolve).toHaveBeenCalledWith({ rowId: 8, verdict: 'not_applied' })
  })

  it("shows main's refusal at the field it names, or above the buttons, and stays open", async () => {
    const refuse = vi.fn((): never => {
      throw new ApiError({
        code: 'invalid-input',
        key: 'ipc.invalidInput',
        issues: [{ path: ['operatorId'], key: 'redemption.error.operatorRequired', params: {} }],
      })
    })
    await mountDialog(redemption, refuse)
    await choose('applied')
    await submit()
    await expectFieldError('请填写操作人（或在设置中为当前连接设置默认操作人）')
    expect(page().find('[data-test="resolve-failure"]').exists()).toBe(false)
    expect(wrapper!.emitted('close')).toBeUndefined()

    wrapper!.unmount()
    document.body.innerHTML = ''
    const conflict = vi.fn((): never => {
      throw new ApiError({ code: 'conflict', key: 'redemption.resolve.notCheckable', params: { voucherId: '880000000001' } })
    })
    await mountDialog(redemption, conflict)
    await choose('not-applied')
    await submit()
    expect(page().find('[data-test="resolve-failure"]').text()).toContain('券 880000000001 已有确定的结果，无需核对')
    expect(wrapper!.emitted('close')).toBeUndefined()
  })

  it('in English too', async () => {
    wrapper = await mountWithApp(ResolveDialog, { api: fakeApi({}), props: { row: reversal }, locale: 'en' })
    expect(dialog().text()).toContain('Check the result for voucher 880000000005')
    await choose('applied')
    expect(dialog().text()).toContain('Reissued voucher code')
  })
})

describe('the History screen and rows that need checking', () => {
  it('shows a "needs checking" chip and a Check result action that opens the dialog; a verdict reloads the list', async () => {
    const plain = row({
      rowId: 1,
      voucherId: '880000000002',
      outcome: { state: 'redeemed', result: { code: '0', text: '使用成功' } },
      canReverse: true,
      canResolve: false,
    })
    const checked = row({
      rowId: 2,
      voucherId: '880000000003',
      outcome: {
        state: 'redeemed',
        result: ALREADY_USED,
        check: { operatorId: 'boss-1', operatorName: '店长', at: Date.UTC(2025, 0, 10, 3) },
      },
      canReverse: true,
      canResolve: false,
    })
    let rows = [redemption, plain, checked]
    const historyQuery = vi.fn((): HistoryPage => ({ rows, next: null }))
    const redeemResolve = vi.fn((input: ResolveInput) => {
      rows = [resolvedRow(input), plain, checked]
      return { row: rows[0]! }
    })
    wrapper = await mountWithApp(HistoryView, { api: fakeApi({ historyQuery, redeemResolve }), route: '/history' })
    await flushPromises()
    const rowOf = (voucherId: string) =>
      wrapper!
        .findAll('[data-test="row-voucher"]')
        .find((c) => c.text().includes(voucherId))!
        .element.closest('[role="row"]')!

    const open = rowOf('880000000001')
    expect(open.querySelector('[data-test="outcome-needs_check"]')?.textContent?.trim()).toBe('待核对')
    expect(open.querySelector('[data-test="row-reverse"]')).toBeNull()
    expect(rowOf('880000000002').querySelector('[data-test="row-resolve"]')).toBeNull()
    // A row settled by hand says so.
    expect(rowOf('880000000003').querySelector('[data-test="row-checked"]')?.textContent?.trim()).toBe('人工核对')
    expect(rowOf('880000000002').querySelector('[data-test="row-checked"]')).toBeNull()

    ;(open.querySelector('[data-test="row-resolve"]') as HTMLElement).click()
    await flushPromises()
    expect(dialog().isVisible()).toBe(true)
    await choose('applied')
    await submit()
    expect(redeemResolve).toHaveBeenCalledWith({ rowId: 7, verdict: 'applied' })
    expect(historyQuery).toHaveBeenCalledTimes(2)
    await flushPromises()
    expect(rowOf('880000000001').querySelector('[data-test="outcome-needs_check"]')).toBeNull()
    expect(rowOf('880000000001').querySelector('[data-test="row-checked"]')).not.toBeNull()
  })
})
