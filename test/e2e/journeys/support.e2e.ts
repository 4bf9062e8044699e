import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { UpdateEngine } from '@main/updates/updater'
import { pageErrors, screenshot } from '../browser'
import { useAppSession } from '../session'

/** The store PCs' two window sizes, one screenshot each. */
async function atBothSizes(page: Page, name: string): Promise<void> {
  for (const width of [1024, 1366]) {
    await page.setViewportSize({ width, height: 768 })
    await page.getByTestId('support-card').scrollIntoViewIfNeeded()
    await screenshot(page, `${name}-${width}`)
  }
}

describe('journey 8: support — the version, updates and a support bundle from Settings', () => {
  const session = useAppSession('/settings')

  it('shows the version, that this build does not update itself, and where the logs are, in both languages and sizes', async () => {
    const { page, host } = session
    const card = page.getByTestId('support-card')
    await expect.poll(() => card.getByTestId('support-update').textContent()).toBe('此版本不自动更新')
    expect(await card.getByTestId('support-version').textContent()).toBe('e2e')
    await expect.poll(() => card.getByTestId('support-logdir').textContent()).toBe(`${host.dataDir}/logs`)
    expect(await page.getByTestId('app-version').textContent()).toBe('ve2e')
    await atBothSizes(page, 'settings-support-zh')
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: 'English' }).click()
    await expect.poll(() => card.getByTestId('support-update').textContent()).toBe('This build does not update itself')
    await atBothSizes(page, 'settings-support-en')
  })

  it('exports one zip with the logs and the facts support needs, and says where it went', async () => {
    const { page, host } = session
    await page.getByTestId('support-export').click()
    const message = page.locator('.el-message', { hasText: 'Support bundle saved' })
    await message.waitFor()
    await page.waitForTimeout(400) // the message slides in
    const path = (await message.textContent())!.replace(/^.*Support bundle saved: /, '').trim()
    expect(path.startsWith(`${host.dataDir}/exports/coupon-desk-support-`)).toBe(true)
    await screenshot(page, 'settings-support-exported')
    const zip = unzipSync(readFileSync(path))
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining(['about.json', 'profiles.json', 'journal.json', 'outbox.json', 'last-errors.txt', 'logs/main.log']),
    )
    expect(JSON.parse(strFromU8(zip['about.json']!)).versions.app).toBe('e2e')
    expect(JSON.parse(strFromU8(zip['profiles.json']!))).toEqual([expect.objectContaining({ kind: 'sandbox', active: true })])
    // Nothing that unlocks the training gateway either.
    const everything = Object.values(zip)
      .map((bytes) => strFromU8(bytes))
      .join('\n')
    expect(everything).not.toContain(host.services.sandbox.credentials.appSecret)
    expect(everything).not.toContain(host.services.sandbox.credentials.sessionKey)
    expect(pageErrors(page)).toEqual([])
  })
})

/**
 * electron-updater needs Electron itself, so this journey's stand-in finds 0.2.0 at once and has
 * it downloaded (the update logic against a real server is test/main/updates/updater.test.ts).
 */
function downloadedUpdate() {
  const engine = Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null,
    currentVersion: { version: '0.1.0' },
    isUpdaterActive: () => true,
    checkForUpdates: async () => {
      engine.emit('checking-for-update')
      engine.emit('update-available', { version: '0.2.0' })
      engine.emit('update-downloaded', { version: '0.2.0' })
      return null
    },
  })
  return engine as unknown as UpdateEngine
}

describe('journey 8b: an update downloaded in the background shows in the header and in Settings', () => {
  const session = useAppSession('/settings', { updateEngine: downloadedUpdate() })

  it('says it installs on quit, in both languages and sizes', async () => {
    const { page } = session
    await expect.poll(() => page.getByTestId('update-ready').textContent()).toContain('新版本 0.2.0 已下载，退出时安装')
    expect(await page.getByTestId('support-update').textContent()).toBe('0.2.0 已下载，退出程序时安装')
    expect(await page.getByTestId('app-version').textContent()).toBe('v0.1.0')
    await atBothSizes(page, 'update-ready-zh')
    await page.getByTestId('locale-select').click()
    await page.getByRole('option', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('update-ready').textContent()).toContain('Version 0.2.0 downloaded; installs when you quit')
    await atBothSizes(page, 'update-ready-en')
    expect(pageErrors(page)).toEqual([])
  })
})
