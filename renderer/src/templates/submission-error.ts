import type { SubmissionError } from '@contract/ipc/channels/templates'
import { translateIpcError } from '../shared/errors'

type Translate = Parameters<typeof translateIpcError>[0]

/** Why a submission did not go through, in words, with the platform's codes after it for support. */
export function submissionErrorText(t: Translate, error: SubmissionError): string {
  const text = translateIpcError(t, error)
  const code = error.top?.code ?? error.top?.errCode
  if (code === undefined) return text
  const sub = error.top?.subCode ? ` / ${error.top.subCode}` : ''
  return `${text} · ${t('templates.editor.topCode', { code, subCode: sub })}`
}
