import { join } from 'node:path'
import { SANDBOX_CREDENTIALS } from '@main/sandbox/credentials'
import { createSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { createLogs, type Logs } from '@main/logging/logs'
import { outboxSummary } from '@main/store/support-counts'
import { createSupportFeature, type SupportOptions } from '@main/support/feature'
import { createUpdateService, type UpdateEngine, type UpdateService } from '@main/updates/updater'
import { createKeytarStore, type SecretStore } from '@main/vault/secret-store'
import { createVault } from '@main/vault/vault'
import { createEventHub, type EventHub } from '../ipc/events'
import type { Handlers } from '../ipc/router'
import { createSettingsStore } from '../settings'
import { openDatabase } from '../store/db'
import { draftMigrations } from '../store/drafts-migrations'
import { journalMigrations } from '../store/journal'
import type { OutboxStore } from '../store/outbox'
import type { TemplateRows } from './templates/template-rows'
import type { RedemptionJournal } from './redemption/journal'
import { createConnectionProvider, type ClientTuning } from './connection-provider'
import type { Feature } from './feature'

/** Start-up and shutdown work of the features, whatever channels they serve. */
type Lifecycle = Pick<Feature, 'start' | 'dispose'>
import { createProfilesFeature } from './profiles-feature'
import { createRedemptionFeature } from './redemption/feature'
import { createShiftFeature, shiftMigrations } from './shift/feature'
import { createSlipFeature, slipMigrations } from './slips/feature'
import { NO_PRINTER, type SlipPrinter } from './slips/printer'
import { createTemplateFeature } from './templates/feature'
import type { NetworkSignals } from './templates/os-network'

/** What the training profile pre-fills on the counter, so a new cashier can redeem at once. */
const SANDBOX_COUNTER_DEFAULTS = { shopId: 'S001', brandId: 'B001', operatorId: 'OP001', operatorName: '培训店长' }

export interface AppServicesOptions {
  /** Where the app keeps its files (Electron's userData in the app, a temp folder in tests). */
  dataDir: string
  version: string
  platform?: string
  /** The OS keychain by default; tests may pass another store. */
  secrets?: SecretStore
  /**
   * The built-in training gateway; a fixed port and the control API (fault injection, state) are for
   * test hosts only (test/e2e/host.ts): the app itself never enables the control API.
   */
  sandbox?: {
    port?: number
    control?: boolean
    /**
     * A training gateway that outlives these services: a test host that restarts the app keeps
     * the platform (its ledger) as it was, as a real restart keeps TOP's. Not stopped on dispose.
     */
    gateway?: SandboxGateway & { ensureStarted(): Promise<void> }
  }
  /** Timeouts and retries of the TOP client (tests shorten them). */
  clientTuning?: ClientTuning
  /** The OS's wake-ups and connectivity for the template outbox (the app passes Electron's). */
  networkSignals?: NetworkSignals
  /** The support bundle's save dialog and the crash dumps folder it lists. */
  support?: SupportOptions
  /** electron-updater's updater in the app; without one (tests, development) updates are off. */
  updateEngine?: UpdateEngine
  /**
   * Where slips are printed: Electron's print in the app, a PDF in the browser journeys; without
   * one (unit tests) printing fails with a translated error.
   */
  slipPrinter?: SlipPrinter
  /** The log files; by default in `<dataDir>/logs`, so every test run leaves logs to search. */
  logs?: Logs
  now?: () => Date
}

export interface AppServices {
  handlers: Handlers
  /** What main pushes to the window; the app forwards it with webContents.send, browser tests over the bridge. */
  events: EventHub
  logs: Logs
  /** Undefined when this run has no updater (tests, the browser host). */
  updates: UpdateService | undefined
  /**
   * The embedded sandbox gateway (training mode). It listens only while a training profile is in
   * use: from start-up when one is active, else from the training profile's first call.
   */
  sandbox: SandboxGateway
  /** Settles when every feature's start-up work has finished (tests wait for it). */
  started: Promise<unknown>
  dispose(): Promise<void>
}

/**
 * Builds every main-process service and the IPC handlers over them, with no Electron in sight:
 * the app and the browser-test host both start here.
 */
export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const now = options.now ?? (() => new Date())
  const logs = options.logs ?? createLogs({ dir: join(options.dataDir, 'logs') })
  const log = logs.main
  const settings = createSettingsStore(options.dataDir)
  const ownSandbox = options.sandbox?.gateway === undefined
  const sandbox =
    options.sandbox?.gateway ?? createSandboxGateway({ port: options.sandbox?.port ?? 0, control: options.sandbox?.control ?? false })
  for (const value of Object.values(SANDBOX_CREDENTIALS)) logs.redactor.remember(value)
  const vault = createVault({
    dataDir: options.dataDir,
    // Every secret going into or out of the keychain is taught to the log redactor on the way.
    secrets: rememberedBy(options.secrets ?? createKeytarStore(), (secret) => logs.redactor.remember(secret)),
    sandbox: {
      ...SANDBOX_CREDENTIALS,
      gatewayUrl: () => sandbox.url,
      ensureStarted: () => sandbox.ensureStarted(),
      defaults: SANDBOX_COUNTER_DEFAULTS,
    },
    logger: log.scope('vault'),
  })
  if (vault.active().kind === 'sandbox') await sandbox.ensureStarted()
  const connections = createConnectionProvider(vault, options.clientTuning)
  const db = openDatabase(join(options.dataDir, 'coupon-desk.db'), {
    journal: journalMigrations,
    drafts: draftMigrations,
    shift: shiftMigrations,
    slips: slipMigrations,
  })
  const events = createEventHub({
    onInvalid: (event, error) => log.error(`[events] ${event} not sent`, error instanceof Error ? error.message : String(error)),
  })
  const deps = { db, connection: connections, dataDir: options.dataDir, now, log, events }

  const shift = createShiftFeature(deps)
  const slips = createSlipFeature({
    ...deps,
    printer: options.slipPrinter ?? NO_PRINTER,
    shift: shift.service,
    log: log.scope('slips'),
  })
  const redemption = createRedemptionFeature(deps, {
    shift: shift.service,
    onLookup: (profileId, vouchers) => slips.service.rememberLookup(profileId, vouchers),
  })
  const templates = createTemplateFeature(deps, {
    shift: shift.service,
    ...(options.networkSignals ? { signals: options.networkSignals } : {}),
  })
  const support = createSupportFeature(
    { logs, db, appVersion: options.version, profiles: () => vault.list(), locale: () => settings.get().locale, now },
    options.support,
  )
  const profiles = createProfilesFeature(vault, connections, events, () =>
    waitingWork(templates.submissions.outbox, redemption.service.journal),
  )
  const features: Lifecycle[] = [profiles, shift, redemption, templates]
  const updates = options.updateEngine
    ? createUpdateService({
        engine: options.updateEngine,
        log: log.scope('updates'),
        busy: () => {
          if (redemption.service.workInProgress()) return 'redemption'
          const { byStatus } = outboxSummary(db)
          return (byStatus['queued'] ?? 0) + (byStatus['sending'] ?? 0) > 0 ? 'outbox' : undefined
        },
      })
    : undefined

  const handlers: Handlers = {
    'app.info': async () => ({
      name: '券台 Coupon Desk',
      version: options.version,
      platform: options.platform ?? process.platform,
      locale: settings.get().locale,
    }),
    'app.setLocale': async ({ locale }) => ({ locale: settings.update({ locale }).locale }),
    ...profiles.handlers,
    ...redemption.handlers,
    ...templates.handlers,
    ...support.handlers,
    ...shift.handlers,
    ...slips.handlers,
    'updates.status': async () => updates?.status() ?? { currentVersion: options.version, update: { state: 'off' as const } },
  }
  // Start-up recovery (e.g. redemptions whose outcome a crash left unknown) runs in the background:
  // the window opens at once and shows what is being resolved.
  const started = Promise.allSettled(features.map(async (feature) => feature.start?.()))
  updates?.start()

  log.info(`started: version ${options.version}, ${options.platform ?? process.platform}, data in ${options.dataDir}`)
  return {
    handlers,
    events,
    logs,
    updates,
    sandbox,
    started,
    async dispose() {
      updates?.dispose()
      await started
      for (const feature of features) await feature.dispose?.()
      db.close()
      if (ownSandbox) await sandbox.stop()
    },
  }
}

/** The same store, with every value read from or written to it handed to `remember` first. */
function rememberedBy(store: SecretStore, remember: (value: string) => void): SecretStore {
  return {
    get: async (account) => {
      const value = await store.get(account)
      if (value !== null) remember(value)
      return value
    },
    set: (account, value) => {
      remember(value)
      return store.set(account, value)
    },
    delete: (account) => store.delete(account),
  }
}

/** Per profile: template submissions not finished and redemption calls without a final answer. */
function waitingWork(
  outbox: Pick<OutboxStore<TemplateRows>, 'waitingByProfile'>,
  journal: Pick<RedemptionJournal, 'unresolvedByProfile'>,
): Map<string, { templates: number; redemptions: number }> {
  const templates = outbox.waitingByProfile()
  const redemptions = journal.unresolvedByProfile()
  const counts = new Map<string, { templates: number; redemptions: number }>()
  for (const id of new Set([...templates.keys(), ...redemptions.keys()])) {
    counts.set(id, { templates: templates.get(id) ?? 0, redemptions: redemptions.get(id) ?? 0 })
  }
  return counts
}
