import topEn from '@main/top/messages/en'
import topZh from '@main/top/messages/zh-CN'
import { vaultMessagesEn } from '@main/vault/messages/en'
import { vaultMessagesZhCN } from '@main/vault/messages/zh-CN'
import { defineMessages } from '../feature-messages'

/** Texts for the error keys main sends: TOP client and keychain vault. */
export default defineMessages({
  'zh-CN': { ...topZh, ...vaultMessagesZhCN },
  en: { ...topEn, ...vaultMessagesEn },
})
