import { beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import App from '@renderer/App.vue'
import { routes } from '@renderer/router'
import { NOTHING_AT_STARTUP, SANDBOX_CONTEXT } from './redeem/support'
import { fakeApi, mountWithApp } from './support/harness'

const NAV = ['redeem', 'history', 'templates', 'settings'] as const

describe('app shell', () => {
  // Compile the lazily loaded views once up front, so navigating waits for routing, not the compiler.
  beforeAll(async () => {
    await Promise.all(routes.flatMap((r) => (typeof r.component === 'function' ? [(r.component as () => Promise<unknown>)()] : [])))
  }, 60_000)

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
    const { useLocaleStore } = await import('@renderer/i18n/locale-store')
    await useLocaleStore().change('en')
    await flushPromises()
    expect(wrapper.find('[data-test="nav-history"]').text()).toBe('History')
    expect(setLocale).toHaveBeenCalledWith({ locale: 'en' })
    wrapper.unmount()
  })

  it('starts in the language main remembered', async () => {
    const api = fakeApi({ appInfo: () => ({ name: 'x', version: '1', platform: 'linux', locale: 'en' }) })
    const wrapper = await mountWithApp(App, { api, locale: 'zh-CN' })
    // The English texts are a chunk of their own, fetched first: that takes more than a promise flush.
    await vi.waitFor(() => expect(wrapper.find('[data-test="nav-redeem"]').text()).toBe('Redeem'))
    wrapper.unmount()
  })

  /** Each place's own heading, so the test sees the view itself and not just the highlighted menu item. */
  const HEADINGS = {
    'zh-CN': { redeem: '核销', history: '核销记录', templates: '券模板', settings: '连接设置' },
    en: { redeem: 'Redeem', history: 'History', templates: 'Coupon templates', settings: 'Connections' },
  } as const

  it.each(['zh-CN', 'en'] as const)('navigates to each place from the menu in %s', { timeout: 60_000 }, async (locale) => {
    // Empty but well-formed answers for what each view loads when it opens.
    const api = fakeApi({
      appInfo: () => ({ name: 'x', version: '1', platform: 'linux', locale }),
      redeemContext: () => SANDBOX_CONTEXT,
      redeemDemoVouchers: () => ({ vouchers: [] }),
      redeemStartupReport: () => NOTHING_AT_STARTUP,
      historyQuery: () => ({ rows: [], next: null }),
      draftsList: () => ({ drafts: [] }),
      outboxList: () => ({ entries: [], network: { state: 'online', nextProbeAt: null } }),
      profilesList: () => [],
    })
    const wrapper = await mountWithApp(App, { api, locale })
    const router = wrapper.vm.$router
    // The app opens on Redeem; then every place, and back to the first, by clicking the menu.
    for (const name of [...NAV.slice(1), NAV[0]]) {
      await wrapper.find(`[data-test="nav-${name}"]`).trigger('click')
      // The views are loaded lazily (one chunk each), which takes longer than a promise flush.
      await vi.waitFor(() => expect(router.currentRoute.value.path).toBe(`/${name}`), { timeout: 10_000 })
      await flushPromises()
      const view = wrapper.find(`[data-test="view-${name}"]`)
      expect(view.exists(), name).toBe(true)
      expect(view.find('h2').text()).toBe(HEADINGS[locale][name])
      for (const other of NAV.filter((n) => n !== name)) expect(wrapper.find(`[data-test="view-${other}"]`).exists()).toBe(false)
    }
    wrapper.unmount()
  })
})
