import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '@contract/ipc/registry'
import type { Handlers } from '@main/ipc/router'
import { packagedMenuTemplate } from '@main/app-menu'
import { main, rendererUrl } from '@main/lifecycle'
import { CONTENT_SECURITY_POLICY } from '@main/security'
import * as fake from '../support/electron-fake'

/**
 * The real services open a database, the keychain and a gateway; start-up wiring is what is under
 * test here, so they are replaced by handlers that answer `app.setLocale` and fail for the rest.
 */
const services = vi.hoisted(() => {
  const order: string[] = []
  return {
    order,
    dispose: vi.fn(async () => void order.push('dispose')),
    updates: { beforeQuit: vi.fn(() => void order.push('updates.beforeQuit')) },
    options: [] as Array<Record<string, unknown>>,
    /** The event hub of the services the app started (set when they are made). */
    events: undefined as undefined | import('@main/ipc/events').EventHub,
  }
})
vi.mock('@main/services/app-services', () => ({
  createAppServices: vi.fn(async (options: Record<string, unknown>) => {
    services.options.push(options)
    const handlers = Object.fromEntries(
      CHANNELS.map((channel) => [channel, async () => Promise.reject(new Error(`${channel} is not under test`))]),
    ) as unknown as Handlers
    handlers['app.setLocale'] = async ({ locale }) => ({ locale })
    const { createEventHub } = await import('@main/ipc/events')
    services.events = createEventHub()
    return {
      handlers,
      events: services.events,
      sandbox: {},
      started: Promise.resolve(),
      dispose: services.dispose,
      updates: services.updates,
    }
  }),
}))

/** electron-updater's own updater needs the real Electron; the wiring only hands it on. */
const updateEngine = vi.hoisted(() => ({ engine: { name: 'fake-updater' } }))
vi.mock('electron-updater', () => ({ default: { autoUpdater: updateEngine.engine } }))

const APP_START = 'app://coupon-desk/index.html'

/** Runs the main entry on a clean fake; `singleInstance` says whether the lock is ours. */
async function boot(singleInstance = true) {
  fake.resetElectronFake()
  fake.app.singleInstanceLock = singleInstance
  main()
  return fake
}

/** Runs the main entry and lets `app.whenReady()` resolve, as Electron does once it is up. */
async function bootReady(options: { isPackaged: boolean; env?: Record<string, string> }) {
  fake.resetElectronFake()
  fake.app.isPackaged = options.isPackaged
  for (const [name, value] of Object.entries(options.env ?? {})) vi.stubEnv(name, value)
  fake.app.whenReady.mockImplementationOnce(() => Promise.resolve())
  main()
  await vi.waitFor(() => {
    if (fake.FakeBrowserWindow.windows.length === 0 && fake.app.quit.mock.calls.length === 0) throw new Error('not started yet')
  })
  return fake
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('app lifecycle', () => {
  it('takes the single-instance lock and registers the app scheme before ready', async () => {
    const { app, protocol } = await boot()
    expect(app.requestSingleInstanceLock).toHaveBeenCalledTimes(1)
    expect(protocol.privileged).toHaveLength(1)
    expect(app.whenReady).toHaveBeenCalled()
    expect(app.quit).not.toHaveBeenCalled()
  })

  it('quits at once when another instance already runs', async () => {
    const { app } = await boot(false)
    expect(app.quit).toHaveBeenCalledTimes(1)
    expect(app.whenReady).not.toHaveBeenCalled()
  })

  it('a second launch focuses the existing window', async () => {
    const { app, FakeBrowserWindow } = await boot()
    const win = new FakeBrowserWindow({})
    app.emit('second-instance')
    expect(win.focus).toHaveBeenCalled()
  })

  it('denies window.open in every web contents the app creates', async () => {
    const { app, FakeWebContents } = await boot()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler?.({ url: 'https://x' })).toEqual({ action: 'deny' })
  })
})

describe('where the renderer comes from', () => {
  it('a packaged app always serves its own bundle, whatever the environment says', () => {
    for (const devUrl of ['https://evil.example/', 'http://localhost:5173', undefined]) {
      expect(rendererUrl(true, { ELECTRON_RENDERER_URL: devUrl })).toEqual({
        startUrl: APP_START,
        origins: ['app://coupon-desk'],
      })
    }
  })

  it('an unpackaged app without a dev server serves the bundle too (npm start)', () => {
    expect(rendererUrl(false, {}).startUrl).toBe(APP_START)
    expect(rendererUrl(false, { ELECTRON_RENDERER_URL: '' }).startUrl).toBe(APP_START)
  })

  it.each(['http://localhost:5173', 'http://127.0.0.1:5173/', 'http://[::1]:5173'])(
    'development accepts the loopback dev server %s',
    (devUrl) => {
      const source = rendererUrl(false, { ELECTRON_RENDERER_URL: devUrl })
      expect(source.startUrl).toBe(new URL(devUrl).href)
      expect(source.origins).toEqual([new URL(devUrl).origin])
    },
  )

  it.each([
    'https://evil.example/',
    'http://evil.example:5173/',
    'http://192.168.1.20:5173/',
    'https://localhost:5173/',
    'http://localhost.evil.example/',
    'http://user:pw@localhost:5173/',
    'file:///tmp/index.html',
    'javascript:alert(1)',
    'not a url',
  ])('development refuses %s', (devUrl) => {
    expect(() => rendererUrl(false, { ELECTRON_RENDERER_URL: devUrl })).toThrow(/ELECTRON_RENDERER_URL/)
  })
})

describe('start-up once Electron is ready', () => {
  it('hardens the session: every permission denied, the CSP on every response', async () => {
    const { session } = await bootReady({ isPackaged: true })
    const answers: boolean[] = []
    session.defaultSession.permissionRequestHandler?.({}, 'media', (granted: boolean) => answers.push(granted))
    expect(answers).toEqual([false])
    expect(session.defaultSession.permissionCheckHandler?.({}, 'geolocation')).toBe(false)
    let headers: Record<string, string[]> = {}
    session.defaultSession.headersHandler?.({ responseHeaders: {} }, (r) => {
      headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders
    })
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
  })

  it('a packaged app sets its own minimal menu (no Toggle Developer Tools, no reload) and turns DevTools off', async () => {
    const { Menu, FakeBrowserWindow } = await bootReady({ isPackaged: true })
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1)
    const template = Menu.setApplicationMenu.mock.calls[0]![0]!.template
    const roles = JSON.stringify(template)
    expect(roles).toContain('"copy"')
    expect(roles).toContain('"paste"')
    for (const forbidden of ['toggleDevTools', 'toggledevtools', 'reload', 'forceReload', 'viewMenu'])
      expect(roles).not.toContain(forbidden)
    const prefs = FakeBrowserWindow.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs.devTools).toBe(false)
  })

  it('on macOS the packaged menu also has the app menu Apple requires, and still no DevTools', () => {
    const mac = JSON.stringify(packagedMenuTemplate('darwin'))
    expect(mac).toContain('"appMenu"')
    expect(mac).toContain('"quit"')
    expect(mac).not.toMatch(/devtools|reload/i)
  })

  it("development keeps Electron's menu and DevTools", async () => {
    const { Menu, FakeBrowserWindow } = await bootReady({ isPackaged: false })
    expect(Menu.setApplicationMenu).not.toHaveBeenCalled()
    const prefs = FakeBrowserWindow.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs.devTools).toBe(true)
  })

  it('registers every registry channel on ipcMain and serves app://', async () => {
    const { ipcMain, protocol } = await bootReady({ isPackaged: true })
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort())
    expect([...protocol.handlers.keys()]).toEqual(['app'])
  })

  it('a packaged app opens one sandboxed window on app://, even with a remote dev URL in the environment', async () => {
    const { FakeBrowserWindow } = await bootReady({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } })
    expect(FakeBrowserWindow.windows).toHaveLength(1)
    const win = FakeBrowserWindow.windows[0]!
    expect(win.loadedUrl).toBe(APP_START)
    expect(win.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
  })

  it('answers the window it opened, and only that window', async () => {
    const { FakeBrowserWindow, FakeWebContents, ipcMain } = await bootReady({ isPackaged: true })
    const contents = FakeBrowserWindow.windows[0]!.webContents
    const handle = ipcMain.handlers.get('app.setLocale')!
    const from = (c: InstanceType<typeof FakeWebContents>) => ({ sender: c, senderFrame: c.mainFrame })
    expect(await handle(from(contents), { locale: 'en' })).toEqual({ ok: true, value: { locale: 'en' } })
    const stranger = new FakeWebContents()
    stranger.mainFrame.url = APP_START
    expect(await handle(from(stranger), { locale: 'en' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it("pushes main's events to the window it opened (webContents.send), to no other", async () => {
    const { FakeBrowserWindow, FakeWebContents } = await bootReady({ isPackaged: true })
    const contents = FakeBrowserWindow.windows[0]!.webContents
    const stranger = new FakeWebContents()
    stranger.mainFrame.url = APP_START
    const status = { state: 'online', nextProbeAt: null } as const
    services.events!.emit('network.changed', status)
    expect(contents.sent).toEqual([{ channel: 'network.changed', payload: status }])
    expect(stranger.sent).toEqual([])
  })

  it('development loads the loopback dev server and trusts only its origin', async () => {
    const { FakeBrowserWindow, ipcMain } = await bootReady({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })
    const win = FakeBrowserWindow.windows[0]!
    expect(win.loadedUrl).toBe('http://localhost:5173/')
    const handle = ipcMain.handlers.get('app.setLocale')!
    expect(await handle({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, { locale: 'en' })).toMatchObject({ ok: true })
  })

  it('development with a remote dev URL opens no window, quits, and says why in the log file', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'cd-lifecycle-'))
    fake.app.getPath.mockImplementation(() => userData)
    const { FakeBrowserWindow, app } = await bootReady({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } })
    expect(FakeBrowserWindow.windows).toHaveLength(0)
    expect(app.quit).toHaveBeenCalledTimes(1)
    await vi.waitFor(() =>
      expect(readFileSync(join(userData, 'logs', 'main.log'), 'utf8')).toMatch(
        /\[error\] +start-up failed: Error: ELECTRON_RENDERER_URL must be/,
      ),
    )
    fake.app.getPath.mockImplementation(() => '/tmp/coupon-desk-test')
  })

  it('reopens a window on activate when none is left, and disposes the services on quit', async () => {
    const { FakeBrowserWindow, app } = await bootReady({ isPackaged: true })
    FakeBrowserWindow.windows = []
    app.emit('activate')
    expect(FakeBrowserWindow.windows).toHaveLength(1)
    expect(FakeBrowserWindow.windows[0]!.loadedUrl).toBe(APP_START)
    services.order.length = 0
    app.emit('before-quit')
    expect(services.dispose).toHaveBeenCalledTimes(1)
    // The updater decides while the services can still tell whether work is going on.
    expect(services.order).toEqual(['updates.beforeQuit', 'dispose'])
  })

  it.each([
    ['no setting', undefined, { uploadToServer: false, submitURL: '' }],
    ['an https URL', 'https://crash.example-chain.cn/submit', { uploadToServer: true, submitURL: 'https://crash.example-chain.cn/submit' }],
    ['a plain http URL (refused)', 'http://crash.example-chain.cn/submit', { uploadToServer: false, submitURL: '' }],
  ])('writes crash dumps locally and uploads them only to a URL the store set: %s', async (_name, url, expected) => {
    const userData = mkdtempSync(join(tmpdir(), 'cd-crash-'))
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ locale: 'en', ...(url ? { crashReportUrl: url } : {}) }))
    fake.app.getPath.mockImplementation(() => userData)
    try {
      await bootReady({ isPackaged: true })
      expect(fake.crashReporter.start).toHaveBeenCalledTimes(1)
      expect(fake.crashReporter.start.mock.calls[0]![0]).toEqual({ ...expected, compress: true, globalExtra: { appVersion: '0.0.0-test' } })
      // …and the bundle lists the dumps from Electron's own folder.
      expect(services.options.at(-1)?.['support']).toMatchObject({ crashDir: userData })
    } finally {
      fake.app.getPath.mockImplementation(() => '/tmp/coupon-desk-test')
    }
  })

  it('hands electron-updater to the services in a packaged app only', async () => {
    services.options.length = 0
    await bootReady({ isPackaged: true })
    expect(services.options.at(-1)?.['updateEngine']).toBe(updateEngine.engine)
    await bootReady({ isPackaged: false })
    expect(services.options.at(-1)).not.toHaveProperty('updateEngine')
  })
})
