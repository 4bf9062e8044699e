import type { Locale } from '../ipc/channels/app'
import en from './en'
import type { DeepStringRecord, LeafKeys, MessageParams } from './types'
import zhCN from './zh-CN'

export type { DeepStringRecord, LeafKeys, MessageParams } from './types'

/** The zh-CN catalogue's shape; every locale has exactly these keys. */
export type Messages = DeepStringRecord<typeof zhCN>
/** Every key a text can be looked up by, e.g. `'redemption.state.redeemed'`. */
export type MessageKey = LeafKeys<Messages>

/**
 * The one message catalogue, read by the renderer (as vue-i18n's messages) and by main (CSV
 * headers, export names, anything it writes in words). It lives in the contract because main,
 * the preload and the renderer all import the contract and nothing of each other.
 */
export const catalogues: Readonly<Record<Locale, Messages>> = { 'zh-CN': zhCN, en }

/**
 * A text in main, where there is no vue-i18n: `{name}` placeholders filled from `params`, the
 * subset of vue-i18n's syntax our catalogue uses.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  let node: unknown = catalogues[locale]
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part]
  if (typeof node !== 'string') throw new Error(`No text for ${key} in ${locale}`)
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
