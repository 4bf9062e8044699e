import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, toRaw } from 'vue'
import type { VoucherSourceCode } from '@contract/api/enums'
import type { IpcError } from '@contract/ipc/envelope'
import {
  MAX_VOUCHERS_PER_BATCH,
  isUnresolved,
  MAX_REVERSALS_PER_REQUEST,
  type BatchProgress,
  type ReverseResult,
  type DemoVoucherInfo,
  type LookedUpVoucher,
  type RedeemContext,
  type RedeemSubmitInput,
  type StartupReport,
} from '@contract/ipc/channels/redemption'
import { ApiError, useApi } from '../api'
import type { ApprovalAnswer } from '../shift/approval-prompt'
import { readTrainingExpanded, writeTrainingExpanded } from './training-pref'
import { batchPlan, checkLines, looksLikeVoucher, splitCodes, toHalfWidth, type VoucherLine } from './voucher-lines'

/** Whether `a` is at least as far along as `b` (same batch): main's pushes never step back. */
function notBehind(a: BatchProgress, b: BatchProgress): boolean {
  if (a.status === 'running' && b.status !== 'running') return false
  return a.status !== 'running' || a.callsDone >= b.callsDone
}

/** Any failure of a call to main, as the translatable error the screen shows. */
export function toIpcError(error: unknown): IpcError {
  return error instanceof ApiError ? error.error : { code: 'internal', key: 'ipc.internal' }
}

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim())

/** The Redeem screen: the form, the scanned list, the batch under way and start-up recovery. */
/** What the cashier has typed above the code box; main takes the operator from the shift when there is one. */
interface RedeemForm {
  customerId: string
  shopId: string
  brandId: string
  source: VoucherSourceCode
  outOrderId: string
  operatorId: string
  operatorName: string
}

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

  const form = reactive<RedeemForm>({
    customerId: '',
    shopId: '',
    /** Chosen only when the profile serves several brands; '' sends the profile's default. */
    brandId: '',
    source: 'POS',
    outOrderId: '',
    operatorId: '',
    operatorName: '',
  })
  const lines = ref<VoucherLine[]>([])
  /** The customer's vouchers as the platform last listed them (redeem.lookupVouchers), by id. */
  const lookedUp = ref<LookedUpVoucher[]>([])
  const lookedUpFor = ref('')
  const lookingUp = ref(false)
  const lookupError = ref<IpcError | null>(null)
  const lookedUpById = computed(() => new Map(lookedUp.value.map((v) => [v.voucherId, v])))
  /** What is typed in the code box and not yet added (Enter adds it; so does Redeem). */
  const draft = ref('')
  let nextUid = 1

  // Replaced whole by every reply and push, never changed in place: no deep reactivity needed.
  const batch = shallowRef<BatchProgress | null>(null)
  const submitting = ref(false)
  const retrying = ref(false)
  const error = ref<IpcError | null>(null)
  /** The profile whose defaults the form holds and whose batch the results show. */
  let formProfileId: string | null = null
  /**
   * The last progress main pushed: over the browser bridge a push can overtake the reply to
   * `redeem.submit` (two connections), so the reply is checked against it.
   */
  let pushed: BatchProgress | null = null
  let stopListening: (() => void) | undefined

  /** The brands this profile serves (its default first), when there is a choice to make. */
  const brandChoices = computed(() => {
    const d = context.value?.defaults
    const all = [d?.brandId, ...(d?.brandChoices ?? [])].filter((b): b is string => !!b)
    return [...new Set(all)]
  })
  const lineIssues = computed(() => checkLines(lines.value))
  const flaggedCount = computed(() => lineIssues.value.size)
  /** Main's limit per batch: a longer list goes out one batch per press, the rest stays listed. */
  const batchLimit = computed(() => context.value?.limits.perBatch ?? MAX_VOUCHERS_PER_BATCH)
  const plan = computed(() => batchPlan(lines.value.length, batchLimit.value))
  const running = computed(() => batch.value?.status === 'running')
  /** Something to redeem but no customer: Redeem says so at the customer box instead of doing nothing. */
  const needsCustomer = computed(() => (lines.value.length > 0 || draft.value.trim() !== '') && form.customerId.trim() === '')
  /** Set when Redeem was asked for without a customer; cleared as soon as one is typed. */
  const customerMissing = ref(false)
  /** Text in the customer box that looks like a voucher: the screen offers to list it instead. */
  const voucherInCustomer = ref<string | null>(null)
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

  /** Progress and start-up results come from main as they happen: nothing here asks again. */
  function listen(): void {
    if (stopListening) return
    const api = useApi()
    const stops = [
      api.on('redeem.batchProgress', (progress) => {
        pushed = progress
        const current = batch.value
        if (current?.batchId === progress.batchId && notBehind(progress, current)) batch.value = progress
      }),
      api.on('redeem.startupReport', (report) => {
        startup.value = report
      }),
      api.on('profiles.changed', ({ profiles }) => {
        // Another profile is active: its counter defaults, its practice vouchers (or none).
        const active = profiles.find((p) => p.active)
        if (context.value && active && active.id !== context.value.profileId) void loadContext()
      }),
    ]
    stopListening = () => stops.forEach((stop) => stop())
  }

  async function load(): Promise<void> {
    listen()
    await loadContext()
    await loadStartup()
  }

  async function loadContext(): Promise<void> {
    const api = useApi()
    try {
      context.value = await api.redeemContext()
      contextError.value = null
      if (formProfileId !== context.value.profileId) startProfile(context.value)
      demoVouchers.value = context.value.profileKind === 'sandbox' ? (await api.redeemDemoVouchers()).vouchers : []
    } catch (e) {
      contextError.value = toIpcError(e)
    }
  }

  /**
   * Another profile is active (or the screen's first load): its shop and operator replace the old
   * profile's, and the old results go, so nothing of one store shows while working for another.
   */
  function startProfile(c: RedeemContext): void {
    formProfileId = c.profileId
    form.shopId = c.defaults.shopId ?? ''
    form.brandId = c.defaults.brandId ?? ''
    form.operatorId = c.defaults.operatorId ?? ''
    form.operatorName = c.defaults.operatorName ?? ''
    batch.value = null
    error.value = null
  }

  async function loadStartup(): Promise<void> {
    try {
      // While recovery still talks to the gateway this says `resolving`; main pushes the report
      // again when it is done (`redeem.startupReport`).
      const report = await useApi().redeemStartupReport()
      // A push that came in meanwhile is newer than a "still resolving" answer.
      if (!(report.resolving && startup.value && !startup.value.resolving)) startup.value = report
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
      ...(brandChoices.value.length > 1 ? { brandId: optional(form.brandId) } : {}),
      outOrderId: optional(form.outOrderId),
      operatorId: optional(form.operatorId),
      operatorName: optional(form.operatorName),
      vouchers: sending.map((l) => ({ voucherId: toHalfWidth(l.code).trim(), points: optional(toHalfWidth(l.points)) })),
    }
  }

  /** The codes this screen knows as vouchers, to tell a voucher from a customer id. */
  function knownVouchers(): string[] {
    return [
      ...lines.value.map((l) => toHalfWidth(l.code).trim()),
      ...(batch.value?.vouchers.map((v) => v.voucherId) ?? []),
      ...demoVouchers.value.map((v) => v.voucherId),
    ]
  }
  /** Checks the customer box; true when what it holds looks like a voucher (and is offered as one). */
  function checkCustomerIsNotVoucher(): boolean {
    const text = form.customerId.trim()
    voucherInCustomer.value = looksLikeVoucher(text, knownVouchers()) ? text : null
    return voucherInCustomer.value !== null
  }
  /** The cashier's answer to the offer: it was a voucher after all. */
  function moveCustomerToVouchers(): void {
    const code = voucherInCustomer.value
    if (code === null) return
    addCodes([code])
    form.customerId = ''
    voucherInCustomer.value = null
  }
  function keepCustomer(): void {
    voucherInCustomer.value = null
  }

  /**
   * "Next customer": a clean screen for the next person in line (customer, list, code box and
   * the last results; the results stay in History). Not while a batch is being sent.
   */
  function nextCustomer(): boolean {
    if (submitting.value || running.value) return false
    form.customerId = ''
    lines.value = []
    draft.value = ''
    batch.value = null
    error.value = null
    customerMissing.value = false
    voucherInCustomer.value = null
    return true
  }

  async function submit(): Promise<void> {
    if (needsCustomer.value) {
      customerMissing.value = true
      return
    }
    if (!canSubmit.value) return
    // A code typed but not yet added is part of what the cashier means to redeem.
    commitDraft()
    if (!canSubmit.value) return // the typed code is flagged: the cashier sees why
    submitting.value = true
    error.value = null
    try {
      const sending = lines.value.slice(0, batchLimit.value)
      const started = await useApi().redeemSubmit(submission(sending))
      batch.value = pushed?.batchId === started.batchId && notBehind(pushed, started) ? pushed : started
      reversedNow.value = {}
      // Sent (or being sent): those lines are the batch's now; a longer list keeps the rest for the
      // next press. On error the list stays as it was, nothing is lost.
      const sent = new Set(sending.map((l) => l.uid))
      lines.value = lines.value.filter((l) => !sent.has(l.uid))
      // Training: the practice list has done its job; fold it unless the cashier chose otherwise.
      if (context.value?.profileKind === 'sandbox' && readTrainingExpanded() === null) setTrainingExpanded(false)
    } catch (e) {
      error.value = toIpcError(e)
    } finally {
      submitting.value = false
    }
  }

  /**
   * The last batch as main knows it now: a result settled elsewhere (retried or checked from
   * History) shows here too when the cashier comes back to Redeem.
   */
  async function refreshBatch(): Promise<void> {
    const current = batch.value
    if (!current || current.status === 'running') return
    try {
      const fresh = await useApi().redeemProgress({ batchId: current.batchId })
      // Only if it is still the batch on screen (the cashier may have moved on meanwhile).
      if (batch.value?.batchId === fresh.batchId) batch.value = fresh
    } catch {
      // The screen keeps what it showed; History has the journal's own view.
    }
  }

  /** Resends the open calls with their own request ids; returns how many were retried. */
  async function retryUnresolved(): Promise<number> {
    const entryIds = unresolvedEntryIds.value
    const current = batch.value
    if (entryIds.length === 0 || !current) return 0
    retrying.value = true
    error.value = null
    try {
      const result = await useApi().redeemRetryUnresolved({ entryIds })
      batch.value = await useApi().redeemProgress({ batchId: current.batchId })
      return result.retried.length
    } catch (e) {
      error.value = toIpcError(e)
      return 0
    } finally {
      retrying.value = false
    }
  }

  /** Reversals of the batch on screen, by redemption row: what the cashier just undid. */
  const reversedNow = ref<Record<number, ReverseResult>>({})

  /**
   * Reverses the vouchers of the batch on screen that were redeemed (a customer changes their
   * mind at the till), with the reason and approval the shift asks for. Each is its own call.
   */
  async function reverseRedeemed(extras: ApprovalAnswer): Promise<ReverseResult[]> {
    const current = batch.value
    if (!current) return []
    const rowIds = current.vouchers.filter((v) => v.outcome.state === 'redeemed' && !reversedNow.value[v.rowId]).map((v) => v.rowId)
    if (rowIds.length === 0) return []
    error.value = null
    try {
      const { results } = await useApi().redeemReverse({ rowIds: rowIds.slice(0, MAX_REVERSALS_PER_REQUEST), ...extras })
      reversedNow.value = { ...reversedNow.value, ...Object.fromEntries(results.map((r) => [r.rowId, r])) }
      return results
    } catch (e) {
      error.value = toIpcError(e)
      return []
    }
  }

  /** Training: fill in a practice voucher and its customer. */
  /** Reads the customer's vouchers from the platform, for the cashier to pick from. */
  async function lookupVouchers(): Promise<void> {
    const customerId = form.customerId.trim()
    if (customerId === '' || lookingUp.value) return
    lookingUp.value = true
    lookupError.value = null
    try {
      lookedUp.value = (await useApi().redeemLookupVouchers({ customerId })).vouchers
      lookedUpFor.value = customerId
    } catch (e) {
      lookupError.value = toIpcError(e)
    } finally {
      lookingUp.value = false
    }
  }

  /** The picked vouchers go into the list to redeem. */
  function addLookedUp(voucherIds: readonly string[]): void {
    addCodes([...voucherIds])
  }

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
      await useApi().redeemRetryUnresolved({ entryIds })
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

  /** Stops listening to main (the store lives as long as the app; tests call this). */
  function stop(): void {
    stopListening?.()
    stopListening = undefined
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
    needsCustomer,
    customerMissing,
    voucherInCustomer,
    checkCustomerIsNotVoucher,
    moveCustomerToVouchers,
    keepCustomer,
    nextCustomer,
    batchLimit,
    plan,
    batch,
    running,
    submitting,
    brandChoices,
    lookedUp,
    lookedUpFor,
    lookedUpById,
    lookingUp,
    lookupError,
    lookupVouchers,
    addLookedUp,
    retrying,
    error,
    canSubmit,
    unresolvedEntryIds,
    reversedNow,
    reverseRedeemed,
    load,
    addCodes,
    addText,
    commitDraft,
    removeLine,
    removeFlagged,
    clearLines,
    submit,
    retryUnresolved,
    refreshBatch,
    useDemo,
    setTrainingExpanded,
    putBack,
    retryStartup,
    dismissStartup,
    stop,
  }
})
