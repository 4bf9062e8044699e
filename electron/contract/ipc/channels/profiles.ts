import { z } from 'zod'
import { ProfileIdSchema, ProfileInputSchema, ProfileViewSchema } from '../../profiles'
import { channel } from '../channel'
import { TopErrorInfoSchema } from '../envelope'

/** The outcome of "test connection": fine, or the gateway's complaint in words. */
export const ConnectionTestSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), latencyMs: z.number(), sessionChecked: z.boolean() }),
  z.object({
    ok: z.literal(false),
    key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    top: TopErrorInfoSchema.optional(),
  }),
])
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>

const ProfileRef = z.strictObject({ id: ProfileIdSchema })

/**
 * Work made under another profile that still waits (template submissions in the outbox, calls
 * without a final answer). It stays with that profile: it is only ever sent through it.
 */
export const WaitingWorkSchema = z.object({
  profileId: ProfileIdSchema,
  profileName: z.string(),
  builtIn: z.boolean(),
  templates: z.number().int().nonnegative(),
  redemptions: z.number().int().nonnegative(),
})
export type WaitingWork = z.infer<typeof WaitingWorkSchema>

/** The profile now active, and what waits for the others. */
export const SetActiveResultSchema = ProfileViewSchema.extend({ waitingElsewhere: z.array(WaitingWorkSchema) })

/** Connection profile and keychain channels. Secrets go in; only "is it set" comes back. */
export const profileChannels = {
  'profiles.list': channel(z.undefined(), z.array(ProfileViewSchema)),
  'profiles.save': channel(ProfileInputSchema, ProfileViewSchema),
  'profiles.setActive': channel(ProfileRef, SetActiveResultSchema),
  'profiles.remove': channel(ProfileRef, z.object({ removed: z.literal(true) })),
  'profiles.testConnection': channel(z.strictObject({ id: ProfileIdSchema.optional() }).optional(), ConnectionTestSchema),
}

/** Pushed by main when a profile is saved, removed or made active: the views `profiles.list` answers. */
export const profileEvents = {
  'profiles.changed': z.object({ profiles: z.array(ProfileViewSchema) }),
}
