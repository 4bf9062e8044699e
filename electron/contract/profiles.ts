import { z } from 'zod'

/**
 * Connection profiles as the renderer sees them. Pure zod and constants only: this file is
 * compiled into both the main process and the renderer, so it must not touch Node or Electron.
 *
 * A profile says *where* and *as which app* the desk talks to the Taobao Open Platform. Its
 * secrets (app key, app secret, session key) live in the OS keychain and never cross into the
 * renderer: the renderer only ever learns whether they are set.
 */

/** The built-in training profile: talks to the embedded sandbox gateway and needs no keychain. */
export const SANDBOX_PROFILE_ID = 'sandbox'
export const SANDBOX_PROFILE_NAME = '沙箱（培训模式）'

export const DEFAULT_PRODUCTION_GATEWAY = 'https://gw.api.taobao.com'

/**
 * TOP's own gateway hosts (see top-protocol.md): production, the older production name, overseas,
 * and TOP's sandbox. A production profile talks to one of these over https, where the TLS
 * certificate shows the answer is TOP's; any other host only as a custom gateway the user
 * confirms by typing the app secret again.
 */
export const TOP_GATEWAY_HOSTS = ['gw.api.taobao.com', 'eco.taobao.com', 'api.taobao.com', 'gw.api.tbsandbox.com'] as const

/** https on one of TOP's hosts, on the default port (what the platform documents). */
export function isTopGateway(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return false
  }
  return parsed.protocol === 'https:' && parsed.port === '' && (TOP_GATEWAY_HOSTS as readonly string[]).includes(parsed.hostname)
}

/** Scheme, host and port: where the signed requests, session key included, go. */
export function gatewayOrigin(url: string): string {
  try {
    return new URL(url.trim()).origin
  } catch {
    return url.trim()
  }
}

export const PROFILE_KINDS = ['sandbox', 'production'] as const
export const SIGN_METHODS = ['md5', 'hmac', 'hmac-sha256'] as const
export const DEFAULT_SIGN_METHOD = 'hmac-sha256' satisfies (typeof SIGN_METHODS)[number]

/**
 * Validation messages this file emits, as vue-i18n keys (the vault's message files carry the
 * texts). Zod's own issues (too long, bad URL, …) keep their codes and are translated generically.
 */
export const PROFILE_ISSUE_KEYS = [
  'vault.appKeyRequired',
  'vault.gatewayRequired',
  'vault.sessionKeyConflict',
  'vault.gatewayHttpsRequired',
  'vault.gatewayNotTop',
  'vault.customGatewayNeedsSecret',
  'vault.productionNeedsSecret',
] as const
export type ProfileIssueKey = (typeof PROFILE_ISSUE_KEYS)[number]

export const ProfileIdSchema = z.union([z.literal(SANDBOX_PROFILE_ID), z.uuid()])
export type ProfileId = z.infer<typeof ProfileIdSchema>

export const ProfileNameSchema = z.string().trim().min(1).max(40)
export const ProfileKindSchema = z.enum(PROFILE_KINDS)
export type ProfileKind = z.infer<typeof ProfileKindSchema>
export const SignMethodSchema = z.enum(SIGN_METHODS)
export type SignMethod = z.infer<typeof SignMethodSchema>

/** Trim first, so a URL pasted with a trailing space is accepted rather than rejected. */
export const GatewayUrlSchema = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/ }))

export const AppKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,32}$/)

/**
 * App secrets and session keys are printable ASCII without spaces. Whitespace around a pasted
 * value is trimmed; an empty value is an error, never a way to clear (see `clearSessionKey`).
 */
export const SecretValueSchema = z
  .string()
  .trim()
  .min(1, { abort: true }) // one message for an empty field, not "empty" and "bad characters"
  .max(512)
  .regex(/^[\x21-\x7E]+$/)

/** An emptied form field means "no default", so '' becomes absent instead of failing. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? undefined : value))
    .optional()

/** What the counter pre-fills on every operation made through this profile. */
export const ProfileDefaultsSchema = z.object({
  shopId: optionalText(64),
  brandId: optionalText(64),
  operatorId: optionalText(64),
  operatorName: optionalText(40),
  /**
   * 外部品牌ID / 外部门店ID (`out_brand_id`, `out_shop_id`): store settings for a store that works
   * with external ids, sent with every redemption and reversal made through this profile.
   */
  outBrandId: optionalText(64),
  outShopId: optionalText(64),
  /** Further brands this store serves beside `brandId`: the Redeem screen offers them as a choice. */
  brandChoices: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
})
export type ProfileDefaults = z.infer<typeof ProfileDefaultsSchema>

/** The full description of a profile, with the app key in clear: main-process shape only. */
export const ProfileMetadataSchema = z.object({
  id: ProfileIdSchema,
  name: ProfileNameSchema,
  kind: ProfileKindSchema,
  gatewayUrl: GatewayUrlSchema,
  appKey: AppKeySchema,
  signMethod: SignMethodSchema,
  simplify: z.boolean(),
  defaults: ProfileDefaultsSchema,
})
export type ProfileMetadata = z.infer<typeof ProfileMetadataSchema>

/**
 * Create (no `id`) or update (with `id`) a profile.
 *
 * Metadata is a full replacement: the form always sends every field, and an omitted field takes
 * its default (`gatewayUrl` of a production profile, `signMethod`, `simplify`, `defaults`).
 * Credentials are the exception, because the renderer never has them to send back: an omitted
 * `appKey`, `appSecret` or `sessionKey` keeps what the keychain holds. The object is strict so a
 * misspelt secret field fails loudly instead of silently meaning "keep the old one".
 */
export const ProfileInputSchema = z
  .strictObject({
    id: ProfileIdSchema.optional(),
    name: ProfileNameSchema,
    kind: ProfileKindSchema,
    gatewayUrl: GatewayUrlSchema.optional(),
    appKey: AppKeySchema.optional(),
    signMethod: SignMethodSchema.default(DEFAULT_SIGN_METHOD),
    simplify: z.boolean().default(false),
    defaults: ProfileDefaultsSchema.default({}),
    appSecret: SecretValueSchema.optional(),
    sessionKey: SecretValueSchema.optional(),
    /** Forget the stored session key (e.g. after the shop revoked the authorisation). */
    clearSessionKey: z.literal(true).optional(),
    /**
     * A production gateway that is not one of TOP's hosts (a company proxy, say), chosen on purpose.
     * Still https only, and every save of such a profile carries the app secret, typed again.
     */
    customGateway: z.literal(true).optional(),
  })
  .check((ctx) => {
    const input = ctx.value
    const issue = (path: string, message: ProfileIssueKey) => ctx.issues.push({ code: 'custom', path: [path], message, input: undefined })
    // A new profile cannot even be shown without its (masked) app key.
    if (input.id === undefined && input.appKey === undefined) issue('appKey', 'vault.appKeyRequired')
    // Only production has a well-known gateway; a user's sandbox could be anywhere.
    if (input.kind === 'sandbox' && input.gatewayUrl === undefined) issue('gatewayUrl', 'vault.gatewayRequired')
    if (input.sessionKey !== undefined && input.clearSessionKey) issue('sessionKey', 'vault.sessionKeyConflict')
    if (input.kind === 'production') {
      // A new production profile cannot sign anything without its secret: refuse it now, not at
      // the first redemption.
      if (input.id === undefined && input.appSecret === undefined) issue('appSecret', 'vault.productionNeedsSecret')
      const url = input.gatewayUrl ?? DEFAULT_PRODUCTION_GATEWAY
      // A URL the field itself refused (no scheme, ftp:…) already has its issue.
      if (url.startsWith('http://')) issue('gatewayUrl', 'vault.gatewayHttpsRequired')
      else if (url.startsWith('https://') && !isTopGateway(url)) {
        if (!input.customGateway) issue('gatewayUrl', 'vault.gatewayNotTop')
        else if (input.appSecret === undefined) issue('appSecret', 'vault.customGatewayNeedsSecret')
      }
    }
  })
export type ProfileInput = z.input<typeof ProfileInputSchema>
export type ParsedProfileInput = z.output<typeof ProfileInputSchema>

/**
 * What the renderer may know about a profile: the app key masked, secrets reduced to "is set".
 * `builtIn` marks the training profile, which can be neither edited nor deleted.
 */
export const ProfileViewSchema = z.object({
  id: ProfileIdSchema,
  name: z.string(),
  kind: ProfileKindSchema,
  gatewayUrl: z.string(),
  /** Masked, e.g. '1234****78'. */
  appKey: z.string(),
  signMethod: SignMethodSchema,
  simplify: z.boolean(),
  defaults: ProfileDefaultsSchema,
  appSecretSet: z.boolean(),
  sessionKeySet: z.boolean(),
  active: z.boolean(),
  builtIn: z.boolean(),
})
export type ProfileView = z.infer<typeof ProfileViewSchema>
