import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * The counter-shift steps the journeys share: a manager adds an operator in Settings, a cashier
 * signs in at the gate, a reversal from History waits for the manager's approval.
 */
export async function addOperator(page: Page, op: { id: string; name: string; role: 'cashier' | 'manager'; pin?: string }): Promise<void> {
  await page.getByTestId('operator-add').click()
  const dialog = page.getByTestId('operator-dialog')
  await dialog.getByTestId('operator-id').fill(op.id)
  await dialog.getByTestId('operator-name').fill(op.name)
  await dialog.getByTestId(`operator-role-${op.role}`).click()
  if (op.pin) await dialog.getByTestId('operator-pin').fill(op.pin)
  await page.getByTestId('operator-save').click()
  await page.getByTestId('operator-table').getByText(op.name, { exact: true }).waitFor()
}

/** Signs `id` in (with the PIN when they have one) and waits until the header names them. */
export async function signIn(page: Page, id: string, pin?: string): Promise<void> {
  const gate = page.getByTestId('shift-gate')
  await gate.getByTestId(`shift-op-${id}`).click()
  if (pin) {
    await gate.getByTestId('shift-pin').fill(pin)
    await gate.getByTestId('shift-pin-ok').click()
  }
  await gate.waitFor({ state: 'detached' })
  await expect.poll(() => page.getByTestId('shift-operator').textContent()).toContain(id)
}

/**
 * In History: finds `voucherId`'s row, asks to reverse it, confirms, and fills the approval
 * dialog (reason "returned", `manager` chosen by the label the list shows, their PIN). Returns
 * the dialog unconfirmed, so a journey can look at it before `approval-confirm`.
 */
export async function fillReversalApproval(page: Page, voucherId: string, manager: { label: string; pin: string }): Promise<Locator> {
  await page.getByTestId('nav-history').click()
  const table = page.getByTestId('history-table')
  await page.getByTestId('filter-voucher').fill(voucherId)
  await page.getByTestId('filter-search').click()
  await expect.poll(() => table.getByTestId('row-voucher').allTextContents()).toEqual([voucherId])
  await table.getByTestId('row-reverse').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  const dialog = page.getByTestId('approval-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('approval-reason-returned').click()
  await dialog.getByTestId('approval-manager').click()
  await page.getByRole('option', { name: manager.label }).click()
  await dialog.getByTestId('approval-pin').fill(manager.pin)
  return dialog
}
