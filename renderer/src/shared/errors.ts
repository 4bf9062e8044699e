import type { Composer } from 'vue-i18n'
import type { FieldIssue, IpcError } from '@contract/ipc/envelope'
import { ApiError } from '../api'

type Translate = Composer['t']

/** The sentence a cashier reads for a failed call; unknown failures never show raw internals. */
export function describeError(t: Translate, error: unknown): string {
  if (error instanceof ApiError) return translateIpcError(t, error.error)
  return t('ipc.internal')
}

export function translateIpcError(t: Translate, error: Pick<IpcError, 'key' | 'params'>): string {
  return t(error.key, error.params ?? {})
}

/** Field-level messages keyed by dotted path (`appSecret`, `defaults.shopId`), for inline display. */
export function fieldErrors(t: Translate, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.error.issues) return {}
  return issuesByPath(t, error.error.issues)
}

export function issuesByPath(t: Translate, issues: readonly FieldIssue[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const issue of issues) {
    const path = issue.path.join('.')
    result[path] ??= t(issue.key, issue.params ?? {})
  }
  return result
}
