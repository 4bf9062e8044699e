import { defineStore } from 'pinia'
import { inject, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Locale } from '@contract/ipc/channels/app'
import { useApi } from '../api'
import { ensureLocaleMessages, SAVED_APP_INFO } from '.'

/**
 * The interface language: remembered by main, applied to vue-i18n and Element Plus at once. A
 * locale other than zh-CN has its texts fetched first (`ensureLocaleMessages`); until they are
 * there the screen stays in the language it was in.
 */
export const useLocaleStore = defineStore('locale', () => {
  const i18n = useI18n({ useScope: 'global' })
  const locale = ref<Locale>(i18n.locale.value as Locale)
  /** What the boot already asked main (absent when the app is mounted some other way, as in tests). */
  const saved = inject(SAVED_APP_INFO, null)
  /** The newest request: a slower load of an earlier choice must not undo a later one. */
  let wanted: Locale = locale.value

  /** Resolves true when `next` is the language now, false when a later choice overtook it. */
  async function apply(next: Locale): Promise<boolean> {
    wanted = next
    await ensureLocaleMessages(i18n, next)
    if (wanted !== next) return false
    locale.value = next
    i18n.locale.value = next
    document.documentElement.lang = next
    return true
  }

  async function load(): Promise<void> {
    const info = await (saved ?? useApi().appInfo())
    await apply(info.locale)
  }

  /**
   * The cashier's choice. If its texts cannot be loaded the language stays as it was (the
   * selector too, it shows `locale`) and main keeps the old preference: nothing to crash over.
   */
  async function change(next: Locale): Promise<void> {
    try {
      if (!(await apply(next))) return
    } catch (error) {
      if (wanted === next) wanted = locale.value
      console.warn(`[locale] the ${next} texts could not be loaded; staying in ${locale.value}`, error)
      return
    }
    await useApi().appSetLocale({ locale: next })
  }

  return { locale, load, change }
})
