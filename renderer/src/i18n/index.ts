import type { InjectionKey } from 'vue'
import { createI18n, type Composer } from 'vue-i18n'
import type { Locale } from '@contract/ipc/channels/app'
import zhCN from '@contract/locales/zh-CN'

export interface MessageTree {
  [key: string]: string | MessageTree
}

/**
 * The message catalogue (`electron/contract/locales`): UI texts, feature texts, and the texts of
 * every error key main or the contract can send. Typed loosely here: screens build some keys at
 * run time (`redemption.state.${state}`), and the key-coverage test checks them all.
 *
 * Only zh-CN, the default and the fallback, is in the first bundle. Every other locale is a chunk
 * of its own, fetched when chosen: parsing and running a second catalogue the cashier may never
 * see was part of the cold start on a slow store PC (bench: start.*). `localeLoaders` says how
 * each other locale is fetched (an object, so a test can make a load fail).
 */
export const localeLoaders: Record<Exclude<Locale, 'zh-CN'>, () => Promise<MessageTree>> = {
  en: () => import('@contract/locales/en').then((m) => m.default),
}

export function createAppI18n(locale: Locale = 'zh-CN', loaded: Partial<Record<Locale, MessageTree>> = {}) {
  const messages: Partial<Record<Locale, MessageTree>> = { 'zh-CN': zhCN, ...loaded }
  // Starting in a locale whose texts are not there would show zh-CN under another name.
  if (!messages[locale]) throw new Error(`createAppI18n: the ${locale} messages are not loaded`)
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages,
    // A missing key is a bug in our tables, not something to print to a cashier.
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  })
}
export type AppI18n = ReturnType<typeof createAppI18n>

/**
 * Makes `locale`'s texts available to `i18n`, fetching their chunk the first time; rejects if they
 * cannot be loaded. No cache of our own: the module loader keeps a loaded chunk, and a failed one
 * is simply tried again the next time the locale is chosen.
 */
export async function ensureLocaleMessages(i18n: Pick<Composer, 'availableLocales' | 'setLocaleMessage'>, locale: Locale): Promise<void> {
  if (locale === 'zh-CN' || i18n.availableLocales.includes(locale)) return
  i18n.setLocaleMessage(locale, await localeLoaders[locale]())
}

/**
 * Main's answer to the boot's one `app.info` request, provided to the app: the locale store reads
 * the remembered locale from it instead of asking again (and, when the boot stopped waiting,
 * applies it once it comes).
 */
export const SAVED_APP_INFO: InjectionKey<Promise<{ locale: Locale }>> = Symbol('saved app info')

/** How long the first screen waits for main's remembered locale and its texts before showing zh-CN. */
export const START_LOCALE_WAIT_MS = 1500

/**
 * Before the first mount: the locale main remembered, its texts loaded, so an English till does
 * not show Chinese first. Bounded by `waitMs`: if main or the chunk is slower, the app starts in
 * zh-CN and the locale store's `load()` switches when the answer comes, as before the split.
 * Never rejects; resolves with the locale the app starts in.
 */
export async function startInSavedLocale(
  i18n: Pick<Composer, 'availableLocales' | 'setLocaleMessage' | 'locale'>,
  savedLocale: () => Promise<{ locale: Locale }>,
  waitMs = START_LOCALE_WAIT_MS,
): Promise<Locale> {
  const saved = (async () => {
    const { locale } = await savedLocale()
    await ensureLocaleMessages(i18n, locale)
    return locale
  })()
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)))
  const locale = await Promise.race([saved, late]).catch(() => null)
  clearTimeout(timer)
  if (locale === null) return i18n.locale.value as Locale
  i18n.locale.value = locale
  document.documentElement.lang = locale
  return locale
}
