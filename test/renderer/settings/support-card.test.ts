import { describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { UpdateStatus } from '@contract/ipc/channels/updates'
import App from '@renderer/App.vue'
import SupportCard from '@renderer/support/SupportCard.vue'
import { fakeApi, mountWithApp, page } from '../support/harness'

const LOG_DIR = '/home/store/.config/coupon-desk/logs'
const status = (update: UpdateStatus['update']): UpdateStatus => ({ currentVersion: '0.3.1', update })

function api(update: UpdateStatus['update'], exportBundle = vi.fn(async () => ({ saved: false }))) {
  return fakeApi({ updatesStatus: () => status(update), supportInfo: () => ({ logDir: LOG_DIR }), supportExportBundle: exportBundle })
}

describe('Settings: support and updates', () => {
  it.each([
    ['zh-CN', { state: 'off' }, '此版本不自动更新'],
    ['zh-CN', { state: 'downloading', version: '0.4.0', percent: 42 }, '正在后台下载 0.4.0（42%）'],
    ['zh-CN', { state: 'ready', version: '0.4.0' }, '0.4.0 已下载，退出程序时安装'],
    ['zh-CN', { state: 'ready', version: '0.4.0', waitingFor: 'outbox' }, '0.4.0 已下载；还有券模板待发送，本次退出不安装'],
    [
      'en',
      { state: 'ready', version: '0.4.0', waitingFor: 'redemption' },
      '0.4.0 downloaded; not installed on this quit: a redemption is running',
    ],
    ['en', { state: 'error' }, 'Could not check for updates; will try again tomorrow'],
  ] as const)('%s: shows the version, the update in words (%j) and where the logs are', async (locale, update, words) => {
    const wrapper = await mountWithApp(SupportCard, { api: api(update), locale })
    expect(wrapper.find('[data-test="support-version"]').text()).toBe('0.3.1')
    expect(wrapper.find('[data-test="support-update"]').text()).toBe(words)
    expect(wrapper.find('[data-test="support-logdir"]').text()).toBe(LOG_DIR)
    wrapper.unmount()
  })

  it('exports the bundle where the save dialog says, and says where', async () => {
    const exportBundle = vi.fn(async () => ({ saved: true, path: '/home/store/Downloads/coupon-desk-support.zip', bytes: 1234 }))
    const wrapper = await mountWithApp(SupportCard, { api: api({ state: 'idle' }, exportBundle) })
    await wrapper.find('[data-test="support-export"]').trigger('click')
    await flushPromises()
    expect(exportBundle).toHaveBeenCalledTimes(1)
    expect(page().text()).toContain('支持包已保存：/home/store/Downloads/coupon-desk-support.zip')
    wrapper.unmount()
  })

  it('a cancelled save dialog says nothing', async () => {
    const exportBundle = vi.fn(async () => ({ saved: false }))
    const wrapper = await mountWithApp(SupportCard, { api: api({ state: 'idle' }, exportBundle), locale: 'en' })
    await wrapper.find('[data-test="support-export"]').trigger('click')
    await flushPromises()
    expect(exportBundle).toHaveBeenCalledTimes(1)
    expect(page().text()).not.toContain('Support bundle saved')
    wrapper.unmount()
  })

  it('the header shows the version, and that an update is ready', async () => {
    const shell = fakeApi({
      appInfo: () => ({ name: 'x', version: '0.3.1', platform: 'linux', locale: 'zh-CN' }),
      updatesStatus: () => status({ state: 'ready', version: '0.4.0' }),
    })
    const wrapper = await mountWithApp(App, { api: shell })
    expect(wrapper.find('[data-test="app-version"]').text()).toBe('v0.3.1')
    expect(wrapper.find('[data-test="update-ready"]').text()).toBe('新版本 0.4.0 已下载，退出时安装')
    wrapper.unmount()
  })
})
