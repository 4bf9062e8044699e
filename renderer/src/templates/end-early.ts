import { h } from 'vue'
import { ElMessageBox } from 'element-plus'
import type { DraftSummary } from '@contract/ipc/channels/templates'
import { askApproval } from '../shift/approval-prompt'
import { asIpcError } from './draft-store'
import { useTemplatesStore } from './templates-store'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** A draft whose template is on the platform and still running: the only kind that can be ended. */
export const canEndEarly = (draft: Pick<DraftSummary, 'templateId' | 'terminated' | 'deletedAt'>): boolean =>
  draft.templateId !== null && draft.terminated === null && draft.deletedAt === null

/**
 * "提前结束 / End early": says what ending does and that it cannot be undone, and only then asks
 * main to end the template. Where the store requires a manager's approval for production
 * templates, main says so and the PIN is asked for (the approval dialog must be on the screen).
 * Resolves with the ended draft, or null when the user stepped back; rejects with main's error.
 */
export async function endEarly(
  t: Translate,
  draft: Pick<DraftSummary, 'draftId' | 'title' | 'templateId'>,
  /** Called once the user has confirmed, before main is asked (a button may show it is busy). */
  onConfirmed?: () => void,
): Promise<DraftSummary | null> {
  const message = h('div', { 'data-test': 'terminate-confirm' }, [
    h('p', t('templates.terminate.body', { title: draft.title || t('templates.untitled'), templateId: draft.templateId ?? '' })),
    h('p', { class: 'terminate-confirm__irreversible' }, h('strong', t('templates.terminate.irreversible'))),
  ])
  try {
    await ElMessageBox.confirm(message, t('templates.terminate.title'), {
      type: 'warning',
      confirmButtonText: t('templates.terminate.confirm'),
      cancelButtonText: t('templates.terminate.cancel'),
      confirmButtonClass: 'el-button--danger',
      // Enter must not end a template by accident: the cautious answer has the focus.
      autofocus: false,
      distinguishCancelAndClose: true,
    })
  } catch {
    return null
  }
  onConfirmed?.()
  const templates = useTemplatesStore()
  try {
    return await templates.terminate(draft.draftId)
  } catch (error) {
    if (asIpcError(error).key !== 'shift.error.approvalRequired') throw error
  }
  const answer = await askApproval({ action: 'productionTemplate', count: 1, needsReason: false, needsApproval: true })
  if (!answer?.approval) return null
  return templates.terminate(draft.draftId, answer.approval)
}
