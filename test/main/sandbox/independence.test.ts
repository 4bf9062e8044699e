import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_METADATA } from '@main/sandbox/api-metadata'

/**
 * The training gateway is a test double of TOP: it must share nothing with the client it checks
 * (a double that shares the client's signer or contract agrees with it, not with TOP), and its
 * copies of TOP's metadata must be the shared originals.
 */
const ROOT = resolve(import.meta.dirname, '../../..')
const SANDBOX = join(ROOT, 'electron/main/sandbox')
// shared/ stands beside the checkout (CI, the main work tree), or one level further up for a
// work tree kept in a subfolder.
const SHARED_METADATA =
  ['../shared/api-docs/metadata', '../../shared/api-docs/metadata'].map((p) => resolve(ROOT, p)).find((dir) => existsSync(dir)) ??
  resolve(ROOT, '../shared/api-docs/metadata')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

describe('the sandbox gateway shares no code with the client', () => {
  it('imports nothing from electron/main/top or the contract, and nothing of the app outside its folder', () => {
    const offending: string[] = []
    for (const file of sources(SANDBOX)) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)) {
        if (spec === undefined) continue
        if (/^(@main|@contract|@renderer)\//.test(spec) || spec.startsWith('../')) offending.push(`${file}: ${spec}`)
      }
    }
    expect(offending).toEqual([])
  })
})

describe('the metadata the sandbox carries', () => {
  const copies = readdirSync(join(SANDBOX, 'metadata')).filter((name) => name.endsWith('.json'))

  it('is byte for byte the shared originals', () => {
    expect(copies.length).toBeGreaterThanOrEqual(6)
    for (const name of copies) {
      expect(readFileSync(join(SANDBOX, 'metadata', name), 'utf8'), name).toBe(readFileSync(join(SHARED_METADATA, name), 'utf8'))
    }
  })

  it('covers every API the gateway serves', () => {
    expect([...API_METADATA.keys()].sort()).toEqual(copies.map((name) => name.replace(/\.json$/, '')).sort())
  })
})
