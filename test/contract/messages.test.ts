import { describe, it, expect } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createI18n } from 'vue-i18n'
import en from '@contract/locales/en/contract'
import zh from '@contract/locales/zh-CN/contract'
import { flattenMessages, placeholders } from './helpers'

const ZH = flattenMessages(zh)
const EN = flattenMessages(en)
const API_DIR = join(import.meta.dirname, '../../electron/contract/api')

/** Every `'contract.…'` literal in the contract's code: the keys it can emit. */
function keysUsedInCode(): Set<string> {
  const keys = new Set<string>()
  for (const file of readdirSync(API_DIR).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(API_DIR, file), 'utf8')
    for (const m of source.matchAll(/'(contract\.[A-Za-z0-9_.]+)'/g)) keys.add(m[1]!)
  }
  return keys
}

describe('contract messages', () => {
  it('en has exactly the keys of zh-CN', () => {
    expect([...EN.keys()].sort()).toEqual([...ZH.keys()].sort())
  })

  it('en uses the same placeholders as zh-CN, key by key', () => {
    for (const [key, text] of ZH) expect(placeholders(EN.get(key)!), key).toEqual(placeholders(text))
  })

  it('has a text for every key the code uses', () => {
    const used = keysUsedInCode()
    expect(used.size).toBeGreaterThan(30)
    for (const key of used) {
      expect(ZH.has(key), `zh-CN lacks ${key}`).toBe(true)
      expect(EN.has(key), `en lacks ${key}`).toBe(true)
    }
  })

  it('every text compiles in vue-i18n and fills its placeholders', () => {
    for (const [locale, table] of [
      ['zh-CN', ZH],
      ['en', EN],
    ] as const) {
      const i18n = createI18n({
        legacy: false,
        locale,
        messages: { [locale]: locale === 'en' ? en : zh },
        missingWarn: false,
        fallbackWarn: false,
      })
      for (const [key, text] of table) {
        const params = Object.fromEntries(placeholders(text).map((p) => [p, `<${p}>`]))
        const out = i18n.global.t(key, params)
        expect(out, key).not.toBe(key)
        expect(out, key).not.toMatch(/[{}]/)
        for (const p of placeholders(text)) expect(out, key).toContain(`<${p}>`)
      }
    }
  })
})
