import { describe, expect, it, vi } from 'vitest'
import { registry, CHANNELS } from '@contract/ipc/registry'
import { AppError } from '@main/ipc/app-error'
import { createRouter, type Handlers } from '@main/ipc/router'

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
    expect(reply.error.issues?.[0]?.path).toEqual(['locale'])
  })

  it('refuses channels that are not in the registry', async () => {
    const router = createRouter(handlers(), { validateOutput: true })
    const reply = await router.dispatch('shell.openExternal', 'https://evil.example')
    expect(reply).toEqual({ ok: false, error: { code: 'unknown-channel', key: 'ipc.unknownChannel', params: { channel: 'shell.openExternal' } } })
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

  it('serves exactly the registry channels', () => {
    const router = createRouter(handlers(), { validateOutput: true })
    expect([...router.channels].sort()).toEqual(Object.keys(registry).sort())
    expect(CHANNELS.length).toBeGreaterThan(0)
  })
})
