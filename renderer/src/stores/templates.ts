import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type {
  CONFLICT_RESOLUTIONS,
  DraftDetail,
  DraftState,
  DraftSummary,
  NetworkStatus,
  OutboxEntry,
} from '@contract/ipc/channels/templates'
import { useApi } from '../api'

/** While something is queued, how often the list asks main how it is going (local IPC, no network). */
export const OUTBOX_POLL_MS = 2_000
/** Finished submissions shown under the outbox (main keeps them all). */
export const HISTORY_SHOWN = 10

export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number]

/** Still the draft's submission in flight: queued, on the wire, or blocked waiting for the user. */
export const isActive = (entry: OutboxEntry): boolean =>
  entry.status === 'queued' || entry.status === 'sending' || entry.status === 'blocked'

/**
 * The draft list, the outbox and the network state as main reports them. Main does the
 * sending and the network detection; this store only shows it, and passes the browser's
 * `online` event on so main can probe at once.
 */
/** What changes when the outbox moves: an entry added, gone, or updated. */
const fingerprint = (entries: readonly OutboxEntry[]): string => entries.map((e) => `${e.submissionId}@${e.updatedAt}`).join()

export const useTemplatesStore = defineStore('templates', () => {
  const drafts = ref<DraftSummary[]>([])
  const query = ref('')
  const states = ref<DraftState[]>([])
  const showBin = ref(false)
  const outbox = ref<OutboxEntry[]>([])
  const network = ref<NetworkStatus>({ state: 'unknown', nextProbeAt: null })
  const active = computed(() => outbox.value.filter(isActive))
  /** The latest finished submissions, newest first, with the server's answer. */
  const history = computed(() => outbox.value.filter((e) => !isActive(e)).slice(0, HISTORY_SHOWN))
  // A blocked submission waits for the user, not for main: no point in polling for it.
  const moving = computed(() => active.value.filter((e) => e.status !== 'blocked'))

  let poll: ReturnType<typeof setInterval> | undefined
  let watching = false
  const pollListeners = new Set<() => void>()

  async function refreshList(): Promise<void> {
    const q = query.value.trim()
    const result = await useApi().draftsList({
      ...(q ? { query: q } : {}),
      ...(states.value.length > 0 ? { states: states.value } : {}),
      ...(showBin.value ? { deleted: true } : {}),
    })
    drafts.value = result.drafts
  }

  async function refreshOutbox(): Promise<void> {
    const result = await useApi().outboxList({})
    const before = fingerprint(outbox.value)
    outbox.value = result.entries
    network.value = result.network
    updatePolling()
    // Whatever moved the outbox (a poll, a submit, a cancel), the open editor picks it up; a
    // submission can finish (a conflict is found in milliseconds) before any poll has started.
    if (fingerprint(result.entries) !== before) for (const listener of pollListeners) listener()
  }

  function updatePolling(): void {
    if (moving.value.length > 0 && poll === undefined) {
      poll = setInterval(() => {
        void refreshOutbox().catch(() => undefined)
        void refreshList().catch(() => undefined)
      }, OUTBOX_POLL_MS)
    } else if (moving.value.length === 0 && poll !== undefined) {
      clearInterval(poll)
      poll = undefined
    }
  }

  /** Called whenever the outbox changes (the open editor refreshes its status). */
  function onPoll(listener: () => void): () => void {
    pollListeners.add(listener)
    return () => pollListeners.delete(listener)
  }

  async function create(): Promise<DraftDetail> {
    const draft = await useApi().draftsCreate()
    await refreshList()
    return draft
  }

  /** Rejects with the translated reason when the text is not a template; the caller keeps the text. */
  async function importText(text: string): Promise<DraftDetail> {
    const draft = await useApi().draftsImport({ text })
    await refreshList()
    return draft
  }

  async function duplicate(draftId: string): Promise<DraftDetail> {
    const copy = await useApi().draftsDuplicate({ draftId })
    await refreshList()
    return copy
  }

  async function remove(draftId: string): Promise<DraftSummary> {
    const removed = await useApi().draftsDelete({ draftId })
    await Promise.all([refreshList(), refreshOutbox()])
    return removed
  }

  async function restore(draftId: string): Promise<DraftSummary> {
    const restored = await useApi().draftsRestore({ draftId })
    await refreshList()
    return restored
  }

  function exportDraft(draftId: string): Promise<{ fileName: string; text: string }> {
    return useApi().draftsExport({ draftId })
  }

  async function cancel(submissionId: string): Promise<OutboxEntry> {
    const entry = await useApi().outboxCancel({ submissionId })
    await Promise.all([refreshOutbox(), refreshList()])
    return entry
  }

  /**
   * The user's release of a submission that may have been delivered but cannot finish by itself
   * (they checked the platform). Rejects with the translated reason.
   */
  async function release(submissionId: string): Promise<OutboxEntry> {
    const entry = await useApi().outboxRelease({ submissionId })
    await Promise.all([refreshOutbox(), refreshList()])
    return entry
  }

  /** Settles a draft's open conflict; a `keep-mine` queues a new submission. */
  async function resolveConflict(
    draftId: string,
    revision: number,
    resolution: ConflictResolution,
  ): Promise<{ draft: DraftDetail; submission: OutboxEntry | null }> {
    const result = await useApi().draftsResolveConflict({ draftId, revision, resolution })
    await Promise.all([refreshOutbox(), refreshList()])
    return result
  }

  async function networkOnline(): Promise<void> {
    const result = await useApi().templatesNetworkOnline()
    network.value = result.network
    await refreshOutbox()
  }

  /** Passes the browser's `online` event on to main, once per app. */
  function watchNetwork(): void {
    if (watching || typeof window === 'undefined') return
    watching = true
    window.addEventListener('online', () => void networkOnline().catch(() => undefined))
  }

  return {
    drafts,
    query,
    states,
    showBin,
    outbox,
    active,
    history,
    network,
    refreshList,
    refreshOutbox,
    onPoll,
    create,
    importText,
    duplicate,
    remove,
    restore,
    exportDraft,
    cancel,
    release,
    resolveConflict,
    networkOnline,
    watchNetwork,
  }
})
