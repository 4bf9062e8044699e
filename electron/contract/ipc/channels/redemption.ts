import { z } from 'zod'
import { VoucherSource, VoucherStatusAction } from '../../api/enums'
import { REQUIRED, report } from '../../api/issues'
import { trimmedId } from '../../api/primitives'
import { voucherPoint } from '../../api/voucher'
import { channel } from '../channel'
import { TopErrorInfoSchema } from '../envelope'
import { LocaleSchema } from './app'
import { ActInfoSchema, ApprovalInputSchema, ReversalReasonSchema } from './shift'

/**
 * Voucher redemption, reversal and history channels.
 *
 * Every id a cashier types or scans is bounded here, so a stuck scanner or a pasted novel is
 * refused at the IPC boundary with a translated issue instead of reaching the journal or TOP.
 */

// ---------------------------------------------------------------------------------------------
// Limits

/**
 * Vouchers per `alibaba.alsc.crm.voucher.status.change` call. The API states no limit; 20 keeps
 * one call's blast radius small (a timeout leaves at most 20 vouchers "unknown" for the cashier
 * to wait on), lets a 60-voucher batch show progress in three steps, and stays well under the
 * 20–50 item caps that sibling TOP batch APIs document, should the server have an unstated one.
 */
export const MAX_VOUCHERS_PER_CALL = 20
/** One submit: a long receipt, not a bulk job. Ten calls at most. */
export const MAX_VOUCHERS_PER_BATCH = 200
/** Reversals per `redeem.reverse`: each is its own call, and the renderer waits for all of them. */
export const MAX_REVERSALS_PER_REQUEST = 20
/** Entries per `redeem.retryUnresolved`. */
export const MAX_RETRY_ENTRIES = 200
/** Longest id, code or name accepted. Real voucher and customer ids are 12–20 characters. */
export const MAX_ID_LENGTH = 64
/** History rows per page. */
export const MAX_HISTORY_PAGE = 200
export const DEFAULT_HISTORY_PAGE = 50
/**
 * CSV export cap. The text travels over IPC in one string and the renderer offers it as a Blob
 * download; 100k rows is ~20 MB, the most that stays comfortable for both processes.
 */
export const EXPORT_ROW_CAP = 100_000

// ---------------------------------------------------------------------------------------------
// Field schemas

/** Customer, shop, operator and order ids: trimmed, not blank, bounded. */
export const boundedId = trimmedId.max(MAX_ID_LENGTH)

/**
 * A voucher code as scanned or typed. The contract only asks for a non-blank trimmed id; the
 * counter also refuses what no barcode carries (inner spaces, CJK from a stray input method,
 * punctuation), because such a code can only be a mis-scan.
 */
export const VOUCHER_CODE_PATTERN = /^[0-9A-Za-z_-]+$/
export const voucherCode = boundedId.regex(VOUCHER_CODE_PATTERN, { error: 'redemption.voucher.malformed' })

/** 待核销点数: the contract's rule (digits only) and a bound so it stays a safe integer. */
export const voucherPoints = voucherPoint.max(9, { error: 'redemption.voucher.pointsTooLong' })

// ---------------------------------------------------------------------------------------------
// Outcomes: one per voucher row of the journal

/** A translatable message: a vue-i18n key and its placeholders. */
export const MessageSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
})
export type Message = z.infer<typeof MessageSchema>

/** What the server said about one voucher (or about the whole call, when it named none). */
export const ServerResultSchema = z.object({
  /** `result_code`, shown in the result's details. */
  code: z.string().nullable(),
  /** `result_view` (written for the cashier) or else `result_desc`. */
  text: z.string().nullable(),
  /**
   * `result_desc` when it says something `text` does not (kept beside `result_view`, shown in
   * the details). Absent in outcomes recorded before it was kept.
   */
  desc: z.string().nullable().optional(),
})
export type ServerResult = z.infer<typeof ServerResultSchema>

const rowId = z.number().int().positive()
const epochMs = z.number().int().nonnegative()

/**
 * A manager's verdict on a voucher the server could not settle: they looked it up in the merchant
 * backend and said whether the call took effect. Who and when are kept for the record.
 */
export const ManualCheckSchema = z.object({
  operatorId: z.string(),
  operatorName: z.string().nullable(),
  at: epochMs,
})
export type ManualCheck = z.infer<typeof ManualCheckSchema>

/** The server looked at this voucher and refused it (already used, wrong customer, …). */
const VoucherRefusalSchema = z.object({ kind: z.literal('voucher'), result: ServerResultSchema })
/** The call was answered with `biz_success = false` and nothing about this voucher. */
const CallRefusalSchema = z.object({ kind: z.literal('call'), result: ServerResultSchema })

/** A business refusal in the server's own words: certain for a first attempt, ambiguous for a repeat. */
export const RefusalSchema = z.discriminatedUnion('kind', [VoucherRefusalSchema, CallRefusalSchema])
export type Refusal = z.infer<typeof RefusalSchema>

/** Why a voucher certainly was not redeemed or reversed. */
export const FailureSchema = z.discriminatedUnion('kind', [
  VoucherRefusalSchema,
  CallRefusalSchema,
  /** The gateway refused the call (`error_response`): isv.*, signature, clock, ban… */
  z.object({ kind: z.literal('platform'), message: MessageSchema, top: TopErrorInfoSchema }),
  /**
   * A manager checked the merchant backend and found the call did not take effect. `result` is
   * what the server last said about the voucher (both null when it never answered).
   */
  z.object({ kind: z.literal('manual'), check: ManualCheckSchema, result: ServerResultSchema }),
])
export type Failure = z.infer<typeof FailureSchema>

export const VOUCHER_STATES = ['pending', 'redeemed', 'reversed', 'failed', 'not_sent', 'unknown', 'needs_check'] as const
export type VoucherState = (typeof VOUCHER_STATES)[number]
export const VoucherStateSchema = z.enum(VOUCHER_STATES)

/**
 *   pending      the intent is stored and a call may be in flight
 *   redeemed     核销 succeeded (redemption rows only)
 *   reversed     反核销 succeeded; the server reissued the voucher as `reissuedVoucherId` (reversal rows only)
 *   failed       certainly not applied; see `failure`
 *   not_sent     certainly never reached the server; retry with the same request_id when the network is back
 *   unknown      may have been applied; only a retry with the same request_id can tell
 *   needs_check  an earlier attempt may have been applied and the retry was refused (`refusal`): the
 *                refusal may be the earlier attempt's own doing ("already used" by us), so only a look
 *                at the merchant backend can tell. The voucher stays blocked until a manager says.
 *
 * `check` on redeemed / reversed (and `failure.kind = 'manual'`) marks a manager's verdict; then
 * `result` is what the server had said (its refusal), kept for the record.
 */
export const VoucherOutcomeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending') }),
  z.object({ state: z.literal('redeemed'), result: ServerResultSchema, check: ManualCheckSchema.optional() }),
  z.object({
    state: z.literal('reversed'),
    reissuedVoucherId: z.string(),
    result: ServerResultSchema,
    check: ManualCheckSchema.optional(),
  }),
  z.object({ state: z.literal('failed'), failure: FailureSchema }),
  z.object({ state: z.literal('not_sent'), reason: MessageSchema }),
  z.object({ state: z.literal('unknown'), reason: MessageSchema }),
  z.object({ state: z.literal('needs_check'), refusal: RefusalSchema }),
])
export type VoucherOutcome = z.infer<typeof VoucherOutcomeSchema>

/** States a retry can resolve by itself. */
export const UNRESOLVED_STATES = ['pending', 'not_sent', 'unknown'] as const satisfies readonly VoucherState[]
export const isUnresolved = (state: VoucherState): boolean => (UNRESOLVED_STATES as readonly string[]).includes(state)

/** States a manager may settle by hand after checking the merchant backend. */
export const CHECKABLE_STATES = ['unknown', 'needs_check'] as const satisfies readonly VoucherState[]
export const isCheckable = (state: VoucherState): boolean => (CHECKABLE_STATES as readonly string[]).includes(state)

/** The manager's verdict on this outcome, if it was settled by hand. */
export function manualCheckOf(outcome: VoucherOutcome): ManualCheck | undefined {
  if (outcome.state === 'redeemed' || outcome.state === 'reversed') return outcome.check
  if (outcome.state === 'failed' && outcome.failure.kind === 'manual') return outcome.failure.check
  return undefined
}

/** One voucher of one call, as the journal has it. */
export const VoucherResultSchema = z.object({
  rowId,
  entryId: rowId,
  voucherId: z.string(),
  points: z.string().nullable(),
  outcome: VoucherOutcomeSchema,
})
export type VoucherResult = z.infer<typeof VoucherResultSchema>

// ---------------------------------------------------------------------------------------------
// redeem.context / redeem.demoVouchers

export const RedeemContextSchema = z.object({
  profileId: z.string(),
  profileName: z.string(),
  profileKind: z.enum(['sandbox', 'production']),
  defaults: z.object({
    shopId: z.string().optional(),
    brandId: z.string().optional(),
    operatorId: z.string().optional(),
    operatorName: z.string().optional(),
    outBrandId: z.string().optional(),
    outShopId: z.string().optional(),
    brandChoices: z.array(z.string()).optional(),
  }),
  limits: z.object({ perCall: z.number().int(), perBatch: z.number().int() }),
})
export type RedeemContext = z.infer<typeof RedeemContextSchema>

export const DemoVoucherSchema = z.object({
  voucherId: z.string(),
  customerId: z.string(),
  initialState: z.enum(['NORMAL', 'ISUSED']),
  note: z.object({ zh: z.string(), en: z.string() }),
})
export type DemoVoucherInfo = z.infer<typeof DemoVoucherSchema>

// ---------------------------------------------------------------------------------------------
// redeem.submit / redeem.progress

export const RedeemLineSchema = z.strictObject({
  voucherId: voucherCode,
  points: voucherPoints.optional(),
})

export const RedeemSubmitInputSchema = z
  .strictObject({
    customerId: boundedId,
    source: VoucherSource.schema,
    shopId: boundedId.optional(),
    /** One of the profile's brands (its default or one of `brandChoices`); else its default. */
    brandId: boundedId.optional(),
    outOrderId: boundedId.optional(),
    /** Falls back to the profile's default operator; one of the two must exist. */
    operatorId: boundedId.optional(),
    operatorName: boundedId.optional(),
    vouchers: z.array(RedeemLineSchema, REQUIRED).min(1).max(MAX_VOUCHERS_PER_BATCH),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>()
    value.vouchers.forEach((line, index) => {
      if (seen.has(line.voucherId)) {
        report(ctx, ['vouchers', index, 'voucherId'], 'contract.voucher.duplicateId', { id: line.voucherId })
      }
      seen.add(line.voucherId)
    })
  })
export type RedeemSubmitInput = z.input<typeof RedeemSubmitInputSchema>

export const BATCH_STATUSES = ['running', 'done', 'interrupted'] as const
export type BatchStatus = (typeof BATCH_STATUSES)[number]

/** A voucher main did not send because an earlier attempt for it is still unresolved. */
export const BlockedVoucherSchema = z.object({ voucherId: z.string(), entryId: rowId, message: MessageSchema })
export type BlockedVoucher = z.infer<typeof BlockedVoucherSchema>

export const BatchProgressSchema = z.object({
  batchId: z.string(),
  status: z.enum(BATCH_STATUSES),
  customerId: z.string(),
  callsTotal: z.number().int().nonnegative(),
  callsDone: z.number().int().nonnegative(),
  /** Journaled vouchers, in the order they were scanned. */
  vouchers: z.array(VoucherResultSchema),
  /** Planned but not yet in a call (running), or never sent because the app stopped (interrupted). */
  waiting: z.array(z.object({ voucherId: z.string(), points: z.string().nullable() })),
  blocked: z.array(BlockedVoucherSchema),
})
export type BatchProgress = z.infer<typeof BatchProgressSchema>

export const BatchIdSchema = z.strictObject({ batchId: z.uuid() })

// ---------------------------------------------------------------------------------------------
// redeem.reverse / redeem.retryUnresolved / redeem.startupReport

export const ReverseInputSchema = z.strictObject({
  /** Redemption rows (history `rowId`) to reverse, each in its own call. */
  rowIds: z.array(rowId, REQUIRED).min(1).max(MAX_REVERSALS_PER_REQUEST),
  operatorId: boundedId.optional(),
  operatorName: boundedId.optional(),
  /** Why (required while a shift is run with an operator list). */
  reason: ReversalReasonSchema.optional(),
  /** A manager's PIN, where the store requires approval for reversals. */
  approval: ApprovalInputSchema.optional(),
})

export const ReverseResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), rowId, voucherId: z.string(), reversal: VoucherResultSchema }),
  /** Not attempted: not redeemed, already reversed, a reversal in flight, another profile's row… */
  z.object({ kind: z.literal('refused'), rowId, voucherId: z.string().nullable(), message: MessageSchema }),
])
export type ReverseResult = z.infer<typeof ReverseResultSchema>

export const EntryResultSchema = z.object({
  entryId: rowId,
  requestId: z.string(),
  action: VoucherStatusAction.schema,
  customerId: z.string(),
  vouchers: z.array(VoucherResultSchema),
})
export type EntryResult = z.infer<typeof EntryResultSchema>

export const RetryInputSchema = z.strictObject({ entryIds: z.array(rowId).min(1).max(MAX_RETRY_ENTRIES).optional() }).optional()

export const RetryResultSchema = z.object({
  retried: z.array(EntryResultSchema),
  skipped: z.array(z.object({ entryId: rowId, message: MessageSchema })),
})
export type RetryResult = z.infer<typeof RetryResultSchema>

/** Calls the start-up notice lists: everything left unresolved when the app last stopped. */
export const STARTUP_STATES = ['pending', 'unknown', 'not_sent', 'needs_check'] as const
export type StartupState = (typeof STARTUP_STATES)[number]

export const StartupEntrySchema = EntryResultSchema.extend({
  createdAt: epochMs,
  /**
   * What the journal said when the app started: `pending` means the app stopped mid-call (it is
   * retried, like `unknown`); `not_sent` is retried on demand only; `needs_check` waits for a
   * manager to check the merchant backend (History, "Check result").
   */
  stateAtStartup: z.enum(STARTUP_STATES),
})
export type StartupEntry = z.infer<typeof StartupEntrySchema>

export const StartupReportSchema = z.object({
  /** True while start-up is still retrying these entries. */
  resolving: z.boolean(),
  entries: z.array(StartupEntrySchema),
  interruptedBatches: z.array(
    z.object({
      batchId: z.string(),
      customerId: z.string(),
      createdAt: epochMs,
      notSubmitted: z.array(z.object({ voucherId: z.string(), points: z.string().nullable() })),
    }),
  ),
})
export type StartupReport = z.infer<typeof StartupReportSchema>

// ---------------------------------------------------------------------------------------------
// redeem.resolve: a manager's verdict on a voucher the server could not settle

export const RESOLVE_VERDICTS = ['applied', 'not_applied'] as const
export type ResolveVerdict = (typeof RESOLVE_VERDICTS)[number]

export const ResolveInputSchema = z
  .strictObject({
    /** The history row (`rowId`) in state `unknown` or `needs_check`. */
    rowId,
    /** What the merchant backend shows: the call took effect, or it did not. */
    verdict: z.enum(RESOLVE_VERDICTS),
    /** Reversals that took effect: the reissued voucher id as the backend shows it. */
    reissuedVoucherId: voucherCode.optional(),
    /** Who checked; falls back to the profile's default operator. */
    operatorId: boundedId.optional(),
    operatorName: boundedId.optional(),
    /** A manager's PIN, where the store requires approval for manual verdicts. */
    approval: ApprovalInputSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.verdict === 'not_applied' && value.reissuedVoucherId !== undefined) {
      report(ctx, ['reissuedVoucherId'], 'redemption.resolve.reissuedWhenNotApplied', {})
    }
  })
export type ResolveInput = z.input<typeof ResolveInputSchema>

// ---------------------------------------------------------------------------------------------
// history.query / history.export

export const HistoryFilterSchema = z.strictObject({
  /** Epoch ms, inclusive. */
  from: epochMs.optional(),
  /** Epoch ms, exclusive. */
  to: epochMs.optional(),
  /** Matches the voucher acted on and the id a reversal reissued. */
  voucherId: boundedId.optional(),
  customerId: boundedId.optional(),
  operatorId: boundedId.optional(),
  shopId: boundedId.optional(),
  status: VoucherStateSchema.optional(),
  action: VoucherStatusAction.schema.optional(),
})
export type HistoryFilter = z.infer<typeof HistoryFilterSchema>

/** Keyset position: the last row of the previous page. */
export const HistoryCursorSchema = z.strictObject({ createdAt: epochMs, rowId })
export type HistoryCursor = z.infer<typeof HistoryCursorSchema>

export const HistoryQueryInputSchema = z.strictObject({
  filter: HistoryFilterSchema.default({}),
  after: HistoryCursorSchema.optional(),
  limit: z.number().int().min(1).max(MAX_HISTORY_PAGE).default(DEFAULT_HISTORY_PAGE),
})
export type HistoryQueryInput = z.input<typeof HistoryQueryInputSchema>

export const HistoryRowSchema = z.object({
  rowId,
  entryId: rowId,
  requestId: z.string(),
  action: VoucherStatusAction.schema,
  voucherId: z.string(),
  points: z.string().nullable(),
  customerId: z.string(),
  shopId: z.string().nullable(),
  operatorId: z.string(),
  operatorName: z.string().nullable(),
  source: z.string(),
  createdAt: epochMs,
  updatedAt: epochMs,
  outcome: VoucherOutcomeSchema,
  /** Redemption rows: the latest reversal attempt of this voucher. */
  reversal: z.object({ rowId, outcome: VoucherOutcomeSchema }).nullable(),
  /** Reversal rows: the redemption they undo. */
  reverses: z.object({ rowId, voucherId: z.string() }).nullable(),
  /** Redemption of a reissued voucher: the voucher it replaced, so the chain stays visible. */
  reissuedFrom: z.string().nullable(),
  /** Redeemed, and no reversal done or under way: the one-click Reverse is offered. */
  canReverse: z.boolean(),
  /** Unknown or needs-check: a manager may record what the merchant backend shows ("Check result"). */
  canResolve: z.boolean(),
  /** Reversals and verdicts done in a shift: who, who approved, why and when. */
  act: ActInfoSchema.nullable().optional(),
})
export type HistoryRow = z.infer<typeof HistoryRowSchema>

export const HistoryPageSchema = z.object({
  rows: z.array(HistoryRowSchema),
  /** Where the next page starts; null on the last page (the "has more" flag). */
  next: HistoryCursorSchema.nullable(),
})
export type HistoryPage = z.infer<typeof HistoryPageSchema>

export const HistoryExportInputSchema = z.strictObject({
  filter: HistoryFilterSchema.default({}),
  /** Column headers and status words follow the UI language. */
  locale: LocaleSchema,
})

export const HistoryExportSchema = z.object({
  fileName: z.string(),
  csv: z.string(),
  rowCount: z.number().int().nonnegative(),
  /** More rows matched than `EXPORT_ROW_CAP`; the newest ones were exported. */
  truncated: z.boolean(),
  cap: z.number().int(),
})
export type HistoryExport = z.infer<typeof HistoryExportSchema>

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// redeem.lookupVouchers: a customer's vouchers at the counter (alibaba.alsc.crm.customer.voucher.list)

export const LookupVouchersInputSchema = z.strictObject({ customerId: boundedId })

/**
 * One voucher as the platform lists it. Units as the metadata gives them, which is none:
 * `amount` and `startFee` are read as fen (assumed, like the sibling APIs) and shown with the raw
 * value beside; `discountRate` is text of unknown scale, shown as sent; times are TOP's GMT+8 text.
 */
export const LookedUpVoucherSchema = z.object({
  voucherId: z.string(),
  title: z.string().nullable(),
  amount: z.number().nullable(),
  startFee: z.number().nullable(),
  discountRate: z.string().nullable(),
  giftPoint: z.number().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  /** NORMAL / ISUSED / DELETED, or whatever else the platform says, as sent. */
  status: z.string().nullable(),
  templateId: z.string().nullable(),
})
export type LookedUpVoucher = z.infer<typeof LookedUpVoucherSchema>

export const redemptionChannels = {
  'redeem.lookupVouchers': channel(LookupVouchersInputSchema, z.object({ vouchers: z.array(LookedUpVoucherSchema) })),
  'redeem.context': channel(z.undefined(), RedeemContextSchema),
  'redeem.demoVouchers': channel(z.undefined(), z.object({ vouchers: z.array(DemoVoucherSchema) })),
  'redeem.submit': channel(RedeemSubmitInputSchema, BatchProgressSchema),
  'redeem.progress': channel(BatchIdSchema, BatchProgressSchema),
  'redeem.reverse': channel(ReverseInputSchema, z.object({ results: z.array(ReverseResultSchema) })),
  /** Resends or looks up the given calls, or every unresolved one: pending, not sent, unknown, waiting for a check. */
  'redeem.retryUnresolved': channel(RetryInputSchema, RetryResultSchema),
  /** What the last run left unresolved, and whether start-up recovery is still at it (also pushed as the event). */
  'redeem.startupReport': channel(z.undefined(), StartupReportSchema),
  'redeem.resolve': channel(ResolveInputSchema, z.object({ row: HistoryRowSchema })),
  'history.query': channel(HistoryQueryInputSchema, HistoryPageSchema),
  'history.export': channel(HistoryExportInputSchema, HistoryExportSchema),
}

export type RedemptionChannel = keyof typeof redemptionChannels

/**
 * What main pushes as a batch goes (after each call and when it ends) and when start-up recovery
 * has finished: the same shapes `redeem.progress` and `redeem.startupReport` answer.
 */
export const redemptionEvents = {
  'redeem.batchProgress': BatchProgressSchema,
  'redeem.startupReport': StartupReportSchema,
}
