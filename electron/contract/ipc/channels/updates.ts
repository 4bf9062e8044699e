import { z } from 'zod'
import { channel } from '../channel'

/**
 * Where the app's own updates stand. `off`: this build does not update itself (a development
 * build, or an installer built without the chain's update URL).
 */
export const UpdateStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('idle'), lastCheckedAt: z.iso.datetime().optional() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  /** Downloaded: installed when the app quits, unless work is still going on then (`waitingFor`). */
  z.object({ state: z.literal('ready'), version: z.string(), waitingFor: z.enum(['redemption', 'outbox']).optional() }),
  z.object({ state: z.literal('error'), lastCheckedAt: z.iso.datetime().optional() }),
])
export type UpdateState = z.infer<typeof UpdateStateSchema>

export const UpdateStatusSchema = z.object({ currentVersion: z.string(), update: UpdateStateSchema })
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>

export const updateChannels = {
  'updates.status': channel(z.undefined(), UpdateStatusSchema),
}
