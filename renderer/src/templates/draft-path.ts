/**
 * Reading and writing one field of a draft by its path, e.g.
 * `['coupon_template', 'investment_config', 'investment_info_list', 0, 'investor_ratio']`.
 * Writes copy only the objects along the path, so the rest of the draft (10,000 shop ids
 * included) is shared between versions and change detection stays cheap.
 */
export type DraftPath = readonly (string | number)[]

/** The key a field is known by in the DOM, in issues and in the diff. */
export const pathKey = (path: DraftPath): string => path.join('.')

/** The DOM id of a field's row (for scrolling to it and focusing it). */
export const fieldDomId = (path: DraftPath): string => `field-${pathKey(path)}`

export function getIn(root: unknown, path: DraftPath): unknown {
  let node = root
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[segment]
  }
  return node
}

/** "Not set": absent, or text that is empty. A cleared field is removed, not kept as "". */
export const isUnset = (value: unknown): boolean => value === undefined || value === ''

/**
 * A copy of `root` with the value at `path` replaced (removed when `value` is unset). Missing
 * objects along the path are created; arrays stay arrays.
 */
export function setIn<T>(root: T, path: DraftPath, value: unknown): T {
  if (path.length === 0) return value as T
  const [head, ...rest] = path as [string | number, ...(string | number)[]]
  const node: unknown = root
  if (Array.isArray(node)) {
    const copy: unknown[] = [...(node as unknown[])]
    copy[head as number] = setIn(copy[head as number], rest, value)
    return copy as T
  }
  const base = node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : {}
  const copy: Record<string, unknown> = { ...base }
  if (rest.length === 0 && isUnset(value)) delete copy[head]
  else copy[head] = setIn(base[head], rest, value)
  return copy as T
}
