import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { IpcErrorSchema } from '@contract/ipc/envelope'
import {
  DuplicateProfileNameError,
  KeychainUnavailableError,
  MissingSecretError,
  ProfileNotFoundError,
  ProfileStorageError,
  SandboxProfileReadOnlyError,
  type VaultError,
} from '@main/vault/errors'
import { VAULT_MESSAGE_KEYS } from '@main/vault/message-keys'
import vaultMessagesEn from '@contract/locales/en/vault'
import vaultMessagesZhCN from '@contract/locales/zh-CN/vault'

const locales = { 'zh-CN': vaultMessagesZhCN, en: vaultMessagesEn }

/** 'vault.notFound' → text, for every leaf of a message tree. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value as object, path)) out.set(k, v)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/** One of each error the vault throws, to check that its key and params have texts to go with. */
const errors: VaultError[] = [
  new KeychainUnavailableError('no-dbus', 'set', 'Could not connect'),
  new MissingSecretError(crypto.randomUUID(), '总店', 'App Secret'),
  new ProfileNotFoundError(crypto.randomUUID()),
  new SandboxProfileReadOnlyError('delete'),
  new SandboxProfileReadOnlyError('update'),
  new DuplicateProfileNameError('总店'),
  new ProfileStorageError('/data/profiles.json', new Error('ENOSPC')),
]

describe('vault messages', () => {
  it('have the same keys in every locale, and exactly the keys the vault emits', () => {
    for (const messages of Object.values(locales)) {
      expect([...flatten(messages).keys()].sort()).toEqual([...VAULT_MESSAGE_KEYS].sort())
    }
  })

  it('use the same placeholders in every locale', () => {
    const zh = flatten(vaultMessagesZhCN)
    for (const [key, text] of flatten(vaultMessagesEn)) expect(placeholders(text), key).toEqual(placeholders(zh.get(key)!))
  })

  it('compile in vue-i18n and render literally apart from their placeholders', () => {
    // A stray '|' (plural), '@' (link) or brace would change the rendering or throw here.
    const i18n = createI18n({ legacy: false, locale: 'en', messages: locales, missingWarn: false, fallbackWarn: false })
    for (const [locale, messages] of Object.entries(locales)) {
      i18n.global.locale.value = locale as keyof typeof locales
      for (const [key, text] of flatten(messages)) {
        const params = Object.fromEntries(placeholders(text).map((name) => [name, `<${name}>`]))
        const expected = text.replace(/\{(\w+)\}/g, (_, name: string) => `<${name}>`)
        expect(i18n.global.t(key, params), `${locale} ${key}`).toBe(expected)
      }
    }
  })

  it('travel over IPC as code, key and params only', () => {
    expect(new MissingSecretError('id', '总店', 'App Secret').toIpcError()).toEqual({
      code: 'not-found',
      key: 'vault.secretMissing',
      params: { name: '总店', secret: 'App Secret' },
    })
    for (const error of errors) IpcErrorSchema.strict().parse(error.toIpcError())
    expect(new KeychainUnavailableError('locked', 'get', 'detail').toIpcError()).toEqual({
      code: 'keychain',
      key: 'vault.keychainUnavailable',
    })
  })

  it('fill every placeholder from the params of the error that uses them', () => {
    for (const error of errors) {
      for (const messages of Object.values(locales)) {
        const text = flatten(messages).get(error.messageKey)
        expect(text, error.messageKey).toBeDefined()
        expect(placeholders(text!), error.messageKey).toEqual(Object.keys(error.params).sort())
      }
    }
  })
})
