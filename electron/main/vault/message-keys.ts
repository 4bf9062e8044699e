import { PROFILE_ISSUE_KEYS } from '@contract/profiles'

/**
 * Every vue-i18n key the vault can put in front of a user: its typed errors and the field
 * issues of the profile schemas. The message files are typed against this list and a test checks
 * them at run time, so a new error cannot ship without its texts.
 */
export const VAULT_MESSAGE_KEYS = [
  'vault.keychainUnavailable',
  'vault.secretMissing',
  'vault.notFound',
  'vault.cannotDeleteSandbox',
  'vault.sandboxReadOnly',
  'vault.duplicateName',
  'vault.storageFailed',
  'vault.gatewayChangeNeedsSecret',
  ...PROFILE_ISSUE_KEYS,
] as const
export type VaultMessageKey = (typeof VAULT_MESSAGE_KEYS)[number]

type Leaf<K extends string> = K extends `vault.${infer Rest}` ? Rest : never

/** The shape of one locale's texts: `{ vault: { keychainUnavailable: '…', … } }`. */
export type VaultMessages = { vault: Record<Leaf<VaultMessageKey>, string> }
