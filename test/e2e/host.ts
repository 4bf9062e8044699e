import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createRouter } from '@main/ipc/router'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { createRequire } from 'node:module'
import type { UpdateEngine } from '@main/updates/updater'
import { createKeytarStore, type SecretStore } from '@main/vault/secret-store'
import { startLoopbackBridge, type LoopbackBridge } from './bridge'
import { buildInitScript } from './init-script'
import { PdfSlipPrinter } from './slip-pdf'

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer')

export interface E2eHost {
  services: AppServices
  bridge: LoopbackBridge
  dataDir: string
  /** The OS keychain service this run's secrets go to (its own: the app's real entries are never touched). */
  keychainService: string
  /** Every reply and pushed event the bridge sent, for the "no secret reaches the renderer" check. */
  replies: unknown[]
  initScript: string
  /** Where slips "print": PDFs and pictures of the page main built. */
  slips: PdfSlipPrinter
  /** `keepData`: the data directory stays, for a restart of the app on it (`startE2eHost({ dataDir })`). */
  stop(options?: { keepData?: boolean }): Promise<void>
}

/**
 * The real main-process services (sandbox gateway, vault on the real OS keychain, journal and
 * drafts in a temp folder) behind the loopback bridge, serving the built renderer.
 */
export async function startE2eHost(
  options: {
    secrets?: SecretStore
    updateEngine?: UpdateEngine
    /** An earlier run's data directory: the app restarted on the same journal, drafts and settings. */
    dataDir?: string
    /** A training gateway kept across restarts (the platform does not restart with the app). */
    sandbox?: NonNullable<NonNullable<Parameters<typeof createAppServices>[0]['sandbox']>['gateway']>
  } = {},
): Promise<E2eHost> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run \`npm run build\` (npm run test:e2e does it for you)`)
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'coupon-desk-e2e-'))
  // A keychain service of its own, so a run never touches (or leaves) the app's real entries.
  const keychainService = `coupon-desk-e2e-${process.pid}-${Date.now()}`
  const slips = new PdfSlipPrinter()
  const services = await createAppServices({
    dataDir,
    version: 'e2e',
    secrets: options.secrets ?? createKeytarStore(keychainService),
    sandbox: { control: true, ...(options.sandbox ? { gateway: options.sandbox } : {}) },
    slipPrinter: slips,
    clientTuning: { timeoutMs: 3000, backoffMs: 50, maxAttempts: 2, maxBanWaitSeconds: 2 },
    ...(options.updateEngine ? { updateEngine: options.updateEngine } : {}),
    // The save dialog answers "in the run's exports folder, under the name main suggested".
    support: {
      chooseSavePath: async (name) => {
        mkdirSync(join(dataDir, 'exports'), { recursive: true })
        return join(dataDir, 'exports', name)
      },
    },
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
  // Pushed events are recorded too: they cross into the renderer just as replies do.
  const events = {
    subscribe: (sink: Parameters<typeof services.events.subscribe>[0]) =>
      services.events.subscribe((event, payload) => {
        replies.push({ event, payload })
        sink(event, payload)
      }),
  }
  const bridge = await startLoopbackBridge(recording, RENDERER_DIR, events)
  return {
    services,
    bridge,
    dataDir,
    keychainService,
    replies,
    initScript: buildInitScript(bridge.token),
    slips,
    async stop(stopOptions = {}) {
      await slips.close()
      await bridge.close()
      await services.dispose()
      if (!stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true })
      if (!options.secrets) await forgetKeychainService(keychainService)
    },
  }
}

/** The keychain as the OS holds it, read with keytar directly rather than through our vault. */
export function osKeychain(): typeof import('keytar') {
  return createRequire(import.meta.url)('keytar') as typeof import('keytar')
}

/** Leaves no entry of a run behind in the keychain of the machine that ran it. */
async function forgetKeychainService(service: string): Promise<void> {
  try {
    const keytar = osKeychain()
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account)
  } catch {
    // No keychain on this machine: nothing was stored there either.
  }
}
