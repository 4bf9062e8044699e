import type { Feature, FeatureDeps } from '@main/services/feature'
import { createTemplateServices, type DraftService } from './draft-service'
import { GatewayWatches, tcpProbe } from './network-watch'
import { OsNetworkMonitor, type NetworkSignals } from './os-network'
import { OutboxWorker } from './outbox-worker'
import type { SubmissionService } from './submission-service'
import { nodeTimers, type Timers } from './timers'
import type { Actor, ShiftGate } from '../shift/service'
import { TemplateTerminateRequestSchema, type UserInfo } from '@contract/api/template'
import { AppError } from '@main/ipc/app-error'
import { queryTemplate, terminateTemplate } from '@main/top/apis'
import { TopError, TopResponseError } from '@main/top/errors'
import type { Connection } from '../connection'

export type TemplateChannel =
  | 'drafts.list'
  | 'drafts.get'
  | 'drafts.create'
  | 'drafts.import'
  | 'drafts.save'
  | 'drafts.duplicate'
  | 'drafts.delete'
  | 'drafts.restore'
  | 'drafts.export'
  | 'drafts.submit'
  | 'drafts.resolveConflict'
  | 'drafts.terminate'
  | 'outbox.list'
  | 'outbox.cancel'
  | 'outbox.release'
  | 'templates.networkOnline'

/** Knobs for tests; the app uses the defaults. */
export interface TemplateFeatureOptions {
  timers?: Timers
  /**
   * Cheap reachability check of one profile's gateway. Default: a TCP connect to the gateway of
   * the profile whose work waits (never the active profile's, unless that is whose work it is).
   */
  probe?: (profileId: string) => Promise<boolean>
  probeBackoff?: { initialMs: number; maxMs: number }
  retryBackoff?: { initialMs: number; maxMs: number }
  newId?: () => string
  newUniqueId?: () => string
  /** The OS's wake-ups and connectivity (Electron's powerMonitor and net in the app). */
  signals?: NetworkSignals
  /** How often the OS's connectivity is read. */
  osPollMs?: number
  /** Who is at the till: fills `user_info` of each submission, and approval of production ones. */
  shift?: ShiftGate
}

export interface TemplateFeature extends Feature<TemplateChannel> {
  /** For tests and the app's own diagnostics. */
  readonly service: DraftService
  readonly submissions: SubmissionService
  readonly worker: OutboxWorker
  /** One network watch per profile with work in the outbox. */
  readonly watch: GatewayWatches
  start(): Promise<void>
  dispose(): Promise<void>
}

/**
 * Coupon-template drafts, their outbox and its network watch. Tables come from
 * `draftMigrations`; `start()` resumes the outbox and starts listening to the OS, `dispose()`
 * stops its timers and waits for an attempt on the wire to be recorded.
 */
export function createTemplateFeature(deps: FeatureDeps, options: TemplateFeatureOptions = {}): TemplateFeature {
  const timers = options.timers ?? nodeTimers
  const { drafts: service, submissions } = createTemplateServices({
    db: deps.db,
    now: deps.now,
    activeProfileId: () => deps.connection.activeProfileId(),
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.newUniqueId ? { newUniqueId: options.newUniqueId } : {}),
  })
  // What moved the outbox is told to the window once per task, however many writes it took (a
  // settle, the draft's state, the next entry marked sending): the list is read once, afterwards.
  let outboxTold = false
  let disposed = false
  const outboxChanged = (): void => {
    if (outboxTold || disposed) return
    outboxTold = true
    queueMicrotask(() => {
      outboxTold = false
      if (!disposed) deps.events?.emit('outbox.changed', () => ({ entries: submissions.outboxEntries({}), network: watch.status() }))
    })
  }
  /** A handler's answer, after telling the window the outbox moved. */
  const moved = <T>(result: T): T => {
    outboxChanged()
    return result
  }
  // The worker and the watch call each other; the watch's callback reads `worker` only after both exist.
  const watch: GatewayWatches = new GatewayWatches({
    probe: options.probe ?? ((profileId) => probeGatewayOf(deps, profileId)),
    onOnline: (profileId) => worker.networkBack(profileId),
    onChange: (status) => deps.events?.emit('network.changed', status),
    timers,
    now: deps.now,
    ...(options.probeBackoff ? { backoff: options.probeBackoff } : {}),
  })
  const worker: OutboxWorker = new OutboxWorker({
    submissions,
    connection: deps.connection,
    watches: watch,
    timers,
    now: deps.now,
    onChange: outboxChanged,
    ...(options.retryBackoff ? { retry: options.retryBackoff } : {}),
  })
  const os = options.signals
    ? new OsNetworkMonitor({
        signals: options.signals,
        watch,
        timers,
        ...(options.osPollMs !== undefined ? { pollMs: options.osPollMs } : {}),
      })
    : undefined

  return {
    service,
    submissions,
    worker,
    watch,
    handlers: {
      'drafts.list': async (input) => ({ drafts: service.list(input ?? {}) }),
      'drafts.get': async ({ draftId }) => service.get(draftId),
      'drafts.create': async () => service.create(),
      'drafts.import': async ({ text }) => service.import(text),
      'drafts.save': async ({ draftId, body }) => service.save(draftId, body),
      'drafts.duplicate': async ({ draftId }) => service.duplicate(draftId),
      'drafts.delete': async ({ draftId }) => moved(service.delete(draftId)),
      'drafts.restore': async ({ draftId }) => service.restore(draftId),
      'drafts.export': async ({ draftId }) => service.export(draftId),
      'drafts.submit': async ({ draftId, revision, approval }) => {
        const shift = options.shift
        const actor = shift?.actor()
        const production = shift ? (await deps.connection.current()).profileKind === 'production' : false
        const approved = production ? await shift!.authorize('productionTemplate', approval) : null
        const submitted = submissions.submit(draftId, revision, actor && submitterInfo(actor))
        shift?.record({ kind: 'template', submissionId: submitted.submission.submissionId, actor, approval: approved, reason: null })
        worker.kick()
        return moved(submitted)
      },
      'drafts.terminate': async ({ draftId, approval }) => {
        const shift = options.shift
        const actor = shift?.actor()
        const connection = await deps.connection.current()
        const target = service.terminationTarget(draftId)
        // The same approval as a production template submission: ending one is at least as weighty.
        const approved = shift && connection.profileKind === 'production' ? await shift.authorize('productionTemplate', approval) : null
        const userInfo = actor ? submitterInfo(actor) : target.userInfo
        const sourceId = target.sourceId ?? (await platformSourceId(connection, target.templateId))
        const request = TemplateTerminateRequestSchema.safeParse({ source_id: sourceId, ...(userInfo ? { user_info: userInfo } : {}) })
        if (!request.success) throw new AppError('invalid-input', 'templates.terminate.badRequest', { templateId: target.templateId })
        // A lost reply is repeated by the client: ending an ended template leaves it ended.
        const { result } = (await terminateTemplate(connection.client, request.data)).data
        if (!result.success) {
          throw new AppError('top-error', 'templates.terminate.refused', { errCode: result.err_code ?? '-', errMsg: result.err_msg ?? '' })
        }
        return moved(service.recordTerminated(draftId, { by: actor?.operatorName ?? null, approvedBy: approved?.approverName ?? null }))
      },
      'drafts.resolveConflict': async ({ draftId, revision, resolution }) => {
        const resolved = submissions.resolveConflict(draftId, revision, resolution)
        if (resolved.submission) worker.kick()
        return moved(resolved)
      },
      'outbox.list': async (input) => ({ entries: submissions.outboxEntries(input ?? {}), network: watch.status() }),
      'outbox.cancel': async ({ submissionId }) => moved(submissions.cancel(submissionId)),
      'outbox.release': async ({ submissionId }) => moved(submissions.release(submissionId)),
      'templates.networkOnline': async () => ({ network: await watch.nudge() }),
    },
    async start() {
      worker.start()
      os?.start()
    },
    async dispose() {
      disposed = true
      os?.dispose()
      watch.dispose()
      await worker.dispose()
    },
  }
}

/**
 * A TCP connect to the gateway of the profile whose work waits. When the profile cannot even be
 * read (e.g. the keychain is locked) the probe answers "maybe": the next real attempt is then the
 * probe, still on the watch's growing backoff, and reports the real error.
 */
async function probeGatewayOf(deps: FeatureDeps, profileId: string): Promise<boolean> {
  let gatewayUrl: string
  try {
    gatewayUrl = (await deps.connection.of(profileId)).gatewayUrl
  } catch {
    return true
  }
  return tcpProbe(gatewayUrl)
}

/**
 * The template's `source_id` as the platform holds it (the query answers it), for a draft that
 * does not know it (an update of a template created elsewhere). A refusal of the query is "no
 * source id here"; a network failure is reported as it is.
 */
async function platformSourceId(connection: Connection, templateId: string): Promise<string> {
  try {
    const reply = await queryTemplate(connection.client, templateId)
    const sourceId = reply.data.result.success ? reply.data.result.model?.coupon_template?.source_id : undefined
    if (sourceId !== undefined) return sourceId
  } catch (error) {
    if (!(error instanceof TopError || error instanceof TopResponseError)) throw error
  }
  throw new AppError('conflict', 'templates.terminate.noSourceId', { templateId })
}

/**
 * `user_info` of a submission from the signed-in operator. The metadata types `user_id` as a
 * number (int64), so a store's operator id goes there only when it is all digits; the name always does.
 */
export function submitterInfo(actor: Actor): UserInfo {
  return {
    source: 'coupon-desk',
    user_name: actor.operatorName,
    ...(/^[0-9]{1,18}$/.test(actor.operatorId) ? { user_id: actor.operatorId } : {}),
  }
}
