import { z } from 'zod'
import { channel } from '../channel'
import { LocaleSchema } from './app'
import { MAX_REVERSALS_PER_REQUEST } from './redemption'
import { ReportInputSchema } from './shift'

export { DEFAULT_SLIP_SETTINGS, SLIP_WIDTHS, SlipSettingsSchema, SlipWidthSchema, type SlipSettings, type SlipWidth } from './shift'

/**
 * Printed slips: a redemption batch, a reversal, and the day's report as a Z-slip. Main builds
 * each slip from its own records (the journal, the shift's acts, the report's SQL), never from
 * what the renderer shows, and prints it; the renderer only says which slip.
 */

const rowId = z.number().int().positive()
/** A reprint is marked 副本 / COPY; main marks it by itself when this slip was printed before. */
const common = { copy: z.boolean().optional(), locale: LocaleSchema }

export const SlipPrintInputSchema = z.discriminatedUnion('kind', [
  /** The slip of one "Redeem" press, from the Redeem result. */
  z.strictObject({ kind: z.literal('batch'), batchId: z.uuid(), ...common }),
  /** From a History row: a redemption row prints its batch's slip, a reversal row its reversal slip. */
  z.strictObject({ kind: z.literal('row'), rowId, ...common }),
  /** Reversals done together (the Redeem result's "reverse these"): their reversal rows. */
  z.strictObject({ kind: z.literal('reversal'), rowIds: z.array(rowId).min(1).max(MAX_REVERSALS_PER_REQUEST), ...common }),
  /** The day's (or a shift's) report as a Z-slip. */
  z.strictObject({ kind: z.literal('report'), report: ReportInputSchema, ...common }),
])
export type SlipPrintInput = z.infer<typeof SlipPrintInputSchema>

export const SlipPrintResultSchema = z.object({
  /** False when the cashier closed the print dialog without printing. */
  printed: z.boolean(),
  /** The slip said 副本 / COPY. */
  copy: z.boolean(),
  /** What was printed: `batch`, `reversal` or `report`. */
  slip: z.enum(['batch', 'reversal', 'report']),
})
export type SlipPrintResult = z.infer<typeof SlipPrintResultSchema>

export const PrinterSchema = z.object({ name: z.string(), displayName: z.string(), isDefault: z.boolean() })
export type Printer = z.infer<typeof PrinterSchema>

export const slipChannels = {
  'slip.print': channel(SlipPrintInputSchema, SlipPrintResultSchema),
  'slip.printers': channel(z.undefined(), z.object({ printers: z.array(PrinterSchema) })),
}

export type SlipChannel = keyof typeof slipChannels
