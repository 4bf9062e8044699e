import { createI18n } from 'vue-i18n'
import type { Locale } from '@contract/ipc/channels/app'
import { catalogues } from '@contract/locales'
import contractEn from '@contract/messages/en'
import contractZh from '@contract/messages/zh-CN'
import topEn from '@main/top/messages/en'
import topZh from '@main/top/messages/zh-CN'
import { vaultMessagesEn } from '@main/vault/messages/en'
import { vaultMessagesZhCN } from '@main/vault/messages/zh-CN'

interface MessageTree {
  [key: string]: string | MessageTree
}
const merged = (...parts: object[]): MessageTree => Object.assign({}, ...parts) as MessageTree

/** UI texts, feature texts, and the texts of every error key main or the contract can send. */
export const messages = {
  'zh-CN': merged(catalogues['zh-CN'], contractZh, topZh, vaultMessagesZhCN),
  en: merged(catalogues.en, contractEn, topEn, vaultMessagesEn),
}

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
