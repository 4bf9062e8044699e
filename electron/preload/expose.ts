import { contextBridge, ipcRenderer } from 'electron'
import { buildApi } from '@contract/ipc/build-api'
import { API_GLOBAL } from '@contract/ipc/registry'

/** Runs sandboxed with context isolation: the page gets these methods and no handle on ipcRenderer. */
export function exposeApi(): void {
  contextBridge.exposeInMainWorld(
    API_GLOBAL,
    buildApi((channel, payload) => ipcRenderer.invoke(channel, payload)),
  )
}
