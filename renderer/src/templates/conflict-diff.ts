import type { DraftBody } from '@contract/ipc/channels/templates'
import { diffDrafts, inSectionOrder, type DiffEntry } from './draft-diff'
import type { DraftPath } from './draft-path'
import type { FieldSpec, SectionId } from './field-specs'

/**
 * The three-way view of a conflict: every field the platform or I changed since the base, with
 * its value in each of the three versions. Built from two ordinary diffs against the same base
 * (base → server, base → mine), so it reads field by field and section by section like the diff tab
 * (grouped with the diff's own `diffBySection`).
 */

export type ChangedBy = 'server' | 'mine' | 'both'

export interface ConflictRow {
  field: string
  path: DraftPath
  section: SectionId
  spec: FieldSpec | undefined
  base: unknown
  server: unknown
  mine: unknown
  changedBy: ChangedBy
}

export function conflictRows(base: DraftBody, server: DraftBody, mine: DraftBody): ConflictRow[] {
  const theirs = new Map(diffDrafts(base, server).map((e) => [e.field, e]))
  const ours = new Map(diffDrafts(base, mine).map((e) => [e.field, e]))
  const rows: ConflictRow[] = []
  for (const field of new Set([...theirs.keys(), ...ours.keys()])) {
    const t = theirs.get(field)
    const o = ours.get(field)
    const any = (t ?? o) as DiffEntry
    rows.push({
      field,
      path: any.path,
      section: any.section,
      spec: any.spec,
      base: any.before,
      server: t ? t.after : any.before,
      mine: o ? o.after : any.before,
      changedBy: t && o ? 'both' : t ? 'server' : 'mine',
    })
  }
  return inSectionOrder(rows)
}
