import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The counter-shift steps the journeys share: a manager adds an operator in Settings, a cashier signs in at the gate. */
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
