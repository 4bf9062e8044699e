import { BrowserWindow, session, type WebContents, type WebPreferences } from 'electron'
import { CONTENT_SECURITY_POLICY } from './security'

/** The renderer gets no Node, no Electron internals and its own JavaScript world. */
export const SECURE_WEB_PREFERENCES: Readonly<WebPreferences> = Object.freeze({
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
})

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

export function createMainWindow(options: { preloadPath: string; startUrl: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: '券台 Coupon Desk',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath },
  })
  hardenContents(window.webContents, options.startUrl)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.startUrl)
  return window
}
