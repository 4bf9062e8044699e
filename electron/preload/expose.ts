import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildApi } from '@contract/ipc/build-api'
import { API_GLOBAL, isEventName } from '@contract/ipc/names'

/**
 * Runs sandboxed with context isolation: the page gets these methods and no handle on ipcRenderer.
 * Only plain names are imported (no zod, no schemas): main validates what it sends, the renderer
 * what it receives. A listener is given the payload alone, never Electron's event object (which
 * would hand the page `sender`, i.e. ipcRenderer).
 */
export function exposeApi(): void {
  contextBridge.exposeInMainWorld(
    API_GLOBAL,
    buildApi(
      (channel, payload) => ipcRenderer.invoke(channel, payload),
      (event, listener) => {
        if (!isEventName(event)) throw new TypeError(`couponDesk.on: no such event ${String(event)}`)
        if (typeof listener !== 'function') throw new TypeError('couponDesk.on: the listener must be a function')
        const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
        ipcRenderer.on(event, relay)
        return () => void ipcRenderer.removeListener(event, relay)
      },
    ),
  )
}
