import { defineStore } from 'pinia'
import { computed, reactive, ref, toRaw } from 'vue'
import type { VoucherSourceCode } from '@contract/api/enums'
import type { IpcError } from '@contract/ipc/envelope'
import {
  MAX_VOUCHERS_PER_BATCH,
  isUnresolved,
  type BatchProgress,
  type DemoVoucherInfo,
  type RedeemContext,
  type RedeemSubmitInput,
  type StartupReport,
} from '@contract/ipc/channels/redemption'
import { ApiError, useApi } from '../api'
import { readTrainingExpanded, writeTrainingExpanded } from '../components/redeem/training-pref'
import { batchPlan, checkLines, splitCodes, toHalfWidth, type VoucherLine } from '../components/redeem/voucher-lines'

/** How often a running batch is asked for progress. */
export const PROGRESS_POLL_MS = 300

/** Any failure of a call to main, as the translatable error the screen shows. */
export function toIpcError(error: unknown): IpcError {
  return error instanceof ApiError ? error.error : { code: 'internal', key: 'ipc.internal' }
}

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim())

/** The Redeem screen: the form, the scanned list, the batch under way and start-up recovery. */
export const useRedeemStore = defineStore('redeem', () => {
  const context = ref<RedeemContext | null>(null)
  const contextError = ref<IpcError | null>(null)
  const demoVouchers = ref<DemoVoucherInfo[]>([])
  const startup = ref<StartupReport | null>(null)
  const startupDismissed = ref(false)
  const startupRetrying = ref(false)
  const startupError = ref<IpcError | null>(null)
  /** Interrupted batches whose vouchers went back into the list (once is enough). */
  const putBackBatchIds = ref<string[]>([])
  const trainingExpanded = ref(readTrainingExpanded() ?? true)

  const form = reactive({
    customerId: '',
    shopId: '',
    source: 'POS' as VoucherSourceCode,
    outOrderId: '',
    operatorId: '',
    operatorName: '',
  })
  const lines = ref<VoucherLine[]>([])
  /** What is typed in the code box and not yet added (Enter adds it; so does Redeem). */
  const draft = ref('')
  let nextUid = 1

  const batch = ref<BatchProgress | null>(null)
  const submitting = ref(false)
  const retrying = ref(false)
  const error = ref<IpcError | null>(null)
  let pollTimer: ReturnType<typeof setTimeout> | undefined

  const lineIssues = computed(() => checkLines(lines.value))
  const flaggedCount = computed(() => lineIssues.value.size)
  /** Main's limit per batch: a longer list goes out one batch per press, the rest stays listed. */
  const batchLimit = computed(() => context.value?.limits.perBatch ?? MAX_VOUCHERS_PER_BATCH)
  const plan = computed(() => batchPlan(lines.value.length, batchLimit.value))
  const running = computed(() => batch.value?.status === 'running')
  const canSubmit = computed(
    () =>
      !submitting.value &&
      !running.value &&
      (lines.value.length > 0 || draft.value.trim() !== '') &&
      flaggedCount.value === 0 &&
      form.customerId.trim() !== '',
  )
  /** Calls of the current batch whose outcome is still open, plus the older ones that blocked vouchers. */
  const unresolvedEntryIds = computed(() => {
    const b = batch.value
    if (!b || b.status === 'running') return []
    const ids = new Set<number>()
    for (const v of b.vouchers) if (isUnresolved(v.outcome.state)) ids.add(v.entryId)
    for (const blocked of b.blocked) ids.add(blocked.entryId)
    return [...ids]
  })
  /** Start-up calls that recovery could not settle (no connection, network down): Retry is offered. */
  const startupUnresolvedEntryIds = computed(() => {
    const report = startup.value
    if (!report || report.resolving) return []
    return report.entries.filter((e) => e.vouchers.some((v) => isUnresolved(v.outcome.state))).map((e) => e.entryId)
  })

  async function load(): Promise<void> {
    const api = useApi()
    try {
      context.value = await api.redeemContext()
      contextError.value = null
      const d = context.value.defaults
      form.shopId ||= d.shopId ?? ''
      form.operatorId ||= d.operatorId ?? ''
      form.operatorName ||= d.operatorName ?? ''
      demoVouchers.value = context.value.profileKind === 'sandbox' ? (await api.redeemDemoVouchers()).vouchers : []
    } catch (e) {
      contextError.value = toIpcError(e)
    }
    await loadStartup()
  }

  async function loadStartup(): Promise<void> {
    try {
      startup.value = await useApi().redeemPendingAtStartup()
      // Start-up recovery may still be talking to the gateway: look again shortly.
      if (startup.value.resolving) setTimeout(() => void loadStartup(), PROGRESS_POLL_MS * 3)
    } catch {
      // Nothing to show is the safe default: the History screen lists every unresolved call too.
      startup.value = null
    }
  }

  function appendLines(entries: readonly Omit<VoucherLine, 'uid'>[]): void {
    if (entries.length === 0) return
    // One assignment, one reactive trigger for a whole paste (a push per code re-ran the list's
    // effects a thousand times for a thousand codes).
    lines.value = toRaw(lines.value).concat(entries.map((entry) => ({ uid: nextUid++, ...entry })))
  }
  function addCodes(codes: readonly string[]): void {
    appendLines(codes.map((code) => ({ code, points: '' })))
  }
  /** The code box's text into the list; returns how many codes it held. */
  function commitDraft(): number {
    const count = addText(draft.value)
    draft.value = ''
    return count
  }
  /** Typed or pasted text; returns how many codes it held. */
  function addText(text: string): number {
    const codes = splitCodes(text)
    addCodes(codes)
    return codes.length
  }
  function removeLine(uid: number): void {
    lines.value = lines.value.filter((l) => l.uid !== uid)
  }
  function removeFlagged(): void {
    const flagged = lineIssues.value
    lines.value = lines.value.filter((l) => !flagged.has(l.uid))
  }
  function clearLines(): void {
    lines.value = []
  }

  function submission(sending: readonly VoucherLine[]): RedeemSubmitInput {
    return {
      customerId: form.customerId.trim(),
      source: form.source,
      shopId: optional(form.shopId),
      outOrderId: optional(form.outOrderId),
      operatorId: optional(form.operatorId),
      operatorName: optional(form.operatorName),
      vouchers: sending.map((l) => ({ voucherId: toHalfWidth(l.code).trim(), points: optional(toHalfWidth(l.points)) })),
    }
  }

  async function submit(): Promise<void> {
    if (!canSubmit.value) return
    // A code typed but not yet added is part of what the cashier means to redeem.
    commitDraft()
    if (!canSubmit.value) return // the typed code is flagged: the cashier sees why
    submitting.value = true
    error.value = null
    try {
      const sending = lines.value.slice(0, batchLimit.value)
      batch.value = await useApi().redeemSubmit(submission(sending))
      // Sent (or being sent): those lines are the batch's now; a longer list keeps the rest for the
      // next press. On error the list stays as it was, nothing is lost.
      const sent = new Set(sending.map((l) => l.uid))
      lines.value = lines.value.filter((l) => !sent.has(l.uid))
      // Training: the practice list has done its job; fold it unless the cashier chose otherwise.
      if (context.value?.profileKind === 'sandbox' && readTrainingExpanded() === null) setTrainingExpanded(false)
      schedulePoll()
    } catch (e) {
      error.value = toIpcError(e)
    } finally {
      submitting.value = false
    }
  }

  function schedulePoll(): void {
    clearTimeout(pollTimer)
    if (batch.value?.status !== 'running') return
    pollTimer = setTimeout(() => void poll(), PROGRESS_POLL_MS)
  }

  async function poll(): Promise<void> {
    const current = batch.value
    if (!current) return
    try {
      batch.value = await useApi().redeemProgress({ batchId: current.batchId })
    } catch (e) {
      error.value = toIpcError(e)
    }
    schedulePoll()
  }

  /** Resends the open calls with their own request ids; returns how many were retried. */
  async function retryUnresolved(): Promise<number> {
    const entryIds = unresolvedEntryIds.value
    const current = batch.value
    if (entryIds.length === 0 || !current) return 0
    retrying.value = true
    error.value = null
    try {
      const result = await useApi().redeemRetryUnknown({ entryIds })
      batch.value = await useApi().redeemProgress({ batchId: current.batchId })
      return result.retried.length
    } catch (e) {
      error.value = toIpcError(e)
      return 0
    } finally {
      retrying.value = false
    }
  }

  /** Training: fill in a practice voucher and its customer. */
  function useDemo(voucher: DemoVoucherInfo): void {
    if (form.customerId.trim() !== voucher.customerId) form.customerId = voucher.customerId
    addCodes([voucher.voucherId])
  }

  function setTrainingExpanded(expanded: boolean): void {
    trainingExpanded.value = expanded
    writeTrainingExpanded(expanded)
  }

  /** Start-up: put the vouchers an interrupted batch never sent back into the list, points and all. */
  function putBack(batchId: string, customerId: string, vouchers: readonly { voucherId: string; points: string | null }[]): void {
    if (putBackBatchIds.value.includes(batchId)) return
    putBackBatchIds.value.push(batchId)
    form.customerId = customerId
    appendLines(vouchers.map((v) => ({ code: v.voucherId, points: v.points ?? '' })))
  }

  /** Start-up: resend what recovery could not settle, with the same request ids, then look again. */
  async function retryStartup(): Promise<void> {
    const entryIds = startupUnresolvedEntryIds.value
    if (entryIds.length === 0) return
    startupRetrying.value = true
    startupError.value = null
    try {
      await useApi().redeemRetryUnknown({ entryIds })
    } catch (e) {
      startupError.value = toIpcError(e)
    } finally {
      await loadStartup()
      startupRetrying.value = false
    }
  }

  function dismissStartup(): void {
    startupDismissed.value = true
  }

  function stop(): void {
    clearTimeout(pollTimer)
  }

  return {
    context,
    contextError,
    demoVouchers,
    startup,
    startupDismissed,
    startupRetrying,
    startupError,
    startupUnresolvedEntryIds,
    putBackBatchIds,
    trainingExpanded,
    form,
    lines,
    draft,
    lineIssues,
    flaggedCount,
    batchLimit,
    plan,
    batch,
    running,
    submitting,
    retrying,
    error,
    canSubmit,
    unresolvedEntryIds,
    load,
    addCodes,
    addText,
    commitDraft,
    removeLine,
    removeFlagged,
    clearLines,
    submit,
    retryUnresolved,
    useDemo,
    setTrainingExpanded,
    putBack,
    retryStartup,
    dismissStartup,
    stop,
  }
})
