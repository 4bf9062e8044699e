import { runInNewContext } from 'node:vm'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { buildApi } from '@contract/ipc/build-api'
import { LOCALES, type Locale } from '@contract/ipc/channels/app'
import { methodName } from '@contract/ipc/method-name'
import { API_GLOBAL, registry, CHANNELS } from '@contract/ipc/registry'
import { AppError } from '@main/ipc/app-error'
import { createRouter, type Handlers } from '@main/ipc/router'
import contractEn from '@contract/locales/en/contract'
import contractZh from '@contract/locales/zh-CN/contract'
import rendererEn from '@contract/locales/en/app'
import rendererZh from '@contract/locales/zh-CN/app'
import { BRIDGE_PREFIX } from '../../e2e/bridge'
import { buildInitScript } from '../../e2e/init-script'

/** The tables the renderer merges into vue-i18n for `ipc.*` and `contract.*` keys (renderer/src/i18n/index.ts). */
const messages: Record<Locale, object> = { 'zh-CN': { ...rendererZh, ...contractZh }, en: { ...rendererEn, ...contractEn } }

/** The text the renderer shows for a key, before interpolation. */
function textOf(locale: Locale, key: string): string | undefined {
  let node: unknown = messages[locale]
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string' ? node : undefined
}

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': async () => ({ name: 'x', version: '1', platform: 'linux', locale: 'zh-CN' }),
    'app.setLocale': async ({ locale }) => ({ locale }),
    ...overrides,
  } as Handlers
}

describe('IPC router', () => {
  it('answers a valid call with the handler value', async () => {
    const router = createRouter(handlers(), { validateOutput: true })
    expect(await router.dispatch('app.setLocale', { locale: 'en' })).toEqual({ ok: true, value: { locale: 'en' } })
  })

  it('returns a field-level error for a malformed payload and never calls the handler', async () => {
    const spy = vi.fn(async () => ({ locale: 'en' as const }))
    const router = createRouter(handlers({ 'app.setLocale': spy }), { validateOutput: true })
    const reply = await router.dispatch('app.setLocale', { locale: 'fr' })
    expect(spy).not.toHaveBeenCalled()
    expect(reply.ok).toBe(false)
    if (reply.ok) return
    expect(reply.error.code).toBe('invalid-input')
    expect(reply.error.key).toBe('ipc.invalidInput')
    expect(reply.error.issues).toEqual([{ path: ['locale'], key: 'contract.invalidValue', params: { values: 'zh-CN, en' } }])
    // What the cashier reads: both keys have a text in both languages, with the allowed values filled in.
    for (const locale of LOCALES) {
      const text = (key: string) => textOf(locale, key)
      expect(text('ipc.invalidInput'), locale).toMatch(/\S/)
      expect(text('contract.invalidValue'), locale).toContain('{values}')
    }
  })

  it('refuses channels that are not in the registry', async () => {
    const router = createRouter(handlers(), { validateOutput: true })
    const reply = await router.dispatch('shell.openExternal', 'https://evil.example')
    expect(reply).toEqual({
      ok: false,
      error: { code: 'unknown-channel', key: 'ipc.unknownChannel', params: { channel: 'shell.openExternal' } },
    })
    // Inherited object keys are not channels either.
    expect((await router.dispatch('constructor', {})).ok).toBe(false)
  })

  it('turns an AppError into its translatable error and hides anything else', async () => {
    const onUnexpectedError = vi.fn()
    const router = createRouter(
      handlers({
        'app.info': async () => {
          throw new AppError('not-found', 'vault.notFound', { id: 'p1' })
        },
        'app.setLocale': async () => {
          throw new Error('secret-in-message s3cr3t')
        },
      }),
      { validateOutput: true, onUnexpectedError },
    )
    expect(await router.dispatch('app.info', undefined)).toEqual({
      ok: false,
      error: { code: 'not-found', key: 'vault.notFound', params: { id: 'p1' } },
    })
    const reply = await router.dispatch('app.setLocale', { locale: 'en' })
    expect(reply).toEqual({ ok: false, error: { code: 'internal', key: 'ipc.internal' } })
    expect(JSON.stringify(reply)).not.toContain('s3cr3t')
    expect(onUnexpectedError).toHaveBeenCalledTimes(1)
  })

  it('checks its own replies against the output schema when asked to', async () => {
    const bad = handlers({ 'app.info': async () => ({ name: 'x' }) as never })
    const strict = createRouter(bad, { validateOutput: true })
    const reply = await strict.dispatch('app.info', undefined)
    expect(reply.ok).toBe(false)
    if (!reply.ok) expect(reply.error.key).toBe('ipc.invalidOutput')
    const lax = createRouter(bad, { validateOutput: false })
    expect((await lax.dispatch('app.info', undefined)).ok).toBe(true)
  })
})

describe('the channel registry', () => {
  it('names every channel <feature>.<action> in lowerCamelCase, with zod input and output schemas', () => {
    expect(CHANNELS.length).toBeGreaterThan(0)
    for (const channel of CHANNELS) {
      expect(channel).toMatch(/^[a-z]+(\.[a-z][a-zA-Z]*)+$/)
      expect(registry[channel].input, channel).toBeInstanceOf(z.ZodType)
      expect(registry[channel].output, channel).toBeInstanceOf(z.ZodType)
    }
  })

  it('the preload table reaches every channel once: no two channels share a window method', async () => {
    const invoke = vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true, value: null }))
    const listen = vi.fn(() => () => undefined)
    const { on, ...methods } = buildApi(invoke, listen) as unknown as Record<string, () => Promise<unknown>>
    for (const method of Object.keys(methods)) await methods[method]!()
    expect(invoke.mock.calls.map(([channel]) => channel).sort()).toEqual([...CHANNELS].sort())
    expect(Object.keys(methods).sort()).toEqual(CHANNELS.map(methodName).sort())
    // Besides the methods, only `on`, which is the listener given.
    expect(on).toBe(listen)
  })

  it("the browser tests' init script exposes the same methods, posting to the same channels", async () => {
    const fetch = vi.fn(async (_url: string, _init: unknown) => ({ json: async () => ({ ok: true, value: null }) }))
    const context: { window: Record<string, Record<string, () => Promise<unknown>>>; fetch: typeof fetch } = { window: {}, fetch }
    runInNewContext(buildInitScript('token'), context)
    const { on, ...api } = context.window[API_GLOBAL]!
    expect(Object.keys(api).sort()).toEqual(CHANNELS.map(methodName).sort())
    expect(typeof on).toBe('function')
    for (const method of Object.keys(api)) await api[method]!()
    const posted = fetch.mock.calls
      .map(([url]) => url)
      .filter((url) => url.startsWith(BRIDGE_PREFIX))
      .map((url) => decodeURIComponent(url.slice(BRIDGE_PREFIX.length)))
      .sort()
    expect(posted).toEqual([...CHANNELS].sort())
  })
})
