import type { SubmissionError } from '@contract/ipc/channels/templates'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** Why a submission did not go through, in words, with the platform's codes after it for support. */
export function submissionErrorText(t: Translate, error: SubmissionError): string {
  const text = t(error.key, error.params)
  const code = error.top?.code ?? error.top?.errCode
  if (code === undefined) return text
  const sub = error.top?.subCode ? ` / ${error.top.subCode}` : ''
  return `${text} · ${t('templates.editor.topCode', { code, subCode: sub })}`
}
