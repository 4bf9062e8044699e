import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import App from '@renderer/App.vue'
import { createAppI18n, localeLoaders, SAVED_APP_INFO, startInSavedLocale } from '@renderer/i18n'
import { useLocaleStore } from '@renderer/i18n/locale-store'
import { fakeApi, mountWithApp } from '../support/harness'

/**
 * Only zh-CN's texts are in the first bundle; English is fetched when chosen (at start too, when
 * main remembers it), and a failed fetch leaves the language as it was.
 */

const info = (locale: 'zh-CN' | 'en') => () => ({ name: 'x', version: '1', platform: 'linux', locale })
const nav = (wrapper: Awaited<ReturnType<typeof mountWithApp>>) => wrapper.find('[data-test="nav-history"]').text()

afterEach(() => {
  vi.restoreAllMocks()
  document.documentElement.lang = 'zh-CN'
})

describe('locale on demand', () => {
  it('loads the English texts only when English is chosen', async () => {
    const load = vi.spyOn(localeLoaders, 'en')
    const setLocale = vi.fn((input: { locale: string }) => input)
    const wrapper = await mountWithApp(App, { api: fakeApi({ appInfo: info('zh-CN'), appSetLocale: setLocale }) })
    expect(load).not.toHaveBeenCalled()
    expect(nav(wrapper)).toBe('核销记录')

    await useLocaleStore().change('en')
    await flushPromises()
    expect(load).toHaveBeenCalledTimes(1)
    expect(nav(wrapper)).toBe('History')
    expect(document.documentElement.lang).toBe('en')
    expect(setLocale).toHaveBeenCalledWith({ locale: 'en' })

    // Loaded once per app: back and forth again fetches nothing.
    await useLocaleStore().change('zh-CN')
    await useLocaleStore().change('en')
    expect(load).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('keeps the current language when the English texts cannot be loaded, and tries again next time', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    vi.spyOn(localeLoaders, 'en').mockRejectedValueOnce(new Error('chunk failed'))
    const setLocale = vi.fn((input: { locale: string }) => input)
    const wrapper = await mountWithApp(App, { api: fakeApi({ appInfo: info('zh-CN'), appSetLocale: setLocale }) })
    const store = useLocaleStore()

    await expect(store.change('en')).resolves.toBeUndefined()
    await flushPromises()
    expect(store.locale).toBe('zh-CN')
    expect(nav(wrapper)).toBe('核销记录')
    expect(document.documentElement.lang).toBe('zh-CN')
    // Main keeps the old preference: the app would otherwise start next time in a language it could not show.
    expect(setLocale).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not be loaded'), expect.any(Error))

    await store.change('en')
    await flushPromises()
    expect(nav(wrapper)).toBe('History')
    expect(setLocale).toHaveBeenCalledWith({ locale: 'en' })
    wrapper.unmount()
  })

  it('a slow load of an earlier choice does not undo a later one', async () => {
    let release!: () => void
    const real = localeLoaders.en
    vi.spyOn(localeLoaders, 'en').mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(real()))))
    const setLocale = vi.fn((input: { locale: string }) => input)
    const wrapper = await mountWithApp(App, { api: fakeApi({ appInfo: info('zh-CN'), appSetLocale: setLocale }) })
    const store = useLocaleStore()

    const toEnglish = store.change('en')
    await store.change('zh-CN')
    release()
    await toEnglish
    await flushPromises()
    expect(store.locale).toBe('zh-CN')
    expect(nav(wrapper)).toBe('核销记录')
    expect(setLocale).toHaveBeenCalledTimes(1)
    expect(setLocale).toHaveBeenCalledWith({ locale: 'zh-CN' })
    wrapper.unmount()
  })

  it('switches to the remembered English after mounting, when the start did not', async () => {
    const wrapper = await mountWithApp(App, { api: fakeApi({ appInfo: info('en') }) })
    await vi.waitFor(() => expect(nav(wrapper)).toBe('History'))
    expect(useLocaleStore().locale).toBe('en')
    wrapper.unmount()
  })

  it("takes the remembered locale from the boot's request instead of asking main again", async () => {
    const appInfo = vi.fn(info('zh-CN'))
    const wrapper = await mountWithApp(App, {
      api: fakeApi({ appInfo }),
      provide: { [SAVED_APP_INFO]: Promise.resolve({ locale: 'en' as const }) },
    })
    await vi.waitFor(() => expect(nav(wrapper)).toBe('History'))
    expect(appInfo).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})

describe('startInSavedLocale (before the first mount)', () => {
  it('starts in the remembered locale with its texts loaded', async () => {
    const { global } = createAppI18n()
    await expect(startInSavedLocale(global, async () => ({ locale: 'en' }))).resolves.toBe('en')
    expect(global.locale.value).toBe('en')
    expect(global.t('nav.history')).toBe('History')
    expect(document.documentElement.lang).toBe('en')
  })

  it('starts in zh-CN without loading anything when that is what main remembers', async () => {
    const load = vi.spyOn(localeLoaders, 'en')
    const { global } = createAppI18n()
    await expect(startInSavedLocale(global, async () => ({ locale: 'zh-CN' }))).resolves.toBe('zh-CN')
    expect(global.t('nav.history')).toBe('核销记录')
    expect(load).not.toHaveBeenCalled()
  })

  it('starts in zh-CN when main fails, the texts fail, or either is too slow', async () => {
    vi.spyOn(localeLoaders, 'en').mockRejectedValueOnce(new Error('chunk failed'))
    const cases: (() => Promise<{ locale: 'en' }>)[] = [
      () => Promise.reject(new Error('no main')),
      async () => ({ locale: 'en' }), // the loader fails once
      () => new Promise(() => undefined), // main never answers
    ]
    for (const saved of cases) {
      const { global } = createAppI18n()
      await expect(startInSavedLocale(global, saved, 20)).resolves.toBe('zh-CN')
      expect(global.locale.value).toBe('zh-CN')
      expect(document.documentElement.lang).toBe('zh-CN')
    }
  })

  it('refuses to start in a locale whose texts are not loaded', () => {
    expect(() => createAppI18n('en')).toThrow(/not loaded/)
  })
})
