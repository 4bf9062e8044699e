import { z } from 'zod'
import { REQUIRED } from './issues'

/**
 * Field schemas for what TOP *answers*, as lenient as the official Java SDK's converter
 * (`com.taobao.api.internal.mapping.Converters`, with its default `isCheckJsonType = false`):
 *   String   a string, or any other JSON primitive as its text (a number where an id is expected)
 *   Long     a number, or a string of digits
 *   Boolean  a boolean, or its text "true" / "false"
 *   null     the field is treated as absent
 * A harmless difference in the platform's answer must not turn a call whose outcome is known into
 * an unknown one (and a resend). Two places are stricter than the SDK on purpose: a Boolean text
 * other than true/false ("yes", "1") is refused rather than read as false, and a String field
 * that is JSON null is absent rather than "" — a "no" or an empty id read into a reply we could
 * not actually read would be a guess.
 *
 * Requests never use these: what we send is validated strictly (see `primitives.ts`).
 */

const nullToAbsent = (value: unknown): unknown => (value === null ? undefined : value)

const asText = (value: unknown): unknown =>
  typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : value

const asBoolean = (value: unknown): unknown => {
  if (typeof value !== 'string') return value
  const text = value.trim().toLowerCase()
  return text === 'true' ? true : text === 'false' ? false : value
}

const asNumber = (value: unknown): unknown => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value)

/** A String field of a reply. */
export const replyText = z.preprocess(asText, z.string(REQUIRED))
/** An optional String field of a reply: absent or null is `undefined`. */
export const replyTextOptional = z.preprocess((v) => asText(nullToAbsent(v)), z.string().optional())

/** A Boolean field of a reply. */
export const replyBool = z.preprocess(asBoolean, z.boolean(REQUIRED))
export const replyBoolOptional = z.preprocess((v) => asBoolean(nullToAbsent(v)), z.boolean().optional())

/** A Number field of a reply (the metadata's `Number`: Long or Integer in the Java SDK). */
export const replyNumberOptional = z.preprocess((v) => asNumber(nullToAbsent(v)), z.number().optional())

/** An optional nested object or list of a reply: JSON null is absent. */
export const replyOptional = <T extends z.ZodType>(schema: T) => z.preprocess(nullToAbsent, schema.optional())
