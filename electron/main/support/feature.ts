import { writeFileSync } from 'node:fs'
import { arch, platform, release, type } from 'node:os'
import type { SupportChannel } from '@contract/ipc/channels/support'
import type { ProfileView } from '@contract/profiles'
import type { Logs } from '@main/logging/logs'
import { createRendererLogSink } from '@main/logging/renderer-log'
import type { Database } from '@main/store/db'
import type { Feature } from '@main/services/feature'
import { buildSupportBundle, bundleFileName, type Versions } from './bundle'

/** Asks the person where to save a file (Electron's save dialog in the app); undefined when they cancel. */
export type ChooseSavePath = (defaultName: string) => Promise<string | undefined>

export interface SupportOptions {
  /** Without one (tests, the fuzz) an export is answered as cancelled, and nothing is written. */
  chooseSavePath?: ChooseSavePath
  /** Crash dumps folder, listed in the bundle. */
  crashDir?: string
}

export interface SupportDeps {
  logs: Logs
  db: Database
  appVersion: string
  profiles: () => readonly ProfileView[]
  locale: () => string
  now: () => Date
}

/** The versions as this process knows them: Electron's and Chrome's only inside Electron. */
export function processVersions(appVersion: string): Versions {
  return {
    app: appVersion,
    ...(process.versions['electron'] ? { electron: process.versions['electron'] } : {}),
    ...(process.versions['chrome'] ? { chrome: process.versions['chrome'] } : {}),
    node: process.versions.node,
    os: { platform: platform(), type: type(), release: release(), arch: arch() },
  }
}

/** Field support: the window's log lines, and the support bundle. */
export function createSupportFeature(deps: SupportDeps, options: SupportOptions = {}): Feature<SupportChannel> {
  const writeRendererLog = createRendererLogSink(deps.logs.renderer)
  const log = deps.logs.main.scope('support')
  return {
    handlers: {
      'log.write': async (line) => writeRendererLog(line),
      'support.exportBundle': async () => {
        const path = await options.chooseSavePath?.(bundleFileName(deps.now()))
        if (!path) return { saved: false as const }
        const zip = buildSupportBundle({
          logs: deps.logs,
          versions: processVersions(deps.appVersion),
          profiles: deps.profiles(),
          db: deps.db,
          ...(options.crashDir ? { crashDir: options.crashDir } : {}),
          locale: deps.locale(),
          now: deps.now(),
        })
        writeFileSync(path, zip)
        log.info(`support bundle saved: ${zip.byteLength} bytes`)
        return { saved: true as const, path, bytes: zip.byteLength }
      },
    },
  }
}
