import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { Locale } from '@contract/ipc/channels/app'
import type { IpcError } from '@contract/ipc/envelope'
import {
  DEFAULT_HISTORY_PAGE,
  MAX_REVERSALS_PER_REQUEST,
  type HistoryCursor,
  type HistoryExport,
  type HistoryFilter,
  type HistoryRow,
  type ResolveInput,
  type ReverseResult,
  type VoucherState,
} from '@contract/ipc/channels/redemption'
import { useApi } from '../api'
import type { ApprovalAnswer } from '../shift/approval-prompt'
import { toIpcError } from '../redeem/redeem-store'

/** The filter form as typed; empty means "any". */
export interface HistoryFilterForm {
  range: [Date, Date] | null
  voucherId: string
  customerId: string
  operatorId: string
  shopId: string
  status: VoucherState | ''
  action: VoucherStatusActionCode | ''
}

const blankForm = (): HistoryFilterForm => ({
  range: null,
  voucherId: '',
  customerId: '',
  operatorId: '',
  shopId: '',
  status: '',
  action: '',
})

/**
 * A multi-select reversal, call by call. `failedCall` is the call main did not answer (the
 * connection dropped, the keychain is locked…): its rows may or may not have been reversed, and
 * the rows after it were not sent, because the next call would meet the same trouble.
 */
export interface ReverseRun {
  results: ReverseResult[]
  failedCall: { error: IpcError; rowIds: number[]; notSentRowIds: number[] } | null
}

/** How far a multi-select reversal has got, in vouchers. */
export interface ReverseProgress {
  done: number
  total: number
}

function toFilter(form: HistoryFilterForm): HistoryFilter {
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim())
  return {
    from: form.range?.[0].getTime(),
    to: form.range?.[1].getTime(),
    voucherId: text(form.voucherId),
    customerId: text(form.customerId),
    operatorId: text(form.operatorId),
    shopId: text(form.shopId),
    status: form.status === '' ? undefined : form.status,
    action: form.action === '' ? undefined : form.action,
  }
}

/**
 * The History screen: pages of the journal, newest first, loaded as the table scrolls. Paging
 * continues from the last row (a keyset cursor), so new redemptions never shift what is shown.
 */
export const useHistoryStore = defineStore('history', () => {
  const form = reactive<HistoryFilterForm>(blankForm())
  /** The filter the loaded rows belong to: editing the form does not change what "more" means. */
  let applied: HistoryFilter = {}
  const rows = ref<HistoryRow[]>([])
  const next = ref<HistoryCursor | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<IpcError | null>(null)
  const selected = ref<number[]>([])
  const busy = ref(false)
  const reverseProgress = ref<ReverseProgress | null>(null)

  async function loadPage(after?: HistoryCursor): Promise<void> {
    loading.value = true
    try {
      const page = await useApi().historyQuery({ filter: applied, limit: DEFAULT_HISTORY_PAGE, ...(after ? { after } : {}) })
      rows.value = after ? [...rows.value, ...page.rows] : page.rows
      next.value = page.next
      error.value = null
    } catch (e) {
      error.value = toIpcError(e)
    } finally {
      loading.value = false
      loaded.value = true
    }
  }

  async function search(): Promise<void> {
    applied = toFilter(form)
    selected.value = []
    await loadPage()
  }

  async function loadMore(): Promise<void> {
    if (!next.value || loading.value) return
    await loadPage(next.value)
  }

  async function reset(): Promise<void> {
    Object.assign(form, blankForm())
    await search()
  }

  /**
   * Sets the form to one state and nothing else, without querying: for a screen about to open
   * History, which searches with its form when it mounts.
   */
  function showOnly(status: VoucherState): void {
    Object.assign(form, blankForm(), { status })
  }

  function toggle(rowId: number, on: boolean): void {
    selected.value = on ? [...new Set([...selected.value, rowId])] : selected.value.filter((id) => id !== rowId)
  }

  /**
   * Each row is its own reversal call in main, which takes at most `MAX_REVERSALS_PER_REQUEST`
   * rows a request: a longer selection goes in requests of that size, one after the other, with
   * progress. The list is reloaded afterwards so every row shows its new state.
   */
  async function reverse(rowIds: readonly number[], extras: ApprovalAnswer = {}): Promise<ReverseRun> {
    const ids = [...new Set(rowIds)]
    const run: ReverseRun = { results: [], failedCall: null }
    busy.value = true
    reverseProgress.value = { done: 0, total: ids.length }
    try {
      for (let start = 0; start < ids.length; start += MAX_REVERSALS_PER_REQUEST) {
        const chunk = ids.slice(start, start + MAX_REVERSALS_PER_REQUEST)
        try {
          const { results } = await useApi().redeemReverse({ rowIds: chunk, ...extras })
          run.results.push(...results)
        } catch (e) {
          run.failedCall = { error: toIpcError(e), rowIds: chunk, notSentRowIds: ids.slice(start + chunk.length) }
          break
        }
        reverseProgress.value = { done: start + chunk.length, total: ids.length }
      }
      return run
    } finally {
      busy.value = false
      reverseProgress.value = null
      selected.value = []
      await loadPage()
    }
  }

  async function retry(entryId: number): Promise<void> {
    busy.value = true
    try {
      await useApi().redeemRetryUnresolved({ entryIds: [entryId] })
    } catch (e) {
      error.value = toIpcError(e)
    } finally {
      busy.value = false
      await loadPage()
    }
  }

  /**
   * A manager's verdict on a row the server could not settle (main records who and when). Fails
   * with the ApiError main answered, for the dialog to show at its fields; the list is reloaded
   * either way, since the row may have changed meanwhile.
   */
  async function resolve(input: ResolveInput): Promise<HistoryRow> {
    busy.value = true
    try {
      return (await useApi().redeemResolve(input)).row
    } finally {
      busy.value = false
      await loadPage()
    }
  }

  /** The filter currently applied, as CSV text (main caps it and says so). */
  function exportCsv(locale: Locale): Promise<HistoryExport> {
    return useApi().historyExport({ filter: applied, locale })
  }

  return {
    form,
    rows,
    next,
    loading,
    loaded,
    error,
    selected,
    busy,
    reverseProgress,
    search,
    loadMore,
    reset,
    showOnly,
    toggle,
    reverse,
    retry,
    resolve,
    exportCsv,
  }
})
