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
import type { ApprovalInput } from '@contract/ipc/channels/shift'
import { useApi } from '../api'

/** Finished submissions shown under the outbox (main keeps them all). */
export const HISTORY_SHOWN = 10

export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number]

/** Still the draft's submission in flight: queued, on the wire, or blocked waiting for the user. */
export const isActive = (entry: OutboxEntry): boolean =>
  entry.status === 'queued' || entry.status === 'sending' || entry.status === 'blocked'

/** What changes when the outbox moves: an entry added, gone, or updated. */
export const outboxFingerprint = (entries: readonly OutboxEntry[]): string => entries.map((e) => `${e.submissionId}@${e.updatedAt}`).join()

/**
 * The draft list, the outbox and the network state as main reports them. Main does the
 * sending and the network detection and pushes every change (`outbox.changed`,
 * `network.changed`); this store only shows it, and passes the browser's `online` event on so
 * main can probe at once.
 */
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

  let watching = false
  let stopListening: (() => void) | undefined
  /**
   * Pushes received so far. Main pushes the whole outbox after every change, so once a push has
   * come in while a read was on its way, the read can only be as new or older (over the browser
   * bridge a reply and a push travel on different connections and may arrive out of order).
   */
  const pushes = { outbox: 0, network: 0 }
  /** Pushes that carried the network state (both kinds do). */
  const networkPushes = () => pushes.outbox + pushes.network

  /** Once per app: the outbox and the network as main pushes them. */
  function listen(): void {
    if (stopListening) return
    const api = useApi()
    const stops = [
      api.on('outbox.changed', (list) => {
        pushes.outbox++
        const before = outboxFingerprint(outbox.value)
        outbox.value = list.entries
        network.value = list.network
        // A submission that settled changes its draft's state in the list too.
        if (outboxFingerprint(list.entries) !== before) void refreshList().catch(() => undefined)
      }),
      api.on('network.changed', (status) => {
        pushes.network++
        network.value = status
      }),
    ]
    stopListening = () => stops.forEach((stop) => stop())
  }

  async function refreshList(): Promise<void> {
    const q = query.value.trim()
    const result = await useApi().draftsList({
      ...(q ? { query: q } : {}),
      ...(states.value.length > 0 ? { states: states.value } : {}),
      ...(showBin.value ? { deleted: true } : {}),
    })
    drafts.value = result.drafts
  }

  /** Reads the outbox once (a screen opening); after that main's pushes keep it current. */
  async function refreshOutbox(): Promise<void> {
    listen()
    const seen = { outbox: pushes.outbox, network: networkPushes() }
    const result = await useApi().outboxList({})
    if (pushes.outbox === seen.outbox) outbox.value = result.entries
    if (networkPushes() === seen.network) network.value = result.network
  }

  /** Stops listening to main (the store lives as long as the app; tests call this). */
  function stop(): void {
    stopListening?.()
    stopListening = undefined
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

  /** Ends the draft's template early on the platform (cannot be undone). Rejects with the translated reason. */
  async function terminate(draftId: string, approval?: ApprovalInput): Promise<DraftSummary> {
    const ended = await useApi().draftsTerminate({ draftId, ...(approval ? { approval } : {}) })
    await refreshList()
    return ended
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
    const seen = networkPushes()
    const result = await useApi().templatesNetworkOnline()
    if (networkPushes() === seen) network.value = result.network
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
    stop,
    create,
    importText,
    duplicate,
    remove,
    restore,
    exportDraft,
    cancel,
    release,
    resolveConflict,
    terminate,
    networkOnline,
    watchNetwork,
  }
})
