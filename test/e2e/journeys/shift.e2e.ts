import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import { pageErrors, screenshot } from '../browser'
import { useAppSession } from '../session'
import { addOperator, fillReversalApproval, signIn } from '../shift-steps'

/** Every new screen at the two store-PC sizes, in the language on screen. */
async function shots(page: Page, name: string, locale: 'zh' | 'en'): Promise<void> {
  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 768 })
    await page.waitForTimeout(150)
    await screenshot(page, `shift-${name}-${locale}-${width}`)
  }
  await page.setViewportSize({ width: 1366, height: 768 })
}

async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code)
  await page.keyboard.press('Enter')
}

type Envelope<T> = { ok: true; value: T } | { ok: false; error: unknown }
interface Bridge {
  couponDesk: {
    historyQuery(input: { filter: Record<string, string> }): Promise<Envelope<{ rows: HistoryRowLite[] }>>
    historyExport(input: { locale: 'zh-CN' | 'en' }): Promise<Envelope<{ csv: string }>>
  }
}
interface HistoryRowLite {
  voucherId: string
  action: string
  operatorId: string
  operatorName: string | null
  outcome: { state: string }
  act?: { actorId: string; approverId: string | null; approverName: string | null; reasonCode: string | null } | null
}

const history = (page: Page) =>
  page.evaluate(async () => {
    const reply = await (globalThis as unknown as Bridge).couponDesk.historyQuery({ filter: {} })
    if (!reply.ok) throw new Error(JSON.stringify(reply.error))
    return reply.value.rows
  })

const [first, second] = DEMO_VOUCHERS.filter((v) => v.customerId === 'C10001' && v.initialState === 'NORMAL').map((v) => v.voucherId)
const used = DEMO_VOUCHERS.find((v) => v.customerId === 'C10001' && v.initialState === 'ISUSED')!.voucherId

/** Redeems `codes` for C10001 and waits for the big result to say `expected`. */
async function redeem(page: Page, codes: string[], expected: string): Promise<void> {
  await page.getByTestId('nav-redeem').click()
  await page.getByTestId('customer-id').fill('C10001')
  await page.getByTestId('view-redeem').locator('h2').click()
  for (const code of codes) await scan(page, code)
  await page.keyboard.press('Control+Enter')
  await expect.poll(() => page.getByTestId('verdict-title').textContent(), { timeout: 15_000 }).toBe(expected)
}

describe('a counter shift: two cashiers, a reversal approved by the manager', () => {
  const session = useAppSession('/settings')

  it('a manager sets up the operator list and the store requires approval for reversals', async () => {
    const { page } = session
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByTestId('shift-settings').scrollIntoViewIfNeeded()
    await addOperator(page, { id: 'M01', name: '王店长', role: 'manager', pin: '2468' })
    // The list has a manager now: the counter needs someone signed in.
    await page.getByTestId('shift-gate').waitFor()
    await signIn(page, 'M01', '2468')
    await addOperator(page, { id: 'C01', name: '李收银', role: 'cashier', pin: '1357' })
    await addOperator(page, { id: 'C02', name: '赵收银', role: 'cashier' })
    await page.getByTestId('approval-reverse').click()
    await page.getByTestId('error-ack').click()
    await page.getByTestId('shift-settings-save').click()
    await expect.poll(() => page.getByTestId('shift-settings-save').isDisabled()).toBe(true)
    await page.getByTestId('shift-settings').scrollIntoViewIfNeeded()
    await shots(page, 'settings', 'zh')
  })

  it('two cashiers sign in in turn and redeem; the journal names each', async () => {
    const { page } = session
    await page.getByTestId('shift-sign-out').click()
    await page.getByTestId('shift-gate').waitFor()
    await shots(page, 'sign-in', 'zh')
    await signIn(page, 'C01', '1357')
    await redeem(page, [first!], '核销成功 1 张')
    await shots(page, 'verdict-success', 'zh')

    // Ctrl+L locks; the work stays on screen under the lock.
    await page.keyboard.press('Control+l')
    await page.getByTestId('shift-gate-locked').waitFor()
    expect(await page.getByTestId('verdict').isVisible()).toBe(true)
    await shots(page, 'locked', 'zh')
    // Another cashier takes the till.
    await page.getByTestId('shift-switch').click()
    await signIn(page, 'C02')
    await redeem(page, [second!, used], '未全部成功：成功 1 张，未成功 1 张')
    await page.getByTestId('verdict-ack').waitFor()
    await shots(page, 'verdict-failure', 'zh')
    // Scanning is held until the failure is acknowledged.
    await page.waitForTimeout(350)
    await page.keyboard.press('Escape')
    await page.getByTestId('verdict-ack').waitFor({ state: 'detached' })

    const rows = await history(page)
    const by = Object.fromEntries(rows.map((r) => [`${r.voucherId}:${r.action}`, [r.operatorId, r.operatorName]]))
    expect(by).toEqual({
      [`${first}:NORMAL_ISUSED`]: ['C01', '李收银'],
      [`${second}:NORMAL_ISUSED`]: ['C02', '赵收银'],
      [`${used}:NORMAL_ISUSED`]: ['C02', '赵收银'],
    })
  })

  it('C02 reverses C01’s redemption with a reason and the manager’s PIN; History and the CSV say who', async () => {
    const { page, host } = session
    await fillReversalApproval(page, first!, { label: '王店长（M01）', pin: '2468' })
    const table = page.getByTestId('history-table')
    await shots(page, 'approval', 'zh')
    await page.getByTestId('approval-confirm').click()
    await expect.poll(() => host.services.sandbox.ledger.actionCount(first!, 'ISUSED_NORMAL'), { timeout: 15_000 }).toBe(1)

    await page.getByTestId('filter-voucher').fill('')
    await page.getByTestId('filter-search').click()
    await table.getByTestId('row-act').first().waitFor()
    await shots(page, 'history-act', 'zh')

    const reversal = (await history(page)).find((r) => r.action === 'ISUSED_NORMAL')!
    expect(reversal).toMatchObject({
      operatorId: 'C02',
      operatorName: '赵收银',
      outcome: { state: 'reversed' },
      act: { actorId: 'C02', approverId: 'M01', approverName: '王店长', reasonCode: 'returned' },
    })
    const csv = await page.evaluate(async () => {
      const reply = await (globalThis as unknown as Bridge).couponDesk.historyExport({ locale: 'zh-CN' })
      if (!reply.ok) throw new Error(JSON.stringify(reply.error))
      return reply.value.csv
    })
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    const cols = header!.split(',')
    const line = lines.find((l) => l.includes('反核销') && l.includes(first!))!.split(',')
    expect(line[cols.indexOf('操作人')]).toBe('赵收银')
    expect(line[cols.indexOf('原因')]).toBe('顾客退货')
    expect(line[cols.indexOf('审批人')]).toBe('M01 王店长')
    // The gateway's ledger agrees: two redeemed, one of them reversed once.
    const ledger = host.services.sandbox.ledger
    expect([first, second].map((v) => ledger.actionCount(v!, 'NORMAL_ISUSED'))).toEqual([1, 1])
    expect(ledger.get(first!)?.state).toBe('REVERSED')
  })

  it('the day report matches the gateway’s ledger and names both cashiers', async () => {
    const { page, host } = session
    await page.getByTestId('nav-report').click()
    await page.getByTestId('report-totals').waitFor()
    const total = async (bucket: string) => Number(await page.getByTestId(`report-total-${bucket}`).locator('.report__num').textContent())
    const ledger = host.services.sandbox.ledger
    const redeemedAtGateway = DEMO_VOUCHERS.filter((v) => ledger.actionCount(v.voucherId, 'NORMAL_ISUSED') > 0).length
    const reversedAtGateway = DEMO_VOUCHERS.filter((v) => ledger.actionCount(v.voucherId, 'ISUSED_NORMAL') > 0).length
    expect(await total('redeemed')).toBe(redeemedAtGateway - reversedAtGateway)
    expect(await total('redeemedReversed')).toBe(reversedAtGateway)
    expect(await total('reversed')).toBe(reversedAtGateway)
    expect(await total('failed')).toBe(1)
    const operators = await page.getByTestId('report-operators').textContent()
    expect(operators).toContain('李收银')
    expect(operators).toContain('赵收银')
    await page.getByTestId('report-chart').waitFor()
    await shots(page, 'report', 'zh')
  })

  it('the same screens in English', async () => {
    const { page } = session
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('History')
    await shots(page, 'history-act', 'en')
    await page.getByTestId('nav-report').click()
    await page.getByTestId('report-chart').waitFor()
    await shots(page, 'report', 'en')

    await page.getByTestId('nav-settings').click()
    await page.getByTestId('shift-settings').scrollIntoViewIfNeeded()
    await shots(page, 'settings', 'en')

    await redeem(page, [used], 'Not all redeemed: 0 done, 1 not')
    await page.getByTestId('verdict-ack').waitFor()
    await shots(page, 'verdict-failure', 'en')
    await page.waitForTimeout(350)
    await page.keyboard.press('Enter')
    await page.getByTestId('verdict-ack').waitFor({ state: 'detached' })

    await page.getByTestId('nav-history').click()
    await page.getByTestId('history-table').getByTestId('row-reverse').first().click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByTestId('approval-dialog').waitFor()
    await shots(page, 'approval', 'en')
    await page.getByTestId('approval-dialog').getByRole('button', { name: 'Cancel' }).click()

    await page.keyboard.press('Control+l')
    await page.getByTestId('shift-gate-locked').waitFor()
    await shots(page, 'locked', 'en')
    await page.getByTestId('shift-switch').click()
    await shots(page, 'sign-in', 'en')
    await signIn(page, 'C01', '1357')
    const third = DEMO_VOUCHERS.find(
      (v) => v.customerId === 'C10001' && v.initialState === 'NORMAL' && v.voucherId !== first && v.voucherId !== second,
    )!
    await redeem(page, [third.voucherId], '1 redeemed')
    await shots(page, 'verdict-success', 'en')
    expect(pageErrors(page)).toEqual([])
  })
})
