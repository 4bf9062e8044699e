import { BrowserWindow, session, type WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from './security'

/** Every path out of the app's page is shut: new windows, navigation, and permission prompts. */
export function hardenContents(contents: WebContents, startUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const blockUnlessStart = (event: { preventDefault(): void }, url: string): void => {
    if (url !== startUrl) event.preventDefault()
  }
  contents.on('will-navigate', blockUnlessStart)
  contents.on('will-redirect', blockUnlessStart)
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** The session denies every permission (camera, notifications, geolocation …) and sends our CSP. */
export function hardenSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
}

/** `devTools`: development only; a packaged build never opens them (see app-menu.ts). */
export function createMainWindow(options: { preloadPath: string; startUrl: string; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: '券台 Coupon Desk',
    autoHideMenuBar: true,
    // Written out literally (not spread from a constant) so static checkers such as Electronegativity
    // can see each setting. The renderer gets no Node, no Electron internals and its own JS world.
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would otherwise open links in new windows, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  })
  hardenContents(window.webContents, options.startUrl)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.startUrl)
  return window
}
