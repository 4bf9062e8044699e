import { join } from 'node:path'
import { app, BrowserWindow, crashReporter, dialog, type WebContents } from 'electron'
import electronUpdater from 'electron-updater'
import { crashReporterOptions } from './crash-reports'
import { forwardEvents, registerIpc } from './ipc/electron-ipc'
import { createLogs, type Logs } from './logging/logs'
import { createRouter } from './ipc/router'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { installAppMenu } from './app-menu'
import { electronNetworkSignals } from './network-signals'
import { APP_ORIGIN } from './security'
import { createAppServices } from './services/app-services'
import { createSettingsStore } from './settings'
import { electronSlipPrinter } from './slip-window'
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

/** The app's log files, in `<user data>/logs`; the console too while developing. */
export function appLogs(): Logs {
  return createLogs({ dir: join(app.getPath('userData'), 'logs'), console: !app.isPackaged })
}

/** The OS's save dialog, in the Downloads folder, for the support bundle. */
async function askSavePath(defaultName: string): Promise<string | undefined> {
  const options = { defaultPath: join(app.getPath('downloads'), defaultName), filters: [{ name: 'Zip', extensions: ['zip'] }] }
  const window = BrowserWindow.getFocusedWindow()
  const { canceled, filePath } = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  return canceled ? undefined : filePath
}

export async function startApp(logs: Logs): Promise<void> {
  const { startUrl, origins } = rendererUrl(app.isPackaged, process.env)
  const services = await createAppServices({
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    networkSignals: electronNetworkSignals(),
    slipPrinter: electronSlipPrinter(),
    logs,
    support: { chooseSavePath: askSavePath, crashDir: app.getPath('crashDumps') },
    // Reads app-update.yml, which electron-builder's `publish` (the chain's URL) wrote into the
    // installer; a development run has none, so it gets no updater at all.
    ...(app.isPackaged ? { updateEngine: electronUpdater.autoUpdater } : {}),
  })
  const ipcLog = logs.main.scope('ipc')
  const router = createRouter(services.handlers, {
    validateOutput: !app.isPackaged,
    // The error only, never the payload (it may hold codes or secrets); redacted on the way anyway.
    onUnexpectedError: (channel, error) => ipcLog.error(`${channel} failed:`, error),
  })
  const windows = new Set<WebContents>()
  registerIpc(router, { appOrigins: origins, isAppWindow: (contents) => windows.has(contents) })
  forwardEvents(services.events, { appOrigins: origins, windows: () => windows })
  hardenSession()
  installAppMenu(app.isPackaged)
  serveRenderer(join(import.meta.dirname, '../renderer'))

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      startUrl,
      devTools: !app.isPackaged,
    })
    const contents = window.webContents
    windows.add(contents)
    window.on('closed', () => windows.delete(contents))
    return window
  }
  openWindow()

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('before-quit', () => {
    // First, while the services can still say whether work is going on; electron-updater installs on 'quit'.
    services.updates?.beforeQuit()
    void services.dispose()
  })
}

export function main(): void {
  registerAppScheme()
  // As early as possible, so a crash during start-up leaves a dump too.
  crashReporter.start(crashReporterOptions(createSettingsStore(app.getPath('userData')).get(), app.getVersion()))
  const logs = appLogs()
  // The monitor only watches: Electron still reports the exception as it would without us.
  process.on('uncaughtExceptionMonitor', (error) => logs.main.error('uncaught exception:', error))
  process.on('unhandledRejection', (reason) => logs.main.error('unhandled rejection:', reason))
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
    .then(() => startApp(logs))
    .catch((error: unknown) => {
      // Without this the app would sit there with no window and no word; say why and leave.
      logs.main.error('start-up failed:', error)
      app.quit()
    })
}
