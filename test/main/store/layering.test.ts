import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Storage stores, services decide: a module under electron/main/store/ reads and writes rows and
 * knows nothing of what the screen says or of the IPC that carries it, and the TOP client's
 * errors are their own type, made into the IPC envelope at the edge. Read from the sources, so a
 * new import that breaks the rule fails here, whatever it is used for.
 */
const ROOT = resolve(import.meta.dirname, '../../..')
const STORE = join(ROOT, 'electron/main/store')
const TOP = join(ROOT, 'electron/main/top')

const ALIASES: Record<string, string> = {
  '@contract/': 'electron/contract/',
  '@main/': 'electron/main/',
  '@renderer/': 'renderer/src/',
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/** Every module a source imports (static, re-exported or dynamic), as a path from the repository root. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = [...text.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!)
  return specs.map((spec) => {
    const alias = Object.keys(ALIASES).find((a) => spec.startsWith(a))
    if (alias) return ALIASES[alias] + spec.slice(alias.length)
    if (spec.startsWith('.')) return relative(ROOT, resolve(dirname(file), spec))
    return spec
  })
}

/** What no storage module may import: message catalogues, IPC, services, the renderer. */
const STORE_FORBIDDEN: readonly [RegExp, string][] = [
  [/(^|\/)(i18n|messages|locales)(\/|$)|message-keys/, 'messages'],
  [/^electron\/contract\/ipc(\/|$)/, 'the IPC contract'],
  [/^electron\/main\/ipc(\/|$)/, 'the IPC layer'],
  [/^electron\/main\/services(\/|$)/, 'a service'],
  [/^renderer\//, 'the renderer'],
]

/** A literal that is a message key or an IPC name: a decision about words, which storage does not make. */
const MESSAGE_KEY = /['"`](?:redemption|redeem|history|templates|drafts|outbox|top|ipc|shift|settings|contract|vault|profiles)\.[A-Za-z]/

function storeViolations(file: string, text = readFileSync(file, 'utf8')): string[] {
  const found: string[] = []
  for (const target of importsOf(file, text)) {
    const rule = STORE_FORBIDDEN.find(([pattern]) => pattern.test(target))
    if (rule) found.push(`${relative(ROOT, file)} imports ${rule[1]} (${target})`)
  }
  const key = MESSAGE_KEY.exec(text)
  if (key) found.push(`${relative(ROOT, file)} names a message key or IPC name (${key[0].slice(1)}…)`)
  return found
}

function topViolations(file: string, text = readFileSync(file, 'utf8')): string[] {
  const found: string[] = []
  for (const target of importsOf(file, text)) {
    if (/^electron\/(contract|main)\/ipc(\/|$)/.test(target)) found.push(`${relative(ROOT, file)} imports the IPC layer (${target})`)
  }
  if (/\bIpcError\b/.test(text)) found.push(`${relative(ROOT, file)} mentions IpcError`)
  return found
}

describe('storage stores, services decide', () => {
  it('no module under electron/main/store imports messages, IPC, services or the renderer, or names a message key', () => {
    expect(sources(STORE).length).toBeGreaterThan(5)
    expect(sources(STORE).flatMap((file) => storeViolations(file))).toEqual([])
  })

  it('the TOP client knows nothing of IPC: its errors become envelopes at the edge', () => {
    expect(sources(TOP).flatMap((file) => topViolations(file))).toEqual([])
  })

  it('catches what it is meant to catch', () => {
    const store = join(STORE, 'example.ts')
    const top = join(TOP, 'example.ts')
    expect(storeViolations(store, "import type { VoucherOutcome } from '@contract/ipc/channels/redemption'")).toHaveLength(1)
    expect(storeViolations(store, "import { AppError } from '../ipc/app-error'")).toHaveLength(1)
    expect(storeViolations(store, "import { reversalRequest } from '@main/services/redemption/requests'")).toHaveLength(1)
    expect(storeViolations(store, "import type { TopMessageKey } from '@main/top/messages/keys'")).toHaveLength(1)
    expect(storeViolations(store, "export { x } from '../vault/message-keys'")).toHaveLength(1)
    expect(storeViolations(store, "import { catalogues } from '@contract/locales'")).toHaveLength(1)
    expect(storeViolations(store, "const m = { key: 'redemption.reason.interrupted', params: {} }")).toHaveLength(1)
    expect(
      storeViolations(store, "import type { VoucherStatusChangeOpenReq } from '@contract/api/voucher'\nconst q = `SELECT v.id`"),
    ).toEqual([])
    expect(topViolations(top, "import type { IpcError } from '../../contract/ipc/envelope'")).toHaveLength(2)
    expect(topViolations(top, "import { toFieldIssues } from '@contract/api/issues'")).toEqual([])
  })
})
