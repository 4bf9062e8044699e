import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesContaining } from '../../support/files'
import { pageErrors, screenshot } from '../browser'
import { osKeychain } from '../host'
import { useAppSession } from '../session'

const SECRET = 'e2e-prod-secret-4b9d71-NEVER-SHOWN'
const SESSION = 'e2e-prod-session-c02f55-NEVER-SHOWN'

describe('journey 5: a production profile — secrets go in, never come back', () => {
  const session = useAppSession('/settings')

  it('shows the built-in sandbox profile as active', async () => {
    const { page } = session
    const sandbox = page.getByTestId('profile-sandbox')
    await expect.poll(() => sandbox.textContent()).toContain('沙箱（培训模式）')
    expect(await sandbox.getByTestId('profile-active').count()).toBe(1)
    await screenshot(page, 'settings')
  })

  it('creates a profile whose secret is wrong, and the connection test says so in words', async () => {
    const { page, host } = session
    await page.getByTestId('profile-add').click()
    const dialog = page.getByTestId('profile-dialog')
    await dialog.getByTestId('profile-name').fill('旗舰店（正式）')
    // A profile of the user's own training environment: its secrets go to the OS keychain like a
    // production profile's. Its gateway is the local sandbox, which checks signatures exactly as
    // TOP does (a production profile may only talk to TOP's own hosts over https).
    await dialog.getByTestId('profile-kind').getByText('沙箱', { exact: true }).click()
    await dialog.getByTestId('profile-gateway').fill(host.services.sandbox.url)
    await dialog.getByTestId('profile-appkey').fill(host.services.sandbox.credentials.appKey)
    await dialog.getByTestId('profile-secret').fill(SECRET)
    await dialog.getByTestId('profile-session').fill(SESSION)
    await screenshot(page, 'settings-new-profile')
    await dialog.getByTestId('profile-save').click()
    await dialog.waitFor({ state: 'hidden' })

    const card = page.locator('[data-test^="profile-"].settings__card', { hasText: '旗舰店（正式）' })
    await expect.poll(() => card.textContent()).toContain('已设置')
    const callsBefore = host.services.sandbox.calls.length
    await card.getByTestId('profile-test').click()
    const result = card.getByTestId('profile-test-result')
    await result.waitFor()
    expect(await result.textContent()).toContain('签名无效')
    await screenshot(page, 'settings-test-failed')
    // What the gateway saw: a call signed with the wrong secret, refused with code 25, and
    // nothing applied (the connection test has no side effects).
    const calls = host.services.sandbox.calls.slice(callsBefore)
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.every((c) => c.outcome === 'error' && c.code === 25)).toBe(true)
    expect(host.services.sandbox.ledger.log).toEqual([])

    // Reopening the profile shows that the secrets are set, never what they are.
    await card.getByTestId('profile-edit').click()
    expect(await dialog.getByTestId('profile-secret').inputValue()).toBe('')
    expect(await page.content()).not.toContain(SECRET)
    await page.keyboard.press('Escape')
  })

  it('the secrets reached the OS keychain and nothing else: no reply, no file, no page, no browser storage', async () => {
    const { page, host, browser } = session
    // Read back from the OS keychain itself, not through our vault.
    const stored = (await osKeychain().findCredentials(host.keychainService)).map((c) => c.password)
    expect(stored).toContain(SECRET)
    expect(stored).toContain(SESSION)

    // The window logs a secret, as a careless error handler might: main writes the line redacted.
    const logged = await page.evaluate(
      (secret) =>
        (globalThis as unknown as { couponDesk: { logWrite(line: object): Promise<unknown> } }).couponDesk.logWrite({
          level: 'error',
          message: `save failed for ${secret}`,
        }),
      SECRET,
    )
    expect(logged).toMatchObject({ ok: true, value: { accepted: true } })
    expect(readFileSync(join(host.dataDir, 'logs', 'renderer.log'), 'utf8')).toContain('save failed for [redacted]')

    const replies = JSON.stringify(host.replies)
    expect(replies).not.toContain(SECRET)
    expect(replies).not.toContain(SESSION)
    // Every file the app wrote, its log files (main.log, renderer.log) among them.
    expect(readFileSync(join(host.dataDir, 'logs', 'main.log'), 'utf8')).toMatch(/\[info\] +started/)
    expect(filesContaining(host.dataDir, [SECRET, SESSION])).toEqual([])
    expect(await page.content()).not.toContain(SESSION)
    expect(pageErrors(page)).toEqual([])
    // Chromium writes localStorage, IndexedDB and caches to its profile when it closes.
    await browser.close()
    expect(filesContaining(browser.profileDir, [SECRET, SESSION])).toEqual([])
  })
})

describe('journey 7: switch to English and back', () => {
  const session = useAppSession('/settings')

  it('switches every label, remembers the choice across a reload, and switches back', async () => {
    const { page, host } = session
    const nav = page.getByTestId('nav')
    await expect.poll(() => nav.textContent()).toContain('核销记录')
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: 'English' }).click()
    await expect.poll(() => nav.textContent()).toContain('History')
    expect(await page.getByTestId('view-settings').textContent()).toContain('Connections')
    await screenshot(page, 'settings-en')

    await page.reload()
    await page.getByTestId('nav').waitFor()
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('History')

    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: '中文' }).click()
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('核销记录')
    // Changing the language is the app's own business: nothing went to the gateway.
    expect(host.services.sandbox.calls).toEqual([])
    expect(pageErrors(page)).toEqual([])
  })
})
