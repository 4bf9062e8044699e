import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dump } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NsisUpdater, type AppUpdater } from 'electron-updater'
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor'
import type { AppAdapter } from 'electron-updater/out/AppAdapter'
import { createLogs } from '@main/logging/logs'
import { createUpdateService, DAY_MS, type UpdateService, type WorkInProgress } from '@main/updates/updater'

/**
 * electron-updater for real (its generic provider reading latest.yml, its download with the
 * sha512 check, its on-quit installer hook) against a local HTTP server, the way a chain hosts
 * updates. Only Electron's parts stand in: its app (AppAdapter), its net module (node:http under
 * electron-updater's own HTTP executor), and the installer run itself (NSIS, Windows only).
 */

const INSTALLER = randomBytes(64 * 1024)
const NEW_VERSION = '9.9.9'

function latestYml(): string {
  const sha512 = createHash('sha512').update(INSTALLER).digest('base64')
  const file = `CouponDesk-Setup-${NEW_VERSION}.exe`
  return dump({
    version: NEW_VERSION,
    files: [{ url: file, sha512, size: INSTALLER.length }],
    path: file,
    sha512,
    releaseDate: '2026-12-04T08:00:00.000Z',
  })
}

/** electron-updater's executor with Electron's net.request swapped for node:http. */
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(
    options: Record<string, unknown>,
    callback: (response: IncomingMessage) => void,
  ): ReturnType<ElectronHttpExecutor['createRequest']> {
    const { redirect: _redirect, ...rest } = options
    // Node's ClientRequest has the events and methods electron-updater uses of Electron's.
    return request(rest, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>
  }
}

/** The NSIS updater of a Windows store PC, minus the installer run (recorded instead). */
class StorePcUpdater extends NsisUpdater {
  readonly installs: Array<{ isSilent: boolean }> = []
  constructor(app: AppAdapter) {
    super(null, app)
    Object.assign(this, { httpExecutor: new NodeNetExecutor() })
  }
  protected override doInstall(options: { isSilent: boolean }): boolean {
    this.installs.push({ isSilent: options.isSilent })
    return true
  }
}

describe('updates from the chain’s server', () => {
  let server: Server
  let feedUrl: string
  const requested: string[] = []
  let offline = false

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      requested.push(path)
      if (offline) return void res.writeHead(503).end()
      if (/\/latest(-linux|-mac)?\.yml$/.test(path)) return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml())
      if (path.endsWith('.exe')) return void res.writeHead(200, { 'content-length': INSTALLER.length }).end(INSTALLER)
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/coupon-desk`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  function storePc(version = '0.1.0') {
    const dir = mkdtempSync(join(tmpdir(), 'cd-updates-'))
    // What electron-builder writes into the installer's resources from the `publish` config.
    writeFileSync(join(dir, 'app-update.yml'), dump({ provider: 'generic', url: feedUrl, updaterCacheDirName: 'coupon-desk-updater' }))
    const quitHandlers: Array<(exitCode: number) => void> = []
    const app: AppAdapter = {
      version,
      name: 'coupon-desk',
      isPackaged: true,
      appUpdateConfigPath: join(dir, 'app-update.yml'),
      userDataPath: dir,
      baseCachePath: join(dir, 'cache'),
      whenReady: async () => {},
      relaunch: () => {},
      quit: () => {},
      onQuit: (handler) => void quitHandlers.push(handler),
    }
    const engine = new StorePcUpdater(app)
    const intervals: number[] = []
    let busy: ReturnType<WorkInProgress>
    const logs = createLogs({ dir: join(dir, 'logs') })
    const service: UpdateService = createUpdateService({
      engine: engine,
      busy: () => busy,
      log: logs.main,
      timers: { setInterval: (_cb, ms) => intervals.push(ms), clearInterval: () => {} },
    })
    return {
      engine,
      service,
      intervals,
      logs,
      setBusy: (value: ReturnType<WorkInProgress>) => void (busy = value),
      quit: () => quitHandlers.forEach((handler) => handler(0)),
    }
  }

  it('checks at start and then daily, downloads in the background, and says the update is ready', async () => {
    requested.length = 0
    const pc = storePc()
    expect(pc.service.status()).toEqual({ currentVersion: '0.1.0', update: { state: 'idle' } })
    pc.service.start()
    expect(pc.intervals).toEqual([DAY_MS])
    await vi.waitFor(() => expect(pc.service.status().update).toEqual({ state: 'ready', version: NEW_VERSION }), { timeout: 15_000 })
    expect(requested.some((url) => /^\/coupon-desk\/latest(-linux|-mac)?\.yml/.test(url))).toBe(true)
    expect(requested).toContain(`/coupon-desk/CouponDesk-Setup-${NEW_VERSION}.exe`)
    expect(pc.engine.installs).toEqual([]) // nothing installed while the app runs
  })

  it('installs on quit — but not while work is going on; then on a later, quiet quit', async () => {
    const pc = storePc()
    pc.service.start()
    await vi.waitFor(() => expect(pc.service.status().update.state).toBe('ready'), { timeout: 15_000 })

    pc.setBusy('outbox')
    pc.service.beforeQuit()
    pc.quit()
    expect(pc.engine.installs).toEqual([])
    expect(pc.service.status().update).toEqual({ state: 'ready', version: NEW_VERSION, waitingFor: 'outbox' })

    pc.setBusy('redemption')
    pc.service.beforeQuit()
    pc.quit()
    expect(pc.engine.installs).toEqual([])

    pc.setBusy(undefined)
    pc.service.beforeQuit()
    pc.quit()
    expect(pc.engine.installs).toEqual([{ isSilent: true }])
  })

  it('an app already on the newest version finds nothing to do', async () => {
    const pc = storePc(NEW_VERSION)
    await pc.service.check()
    await vi.waitFor(() => expect(pc.service.status().update).toMatchObject({ state: 'idle', lastCheckedAt: expect.any(String) }))
    pc.service.beforeQuit()
    pc.quit()
    expect(pc.engine.installs).toEqual([])
  })

  it('a server that is down shows as a failed check, in the log too', async () => {
    offline = true
    try {
      const pc = storePc()
      await pc.service.check()
      await vi.waitFor(() => expect(pc.service.status().update).toMatchObject({ state: 'error', lastCheckedAt: expect.any(String) }))
      expect(pc.logs.lastProblems(5).join('\n')).toMatch(/\[warn\] +update check or download failed/)
    } finally {
      offline = false
    }
  })

  it('an unpackaged (development) app does not update itself', () => {
    const engine = { isUpdaterActive: () => false, currentVersion: { version: '0.1.0' }, on: vi.fn(), checkForUpdates: vi.fn() }
    const service = createUpdateService({
      engine: engine as unknown as AppUpdater,
      busy: () => undefined,
      log: createLogs({ dir: mkdtempSync(join(tmpdir(), 'cd-upd-')) }).main,
    })
    service.start()
    expect(service.status().update).toEqual({ state: 'off' })
    expect(engine.checkForUpdates).not.toHaveBeenCalled()
  })
})
