import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/**
 * A stand-in for the `electron` module. The real binary cannot be downloaded on these machines, and
 * main-process tests are about what we ask Electron to do, so the fake records those requests.
 */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  /** Like Electron's WebFrameMain: the top frame has no parent. */
  mainFrame: { url: string; parent: unknown } = { url: '', parent: null }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  /** What main pushed to this window (webContents.send), in order. */
  sent: { channel: string; payload: unknown }[] = []
  destroyed = false
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** webContents.print: answers as `printAnswer` says (what a printer or the dialog would). */
  printAnswer: { success: boolean; failureReason: string } = { success: true, failureReason: '' }
  printed: Record<string, unknown>[] = []
  print(options: Record<string, unknown>, callback: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options)
    queueMicrotask(() => callback(this.printAnswer.success, this.printAnswer.failureReason))
  }
  printers: { name: string; displayName: string; description: string; options: Record<string, string> }[] = []
  getPrintersAsync(): Promise<unknown[]> {
    return Promise.resolve(this.printers)
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = []
  static getAllWindows = (): FakeBrowserWindow[] => FakeBrowserWindow.windows
  readonly webContents = new FakeWebContents()
  loadedUrl: string | undefined
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.windows.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    this.webContents.mainFrame.url = url
    return Promise.resolve()
  }
  show = vi.fn()
  destroyed = false
  destroy = vi.fn(() => {
    this.destroyed = true
    this.webContents.destroyed = true
  })
  focus = vi.fn()
  restore = vi.fn()
  isMinimized = (): boolean => false
}

type InvokeHandler = (event: unknown, payload: unknown) => unknown

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
}

type RendererListener = (event: unknown, payload: unknown) => void

/** ipcRenderer: `invoke` is a mock; `on` keeps listeners, and `emit` plays main's webContents.send. */
export const ipcRenderer = {
  invoke: vi.fn(async (_channel: string, _payload: unknown): Promise<unknown> => undefined),
  listeners: new Map<string, Set<RendererListener>>(),
  on(channel: string, listener: RendererListener): void {
    const set = this.listeners.get(channel) ?? new Set<RendererListener>()
    set.add(listener)
    this.listeners.set(channel, set)
  },
  removeListener(channel: string, listener: RendererListener): void {
    this.listeners.get(channel)?.delete(listener)
  },
  /** What Electron does when main sends: each listener gets an event object and the payload. */
  emit(channel: string, event: unknown, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, payload)
  },
}

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api)
  },
}

class FakeApp extends EventEmitter {
  isPackaged = false
  singleInstanceLock = true
  requestSingleInstanceLock = vi.fn(() => this.singleInstanceLock)
  quit = vi.fn()
  getPath = vi.fn((_name: string) => '/tmp/coupon-desk-test')
  getVersion = (): string => '0.0.0-test'
  whenReady = vi.fn(() => new Promise<void>(() => {}))
}
export const app = new FakeApp()

export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as undefined | ((...args: unknown[]) => void),
    permissionCheckHandler: undefined as undefined | ((...args: unknown[]) => boolean),
    headersHandler: undefined as undefined | ((details: unknown, callback: (r: unknown) => void) => void),
    setPermissionRequestHandler(handler: (...args: unknown[]) => void): void {
      this.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
      this.permissionCheckHandler = handler
    },
    webRequest: {
      onHeadersReceived(handler: (details: unknown, callback: (r: unknown) => void) => void): void {
        session.defaultSession.headersHandler = handler
      },
    },
  },
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler)
  },
}

export const net = {
  fetch: vi.fn(async (url: string) => new Response(`file:${url}`)),
  /** What `net.isOnline()` answers; tests flip it. */
  online: true,
  isOnline: vi.fn((): boolean => net.online),
}

/** Electron's dialog: the save dialog answers what a test puts in `savePath` (undefined: cancelled). */
export const dialog = {
  savePath: undefined as string | undefined,
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: dialog.savePath === undefined, filePath: dialog.savePath ?? '' })),
}

/** Electron's crash reporter: records how it was started. */
export const crashReporter = { start: vi.fn((_options: Record<string, unknown>) => undefined) }

/** Electron's powerMonitor: tests emit 'resume' on it. */
export const powerMonitor = new EventEmitter()

export const BrowserWindow = FakeBrowserWindow

/** Menus are plain data here: the template built, and the one set as the application menu. */
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn((_menu: { template: unknown[] } | null) => undefined),
}

/** Forget everything recorded, between tests. */
export function resetElectronFake(): void {
  FakeBrowserWindow.windows = []
  Menu.buildFromTemplate.mockClear()
  Menu.setApplicationMenu.mockClear()
  ipcMain.handlers.clear()
  ipcRenderer.listeners.clear()
  contextBridge.exposed.clear()
  protocol.privileged = []
  protocol.handlers.clear()
  app.removeAllListeners()
  powerMonitor.removeAllListeners()
  net.online = true
  dialog.savePath = undefined
  app.singleInstanceLock = true
  app.isPackaged = false
  session.defaultSession.permissionRequestHandler = undefined
  session.defaultSession.permissionCheckHandler = undefined
  session.defaultSession.headersHandler = undefined
  vi.clearAllMocks()
}

export default {
  app,
  BrowserWindow,
  Menu,
  ipcMain,
  ipcRenderer,
  contextBridge,
  session,
  protocol,
  net,
  powerMonitor,
  dialog,
  crashReporter,
}
