import { describe, expect, it } from 'vitest'

/**
 * The renderer is arranged by feature: each screen's view, components, store and logic sit in one
 * folder. A Pinia store holds state and calls main; it must not reach into components, or a screen's
 * pieces could no longer be changed on their own.
 */
const PREFIX = '../../renderer/src/'
const sources = import.meta.glob('../../renderer/src/**/*.{ts,vue}', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>
const all = Object.keys(sources).map((f) => f.slice(PREFIX.length))
const importsOf = (source: string): string[] => [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!)

describe('renderer layout', () => {
  it('has one folder per feature and no type folders', () => {
    const top = new Set(all.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))
    for (const folder of ['redeem', 'history', 'templates', 'settings', 'shared']) expect(top).toContain(folder)
    for (const folder of ['components', 'views', 'stores']) expect(top).not.toContain(folder)
  })

  it('keeps each store beside its feature, importing no component', () => {
    const stores = all.filter((f) => f.endsWith('-store.ts'))
    expect(stores.length).toBeGreaterThanOrEqual(8)
    for (const store of stores) {
      const specs = importsOf(sources[PREFIX + store]!)
      expect(
        specs.filter((s) => s.endsWith('.vue')),
        store,
      ).toEqual([])
    }
  })
})
