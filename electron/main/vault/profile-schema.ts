import { z } from 'zod'
import { ProfileIdSchema, ProfileMetadataSchema } from '@contract/profiles'

/**
 * The main process's view of profile data. The schemas the renderer shares live in
 * `@contract/profiles` and are re-exported here, so vault code has one place to import from.
 */
export {
  AppKeySchema,
  DEFAULT_PRODUCTION_GATEWAY,
  DEFAULT_SIGN_METHOD,
  gatewayOrigin,
  GatewayUrlSchema,
  PROFILE_KINDS,
  ProfileDefaultsSchema,
  ProfileIdSchema,
  ProfileInputSchema,
  ProfileKindSchema,
  ProfileMetadataSchema,
  ProfileNameSchema,
  ProfileViewSchema,
  SANDBOX_PROFILE_ID,
  SANDBOX_PROFILE_NAME,
  SIGN_METHODS,
  SecretValueSchema,
  SignMethodSchema,
} from '@contract/profiles'
export type {
  ParsedProfileInput,
  ProfileDefaults,
  ProfileId,
  ProfileInput,
  ProfileKind,
  ProfileMetadata,
  ProfileView,
  SignMethod,
} from '@contract/profiles'

/**
 * Keep enough of the app key to tell two apps apart at a glance, never enough to use it.
 * Eight characters is the usual TOP app key length: '12345678' → '1234****78'. The run of stars
 * is fixed so the mask does not reveal the length; shorter keys are starred out entirely.
 */
export function maskAppKey(appKey: string): string {
  if (appKey.length < 8) return '*'.repeat(appKey.length)
  return `${appKey.slice(0, 4)}****${appKey.slice(-2)}`
}

/**
 * One profile as written to profiles.json. The app key itself is a credential and lives in the
 * keychain; the file keeps only its mask, plus whether each secret has been entered, so the
 * profile list can be drawn without waking the keychain (which may prompt to unlock).
 */
export const StoredProfileSchema = ProfileMetadataSchema.omit({ appKey: true }).extend({
  id: z.uuid(),
  appKeyMasked: z.string().max(10),
  appSecretSet: z.boolean(),
  sessionKeySet: z.boolean(),
})
export type StoredProfile = z.infer<typeof StoredProfileSchema>

/**
 * The whole of profiles.json. Parsing strips unknown keys, and the store parses before every
 * write, so nothing outside this schema (a secret included) can ever reach the file.
 */
export const ProfilesFileSchema = z.object({
  version: z.literal(1),
  activeId: ProfileIdSchema,
  profiles: z.array(StoredProfileSchema),
})
export type ProfilesFile = z.infer<typeof ProfilesFileSchema>
