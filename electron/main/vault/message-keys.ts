import type { MessageKey } from '@contract/locales'
import { PROFILE_ISSUE_KEYS } from '@contract/profiles'

/**
 * Every vue-i18n key the vault can put in front of a user: its typed errors and the field
 * issues of the profile schemas. Each must be a key of the message catalogue (the compiler checks
 * it), and a test checks that the catalogue's `vault` texts are exactly these, so a new error
 * cannot ship without its texts.
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
] as const satisfies readonly MessageKey[]
export type VaultMessageKey = (typeof VAULT_MESSAGE_KEYS)[number]
