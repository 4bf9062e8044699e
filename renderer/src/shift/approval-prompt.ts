import { reactive } from 'vue'
import type { ApprovalAction, ApprovalInput, ReversalReason } from '@contract/ipc/channels/shift'

/**
 * Asks, before an act that the shift guards, for what main will check: a reason (reversals) and
 * a manager's PIN (where the store requires approval). One question at a time; the dialog
 * (`ApprovalDialog.vue`) answers it. The PIN goes to main with the act and is forgotten here.
 */
export interface ApprovalQuestion {
  action: ApprovalAction
  count: number
  needsReason: boolean
  needsApproval: boolean
}

export interface ApprovalAnswer {
  reason?: ReversalReason
  approval?: ApprovalInput
}

interface Pending extends ApprovalQuestion {
  resolve: (answer: ApprovalAnswer | null) => void
}

export const approvalPrompt = reactive<{ pending: Pending | null }>({ pending: null })

/** Resolves with the answer, or null when the cashier cancels. */
export function askApproval(question: ApprovalQuestion): Promise<ApprovalAnswer | null> {
  approvalPrompt.pending?.resolve(null)
  return new Promise((resolve) => {
    approvalPrompt.pending = {
      ...question,
      resolve: (answer) => {
        approvalPrompt.pending = null
        resolve(answer)
      },
    }
  })
}

/** What a reversal of `count` rows needs, given the store's settings and whether a shift runs. */
export function reversalQuestion(count: number, shift: { enabled: boolean; approval: Record<ApprovalAction, boolean> }): ApprovalQuestion {
  const action: ApprovalAction = count > 1 ? 'bulkReverse' : 'reverse'
  return {
    action,
    count,
    needsReason: shift.enabled,
    needsApproval: shift.approval.reverse || (action === 'bulkReverse' && shift.approval.bulkReverse),
  }
}

/**
 * What a reversal of `count` rows carries to main: nothing outside a shift (unless the store
 * still requires approval), else the reason and PIN asked for. Null when the cashier cancels.
 */
export async function reversalExtras(
  count: number,
  shift: { enabled: boolean; approval: Record<ApprovalAction, boolean> },
): Promise<ApprovalAnswer | null> {
  const question = reversalQuestion(count, shift)
  if (!question.needsReason && !question.needsApproval) return {}
  return askApproval(question)
}

/**
 * What a template submission needs: a manager's PIN when it goes to a production profile and the
 * store requires approval for that (training submissions never do). Null when nothing is asked.
 */
export function templateQuestion(production: boolean, approval: Record<ApprovalAction, boolean>): ApprovalQuestion | null {
  if (!production || !approval.productionTemplate) return null
  return { action: 'productionTemplate', count: 1, needsReason: false, needsApproval: true }
}
