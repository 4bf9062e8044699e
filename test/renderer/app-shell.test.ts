import { describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import App from '@renderer/App.vue'
import { fakeApi, mountWithApp } from './support/harness'

const NAV = ['redeem', 'history', 'templates', 'settings'] as const

describe('app shell', () => {
  it.each([
    ['zh-CN', ['核销', '核销记录', '券模板', '设置']],
    ['en', ['Redeem', 'History', 'Templates', 'Settings']],
  ] as const)('shows the four places in %s', async (locale, labels) => {
    const api = fakeApi({ appInfo: () => ({ name: 'x', version: '1', platform: 'linux', locale }) })
    const wrapper = await mountWithApp(App, { api, locale })
    const items = NAV.map((name) => wrapper.find(`[data-test="nav-${name}"]`).text())
    expect(items).toEqual(labels)
    wrapper.unmount()
  })

  it('switches language and remembers it through main', async () => {
    const setLocale = vi.fn((input: { locale: string }) => input)
    const api = fakeApi({
      appInfo: () => ({ name: 'x', version: '1', platform: 'linux', locale: 'zh-CN' }),
      appSetLocale: setLocale,
    })
    const wrapper = await mountWithApp(App, { api })
    expect(wrapper.find('[data-test="nav-history"]').text()).toBe('核销记录')
    const { useLocaleStore } = await import('@renderer/stores/locale')
    await useLocaleStore().change('en')
    await flushPromises()
    expect(wrapper.find('[data-test="nav-history"]').text()).toBe('History')
    expect(setLocale).toHaveBeenCalledWith({ locale: 'en' })
    wrapper.unmount()
  })

  it('starts in the language main remembered', async () => {
    const api = fakeApi({ appInfo: () => ({ name: 'x', version: '1', platform: 'linux', locale: 'en' }) })
    const wrapper = await mountWithApp(App, { api, locale: 'zh-CN' })
    await flushPromises()
    expect(wrapper.find('[data-test="nav-redeem"]').text()).toBe('Redeem')
    wrapper.unmount()
  })

  it('navigates to each place', async () => {
    const api = fakeApi({ appInfo: () => ({ name: 'x', version: '1', platform: 'linux', locale: 'zh-CN' }) })
    const wrapper = await mountWithApp(App, { api, route: '/redeem' })
    expect(wrapper.find('[data-test="view-redeem"]').exists()).toBe(true)
    wrapper.unmount()
  })
})
