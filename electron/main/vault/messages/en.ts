import type { VaultMessages } from '../message-keys'

export const vaultMessagesEn = {
  vault: {
    keychainUnavailable:
      'The system keychain cannot be reached. Connection secrets are kept only there, so the action was not completed. Make sure the keychain (Windows Credential Manager, macOS Keychain or GNOME Keyring) is available and unlocked, then try again.',
    secretMissing: 'The connection profile "{name}" has no {secret} yet. Enter it in the connection settings and try again.',
    notFound: 'This connection profile no longer exists. It may have been deleted.',
    cannotDeleteSandbox: 'The built-in sandbox (training mode) profile cannot be deleted.',
    sandboxReadOnly: 'The built-in sandbox (training mode) profile cannot be changed.',
    duplicateName: 'A connection profile named "{name}" already exists. Choose another name.',
    storageFailed: 'The connection profiles could not be saved. Check the free disk space and that the data folder is writable.',
    appKeyRequired: 'A new connection profile needs an App Key.',
    gatewayRequired: 'A sandbox connection profile needs a gateway URL.',
    sessionKeyConflict: 'A new SessionKey cannot be entered and cleared at the same time.',
  },
} satisfies VaultMessages
