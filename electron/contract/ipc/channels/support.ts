import { z } from 'zod'
import { channel } from '../channel'

/** The longest line the renderer may log; its logger cuts longer ones before sending. */
export const RENDERER_LOG_MAX_CHARS = 4000

export const RendererLogLineSchema = z.strictObject({
  level: z.enum(['error', 'warn', 'info']),
  message: z.string().min(1).max(RENDERER_LOG_MAX_CHARS),
})
export type RendererLogLine = z.infer<typeof RendererLogLineSchema>

/** Where the support bundle went; main picks the place (a save dialog), never the renderer. */
export const SupportBundleResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), path: z.string(), bytes: z.number().int().nonnegative() }),
  z.object({ saved: z.literal(false) }),
])
export type SupportBundleResult = z.infer<typeof SupportBundleResultSchema>

/**
 * Field support: the window's log lines, written by main to renderer.log (redacted,
 * rate-limited), and the support bundle.
 */
export const supportChannels = {
  'log.write': channel(RendererLogLineSchema, z.object({ accepted: z.boolean() })),
  'support.exportBundle': channel(z.undefined(), SupportBundleResultSchema),
}
export type SupportChannel = keyof typeof supportChannels
