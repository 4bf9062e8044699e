import type { Handlers } from '../ipc/router'
import { createSettingsStore } from '../settings'

export interface AppServicesOptions {
  /** Where the app keeps its files (Electron's userData in the app, a temp folder in tests). */
  dataDir: string
  version: string
  platform?: string
}

export interface AppServices {
  handlers: Handlers
  dispose(): Promise<void>
}

/**
 * Builds every main-process service and the IPC handlers over them, with no Electron in sight:
 * the app and the browser-test host both start here.
 */
export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const settings = createSettingsStore(options.dataDir)

  const handlers: Handlers = {
    'app.info': async () => ({
      name: '券台 Coupon Desk',
      version: options.version,
      platform: options.platform ?? process.platform,
      locale: settings.get().locale,
    }),
    'app.setLocale': async ({ locale }) => ({ locale: settings.update({ locale }).locale }),
  }

  return { handlers, dispose: async () => {} }
}
