import { createI18n } from 'vue-i18n'
import type { Locale } from '@contract/ipc/channels/app'
import { catalogues } from '@contract/locales'

interface MessageTree {
  [key: string]: string | MessageTree
}

/**
 * The message catalogue (`electron/contract/locales`): UI texts, feature texts, and the texts of
 * every error key main or the contract can send. Typed loosely here: screens build some keys at
 * run time (`redemption.state.${state}`), and the key-coverage test checks them all.
 */
export const messages: Record<Locale, MessageTree> = catalogues

export function createAppI18n(locale: Locale = 'zh-CN') {
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
