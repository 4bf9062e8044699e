/**
 * Id lists pasted by the thousand (shop ids out of a spreadsheet, category ids out of an
 * email). Pure and linear, so a paste of 10,000 ids costs a few milliseconds; the benchmark
 * times `mergeIds`.
 */

/** How many ids the list input shows as tags; the rest are counted, not rendered. */
export const VISIBLE_TAGS = 12

/** Newlines, tabs, spaces, commas and semicolons (ASCII and full-width), and the enumeration comma. */
const SEPARATORS = /[\s,;，；、]+/

/** The ids in pasted text, in order, blanks dropped. */
export function splitIds(text: string): string[] {
  return text.split(SEPARATORS).filter((id) => id !== '')
}

export interface MergeResult {
  ids: string[]
  /** How many new ids were added. */
  added: number
  /** How many pasted ids were already there (or repeated within the paste). */
  duplicates: number
}

/** `existing` followed by the new ids of `text`, each id once, existing order kept. */
export function mergeIds(existing: readonly string[], text: string): MergeResult {
  const seen = new Set(existing)
  const ids = [...existing]
  let duplicates = 0
  for (const id of splitIds(text)) {
    if (seen.has(id)) {
      duplicates++
      continue
    }
    seen.add(id)
    ids.push(id)
  }
  return { ids, added: ids.length - existing.length, duplicates }
}

/** The ids that are in `after` but not `before`, and the other way round (for the diff). */
export function idListChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const was = new Set(before)
  const is = new Set(after)
  return { added: after.filter((id) => !was.has(id)), removed: before.filter((id) => !is.has(id)) }
}
