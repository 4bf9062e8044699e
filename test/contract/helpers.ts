import { expect } from 'vitest'
import { z } from 'zod'
import { toFieldIssues, type FieldIssue } from '@contract/api/issues'
import zh from '@contract/locales/zh-CN/contract'

/** Issues of a parse as keys; [] when it succeeds. */
export function issuesOf(schema: z.ZodType, value: unknown): FieldIssue[] {
  const result = schema.safeParse(value)
  return result.success ? [] : toFieldIssues(result.error)
}

/** Every dotted key of a nested message object. */
export function flattenMessages(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flattenMessages(v as object, key)) out.set(kk, vv)
  }
  return out
}

export const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

const ZH = flattenMessages(zh)

/** The issue's key has a text, and the issue carries every parameter that text needs. */
export function expectTranslatable(issue: FieldIssue): void {
  const text = ZH.get(issue.key)
  expect(text, `no zh-CN text for ${issue.key}`).toBeTypeOf('string')
  for (const name of placeholders(text!)) {
    expect(issue.params, `${issue.key} needs param ${name}`).toHaveProperty(name)
  }
}

/** Asserts one issue with exactly this path and key, and that it can be shown. */
export function expectIssue(issues: FieldIssue[], path: (string | number)[], key: string): FieldIssue {
  const found = issues.find((i) => i.key === key && JSON.stringify(i.path) === JSON.stringify(path))
  expect(found, `expected ${key} at ${JSON.stringify(path)}; got ${JSON.stringify(issues)}`).toBeDefined()
  expectTranslatable(found!)
  return found!
}

/** Deletes the value at `path` (a clone is expected). */
export function deleteAt(root: unknown, path: readonly (string | number)[]): void {
  let node = root as Record<string | number, unknown>
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>
  delete node[path[path.length - 1]!]
}

/** Optional, default and preprocess wrappers (a pipe that starts with a transform) do not change the field. */
const unwrap = (schema: z.ZodType): z.ZodType => {
  let s = schema
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType
    else if (s instanceof z.ZodPipe && s.in instanceof z.ZodTransform) s = s.out as z.ZodType
    else return s
  }
}

/**
 * Paths of required fields, found by walking the object schema: a field is required when
 * `undefined` does not parse. With `intoOptional`, also lists required fields inside optional
 * groups (which only count when the group is present).
 */
export function requiredPaths(schema: z.ZodType, intoOptional = false, prefix: (string | number)[] = []): (string | number)[][] {
  const s = unwrap(schema)
  if (s instanceof z.ZodArray) return requiredPaths(s.element as z.ZodType, intoOptional, [...prefix, 0])
  if (!(s instanceof z.ZodObject)) return []
  const out: (string | number)[][] = []
  for (const [key, field] of Object.entries(s.shape)) {
    const path = [...prefix, key]
    const optional = field.safeParse(undefined).success
    if (!optional) out.push(path)
    if (!optional || intoOptional) out.push(...requiredPaths(field, intoOptional, path))
  }
  return out
}

/** Field names (at any depth) whose schema is `target`, unwrapping optional and arrays. */
export function fieldsUsing(schema: z.ZodType, target: z.ZodType, found = new Set<string>()): Set<string> {
  const s = unwrap(schema)
  if (s instanceof z.ZodArray) return fieldsUsing(s.element as z.ZodType, target, found)
  if (!(s instanceof z.ZodObject)) return found
  for (const [key, field] of Object.entries(s.shape)) {
    if (unwrap(field) === target) found.add(key)
    fieldsUsing(field, target, found)
  }
  return found
}

export const clone = <T>(value: T): T => structuredClone(value)
