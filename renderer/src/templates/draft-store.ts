import type { ApprovalInput } from '@contract/ipc/channels/shift'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DraftBody, DraftDetail, DraftSummary, OutboxEntry } from '@contract/ipc/channels/templates'
import type { IpcError } from '@contract/ipc/envelope'
import { ApiError, useApi } from '../api'
import { getIn, setIn, type DraftPath } from './draft-path'
import { draftWarnings, validateDraft } from './validation'

/** Quiet time after the last keystroke before a draft is saved. */
export const AUTOSAVE_DEBOUNCE_MS = 700
/**
 * Longest an unsaved edit waits while the typing goes on (the debounce alone would wait for as
 * long as the user keeps typing): a crash or power cut loses at most about this much.
 */
export const AUTOSAVE_MAX_WAIT_MS = 1000

export type SaveState = 'saved' | 'pending' | 'saving' | 'error'

export const asIpcError = (error: unknown): IpcError =>
  error instanceof ApiError ? error.error : { code: 'internal', key: 'ipc.internal' }

/**
 * The draft open in the editor. Edits replace the body immutably (a 10,000-id list is shared,
 * not copied) and are saved to main after a short pause, and at least once a second while the
 * typing goes on; main writes each save durably. Leaving the page (hidden, closed, reloaded)
 * saves at once. A save that fails keeps the edits here, marked, to be retried: nothing typed
 * is dropped.
 */
export const useTemplateDraftStore = defineStore('templateDraft', () => {
  const detail = shallowRef<DraftDetail | null>(null)
  const body = shallowRef<DraftBody>({})
  const saveState = ref<SaveState>('saved')
  const saveError = ref<IpcError | null>(null)
  const issues = computed(() => validateDraft(body.value))
  /** Advice that does not block submitting (see `draftWarnings`). */
  const warnings = computed(() => draftWarnings(body.value))

  let timer: ReturnType<typeof setTimeout> | undefined
  /** Started by the first unsaved edit, not restarted by later ones: the upper bound. */
  let maxTimer: ReturnType<typeof setTimeout> | undefined
  let saving: Promise<void> | undefined
  let dirty = false

  const autosave = (): void => void flush().catch(() => undefined)

  function clearTimers(): void {
    if (timer !== undefined) clearTimeout(timer)
    if (maxTimer !== undefined) clearTimeout(maxTimer)
    timer = undefined
    maxTimer = undefined
  }

  function reset(next: DraftDetail | null): void {
    detail.value = next
    body.value = next?.body ?? {}
    dirty = false
    saveState.value = 'saved'
    saveError.value = null
  }

  async function open(draftId: string): Promise<void> {
    await flush().catch(() => undefined)
    reset(await useApi().draftsGet({ draftId }))
  }

  /** Shows a draft main just made (created, imported, duplicated) without asking again. */
  function adopt(fresh: DraftDetail): void {
    reset(fresh)
  }

  function close(): Promise<void> {
    return flush()
      .catch(() => undefined)
      .then(() => reset(null))
  }

  function edit(path: DraftPath, value: unknown): void {
    body.value = setIn(body.value, path, value)
    dirty = true
    saveState.value = 'pending'
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(autosave, AUTOSAVE_DEBOUNCE_MS)
    maxTimer ??= setTimeout(autosave, AUTOSAVE_MAX_WAIT_MS)
  }

  /** The server's confirmed id goes into the body here too (main has already stored it). */
  function applySummary(summary: DraftSummary): void {
    if (!detail.value || detail.value.draftId !== summary.draftId) return
    detail.value = { ...detail.value, ...summary }
    const id = getIn(body.value, ['coupon_template', 'id'])
    if (summary.templateId !== null && (id === undefined || id === '')) {
      body.value = setIn(body.value, ['coupon_template', 'id'], summary.templateId)
    }
  }

  /** Saves pending edits now. Rejects when the save fails (the edits stay, marked unsaved). */
  async function flush(): Promise<void> {
    clearTimers()
    while (saving) await saving.catch(() => undefined)
    const current = detail.value
    if (!dirty || !current) return
    dirty = false
    saveState.value = 'saving'
    saving = useApi()
      .draftsSave({ draftId: current.draftId, body: body.value })
      .then((summary) => {
        applySummary(summary)
        saveError.value = null
        saveState.value = dirty ? 'pending' : 'saved'
      })
      .catch((error: unknown) => {
        dirty = true
        saveState.value = 'error'
        saveError.value = asIpcError(error)
        throw error
      })
      .finally(() => {
        saving = undefined
      })
    await saving
  }

  /** Saves, then queues exactly the revision on screen (with a manager's approval where the store wants one). */
  async function submit(approval?: ApprovalInput): Promise<{ draft: DraftSummary; submission: OutboxEntry }> {
    await flush()
    const current = detail.value
    if (!current) throw new Error('no draft open')
    const result = await useApi().draftsSubmit({ draftId: current.draftId, revision: current.revision, ...(approval ? { approval } : {}) })
    applySummary(result.draft)
    if (detail.value) detail.value = { ...detail.value, submission: result.submission }
    return result
  }

  /** Picks up state changes made by the outbox (queued → submitted…), keeping unsaved edits. */
  async function refreshStatus(): Promise<void> {
    const current = detail.value
    if (!current) return
    const fresh = await useApi().draftsGet({ draftId: current.draftId })
    if (detail.value?.draftId !== fresh.draftId) return
    const { body: freshBody, ...rest } = fresh
    detail.value = { ...detail.value, ...rest }
    if (!dirty && !saving) body.value = freshBody
    else applySummary(rest)
  }

  /**
   * Saves at once when the page goes away or out of sight: the window hidden or minimised
   * (`visibilitychange`), closed or reloaded (`pagehide`, `beforeunload`). The save is an IPC
   * message that main receives and commits even if this page is gone by then. Returns the
   * function that stops listening.
   */
  function saveOnPageHide(): () => void {
    if (typeof window === 'undefined') return () => undefined
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') autosave()
    }
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', autosave)
    window.addEventListener('beforeunload', autosave)
    return () => {
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', autosave)
      window.removeEventListener('beforeunload', autosave)
    }
  }

  return { detail, body, issues, warnings, saveState, saveError, open, adopt, close, edit, flush, submit, refreshStatus, saveOnPageHide }
})
