import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createRouter } from '@main/ipc/router'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { createKeytarStore, type SecretStore } from '@main/vault/secret-store'
import { startLoopbackBridge, type LoopbackBridge } from './bridge'
import { buildInitScript } from './init-script'

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer')

export interface E2eHost {
  services: AppServices
  bridge: LoopbackBridge
  dataDir: string
  /** Every reply the bridge sent, for the "no secret reaches the renderer" check. */
  replies: unknown[]
  initScript: string
  stop(): Promise<void>
}

/**
 * The real main-process services (sandbox gateway, vault on the real OS keychain, journal and
 * drafts in a temp folder) behind the loopback bridge, serving the built renderer.
 */
export async function startE2eHost(options: { secrets?: SecretStore } = {}): Promise<E2eHost> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run \`npm run build\` (npm run test:e2e does it for you)`)
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'coupon-desk-e2e-'))
  // A keychain service of its own, so a run never touches (or leaves) the app's real entries.
  const keychainService = `coupon-desk-e2e-${process.pid}-${Date.now()}`
  const services = await createAppServices({
    dataDir,
    version: 'e2e',
    secrets: options.secrets ?? createKeytarStore(keychainService),
    sandbox: { control: true },
    clientTuning: { timeoutMs: 3000, backoffMs: 50, maxAttempts: 2, maxBanWaitSeconds: 2 },
  })
  const replies: unknown[] = []
  const router = createRouter(services.handlers, { validateOutput: true })
  const recording = {
    channels: router.channels,
    async dispatch(channel: string, payload: unknown) {
      const reply = await router.dispatch(channel, payload)
      replies.push(reply)
      return reply
    },
  }
  const bridge = await startLoopbackBridge(recording, RENDERER_DIR)
  return {
    services,
    bridge,
    dataDir,
    replies,
    initScript: buildInitScript(bridge.token),
    async stop() {
      await bridge.close()
      await services.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
