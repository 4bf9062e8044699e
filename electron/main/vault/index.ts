/** The vault's public surface for the rest of the main process. */
export {
  DuplicateProfileNameError,
  KeychainUnavailableError,
  MissingSecretError,
  ProfileNotFoundError,
  ProfileStorageError,
  SandboxProfileReadOnlyError,
  VaultError,
  type CredentialName,
  type KeychainFailureReason,
  type KeychainOperation,
} from './errors'
export { VAULT_MESSAGE_KEYS, type VaultMessageKey } from './message-keys'
export { maskAppKey, type ProfileInput, type ProfileView } from './profile-schema'
export { createProfileStore, PROFILES_FILE_NAME, type ProfileStore, type VaultLogger } from './profile-store'
export { createKeytarStore, DEFAULT_KEYCHAIN_SERVICE, guardSecretStore, type SecretStore } from './secret-store'
export { createVault, secretAccount, type Credentials, type SandboxCredentials, type Vault, type VaultOptions } from './vault'
