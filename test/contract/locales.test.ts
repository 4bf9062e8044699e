import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { CHANNEL_NAMES, EVENT_NAMES } from '@contract/ipc/names'
import { catalogues, translate, type MessageKey } from '@contract/locales'
import { flattenMessages, placeholders } from './helpers'

/**
 * The message catalogue (electron/contract/locales) against the code that uses it: every key the
 * code names, in main, the contract or the renderer, has a text in every locale. A key is named
 * as a string literal (`t('shift.gate.title')`, `key: 'vault.notFound'`, `new AppError(code,
 * 'report.noSuchShift')`, a zod message `'contract.required'`, a `messageKey`), or built at run
 * time from a literal prefix (`t(\`redemption.state.${state}\`)`, `'contract.' + …`), whose
 * prefix must then lead to texts. Comments are not code: they are not read.
 */

const ROOT = resolve(import.meta.dirname, '../..')
const SOURCE_DIRS = ['electron', 'renderer/src'].map((d) => join(ROOT, d))
const CATALOGUE_DIR = join(ROOT, 'electron/contract/locales')
const LOCALES = Object.keys(catalogues) as (keyof typeof catalogues)[]
const LEAVES = Object.fromEntries(LOCALES.map((l) => [l, flattenMessages(catalogues[l])])) as Record<string, Map<string, string>>

/** A literal names a key when it starts with one of the catalogue's namespaces: `shift.`, `top.`, … */
const NAMESPACES = new Set(LOCALES.flatMap((l) => Object.keys(catalogues[l])))
/** Dotted strings in those namespaces that are not keys: IPC channel and event names, file names. */
const NOT_KEYS = new Set<string>([...CHANNEL_NAMES, ...EVENT_NAMES])
const FILE_NAME = /\.(json|csv|xlsx|log|txt|js|ts)$/

interface Usage {
  /** The key, or for a key built at run time the literal text it starts with. */
  text: string
  prefix: boolean
  where: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return path === CATALOGUE_DIR ? [] : sourceFiles(path)
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** The string literals and template heads of a piece of TypeScript (comments are trivia, never nodes). */
function literalsOf(code: string): { text: string; prefix: boolean }[] {
  const out: { text: string; prefix: boolean }[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push({ text: node.text, prefix: node.text.endsWith('.') })
    else if (ts.isTemplateExpression(node) || ts.isTemplateLiteralTypeNode(node)) out.push({ text: node.head.text, prefix: true })
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile('code.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS))
  return out
}

/** A .vue file's code: its script blocks, and the expressions of its template (`{{ }}`, `:prop`, `@event`, `v-…`, `#slot`). */
function vueCode(source: string): string[] {
  const scripts = [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
  const template = /<template>([\s\S]*)<\/template>/.exec(source.replace(/<script[^>]*>[\s\S]*?<\/script>/g, ''))?.[1] ?? ''
  const markup = template.replace(/<!--[\s\S]*?-->/g, '')
  const mustaches = [...markup.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!)
  const bound = [...markup.matchAll(/\s(?::|@|#|v-)[\w:.#[\]-]*="([^"]*)"/g)].map((m) => m[1]!)
  return [...scripts, ...mustaches, ...bound.map((expression) => `(${expression})`)]
}

function usagesIn(path: string): Usage[] {
  const source = readFileSync(path, 'utf8')
  const pieces = path.endsWith('.vue') ? vueCode(source) : [source]
  const where = relative(ROOT, path)
  return pieces
    .flatMap(literalsOf)
    .filter(({ text }) => NAMESPACES.has(text.split('.')[0]!) && text.includes('.'))
    .filter(({ text }) => !NOT_KEYS.has(text) && !FILE_NAME.test(text))
    .map((u) => ({ ...u, where }))
}

const USAGES = SOURCE_DIRS.flatMap(sourceFiles).flatMap(usagesIn)

/** Each usage the given leaves lack, as `locale: key (file)`. */
function missing(leaves: Record<string, Map<string, string>>, usages: readonly Usage[]): string[] {
  const out: string[] = []
  for (const [locale, table] of Object.entries(leaves)) {
    const keys = [...table.keys()]
    for (const u of usages) {
      const found = u.prefix ? keys.some((k) => k.startsWith(u.text)) : table.has(u.text)
      if (!found) out.push(`${locale}: ${u.text}${u.prefix ? '…' : ''} (${u.where})`)
    }
  }
  return [...new Set(out)]
}

describe('the message catalogue', () => {
  it('has a text in every locale for every key the code uses', () => {
    expect(missing(LEAVES, USAGES)).toEqual([])
  })

  it('finds the keys in every way the code names them', () => {
    const used = new Set(USAGES.filter((u) => !u.prefix).map((u) => u.text))
    const prefixes = new Set(USAGES.filter((u) => u.prefix).map((u) => u.text))
    for (const key of [
      'shift.gate.title', // t() in a template's :attribute and {{ }}
      'redemption.words.pending', // t() in a script
      'redemption.reason.unrecorded', // beside te()
      'shift.error.lastManager', // new AppError(code, key)
      'vault.notFound', // a vault error's messageKey
      'top.error.response', // a TOP error's messageKey field
      'contract.blank', // an issue's { key: … }
      'contract.template.rangeTimeRequired', // a cross-field rule
      'vault.gatewayNotTop', // a profile schema's issue
      'ipc.invalidInput', // ipc.*, which services reuse for bad input
    ]) {
      expect(used, key).toContain(key)
    }
    expect(prefixes).toContain('redemption.state.')
    expect(prefixes).toContain('contract.field.')
    expect(used.size).toBeGreaterThan(400)
  })

  it('would catch a used key that a locale lacks', () => {
    const [key] = USAGES.filter((u) => !u.prefix).map((u) => u.text)
    const [prefix] = USAGES.filter((u) => u.prefix && u.text !== 'contract.').map((u) => u.text)
    const withoutKey = new Map(LEAVES.en)
    withoutKey.delete(key!)
    expect(missing({ en: withoutKey }, USAGES).some((m) => m.startsWith(`en: ${key} (`))).toBe(true)
    const withoutPrefix = new Map([...LEAVES.en!].filter(([k]) => !k.startsWith(prefix!)))
    expect(missing({ en: withoutPrefix }, USAGES).some((m) => m.startsWith(`en: ${prefix}… (`))).toBe(true)
  })

  it('has the same keys and the same placeholders in every locale', () => {
    const [first, ...others] = LOCALES
    for (const locale of others) {
      expect([...LEAVES[locale]!.keys()].sort(), locale).toEqual([...LEAVES[first!]!.keys()].sort())
      for (const [key, text] of LEAVES[first!]!)
        expect(placeholders(LEAVES[locale]!.get(key)!), `${locale} ${key}`).toEqual(placeholders(text))
    }
  })

  it('keeps each namespace in one feature file, so no file silently overrides another', async () => {
    for (const locale of LOCALES) {
      const dir = join(CATALOGUE_DIR, locale)
      const owners = new Map<string, string>()
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
        const feature = ((await import(join(dir, file))) as { default: object }).default
        for (const namespace of Object.keys(feature)) {
          expect(owners.get(namespace), `${locale}: ${namespace} in ${file}`).toBeUndefined()
          owners.set(namespace, file)
        }
      }
      expect([...owners.keys()].sort(), locale).toEqual(Object.keys(catalogues[locale]).sort())
    }
  })

  it('compiles every text in vue-i18n, and main fills it exactly as the renderer does', () => {
    // A stray '|' (plural), '@' (link) or brace would change the rendering or throw when shown.
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: catalogues, missingWarn: false, fallbackWarn: false })
    for (const locale of LOCALES) {
      i18n.global.locale.value = locale
      for (const [key, text] of LEAVES[locale]!) {
        const params = Object.fromEntries(placeholders(text).map((name) => [name, `<${name}>`]))
        const shown = i18n.global.t(key, params)
        expect(shown, `${locale} ${key}`).toBe(text.replace(/\{(\w+)\}/g, (_, name: string) => `<${name}>`))
        expect(translate(locale, key as MessageKey, params), `${locale} ${key}`).toBe(shown)
      }
    }
    expect(translate('en', 'redemption.voucher.tooMany', { limit: 50 })).toBe('At most 50 vouchers at a time')
    expect(translate('zh-CN', 'redemption.voucher.tooMany', { limit: 50 })).toBe('一次最多核销 50 张券')
  })
})
