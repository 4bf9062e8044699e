import { z } from 'zod'
import type { MessageKey } from '../locales'

/**
 * Zod issues → translatable keys. Every message the contract emits is a vue-i18n key (see
 * `../locales/<locale>/contract.ts`), never English text, so the IPC layer and the editor can both show it in the
 * user's language. Our own schemas put the key straight into the issue's message; issues from
 * plain zod schemas (ours or anyone's) are mapped here by issue code.
 */

export const IssuePathSchema = z.array(z.union([z.string(), z.number()]))
export type IssuePath = z.infer<typeof IssuePathSchema>

/** Values for a message's `{placeholders}`. */
export const IssueParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]))
export type IssueParams = z.infer<typeof IssueParamsSchema>

/**
 * One field-level problem: where (`path`), what (`key`, a vue-i18n key) and the key's
 * placeholders. The one definition: the contract's own helpers produce it, the IPC envelope
 * carries it (`IpcError.issues`), the renderer shows it. Everything here fills `params` (`{}` when
 * the text has none); the wire allows leaving it out.
 */
export const FieldIssueSchema = z.object({
  path: IssuePathSchema,
  key: z.string(),
  params: IssueParamsSchema.optional(),
})
export type FieldIssue = z.infer<typeof FieldIssueSchema>

/**
 * What cross-field rules accept: a parsed value, or any partial draft of one (the editor runs the
 * rules on half-filled forms). Derived from a schema's input type, never written by hand.
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T

/** Where a cross-field rule reports. `z.RefinementCtx` fits, and so does a collector outside zod. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: IssuePath; message: string; params?: IssueParams }): void
}

export const KEY_PREFIX = 'contract.'

/**
 * Zod 4 strips `input` from finished issues, so "missing" and "wrong type" look alike afterwards.
 * Schemas built with this error map decide while the input is still known.
 */
export const requiredError = (issue: { readonly input?: unknown }): string | undefined =>
  issue.input === undefined ? 'contract.required' : undefined

/** Params object for zod schema factories: `z.string(REQUIRED)`. */
export const REQUIRED = { error: requiredError } as const

/**
 * A translatable key (`contract.required`, `redemption.voucher.malformed`), as opposed to one of
 * zod's own English sentences. Every feature's schemas may carry their own keys.
 */
const isKey = (message: string | undefined): message is string => typeof message === 'string' && /^[a-z][\w-]*(\.[\w-]+)+$/.test(message)

function cleanParams(raw: unknown): IssueParams {
  const params: IssueParams = {}
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === 'string' || typeof v === 'number') params[k] = v
      else if (typeof v === 'bigint') params[k] = v.toString()
    }
  }
  return params
}

const bound = (v: number | bigint): string | number => (typeof v === 'bigint' ? v.toString() : v)

const listParam = (values: readonly unknown[]): string => values.map((v) => String(v)).join(', ')

type Keyed = Required<Pick<FieldIssue, 'key' | 'params'>>

function sizeKey(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, limit: number | bigint, small: boolean): Keyed {
  const params: IssueParams = { limit: bound(limit) }
  switch (issue.origin) {
    case 'string':
      // "At least 1 character" is how a schema says "required"; say it the way a person does.
      if (small && bound(limit) === 1) return { key: 'contract.blank', params: {} }
      return { key: small ? 'contract.tooShort' : 'contract.tooLong', params }
    case 'array':
    case 'set':
    case 'file':
      return { key: small ? 'contract.tooFewItems' : 'contract.tooManyItems', params }
    default:
      // Numbers: an exclusive bound (gt/lt) reads differently from an inclusive one (gte/lte).
      if (issue.inclusive === false) return { key: small ? 'contract.mustBeGreater' : 'contract.mustBeLess', params }
      return { key: small ? 'contract.tooSmall' : 'contract.tooBig', params }
  }
}

function keyByCode(issue: z.core.$ZodIssue): Keyed {
  switch (issue.code) {
    case 'invalid_type':
      // Fallback for schemas without `REQUIRED`: zod's default text names the received type.
      if (/received undefined\b/.test(issue.message)) return { key: 'contract.required', params: {} }
      if (issue.expected === 'int') return { key: 'contract.notInteger', params: {} }
      return { key: 'contract.invalidType', params: { expected: issue.expected } }
    case 'too_small':
      return sizeKey(issue, issue.minimum, true)
    case 'too_big':
      return sizeKey(issue, issue.maximum, false)
    case 'invalid_format':
      // zod's format names (url, regex) are not words: a web address, or plainly "wrong format".
      if (issue.format === 'url') return { key: 'contract.url', params: {} }
      if (issue.format === 'regex') return { key: 'contract.invalid', params: {} }
      return { key: 'contract.invalidFormat', params: { format: issue.format } }
    case 'not_multiple_of':
      return { key: 'contract.notMultipleOf', params: { divisor: bound(issue.divisor) } }
    case 'invalid_value':
      return { key: 'contract.invalidValue', params: { values: listParam(issue.values) } }
    case 'unrecognized_keys':
      return { key: 'contract.unknownKeys', params: { keys: issue.keys.join(', ') } }
    default:
      return { key: 'contract.invalid', params: {} }
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[segment]
  }
  return node
}

/**
 * One zod issue as `{ path, key, params }`. Pass the parsed `input` when you have it: it lets a
 * missing field read as "required" even for schemas built without `REQUIRED`.
 */
export function zodIssueToKey(issue: z.core.$ZodIssue, input?: unknown): FieldIssue {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
  if (isKey(issue.message)) {
    const params = issue.code === 'custom' ? cleanParams(issue.params) : {}
    return { path, key: issue.message, params }
  }
  if (issue.code === 'invalid_type' && input !== undefined && valueAt(input, issue.path) === undefined) {
    return { path, key: 'contract.required', params: {} }
  }
  return { path, ...keyByCode(issue) }
}

/** Every issue of a failed parse, translated to keys. Used by the IPC router and the editor. */
export function toFieldIssues(error: z.ZodError | z.core.$ZodError, input?: unknown): FieldIssue[] {
  return error.issues.map((issue) => zodIssueToKey(issue, input))
}

/**
 * Runs a cross-field rule function outside zod (e.g. on an editor draft) and collects its issues.
 * The same rule functions are what the refined request schemas call in `.superRefine`.
 */
export function collectIssues<T>(rules: (value: T, ctx: IssueSink) => void, value: T): FieldIssue[] {
  const out: FieldIssue[] = []
  rules(value, {
    addIssue: (issue) => out.push({ path: [...issue.path], key: issue.message, params: { ...(issue.params ?? {}) } }),
  })
  return out
}

/** Adds one keyed issue: the only way cross-field rules report, so every message is a key of the catalogue. */
export function report(ctx: IssueSink, path: IssuePath, key: MessageKey, params?: IssueParams): void {
  ctx.addIssue({ code: 'custom', path, message: key, ...(params ? { params } : {}) })
}
