import type { z } from 'zod'
import {
  EXPORT_ROW_CAP,
  MAX_VOUCHERS_PER_BATCH,
  MAX_VOUCHERS_PER_CALL,
  type BatchProgress,
  type DemoVoucherInfo,
  type HistoryExport,
  type HistoryExportInputSchema,
  type HistoryPage,
  type HistoryRow,
  type LookedUpVoucher,
  type HistoryQueryInputSchema,
  type RedeemContext,
  type RedeemSubmitInputSchema,
  type ResolveInputSchema,
  type RetryResult,
  type ReverseInputSchema,
  type ReverseResult,
  type StartupReport,
} from '@contract/ipc/channels/redemption'
import { AppError } from '@main/ipc/app-error'
import { fallbackLog } from '@main/logging/logs'
import { DEMO_VOUCHERS } from '@main/sandbox/demo-data'
import type { Connection, ProfileDefaults } from '../connection'
import type { FeatureDeps } from '../feature'
import type { ShiftGate } from '../shift/service'
import { BatchRunner } from './batches'
import { exportFileName, historyCsv } from './csv'
import { CallExecutor } from './executor'
import { collectHistory, historyRow, queryHistory } from './history'
import { RedemptionJournal, type ManualVerdict, type ResolveRefusal } from './journal'
import { Recovery } from './recovery'
import type { Operator } from './requests'
import { withActs } from './acts'
import { LookupUnavailableError, PlatformSettler, lookupCustomerVouchers } from './settle'

export type SubmitInput = z.output<typeof RedeemSubmitInputSchema>
export type ReverseInput = z.output<typeof ReverseInputSchema>
export type HistoryQueryInput = z.output<typeof HistoryQueryInputSchema>
export type HistoryExportInput = z.output<typeof HistoryExportInputSchema>
export type ResolveInput = z.output<typeof ResolveInputSchema>

export interface RedemptionOptions {
  /** Vouchers per call; tests lower it to see batches split. */
  perCall?: number
  /** Who is at the till: the operator of every act, approvals and reasons. */
  shift?: ShiftGate
  /** Told what a voucher lookup answered (the slips keep the values: the redemption reply has none). */
  onLookup?: (profileId: string, vouchers: readonly LookedUpVoucher[]) => void
}

/**
 * Redemption, reversal, recovery and history over the journal. Every call to TOP goes through
 * the journal first (see `CallExecutor`), so this class only decides *what* to send.
 */
export class RedemptionService {
  readonly journal: RedemptionJournal
  readonly batches: BatchRunner
  readonly #deps: FeatureDeps
  readonly #executor: CallExecutor
  readonly #recovery: Recovery
  readonly #shift: ShiftGate | undefined
  readonly #onLookup: RedemptionOptions['onLookup']
  readonly #settler: PlatformSettler
  /** Aborted on dispose: calls under way end as `unknown` and are resolved at the next start. */
  readonly #stop = new AbortController()

  constructor(deps: FeatureDeps, options: RedemptionOptions = {}) {
    this.#deps = deps
    this.journal = new RedemptionJournal(deps.db, deps.now)
    const log = (deps.log ?? fallbackLog).scope('redemption')
    this.#executor = new CallExecutor(this.journal, log)
    this.batches = new BatchRunner(
      deps.db,
      deps.now,
      this.journal,
      this.#executor,
      log,
      options.perCall ?? MAX_VOUCHERS_PER_CALL,
      (batchId) => deps.events?.emit('redeem.batchProgress', () => this.progress(batchId)),
    )
    this.#recovery = new Recovery(this.journal, this.batches, this.#executor, log)
    this.#settler = new PlatformSettler(this.journal, this.#executor)
    this.#shift = options.shift
    this.#onLookup = options.onLookup
  }

  /** A batch being sent or a call on the wire (a retry, start-up recovery): what an update must not cut short. */
  workInProgress(): boolean {
    return this.batches.busy || this.#executor.busy
  }

  #connection(): Promise<Connection> {
    return this.#deps.connection.current()
  }

  async context(): Promise<RedeemContext> {
    const c = await this.#connection()
    return {
      profileId: c.profileId,
      profileName: c.profileName,
      profileKind: c.profileKind,
      defaults: definedDefaults(c.defaults),
      limits: { perCall: MAX_VOUCHERS_PER_CALL, perBatch: MAX_VOUCHERS_PER_BATCH },
    }
  }

  /** The sandbox's practice vouchers; none for a production profile. */
  async demoVouchers(): Promise<{ vouchers: DemoVoucherInfo[] }> {
    const c = await this.#connection()
    if (c.profileKind !== 'sandbox') return { vouchers: [] }
    return {
      vouchers: DEMO_VOUCHERS.map((v) => ({
        voucherId: v.voucherId,
        customerId: v.customerId,
        initialState: v.initialState,
        note: { zh: v.note.zh, en: v.note.en },
      })),
    }
  }

  /** A customer's vouchers as the platform lists them, for the cashier to pick from. */
  async lookupVouchers(customerId: string): Promise<{ vouchers: LookedUpVoucher[] }> {
    const c = await this.#connection()
    try {
      const listed = await lookupCustomerVouchers(c.client, customerId, c.defaults.brandId, this.#stop.signal)
      const vouchers: LookedUpVoucher[] = listed.flatMap((v) =>
        v.voucher_id
          ? [
              {
                voucherId: v.voucher_id,
                title: v.title ?? null,
                amount: v.amount ?? null,
                startFee: v.start_fee ?? null,
                discountRate: v.discount_rate ?? null,
                giftPoint: v.gift_point ?? null,
                startTime: v.start_time ?? null,
                endTime: v.end_time ?? null,
                status: v.status ?? null,
                templateId: v.voucher_template_id ?? null,
              },
            ]
          : [],
      )
      this.#onLookup?.(c.profileId, vouchers)
      return { vouchers }
    } catch (error) {
      if (error instanceof LookupUnavailableError) {
        throw new AppError('top-error', error.reason.key, error.reason.params)
      }
      throw error
    }
  }

  async submit(input: SubmitInput): Promise<BatchProgress> {
    const c = await this.#connection()
    const operator = this.#shift?.actor() ?? requiredOperator(input, c.defaults)
    const header = {
      ...operator,
      customerId: input.customerId,
      source: input.source,
      shopId: input.shopId ?? c.defaults.shopId,
      brandId: chosenBrand(input.brandId, c.defaults),
      outBrandId: c.defaults.outBrandId,
      outShopId: c.defaults.outShopId,
      outOrderId: input.outOrderId,
    }
    const plan = input.vouchers.map((v) => ({ voucherId: v.voucherId, points: v.points ?? null }))
    return this.batches.start(header, plan, c, this.#stop.signal)
  }

  progress(batchId: string): BatchProgress {
    const progress = this.batches.progress(batchId)
    if (!progress) throw new AppError('not-found', 'redemption.error.batchNotFound')
    return progress
  }

  /** Each voucher is its own call with its own request_id, one after another. */
  async reverse(input: ReverseInput): Promise<{ results: ReverseResult[] }> {
    const actor = this.#shift?.actor()
    const reason = this.#shift?.reason(input.reason) ?? null
    const rowIds = new Set(input.rowIds)
    const approval = (await this.#shift?.authorize(rowIds.size > 1 ? 'bulkReverse' : 'reverse', input.approval)) ?? null
    const c = await this.#connection()
    const operator = actor ?? operatorFor(input, c.defaults)
    const results: ReverseResult[] = []
    for (const rowId of rowIds) {
      const begun = this.journal.beginReversal(rowId, c.profileId, { operator, store: c.defaults })
      if (begun.kind === 'refused') {
        results.push({ kind: 'refused', rowId, voucherId: stringParam(begun.message.params.voucherId), message: begun.message })
        continue
      }
      let entryId: number
      if (begun.kind === 'retry') {
        if (this.#executor.isInFlight(begun.entryId)) {
          results.push({
            kind: 'refused',
            rowId,
            voucherId: begun.voucherId,
            message: { key: 'redemption.reverse.inFlight', params: { voucherId: begun.voucherId } },
          })
          continue
        }
        entryId = begun.entryId
        await this.#executor.resend(entryId, c, this.#stop.signal)
      } else {
        entryId = begun.entry.id
        // Who, who approved and why are on the record before the call goes out.
        this.#shift?.record({
          kind: 'reverse',
          entryId,
          actor,
          approval,
          reason: reason && { code: reason.code, text: reason.text ?? null },
        })
        const [outcome] = await this.#executor.send(begun.entry, c, this.#stop.signal)
        // Possibly applied: look the customer's vouchers up at once, while the reissued voucher is
        // the only new one of its template (later reversals would make it ambiguous).
        if (!this.#stop.signal.aborted && (outcome?.state === 'unknown' || outcome?.state === 'needs_check')) {
          await this.#settler.settle(entryId, c, this.#stop.signal)
        }
      }
      const reversal = this.journal.entryResult(entryId)!.vouchers[0]!
      results.push({ kind: 'done', rowId, voucherId: reversal.voucherId, reversal })
    }
    return { results }
  }

  /**
   * A manager's verdict on an `unknown` or `needs_check` row after looking the voucher up in the
   * merchant backend. Recorded with who (the operator named, else the profile's default) and when.
   */
  async resolve(input: ResolveInput): Promise<{ row: HistoryRow }> {
    const actor = this.#shift?.actor()
    const approval = (await this.#shift?.authorize('resolve', input.approval)) ?? null
    const c = await this.#connection()
    const operator = actor ?? requiredOperator(input, c.defaults)
    const verdict: ManualVerdict =
      input.verdict === 'applied' ? { verdict: 'applied', reissuedVoucherId: input.reissuedVoucherId } : { verdict: 'not_applied' }
    const resolved = this.journal.resolveByHand(
      input.rowId,
      c.profileId,
      verdict,
      { operatorId: operator.operatorId, operatorName: operator.operatorName ?? null },
      this.#executor.inFlightEntries(),
    )
    if (resolved.kind === 'refused') throw resolveError(resolved.reason, resolved.voucherId)
    this.#shift?.record({ kind: 'resolve', rowId: input.rowId, actor, approval, reason: null })
    return { row: this.#withActs([historyRow(this.#deps.db, c.profileId, input.rowId)!])[0]! }
  }

  async retry(entryIds: readonly number[] | undefined): Promise<RetryResult> {
    return this.#recovery.retry(entryIds, (profileId) => this.#deps.connection.of(profileId), this.#stop.signal)
  }

  startupReport(): StartupReport {
    return this.#recovery.report()
  }

  async history(input: HistoryQueryInput): Promise<HistoryPage> {
    const { profileId } = await this.#connection()
    const page = queryHistory(this.#deps.db, { profileId, filter: input.filter, after: input.after, limit: input.limit })
    return { ...page, rows: this.#withActs(page.rows) }
  }

  async exportHistory(input: HistoryExportInput): Promise<HistoryExport> {
    const { profileId } = await this.#connection()
    const { rows, truncated } = collectHistory(this.#deps.db, profileId, input.filter, EXPORT_ROW_CAP)
    return {
      fileName: exportFileName(this.#deps.now(), input.locale),
      csv: historyCsv(this.#withActs(rows), input.locale),
      rowCount: rows.length,
      truncated,
      cap: EXPORT_ROW_CAP,
    }
  }

  #withActs(rows: HistoryRow[]): HistoryRow[] {
    return this.#shift ? withActs(rows, this.#shift) : rows
  }

  /** Resolves once start-up recovery has finished (or given up for want of a connection). */
  async start(): Promise<void> {
    await this.#recovery.startUp((profileId) => this.#deps.connection.of(profileId), this.#stop.signal)
    // The Redeem screen shows "resolving…" until it hears this; it does not ask again by itself.
    this.#deps.events?.emit('redeem.startupReport', () => this.#recovery.report())
  }

  /** Cuts calls under way short and waits until each has been recorded (as `unknown` at worst). */
  async dispose(): Promise<void> {
    this.#stop.abort()
    await this.batches.settledAll()
    await this.#executor.idle()
  }
}

function definedDefaults(d: ProfileDefaults): ProfileDefaults {
  const set = (v: unknown): boolean => (typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0)
  return Object.fromEntries(Object.entries(d).filter(([, v]) => set(v)))
}

/** The brand the cashier chose, if it is one the profile serves; none chosen: the default. */
function chosenBrand(brandId: string | undefined, defaults: ProfileDefaults): string | undefined {
  if (brandId === undefined) return defaults.brandId
  const served = [defaults.brandId, ...(defaults.brandChoices ?? [])]
  if (served.includes(brandId)) return brandId
  throw new AppError('invalid-input', 'ipc.invalidInput', undefined, {
    issues: [{ path: ['brandId'], key: 'redemption.error.brandNotServed', params: { brandId } }],
  })
}

/** The cashier named on the screen, else the profile's default operator. */
function operatorFor(
  input: { operatorId?: string | undefined; operatorName?: string | undefined },
  defaults: ProfileDefaults,
): Operator | undefined {
  if (input.operatorId) return { operatorId: input.operatorId, operatorName: input.operatorName }
  if (defaults.operatorId) return { operatorId: defaults.operatorId, operatorName: input.operatorName ?? defaults.operatorName }
  return undefined
}

/** As `operatorFor`, for the calls that must name someone: a field-level error when nobody is named. */
function requiredOperator(
  input: { operatorId?: string | undefined; operatorName?: string | undefined },
  defaults: ProfileDefaults,
): Operator {
  const operator = operatorFor(input, defaults)
  if (operator) return operator
  throw new AppError('invalid-input', 'ipc.invalidInput', undefined, {
    issues: [{ path: ['operatorId'], key: 'redemption.error.operatorRequired', params: {} }],
  })
}

/** A refused verdict as the error the renderer shows: at the reissued-id field when it is about that. */
function resolveError(reason: ResolveRefusal, voucherId: string | null): AppError {
  const key = `redemption.resolve.${reason}`
  const params = { voucherId: voucherId ?? '' }
  switch (reason) {
    case 'notFound':
    case 'otherProfile':
      return new AppError('not-found', key, params)
    case 'notCheckable':
    case 'inFlight':
      return new AppError('conflict', key, params)
    case 'reissuedRequired':
    case 'reissuedNotForRedemption':
    case 'reissuedSameAsOriginal':
      return new AppError('invalid-input', 'ipc.invalidInput', undefined, {
        issues: [{ path: ['reissuedVoucherId'], key, params }],
      })
  }
}

function stringParam(value: string | number | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
