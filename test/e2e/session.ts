import type { Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium, openApp, type AppBrowser } from './browser'
import { startE2eHost, type E2eHost } from './host'

export interface AppSession {
  host: E2eHost
  browser: AppBrowser
  page: Page
}

/**
 * One journey's world: the real services, a fresh Chromium, and the app open at `route`; torn down
 * after the journey. Fields are filled in `beforeAll`, so read them inside tests.
 */
export function useAppSession(route: string, hostOptions: Parameters<typeof startE2eHost>[0] = {}): AppSession {
  const session = {} as AppSession
  beforeAll(async () => {
    session.host = await startE2eHost(hostOptions)
    session.browser = await launchChromium()
    session.page = await openApp(session.browser, session.host, route)
  })
  afterAll(async () => {
    await session.browser?.close()
    await session.host?.stop()
  })
  return session
}
