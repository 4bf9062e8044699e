import { createHash } from 'node:crypto'
import type { LookedUpVoucher } from '@contract/ipc/channels/redemption'
import type { Printer, SlipPrintInput, SlipPrintResult } from '@contract/ipc/channels/slips'
import type { ActInfo, SlipSettings } from '@contract/ipc/channels/shift'
import { AppError } from '@main/ipc/app-error'
import type { Log } from '@main/logging/logs'
import type { ShiftStore } from '@main/store/shift'
import type { ShiftService } from '../shift/service'
import { SlipStore } from '@main/store/slips'
import type { FeatureDeps } from '../feature'
import { buildReport } from '../shift/report'
import { decodeOutcome } from '../redemption/journal-codec'
import { batchSlip, reportSlip, reversalSlip, type SlipContext, type SlipDoc } from './build'
import { slipHeightMm, slipHtml } from './html'
import type { SlipPrinter } from './printer'

export interface SlipDeps extends Pick<FeatureDeps, 'db' | 'now' | 'connection'> {
  printer: SlipPrinter
  /** The shift: the counter's settings (`slip`), the acts (approvals) on reversals, and its sessions for a shift's report. */
  shift: Pick<ShiftService, 'settings' | 'acts'> & { store: Pick<ShiftStore, 'session'> }
  log?: Log
}

/**
 * Decides which slip, whether it is a copy, and what it says; then hands the page to the printer.
 * A slip printed before is a copy however it is asked for (the renderer may only add the mark),
 * so a second paper of one redemption always says 副本 / COPY. Rows of another connection are
 * not found, as History does not list them.
 */
export class SlipService {
  readonly store: SlipStore
  readonly #deps: SlipDeps

  constructor(deps: SlipDeps) {
    this.#deps = deps
    this.store = new SlipStore(deps.db)
  }

  settings(): SlipSettings {
    return this.#deps.shift.settings().slip
  }

  /** What a voucher lookup answered, kept for the slips of the redemptions that follow. */
  rememberLookup(profileId: string, vouchers: readonly LookedUpVoucher[]): void {
    this.store.rememberValues(profileId, vouchers, this.#deps.now().getTime())
  }

  printers(): Promise<{ printers: Printer[] }> {
    return this.#deps.printer.printers().then((printers) => ({ printers }))
  }

  async print(input: SlipPrintInput): Promise<SlipPrintResult> {
    const connection = await this.#deps.connection.current()
    const settings = this.settings()
    const planned = this.#plan(input, connection.profileId)
    const copy = this.store.printedBefore(planned.key) || input.copy === true
    const ctx: SlipContext = {
      locale: input.locale,
      settings,
      profileName: connection.profileName,
      training: connection.profileKind === 'sandbox',
      copy,
      printedAt: this.#deps.now().getTime(),
    }
    const doc = planned.build(ctx)
    let printed: boolean
    try {
      ;({ printed } = await this.#deps.printer.print({
        html: slipHtml(doc),
        title: doc.title,
        widthMm: settings.width,
        heightMm: slipHeightMm(doc),
        printer: settings.printer || null,
        silent: settings.silent,
      }))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.#deps.log?.warn(`slip not printed (${doc.kind}): ${reason}`)
      throw new AppError('conflict', 'slip.error.printFailed', { reason })
    }
    // Only paper that came out makes the next one a copy.
    if (printed) this.store.recordPrint(planned.key, copy, ctx.printedAt)
    return { printed, copy, slip: doc.kind }
  }

  /** The slip's identity (for copy marking) and how to build it, checked against the connection in use. */
  #plan(input: SlipPrintInput, profileId: string): { key: string; build: (ctx: SlipContext) => SlipDoc } {
    switch (input.kind) {
      case 'batch':
        return this.#batch(input.batchId, profileId)
      case 'row': {
        const row = this.store.row(input.rowId)
        if (!row || row.profileId !== profileId) throw notFound()
        if (row.action === 'ISUSED_NORMAL') return this.#reversal([input.rowId], profileId)
        if (!row.batchId) throw notFound()
        return this.#batch(row.batchId, profileId)
      }
      case 'reversal':
        return this.#reversal(input.rowIds, profileId)
      case 'report': {
        const report = buildReport(this.#deps.db, this.#deps.shift.store, profileId, input.report, this.#deps.now().getTime())
        // The same range with the same figures is the same slip; once more vouchers come in, it is a new one.
        const figures = createHash('sha256')
          .update(JSON.stringify([report.totals, report.points, report.operators]))
          .digest('hex')
        const range = 'shiftId' in input.report ? `shift:${input.report.shiftId}` : `${report.from}-${report.to}`
        return { key: `report:${range}:${figures.slice(0, 16)}`, build: (ctx) => reportSlip(ctx, report) }
      }
    }
  }

  #batch(batchId: string, profileId: string): { key: string; build: (ctx: SlipContext) => SlipDoc } {
    const rows = this.store.batch(batchId)
    if (!rows || rows.profileId !== profileId) throw notFound()
    const batch = { ...rows, vouchers: rows.vouchers.map((v) => ({ ...v, outcome: decodeOutcome(v.outcome) })) }
    const values = this.store.values(
      profileId,
      batch.vouchers.map((v) => v.voucherId),
    )
    return { key: `batch:${batch.batchId}`, build: (ctx) => batchSlip(ctx, batch, values) }
  }

  #reversal(rowIds: readonly number[], profileId: string): { key: string; build: (ctx: SlipContext) => SlipDoc } {
    const unique = [...new Set(rowIds)]
    const rows = this.store.reversals(unique).map((r) => ({ ...r, outcome: decodeOutcome(r.outcome) }))
    if (rows.length !== unique.length || rows.some((r) => r.profileId !== profileId)) {
      throw rows.length === unique.length ? notFound() : new AppError('not-found', 'slip.error.notReversal')
    }
    const { byEntry } = this.#deps.shift.acts(
      rows.map((r) => r.entryId),
      [],
    )
    const acts: ReadonlyMap<number, ActInfo> = byEntry
    const values = this.store.values(
      profileId,
      rows.map((r) => r.voucherId),
    )
    return {
      key: `reversal:${[...unique].sort((a, b) => a - b).join(',')}`,
      build: (ctx) => reversalSlip(ctx, rows, acts, values),
    }
  }
}

const notFound = (): AppError => new AppError('not-found', 'slip.error.notFound')
