import type { Locale } from '@contract/ipc/channels/app'
import { catalogues } from '@contract/locales'

/**
 * The slip's words, from the app's message catalogue (`slip.*`, the same catalogue the window reads),
 * with `{name}` placeholders filled. Main prints in the language the cashier has on screen.
 */
type Tree = { readonly [key: string]: string | Tree }
const TABLES: Record<Locale, Tree> = { 'zh-CN': catalogues['zh-CN'].slip, en: catalogues.en.slip }

export type SlipWords = (key: string, params?: Record<string, string | number>) => string

export function slipWords(locale: Locale): SlipWords {
  return (key, params = {}) => {
    let node: string | Tree | undefined = TABLES[locale]
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
    // A key missing from the tables is our bug; the key itself is printed rather than nothing.
    if (typeof node !== 'string') return key
    return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  }
}

/** Whether `key` has words (result codes the tables know). */
export function hasSlipWords(locale: Locale, key: string): boolean {
  let node: string | Tree | undefined = TABLES[locale]
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string'
}
