import { defineStore } from 'pinia'
import type { SupportBundleResult } from '@contract/ipc/channels/support'
import type { UpdateStatus } from '@contract/ipc/channels/updates'
import { useApi } from '../api'

/** The app's version and update state, and the support bundle. */
export const useSupportStore = defineStore('support', {
  state: () => ({ status: undefined as UpdateStatus | undefined, logDir: undefined as string | undefined, exporting: false }),
  actions: {
    async refresh(): Promise<void> {
      this.status = await useApi().updatesStatus()
    },
    async loadInfo(): Promise<void> {
      this.logDir = (await useApi().supportInfo()).logDir
    },
    async exportBundle(): Promise<SupportBundleResult> {
      this.exporting = true
      try {
        return await useApi().supportExportBundle()
      } finally {
        this.exporting = false
      }
    },
  },
})
