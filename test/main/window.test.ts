import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMainWindow, hardenSession } from '@main/window'
import { CONTENT_SECURITY_POLICY } from '@main/security'
import { FakeBrowserWindow, resetElectronFake, session } from '../support/electron-fake'

const START = 'app://coupon-desk/index.html'

function open(): FakeBrowserWindow {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', startUrl: START, devTools: false })
  return FakeBrowserWindow.windows.at(-1)!
}

describe('main window', () => {
  beforeEach(() => resetElectronFake())

  it('isolates the renderer: context isolation, sandbox, no Node, web security', () => {
    const prefs = open().options['webPreferences'] as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/out/preload/index.cjs',
    })
  })

  it('shuts every way out before the page loads, so the page never runs unguarded', () => {
    // Which URL is loaded is decided (and tested) in lifecycle: here, that the guards come first.
    const atLoad: Record<string, unknown> = {}
    const load = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockImplementation(function (this: FakeBrowserWindow, url: string) {
      const contents = this.webContents
      Object.assign(atLoad, {
        url,
        windowOpen: contents.windowOpenHandler?.({ url: 'https://evil.example' }),
        listeners: ['will-navigate', 'will-redirect', 'will-attach-webview'].map((name) => contents.listenerCount(name)),
      })
      return Promise.resolve()
    })
    open()
    expect(load).toHaveBeenCalledTimes(1)
    expect(atLoad).toEqual({ url: START, windowOpen: { action: 'deny' }, listeners: [1, 1, 1] })
    load.mockRestore()
  })

  it('denies every new window', () => {
    const win = open()
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' })
    expect(win.webContents.windowOpenHandler?.({ url: START })).toEqual({ action: 'deny' })
  })

  it.each(['will-navigate', 'will-redirect'])('blocks %s away from the app page', (eventName) => {
    const win = open()
    let prevented = false
    win.webContents.emit(eventName, { preventDefault: () => (prevented = true) }, 'https://evil.example/')
    expect(prevented).toBe(true)
    let reloadPrevented = false
    win.webContents.emit(eventName, { preventDefault: () => (reloadPrevented = true) }, START)
    expect(reloadPrevented).toBe(false)
  })

  it('refuses to attach webviews', () => {
    const win = open()
    let prevented = false
    win.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })
})

describe('session hardening', () => {
  beforeEach(() => resetElectronFake())

  it('denies every permission request and check', () => {
    hardenSession()
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      session.defaultSession.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted))
    }
    expect(answers).toEqual([false, false, false, false, false])
    expect(session.defaultSession.permissionCheckHandler?.({}, 'media')).toBe(false)
  })

  it('adds the strict CSP to every response', () => {
    hardenSession()
    let headers: Record<string, string[]> = {}
    session.defaultSession.headersHandler?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => {
      headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders
    })
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers['X-Other']).toEqual(['1'])
  })

  it('the CSP allows scripts only from the app itself', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]))
    expect(directives['script-src']).toBe("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(directives['object-src']).toBe("object-src 'none'")
    expect(directives['default-src']).toBe("default-src 'self'")
  })
})
