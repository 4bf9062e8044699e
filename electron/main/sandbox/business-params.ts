import type { z } from 'zod'
import { zodIssueToKey, type FieldIssue } from '../../contract/api/issues'
import { parseTopJson } from '../top/json'
import { isPlainObject } from '../top/response'
import { platformError, type PlatformError } from './protocol'

/**
 * Reads an API's object parameter the way the platform does before the business service runs:
 * the field must be there (40), must be a JSON object (41), and must match the API's field
 * types and required fields (40/41, with the field path in `sub_msg`). Cross-field rules are
 * the business service's own judgement, so a request that breaks only those is handed back as
 * `rule-violations` for the service to answer in its own words.
 */
export type RequestObject<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'rejected'; error: PlatformError }
  | { kind: 'rule-violations'; issues: FieldIssue[] }

export function readRequestObject<S extends z.ZodType>(
  params: Record<string, string>,
  name: string,
  schema: S,
): RequestObject<z.output<S>> {
  const raw = params[name]
  if (raw === undefined || raw.trim() === '') return { kind: 'rejected', error: missing(name) }

  let input: unknown
  try {
    input = parseTopJson(raw)
  } catch {
    input = undefined
  }
  if (!isPlainObject(input)) return { kind: 'rejected', error: invalid(`${name}: not a JSON object`) }

  const parsed = schema.safeParse(input)
  if (parsed.success) return { kind: 'ok', value: parsed.data }

  const fieldIssue = parsed.error.issues.find((issue) => issue.code !== 'custom')
  if (!fieldIssue) return { kind: 'rule-violations', issues: parsed.error.issues.map((i) => zodIssueToKey(i, input)) }
  const { path, key } = zodIssueToKey(fieldIssue, input)
  const where = [name, ...path].join('.')
  return { kind: 'rejected', error: key === 'contract.required' ? missing(where) : invalid(`${where} (${key})`) }
}

function missing(where: string): PlatformError {
  return platformError(40, { sub_code: 'isv.missing-parameter', sub_msg: where })
}

export function invalid(detail: string): PlatformError {
  return platformError(41, { sub_code: 'isv.invalid-parameter', sub_msg: detail })
}
