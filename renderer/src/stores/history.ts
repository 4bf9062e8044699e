import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { Locale } from '@contract/ipc/channels/app'
import type { IpcError } from '@contract/ipc/envelope'
import {
  DEFAULT_HISTORY_PAGE,
  type HistoryCursor,
  type HistoryExport,
  type HistoryFilter,
  type HistoryRow,
  type ReverseResult,
  type VoucherState,
} from '@contract/ipc/channels/redemption'
import { useApi } from '../api'
import { toIpcError } from './redeem'

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

  function toggle(rowId: number, on: boolean): void {
    selected.value = on ? [...new Set([...selected.value, rowId])] : selected.value.filter((id) => id !== rowId)
  }

  /** Each row its own reversal call in main; the list is reloaded so every row shows its new state. */
  async function reverse(rowIds: readonly number[]): Promise<ReverseResult[]> {
    busy.value = true
    try {
      const { results } = await useApi().redeemReverse({ rowIds: [...rowIds] })
      return results
    } finally {
      busy.value = false
      selected.value = []
      await loadPage()
    }
  }

  async function retry(entryId: number): Promise<void> {
    busy.value = true
    try {
      await useApi().redeemRetryUnknown({ entryIds: [entryId] })
    } catch (e) {
      error.value = toIpcError(e)
    } finally {
      busy.value = false
      await loadPage()
    }
  }

  /** The filter currently applied, as CSV text (main caps it and says so). */
  function exportCsv(locale: Locale): Promise<HistoryExport> {
    return useApi().historyExport({ filter: applied, locale })
  }

  return { form, rows, next, loading, loaded, error, selected, busy, search, loadMore, reset, toggle, reverse, retry, exportCsv }
})
