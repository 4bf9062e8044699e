import { z } from 'zod'
import { CouponTemplateOperateRequestPlainSchema } from '../../api/template'
import { channel } from '../channel'
import { ApprovalInputSchema } from './shift'
import { FieldIssueSchema } from '../envelope'

/**
 * Coupon-template drafts, their submission outbox and the network state.
 *
 * A draft is a half-filled `CouponTemplateOperateRequest`: it must have the request's *shape*
 * (no unknown fields, bounded sizes) but any value may still be wrong, because a draft keeps
 * whatever was typed or imported until the user fixes it. The contract's own schemas judge the
 * values, in the editor and again when the draft is submitted.
 */

// ---------------------------------------------------------------------------------------------
// Draft body: the request's shape, derived from the contract so a new field needs no edit here

/** Longest accepted text value (descriptions are the longest real ones). */
export const DRAFT_TEXT_MAX = 4000
/** Most entries in an id list (shop_ids of a large chain, categories). */
export const DRAFT_LIST_MAX = 50_000
/** Most rows in a list of objects (investors, participant groups). */
export const DRAFT_ROWS_MAX = 500
/** Largest JSON text accepted for import (10,000 shop ids are about 150 kB). */
export const IMPORT_TEXT_MAX = 4_000_000

/** Any single value a draft field may hold while it is being edited. */
const DraftLeafSchema = z.union([z.string().max(DRAFT_TEXT_MAX), z.number(), z.boolean()])
export type DraftLeaf = z.infer<typeof DraftLeafSchema>

type ZodDef = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType }
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def

/**
 * The same tree as `schema` with every field optional and every value loose: objects stay strict
 * (an unknown key is a typo or a different API, never silently stored), lists stay bounded.
 */
function loosen(schema: z.ZodType, depth = 0): z.ZodType {
  const def = defOf(schema)
  if (def.type === 'optional' && def.innerType) return loosen(def.innerType, depth)
  if (def.type === 'object' && def.shape) {
    const shape: Record<string, z.ZodType> = {}
    for (const [key, field] of Object.entries(def.shape)) shape[key] = loosen(field, depth + 1).optional()
    return z.strictObject(shape)
  }
  if (def.type === 'array' && def.element) {
    const item = loosen(def.element, depth + 1)
    const isRows = defOf(item).type === 'object'
    return z.array(item).max(isRows ? DRAFT_ROWS_MAX : DRAFT_LIST_MAX)
  }
  return DraftLeafSchema
}

type Loose<T> = T extends readonly (infer U)[] ? Loose<U>[] : T extends object ? { [K in keyof T]?: Loose<NonNullable<T[K]>> } : DraftLeaf

/**
 * A draft: `{ coupon_template: {...}, user_info: {...} }` with any subset of the fields filled.
 * Values are `DraftLeaf`s because an imported file may hold `"amount": "100"`; the editor shows
 * that as a field error instead of dropping it.
 */
export type DraftBody = Loose<z.input<typeof CouponTemplateOperateRequestPlainSchema>>
export const DraftBodySchema = loosen(CouponTemplateOperateRequestPlainSchema) as z.ZodType<DraftBody>

// ---------------------------------------------------------------------------------------------
// Ids, states, errors

const uuid = z.uuid()
export const DraftIdSchema = uuid
export const SubmissionIdSchema = uuid
const isoTime = z.iso.datetime({ offset: true })
/** A 64-bit template id as the server gave it (decimal text, exact past 2^53). */
const TemplateIdSchema = z.string().regex(/^-?\d{1,19}$/)

/**
 * Where a draft stands. `queued`: a submission waits in the outbox (or is being sent).
 * `submitted` / `failed` / `conflict`: how its latest submission ended, while the draft is
 * unchanged since; any edit after that brings it back to `draft`.
 */
export const DRAFT_STATES = ['draft', 'queued', 'submitted', 'failed', 'conflict'] as const
export const DraftStateSchema = z.enum(DRAFT_STATES)
export type DraftState = z.infer<typeof DraftStateSchema>

/** The TOP error behind a failure, as the gateway sent it, for support. */
export const TopErrorDetailSchema = z.object({
  code: z.number().int().optional(),
  msg: z.string().optional(),
  subCode: z.string().optional(),
  subMsg: z.string().optional(),
  /** Business failures (`result.success = false`) carry these instead. */
  errCode: z.string().optional(),
  errMsg: z.string().optional(),
  gatewayRequestId: z.string().optional(),
})

/** Why a submission did not go through: a translation key with its params, and the raw TOP error. */
export const SubmissionErrorSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  top: TopErrorDetailSchema.optional(),
  issues: z.array(FieldIssueSchema).optional(),
})
export type SubmissionError = z.infer<typeof SubmissionErrorSchema>

/**
 * The API's `result` as the server answered a submission (`success`, `err_code`, `err_msg`,
 * `model`), kept with it for support. Null for submissions finished before it was recorded.
 */
export const TemplateResultSchema = z.object({
  success: z.boolean(),
  err_code: z.string().optional(),
  err_msg: z.string().optional(),
  /** Text for update; `{id, source_id}` for create. */
  model: z.union([z.string(), z.object({ id: z.string().optional(), source_id: z.string().optional() })]).optional(),
})
export type TemplateResult = z.infer<typeof TemplateResultSchema>

/**
 * What the outbox learnt from the server's own copy before it sent an update (never for a
 * create). `unavailable`: the query API could not be used here (not granted, unknown method, an
 * unreadable or empty answer), so the update was sent without a check; `reason` says why, in words.
 * `no-base`: the draft has no earlier version of this template to compare with. `differs`: another
 * PC or the platform console changed it since the draft's base: nothing was sent (a conflict).
 */
export const ServerCheckSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matched'), at: isoTime }),
  z.object({ kind: z.literal('differs'), at: isoTime }),
  z.object({ kind: z.literal('no-base'), at: isoTime }),
  z.object({ kind: z.literal('unavailable'), at: isoTime, reason: SubmissionErrorSchema }),
])
export type ServerCheck = z.infer<typeof ServerCheckSchema>

// ---------------------------------------------------------------------------------------------
// Outbox entries: one per submission, each with its own status-specific facts

const entryBase = {
  submissionId: SubmissionIdSchema,
  draftId: DraftIdSchema,
  /** The draft revision this request is a snapshot of. */
  revision: z.number().int().positive(),
  /** 幂等id: generated once for this submission; every resend carries it unchanged. */
  uniqueId: z.string().min(1),
  title: z.string(),
  attempts: z.number().int().nonnegative(),
  /** The pre-send read of the server's copy, once one was made (null: a create, or not yet). */
  serverCheck: ServerCheckSchema.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
}

/** The business answer and the gateway's trace id, for support. */
const answer = {
  response: TemplateResultSchema.nullable(),
  gatewayRequestId: z.string().nullable(),
}

/** Waiting to be sent. Cancellable while no attempt may have reached the server. */
const QueuedEntrySchema = z.object({
  ...entryBase,
  status: z.literal('queued'),
  /** An earlier attempt may have been applied: only a resend with the same unique_id is safe now. */
  maybeDelivered: z.boolean(),
  cancellable: z.boolean(),
  /** When the next attempt is due; null while the gateway is unreachable (sent as soon as it is back). */
  nextAttemptAt: isoTime.nullable(),
  /** The failure of the previous attempt, if any (shown while it waits). */
  lastError: SubmissionErrorSchema.nullable(),
})

/** An attempt is on the wire right now. */
const SendingEntrySchema = z.object({ ...entryBase, status: z.literal('sending') })

/**
 * May have reached the server, but the stored request cannot be sent again (it no longer reads
 * as a request). Never resent under a new unique_id on its own: the user checks the platform and
 * releases it (`outbox.release`).
 */
const BlockedEntrySchema = z.object({ ...entryBase, status: z.literal('blocked'), error: SubmissionErrorSchema })

const SubmittedEntrySchema = z.object({
  ...entryBase,
  status: z.literal('submitted'),
  /** `result.model`: the template id (new when the request created one). */
  templateId: TemplateIdSchema.nullable(),
  ...answer,
  finishedAt: isoTime,
})

/** Refused (by the business, with `response`, or by the gateway), or released by the user. */
const FailedEntrySchema = z.object({
  ...entryBase,
  status: z.literal('failed'),
  error: SubmissionErrorSchema,
  ...answer,
  finishedAt: isoTime,
})

/**
 * How the user settles a conflict. `keep-mine`: the server's copy becomes the base and the draft
 * is submitted again (new unique_id) over it. `take-server`: the draft becomes the server's copy.
 */
export const CONFLICT_RESOLUTIONS = ['keep-mine', 'take-server'] as const

/** Not sent: the server's copy had changed since the draft's base. */
const ConflictEntrySchema = z.object({
  ...entryBase,
  status: z.literal('conflict'),
  error: SubmissionErrorSchema,
  /** What the user chose; null while the conflict is open. */
  resolution: z.enum(CONFLICT_RESOLUTIONS).nullable(),
  finishedAt: isoTime,
})

const CancelledEntrySchema = z.object({ ...entryBase, status: z.literal('cancelled'), finishedAt: isoTime })

export const OutboxEntrySchema = z.discriminatedUnion('status', [
  QueuedEntrySchema,
  SendingEntrySchema,
  BlockedEntrySchema,
  SubmittedEntrySchema,
  FailedEntrySchema,
  ConflictEntrySchema,
  CancelledEntrySchema,
])
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>
export type OutboxStatus = OutboxEntry['status']

// ---------------------------------------------------------------------------------------------
// Network

/**
 * `online`: the last probe or call reached the gateway. `offline`: it did not; `nextProbeAt`
 * says when the next cheap connect is tried. `unknown`: nothing tried yet.
 */
export const NetworkStatusSchema = z.object({
  state: z.enum(['online', 'offline', 'unknown']),
  nextProbeAt: isoTime.nullable(),
})
export type NetworkStatus = z.infer<typeof NetworkStatusSchema>

// ---------------------------------------------------------------------------------------------
// Drafts

/**
 * The draft's template was ended early on the platform (`template.terminate`, confirmed by its
 * answer): it takes no more updates there. `by`: the operator signed in at the time (null without
 * an operator list); `approvedBy`: the manager who approved it, where the store requires that.
 */
export const DraftTerminationSchema = z.object({
  at: isoTime,
  by: z.string().nullable(),
  approvedBy: z.string().nullable(),
})
export type DraftTermination = z.infer<typeof DraftTerminationSchema>

export const DraftSummarySchema = z.object({
  draftId: DraftIdSchema,
  title: z.string(),
  /** common_config.type when it is a number, for the list's type column. */
  couponType: z.number().int().nullable(),
  state: DraftStateSchema,
  revision: z.number().int().positive(),
  /** The template id confirmed by a successful submission; it is kept in every later save. */
  templateId: TemplateIdSchema.nullable(),
  /** The draft changed after its latest submission was queued. */
  editedSinceSubmission: z.boolean(),
  /** The latest submission's failure, while the draft is `failed` or `conflict` or edited since. */
  lastError: SubmissionErrorSchema.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  deletedAt: isoTime.nullable(),
  terminated: DraftTerminationSchema.nullable(),
})
export type DraftSummary = z.infer<typeof DraftSummarySchema>

/**
 * The version the diff compares against: the last one submitted, the file it was imported from,
 * or the server's own copy taken when a conflict was resolved.
 */
export const DraftBaseSchema = z.object({
  kind: z.enum(['submitted', 'imported', 'server']),
  body: DraftBodySchema,
  at: isoTime,
})
export type DraftBase = z.infer<typeof DraftBaseSchema>

/**
 * An open conflict: the latest submission found the server's copy changed since the draft's base
 * and sent nothing. Three versions for a three-way view: `base` (what the draft started from),
 * `server` (what the platform holds now) and the draft's own body (mine).
 */
export const DraftConflictSchema = z.object({
  submissionId: SubmissionIdSchema,
  /** The revision that was to be sent. */
  revision: z.number().int().positive(),
  base: DraftBodySchema,
  server: DraftBodySchema,
  /** When the server's copy was read. */
  detectedAt: isoTime,
})
export type DraftConflict = z.infer<typeof DraftConflictSchema>

export const DraftDetailSchema = DraftSummarySchema.extend({
  body: DraftBodySchema,
  base: DraftBaseSchema.nullable(),
  /** The draft's latest submission, if any. */
  submission: OutboxEntrySchema.nullable(),
  conflict: DraftConflictSchema.nullable(),
})
export type DraftDetail = z.infer<typeof DraftDetailSchema>

const DraftRefSchema = z.strictObject({ draftId: DraftIdSchema })

export const DraftListInputSchema = z
  .strictObject({
    /** Matches title or template id, case-insensitively. */
    query: z.string().trim().max(200).optional(),
    states: z.array(DraftStateSchema).max(DRAFT_STATES.length).optional(),
    /** The bin: soft-deleted drafts, newest deletion first. */
    deleted: z.boolean().optional(),
  })
  .optional()

export const DraftSaveInputSchema = z.strictObject({
  draftId: DraftIdSchema,
  body: DraftBodySchema,
})

export const DraftSubmitInputSchema = z.strictObject({
  draftId: DraftIdSchema,
  /** The revision the user saw when pressing submit: a newer one on disk means "look again first". */
  revision: z.number().int().positive(),
  /** A manager's PIN, where the store requires approval for production template submissions. */
  approval: ApprovalInputSchema.optional(),
})

export const DraftTerminateInputSchema = z.strictObject({
  draftId: DraftIdSchema,
  /** A manager's PIN, where the store requires approval for production template submissions. */
  approval: ApprovalInputSchema.optional(),
})

export const DraftResolveConflictInputSchema = z.strictObject({
  draftId: DraftIdSchema,
  /** The revision on screen when the user chose: a newer one on disk means "look again first". */
  revision: z.number().int().positive(),
  resolution: z.enum(CONFLICT_RESOLUTIONS),
})

export const DraftImportInputSchema = z.strictObject({ text: z.string().max(IMPORT_TEXT_MAX) })

export const DraftExportSchema = z.object({
  /** Suggested file name, e.g. `满100减10-9007199254740993.json`. */
  fileName: z.string(),
  /** The API's own shape (`CouponTemplateOperateRequest`), 64-bit ids as exact JSON numbers. */
  text: z.string(),
})

export const OutboxListSchema = z.object({ entries: z.array(OutboxEntrySchema), network: NetworkStatusSchema })

export const templateChannels = {
  'drafts.list': channel(DraftListInputSchema, z.object({ drafts: z.array(DraftSummarySchema) })),
  'drafts.get': channel(DraftRefSchema, DraftDetailSchema),
  'drafts.create': channel(z.undefined(), DraftDetailSchema),
  'drafts.import': channel(DraftImportInputSchema, DraftDetailSchema),
  'drafts.save': channel(DraftSaveInputSchema, DraftSummarySchema),
  'drafts.duplicate': channel(DraftRefSchema, DraftDetailSchema),
  'drafts.delete': channel(DraftRefSchema, DraftSummarySchema),
  'drafts.restore': channel(DraftRefSchema, DraftSummarySchema),
  'drafts.export': channel(DraftRefSchema, DraftExportSchema),
  'drafts.submit': channel(DraftSubmitInputSchema, z.object({ draft: DraftSummarySchema, submission: OutboxEntrySchema })),
  'outbox.list': channel(
    z.strictObject({ draftId: DraftIdSchema.optional(), active: z.boolean().optional() }).optional(),
    OutboxListSchema,
  ),
  'drafts.resolveConflict': channel(
    DraftResolveConflictInputSchema,
    z.object({ draft: DraftDetailSchema, submission: OutboxEntrySchema.nullable() }),
  ),
  /** Ends the draft's submitted template early on the platform; cannot be undone. */
  'drafts.terminate': channel(DraftTerminateInputSchema, DraftSummarySchema),
  'outbox.cancel': channel(z.strictObject({ submissionId: SubmissionIdSchema }), OutboxEntrySchema),
  /**
   * The user checked the platform and takes over a submission that may have been delivered but
   * cannot finish by itself (blocked, or queued but possibly delivered): it ends as failed, and
   * only then can the draft be submitted again under a new unique_id.
   */
  'outbox.release': channel(z.strictObject({ submissionId: SubmissionIdSchema }), OutboxEntrySchema),
  /** The renderer's `online` event: probe now instead of waiting for the next backoff step. */
  'templates.networkOnline': channel(z.undefined(), z.object({ network: NetworkStatusSchema })),
}

/**
 * Pushed by main: the whole outbox (as `outbox.list` answers it) whenever an entry is added,
 * changes state or goes, and the network state whenever it changes.
 */
export const templateEvents = {
  'outbox.changed': OutboxListSchema,
  'network.changed': NetworkStatusSchema,
}
