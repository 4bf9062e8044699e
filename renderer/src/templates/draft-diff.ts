import type { DraftBody } from '@contract/ipc/channels/templates'
import { pathKey, type DraftPath } from './draft-path'
import { SECTIONS, fieldAt, sectionOf, type FieldSpec, type SectionId } from './field-specs'

/**
 * What changed between the base version (last submitted, or imported) and the draft, field by
 * field. A list of ids is one field (its additions and removals are shown together); a list of
 * investors or participant groups is compared row by row.
 */

export type ChangeKind = 'added' | 'removed' | 'changed'

export interface DiffEntry {
  path: DraftPath
  field: string
  section: SectionId
  spec: FieldSpec | undefined
  change: ChangeKind
  before: unknown
  after: unknown
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every leaf of a draft by path: objects and lists of objects are walked, scalar lists are leaves. */
function leaves(value: unknown, path: (string | number)[] = [], out = new Map<string, { path: DraftPath; value: unknown }>()) {
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, [...path, key], out)
  } else if (Array.isArray(value) && value.some(isPlainObject)) {
    value.forEach((child, index) => leaves(child, [...path, index], out))
  } else if (value !== undefined) {
    out.set(pathKey(path), { path, value })
  }
  return out
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]))

/** The unique_id is per submission: a different one is not a change of the template. */
const ignored = (path: DraftPath): boolean => path[0] === 'coupon_template' && path[1] === 'unique_id'

const SECTION_ORDER = new Map(SECTIONS.map((s, i) => [s.id, i]))

/** Sorts in place into the editor's section order (stable within a section). */
export const inSectionOrder = <T extends { section: SectionId }>(items: T[]): T[] =>
  items.sort((a, b) => (SECTION_ORDER.get(a.section) ?? 0) - (SECTION_ORDER.get(b.section) ?? 0))

export function diffDrafts(base: DraftBody, current: DraftBody): DiffEntry[] {
  const before = leaves(base)
  const after = leaves(current)
  const entries: DiffEntry[] = []
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key)
    const now = after.get(key)
    const path = (now ?? was)!.path
    if (ignored(path) || same(was?.value, now?.value)) continue
    entries.push({
      path,
      field: key,
      section: sectionOf(path),
      spec: fieldAt(path),
      change: was === undefined ? 'added' : now === undefined ? 'removed' : 'changed',
      before: was?.value,
      after: now?.value,
    })
  }
  return inSectionOrder(entries)
}

/** The entries (of a diff, or the rows of a conflict) grouped by section, sections in editor order. */
export function diffBySection<T extends { section: SectionId }>(entries: readonly T[]): { section: SectionId; entries: T[] }[] {
  return SECTIONS.map((s) => ({ section: s.id, entries: entries.filter((e) => e.section === s.id) })).filter((g) => g.entries.length > 0)
}
