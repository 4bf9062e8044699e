import { z } from 'zod'
import { FieldIssueSchema, IssueParamsSchema } from '../api/issues'

/**
 * What every IPC call answers. Handlers never throw across the process boundary: Electron would
 * flatten the error into an untyped string, so failures travel as data the renderer can translate.
 * Field issues are the contract's own (`../api/issues`), re-exported for the IPC side.
 */
export { FieldIssueSchema, type FieldIssue } from '../api/issues'

export const IPC_ERROR_CODES = [
  'invalid-input',
  'forbidden',
  'unknown-channel',
  'not-found',
  'conflict',
  'top-error',
  'transport',
  'keychain',
  'internal',
] as const
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number]

/** The platform error as the gateway sent it: shown on hover so support can look it up. */
export const TopErrorInfoSchema = z.object({
  code: z.number().optional(),
  msg: z.string().optional(),
  subCode: z.string().optional(),
  subMsg: z.string().optional(),
  gatewayRequestId: z.string().optional(),
  retryClass: z.string().optional(),
  /** Code 7: how long the platform bans the app, and until when (ISO 8601), to reschedule by. */
  banSeconds: z.number().optional(),
  retryAfter: z.iso.datetime().optional(),
})

export const IpcErrorSchema = z.object({
  code: z.enum(IPC_ERROR_CODES),
  /** A vue-i18n key; `params` fill its placeholders. */
  key: z.string(),
  params: IssueParamsSchema.optional(),
  issues: z.array(FieldIssueSchema).optional(),
  top: TopErrorInfoSchema.optional(),
})
export type IpcError = z.infer<typeof IpcErrorSchema>

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError }

export const ok = <T>(value: T): Envelope<T> => ({ ok: true, value })
export const fail = (error: IpcError): Envelope<never> => ({ ok: false, error })
