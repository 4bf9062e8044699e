import type { DeepStringRecord } from '../types'
import type zh from '../zh-CN/vault'

/** English texts of every key the keychain vault emits (`VaultError`s and profile field issues). */
export default {
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
    gatewayHttpsRequired: 'A production gateway must use https://.',
    gatewayNotTop:
      'This is not a gateway of the Taobao Open Platform (gw.api.taobao.com, eco.taobao.com, api.taobao.com, gw.api.tbsandbox.com). To use another host, tick "Custom gateway" and enter the App Secret again.',
    customGatewayNeedsSecret: 'A custom gateway receives your signed requests: enter the App Secret again to confirm it.',
    productionNeedsSecret: 'A production connection profile needs its App Secret.',
    gatewayChangeNeedsSecret:
      'The gateway changed: enter the App Secret again, so that your credentials go to the new address only on purpose.',
  },
} satisfies DeepStringRecord<typeof zh>
