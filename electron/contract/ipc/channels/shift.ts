import { z } from 'zod'
import { report } from '../../api/issues'
import { trimmedId } from '../../api/primitives'
import { channel } from '../channel'

/**
 * The counter shift: who is at the till, the store's operator list, manager approval and the
 * store's counter settings. PINs travel renderer → main only, to be hashed or checked there; no
 * reply ever carries a PIN or its hash (`hasPin` says whether one is set).
 */

export const OPERATOR_ROLES = ['cashier', 'manager'] as const
export const OperatorRoleSchema = z.enum(OPERATOR_ROLES)
export type OperatorRole = z.infer<typeof OperatorRoleSchema>

/** Operator ids go into `operator_id` of every call: the same bound as the counter's other ids. */
export const operatorId = trimmedId.max(64)
export const operatorName = trimmedId.max(32)
/** 4–6 digits, as a POS keypad takes them. */
export const PIN_PATTERN = /^[0-9]{4,6}$/
export const pinSchema = z.string().regex(PIN_PATTERN, { error: 'shift.pin.format' })

export const OperatorViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: OperatorRoleSchema,
  hasPin: z.boolean(),
})
export type OperatorView = z.infer<typeof OperatorViewSchema>

export const OperatorSaveInputSchema = z.strictObject({
  id: operatorId,
  name: operatorName,
  role: OperatorRoleSchema,
  /** A new PIN; `null` removes it; absent keeps the one set. */
  pin: pinSchema.nullable().optional(),
})
export type OperatorSaveInput = z.input<typeof OperatorSaveInputSchema>

// ---------------------------------------------------------------------------------------------
// Approval

/** What a store may want a manager to approve. */
export const APPROVAL_ACTIONS = ['reverse', 'bulkReverse', 'resolve', 'productionTemplate'] as const
export const ApprovalActionSchema = z.enum(APPROVAL_ACTIONS)
export type ApprovalAction = z.infer<typeof ApprovalActionSchema>

/** A manager's PIN typed at the counter to approve one action. */
export const ApprovalInputSchema = z.strictObject({ managerId: operatorId, pin: pinSchema })
export type ApprovalInput = z.infer<typeof ApprovalInputSchema>

/** Why a redemption is reversed: a short list, and words of one's own for "other". */
export const REVERSAL_REASONS = ['returned', 'wrongVoucher', 'cashierError', 'other'] as const
export const ReversalReasonCodeSchema = z.enum(REVERSAL_REASONS)
export type ReversalReasonCode = z.infer<typeof ReversalReasonCodeSchema>
export const ReversalReasonSchema = z
  .strictObject({ code: ReversalReasonCodeSchema, text: z.string().trim().max(200).optional() })
  .superRefine((value, ctx) => {
    if (value.code === 'other' && !value.text) {
      report(ctx, ['text'], 'shift.reason.otherNeedsText')
    }
  })
export type ReversalReason = z.infer<typeof ReversalReasonSchema>

/**
 * Who did an act on a journal row, who approved it, why and when: kept beside the journal (keyed
 * by its entry and row ids) and shown in History and the CSV.
 */
export const ActInfoSchema = z.object({
  actorId: z.string(),
  actorName: z.string().nullable(),
  approverId: z.string().nullable(),
  approverName: z.string().nullable(),
  approvedAt: z.number().int().nullable(),
  reasonCode: ReversalReasonCodeSchema.nullable(),
  reasonText: z.string().nullable(),
  at: z.number().int(),
})
export type ActInfo = z.infer<typeof ActInfoSchema>

// ---------------------------------------------------------------------------------------------
// Store settings of the counter

/** Paper roll widths of counter receipt printers, in millimetres. */
export const SLIP_WIDTHS = [58, 80] as const
export const SlipWidthSchema = z.union([z.literal(58), z.literal(80)])
export type SlipWidth = z.infer<typeof SlipWidthSchema>

/** How this counter prints: part of the store's counter settings (`ShiftSettings.slip`). */
export const SlipSettingsSchema = z.strictObject({
  width: SlipWidthSchema,
  /** The OS's printer name; empty prints to the system's default printer. */
  printer: z.string().trim().max(256),
  /** Print at once, without the system's print dialog. */
  silent: z.boolean(),
  /** Printed at the top of every slip; empty uses the connection's name. */
  storeName: z.string().trim().max(32),
  /** Which till this PC is (e.g. 1号收银台); empty leaves the line out. */
  counter: z.string().trim().max(32),
})
export type SlipSettings = z.infer<typeof SlipSettingsSchema>

export const DEFAULT_SLIP_SETTINGS: SlipSettings = { width: 80, printer: '', silent: false, storeName: '', counter: '' }

export const MAX_IDLE_LOCK_MINUTES = 240
export const ShiftSettingsSchema = z.strictObject({
  /** Lock the screen after this many idle minutes; 0 never locks by itself. */
  idleLockMinutes: z.number().int().min(0).max(MAX_IDLE_LOCK_MINUTES),
  /** Actions that need a manager's PIN. */
  approval: z.strictObject({
    reverse: z.boolean(),
    bulkReverse: z.boolean(),
    resolve: z.boolean(),
    productionTemplate: z.boolean(),
  }),
  sound: z.strictObject({ enabled: z.boolean(), volume: z.number().int().min(0).max(100) }),
  /** A failed scan must be acknowledged (Enter or Esc) before the next scan is taken. */
  requireErrorAck: z.boolean(),
  /** Printed slips: paper width, printer, silent printing, the store's and the till's names. */
  slip: SlipSettingsSchema,
})
export type ShiftSettings = z.infer<typeof ShiftSettingsSchema>

export const DEFAULT_SHIFT_SETTINGS: ShiftSettings = {
  idleLockMinutes: 0,
  approval: { reverse: false, bulkReverse: false, resolve: false, productionTemplate: false },
  sound: { enabled: true, volume: 70 },
  requireErrorAck: false,
  slip: DEFAULT_SLIP_SETTINGS,
}

// ---------------------------------------------------------------------------------------------
// State

export const ShiftStateSchema = z.object({
  /** The store keeps an operator list: the counter needs someone signed in. */
  enabled: z.boolean(),
  operator: OperatorViewSchema.nullable(),
  shiftId: z.number().int().nullable(),
  signedInAt: z.number().int().nullable(),
  locked: z.boolean(),
  settings: ShiftSettingsSchema,
})
export type ShiftState = z.infer<typeof ShiftStateSchema>

export const SignInInputSchema = z.strictObject({ operatorId, pin: pinSchema.optional() })
export const UnlockInputSchema = z.strictObject({ pin: pinSchema.optional() })
export const OperatorIdInputSchema = z.strictObject({ id: operatorId })

// ---------------------------------------------------------------------------------------------
// The day's report (对账)

/** History's status buckets (see `electron/main/store/shift-report.ts`). */
export const REPORT_BUCKETS = ['redeemed', 'redeemedReversed', 'reversed', 'failed', 'needsCheck', 'open'] as const
export const ReportBucketSchema = z.enum(REPORT_BUCKETS)
export type ReportBucket = z.infer<typeof ReportBucketSchema>
const bucketCounts = z.object(
  Object.fromEntries(REPORT_BUCKETS.map((b) => [b, z.number().int().nonnegative()])) as Record<ReportBucket, z.ZodNumber>,
)
export type BucketCounts = Record<ReportBucket, number>

const epochMs = z.number().int().nonnegative()
/** A day or any span (epoch ms, `to` exclusive), or one shift from sign-in to sign-out. */
export const ReportInputSchema = z.union([
  z.strictObject({ from: epochMs, to: epochMs }).refine((r) => r.to > r.from && r.to - r.from <= 366 * 86_400_000, {
    error: 'report.badRange',
  }),
  z.strictObject({ shiftId: z.number().int().positive() }),
])
export type ReportInput = z.infer<typeof ReportInputSchema>

export const SessionViewSchema = z.object({
  id: z.number().int(),
  operatorId: z.string(),
  operatorName: z.string(),
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
})
export type SessionView = z.infer<typeof SessionViewSchema>

export const ReportSchema = z.object({
  from: epochMs,
  to: epochMs,
  shift: SessionViewSchema.nullable(),
  totals: bucketCounts,
  /** 待核销点数 of the redemptions that stand (not reversed), where the cashier entered them. */
  points: z.number().int().nonnegative(),
  operators: z.array(
    z.object({ operatorId: z.string(), operatorName: z.string().nullable(), counts: bucketCounts, points: z.number().int() }),
  ),
  hours: z.array(z.object({ hour: epochMs, counts: bucketCounts })),
})
export type Report = z.infer<typeof ReportSchema>

export const ReportExportInputSchema = z.strictObject({
  report: ReportInputSchema,
  format: z.enum(['csv', 'xlsx']),
  locale: z.enum(['zh-CN', 'en']),
})
export const ReportExportSchema = z.object({
  fileName: z.string(),
  /** CSV text, or the XLSX file in base64. */
  data: z.string(),
  mime: z.string(),
  encoding: z.enum(['text', 'base64']),
})
export type ReportExport = z.infer<typeof ReportExportSchema>

export const shiftChannels = {
  'shift.sessions': channel(z.undefined(), z.object({ sessions: z.array(SessionViewSchema) })),
  'shift.report': channel(ReportInputSchema, ReportSchema),
  'shift.reportExport': channel(ReportExportInputSchema, ReportExportSchema),
  'shift.state': channel(z.undefined(), ShiftStateSchema),
  'shift.operators': channel(z.undefined(), z.object({ operators: z.array(OperatorViewSchema) })),
  'shift.saveOperator': channel(OperatorSaveInputSchema, z.object({ operators: z.array(OperatorViewSchema) })),
  'shift.removeOperator': channel(OperatorIdInputSchema, z.object({ operators: z.array(OperatorViewSchema) })),
  'shift.signIn': channel(SignInInputSchema, ShiftStateSchema),
  'shift.lock': channel(z.undefined(), ShiftStateSchema),
  'shift.unlock': channel(UnlockInputSchema, ShiftStateSchema),
  'shift.signOut': channel(z.undefined(), ShiftStateSchema),
  'shift.saveSettings': channel(ShiftSettingsSchema, ShiftStateSchema),
}

export type ShiftChannel = keyof typeof shiftChannels
