import { join } from 'node:path'
import { app, BrowserWindow, type WebContents } from 'electron'
import { registerIpc } from './ipc/electron-ipc'
import { createRouter } from './ipc/router'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { APP_ORIGIN } from './security'
import { createAppServices } from './services/app-services'
import { createMainWindow, hardenSession } from './window'

/** In development electron-vite serves the renderer; in production it comes from the app bundle. */
function rendererUrl(): { startUrl: string; origins: string[] } {
  const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
  if (devUrl) return { startUrl: devUrl, origins: [new URL(devUrl).origin] }
  return { startUrl: `${APP_ORIGIN}/index.html`, origins: [APP_ORIGIN] }
}

export async function startApp(): Promise<void> {
  const { startUrl, origins } = rendererUrl()
  const services = await createAppServices({ dataDir: app.getPath('userData'), version: app.getVersion() })
  const router = createRouter(services.handlers, {
    validateOutput: !app.isPackaged,
    onUnexpectedError: (channel, error) => console.error(`[ipc] ${channel} failed`, error instanceof Error ? error.name : 'error'),
  })
  const windows = new Set<WebContents>()
  registerIpc(router, { appOrigins: origins, isAppWindow: (contents) => windows.has(contents) })
  hardenSession()
  serveRenderer(join(import.meta.dirname, '../renderer'))

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({ preloadPath: join(import.meta.dirname, '../preload/index.cjs'), startUrl })
    const contents = window.webContents
    windows.add(contents)
    window.on('closed', () => windows.delete(contents))
    return window
  }
  openWindow()

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('before-quit', () => void services.dispose())
}

export function main(): void {
  registerAppScheme()
  // A store PC runs one counter: a second launch focuses the first window instead of racing it on the journal.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  void app.whenReady().then(startApp)
}
