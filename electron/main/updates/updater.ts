import type { AppUpdater } from 'electron-updater'
import type { UpdateState, UpdateStatus } from '@contract/ipc/channels/updates'
import type { Log } from '@main/logging/logs'

/** The part of electron-updater's AppUpdater this service drives (the app passes `autoUpdater`). */
export type UpdateEngine = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'on' | 'checkForUpdates' | 'isUpdaterActive'
> & {
  // AppUpdater's own type is semver's SemVer, whose types electron-updater does not ship: only the text is read.
  readonly currentVersion: { readonly version: string }
}

/** What would be cut short by installing now: a redemption on the wire, or templates still to send. */
export type WorkInProgress = () => 'redemption' | 'outbox' | undefined

export interface UpdateTimers {
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

export const DAY_MS = 24 * 60 * 60 * 1000

export interface UpdateServiceOptions {
  engine: UpdateEngine
  busy: WorkInProgress
  log: Log
  /** Between checks after the one at start (a day). */
  intervalMs?: number
  timers?: UpdateTimers
  now?: () => Date
  /** Told whenever the status changes (for a pushed event; the channel reads `status()`). */
  onChange?: (status: UpdateStatus) => void
}

export interface UpdateService {
  /** Checks at once, then every `intervalMs`; downloads in the background. */
  start(): void
  /** Checks now (also what the timer does); resolves when the check (not the download) is done. */
  check(): Promise<void>
  status(): UpdateStatus
  /**
   * Called as the app starts to quit: a downloaded update is installed on this quit only if no
   * work is going on; otherwise it waits for a later quit (the download is kept).
   */
  beforeQuit(): void
  dispose(): void
}

const nodeTimers: UpdateTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
}

/**
 * The app's own updates from the chain's server (electron-updater, generic provider: the URL is
 * the one electron-builder's `publish` wrote into the installer). Checked at start and daily,
 * downloaded in the background, installed when the app quits — never while a redemption is on
 * the wire or templates wait in the outbox, because the installer ends the process.
 */
export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { engine, log } = options
  const timers = options.timers ?? nodeTimers
  const now = options.now ?? (() => new Date())
  const active = engine.isUpdaterActive()
  let state: UpdateState = active ? { state: 'idle' } : { state: 'off' }
  let lastCheckedAt: string | undefined
  let timer: unknown
  let checking: Promise<void> | undefined

  const status = (): UpdateStatus => ({ currentVersion: engine.currentVersion.version, update: state })
  function set(next: UpdateState): void {
    state = next
    options.onChange?.(status())
  }
  const checked = () => (lastCheckedAt ? { lastCheckedAt } : {})

  engine.autoDownload = true
  // Nothing to install yet. Turned on once a download is complete (electron-updater only adds its
  // on-quit installer then, and only if this is on), and decided again at each quit (beforeQuit).
  engine.autoInstallOnAppQuit = false
  engine.logger = {
    info: (m: unknown) => log.info(m),
    warn: (m: unknown) => log.warn(m),
    error: (m: unknown) => log.error(m),
    debug: (m: unknown) => log.debug(m),
  }
  engine.on('checking-for-update', () => {
    if (state.state !== 'ready' && state.state !== 'downloading') set({ state: 'checking' })
  })
  engine.on('update-not-available', () => set({ state: 'idle', ...checked() }))
  engine.on('update-available', (info) => {
    log.info(`update ${info.version} available; downloading in the background`)
    set({ state: 'downloading', version: info.version, percent: 0 })
  })
  engine.on('download-progress', (progress) => {
    if (state.state === 'downloading') set({ ...state, percent: Math.round(Math.min(100, Math.max(0, progress.percent))) })
  })
  engine.on('update-downloaded', (info) => {
    log.info(`update ${info.version} downloaded; it installs when the app quits`)
    engine.autoInstallOnAppQuit = true
    set({ state: 'ready', version: info.version })
  })
  engine.on('error', (error) => {
    log.warn('update check or download failed:', error)
    // A failed check leaves a downloaded update ready; anything else shows the failure.
    if (state.state !== 'ready') set({ state: 'error', ...checked() })
  })

  async function check(): Promise<void> {
    if (!active) return
    checking ??= (async () => {
      lastCheckedAt = now().toISOString()
      try {
        const result = await engine.checkForUpdates()
        // The download runs on; its failure arrives as an 'error' event.
        result?.downloadPromise?.catch(() => undefined)
      } catch {
        // Reported through the 'error' event as well.
      } finally {
        checking = undefined
      }
    })()
    return checking
  }

  return {
    start() {
      if (!active) {
        log.info('updates are off in this build (not packaged, or no update URL)')
        return
      }
      void check()
      timer = timers.setInterval(() => void check(), options.intervalMs ?? DAY_MS)
    },
    check,
    status,
    beforeQuit() {
      if (state.state !== 'ready') return
      const waitingFor = options.busy()
      engine.autoInstallOnAppQuit = waitingFor === undefined
      if (waitingFor) {
        log.info(`update ${state.version} not installed on this quit: ${waitingFor} work is still going on`)
        set({ ...state, waitingFor })
      } else {
        log.info(`installing update ${state.version} as the app quits`)
      }
    },
    dispose() {
      if (timer !== undefined) timers.clearInterval(timer)
      timer = undefined
    },
  }
}
