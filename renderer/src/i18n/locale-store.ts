import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Locale } from '@contract/ipc/channels/app'
import { useApi } from '../api'

/** The interface language: remembered by main, applied to vue-i18n and Element Plus at once. */
export const useLocaleStore = defineStore('locale', () => {
  const i18n = useI18n({ useScope: 'global' })
  const locale = ref<Locale>(i18n.locale.value as Locale)

  function apply(next: Locale): void {
    locale.value = next
    i18n.locale.value = next
    document.documentElement.lang = next
  }

  async function load(): Promise<void> {
    const info = await useApi().appInfo()
    apply(info.locale)
  }

  async function change(next: Locale): Promise<void> {
    apply(next)
    await useApi().appSetLocale({ locale: next })
  }

  return { locale, load, change }
})
