import type { Locale } from '@contract/ipc/channels/app'
import { catalogues, type MessageKey, type MessageParams } from '@contract/locales'

/**
 * The slip's words, from the app's message catalogue (`slip.*` keys, the same catalogue the window
 * reads), with `{name}` placeholders filled. Main prints in the language the cashier has on
 * screen. Keys are written out in full, so the catalogue test finds every one the slips use.
 */
type Tree = { readonly [key: string]: string | Tree }

/** A full key under `slip.` (`'slip.label.store'`), checked against the catalogue by the compiler. */
export type SlipKey = Extract<MessageKey, `slip.${string}`>
export type SlipWords = (key: SlipKey, params?: MessageParams) => string

function lookup(locale: Locale, key: string): string | undefined {
  let node: string | Tree | undefined = catalogues[locale]
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

export function slipWords(locale: Locale): SlipWords {
  return (key, params = {}) => {
    const text = lookup(locale, key)
    // A key missing from the catalogue is our bug; the key itself is printed rather than nothing.
    if (text === undefined) return key
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  }
}

/** Whether `key` has words (result codes the catalogue knows): a key built from a server's code is one only then. */
export function hasSlipWords(locale: Locale, key: string): key is SlipKey {
  return key.startsWith('slip.') && lookup(locale, key) !== undefined
}
