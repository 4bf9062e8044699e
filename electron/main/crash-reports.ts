import type { CrashReporterStartOptions } from 'electron'
import type { Settings } from './settings'

/**
 * Electron's crash reporter (Crashpad) for main, renderer and GPU processes. Dumps are always
 * written locally, to `<user data>/Crashpad` (Electron's `crashDumps` path), where the support
 * bundle lists them; they are uploaded only when the store has set `crashReportUrl` in
 * settings.json — a dump is a copy of process memory, so it goes nowhere by default.
 */
export function crashReporterOptions(settings: Pick<Settings, 'crashReportUrl'>, appVersion: string): CrashReporterStartOptions {
  const common = { compress: true, globalExtra: { appVersion } }
  return settings.crashReportUrl
    ? { ...common, submitURL: settings.crashReportUrl, uploadToServer: true }
    : { ...common, submitURL: '', uploadToServer: false }
}
