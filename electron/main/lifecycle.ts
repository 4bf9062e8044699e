import { join } from 'node:path'
import { app, BrowserWindow, type WebContents } from 'electron'
import { forwardEvents, registerIpc } from './ipc/electron-ipc'
import { createRouter } from './ipc/router'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { electronNetworkSignals } from './network-signals'
import { APP_ORIGIN } from './security'
import { createAppServices } from './services/app-services'
import { createMainWindow, hardenSession } from './window'

/** Where the window's page comes from, and the origins whose main frame may call main. */
export interface RendererSource {
  startUrl: string
  origins: string[]
}

/** The dev server may only be this machine: a dev URL pointing elsewhere would hand the IPC API to a remote page. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * In development electron-vite serves the renderer and passes its address in
 * `ELECTRON_RENDERER_URL`; a packaged app ignores that variable and always serves its own bundle
 * from `app://`, so no environment can make it load a remote page. Throws on a dev URL that is not
 * plain http on a loopback host, rather than quietly loading it.
 */
export function rendererUrl(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): RendererSource {
  const devUrl = isPackaged ? undefined : env['ELECTRON_RENDERER_URL']
  if (!devUrl) return { startUrl: `${APP_ORIGIN}/index.html`, origins: [APP_ORIGIN] }
  let url: URL
  try {
    url = new URL(devUrl)
  } catch {
    throw new Error(`ELECTRON_RENDERER_URL is not a URL: ${devUrl}`)
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password) {
    throw new Error(`ELECTRON_RENDERER_URL must be an http URL on this machine (localhost, 127.0.0.1, [::1]): ${devUrl}`)
  }
  return { startUrl: url.href, origins: [url.origin] }
}

export async function startApp(): Promise<void> {
  const { startUrl, origins } = rendererUrl(app.isPackaged, process.env)
  const services = await createAppServices({
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    networkSignals: electronNetworkSignals(),
  })
  const router = createRouter(services.handlers, {
    validateOutput: !app.isPackaged,
    onUnexpectedError: (channel, error) => console.error(`[ipc] ${channel} failed`, error instanceof Error ? error.name : 'error'),
  })
  const windows = new Set<WebContents>()
  registerIpc(router, { appOrigins: origins, isAppWindow: (contents) => windows.has(contents) })
  forwardEvents(services.events, { appOrigins: origins, windows: () => windows })
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
  void app
    .whenReady()
    .then(startApp)
    .catch((error: unknown) => {
      // Without this the app would sit there with no window and no word; say why and leave.
      console.error('[main] start-up failed:', error instanceof Error ? error.message : error)
      app.quit()
    })
}
