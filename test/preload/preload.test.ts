import { build } from 'esbuild'
import { resolve } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { eventRegistry } from '@contract/ipc/events'
import { CHANNEL_NAMES, EVENT_NAMES } from '@contract/ipc/names'
import { API_GLOBAL, CHANNELS } from '@contract/ipc/registry'
import { methodName } from '@contract/ipc/method-name'

import { exposeApi } from '../../electron/preload/expose'
import * as fake from '../support/electron-fake'

async function loadPreload() {
  exposeApi()
  return fake
}

describe('preload', () => {
  beforeEach(() => fake.resetElectronFake())

  it('exposes exactly one method per registry channel and `on`, and nothing else', async () => {
    const { contextBridge } = await loadPreload()
    expect([...contextBridge.exposed.keys()]).toEqual([API_GLOBAL])
    const api = contextBridge.exposed.get(API_GLOBAL) as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual([...CHANNELS.map(methodName), 'on'].sort())
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true)
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('forwards each method to its channel through ipcRenderer.invoke', async () => {
    const { contextBridge, ipcRenderer } = await loadPreload()
    const api = contextBridge.exposed.get(API_GLOBAL) as Record<string, (p?: unknown) => Promise<unknown>>
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { locale: 'en' } })
    await expect(api['appSetLocale']!({ locale: 'en' })).resolves.toEqual({ ok: true, value: { locale: 'en' } })
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('app.setLocale', { locale: 'en' })
  })
})

describe('preload: pushed events', () => {
  beforeEach(() => fake.resetElectronFake())

  it("relays the payload alone (never Electron's event object) until unsubscribed", async () => {
    const { contextBridge, ipcRenderer } = await loadPreload()
    const api = contextBridge.exposed.get(API_GLOBAL) as { on(event: string, listener: (...args: unknown[]) => void): () => void }
    const listener = vi.fn()
    const off = api.on('redeem.batchProgress', listener)
    const electronEvent = { sender: ipcRenderer }
    ipcRenderer.emit('redeem.batchProgress', electronEvent, { batchId: 'b' })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ batchId: 'b' })
    off()
    ipcRenderer.emit('redeem.batchProgress', electronEvent, { batchId: 'c' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(ipcRenderer.listeners.get('redeem.batchProgress')?.size).toBe(0)
  })

  it('refuses events main does not push, and listeners that are not functions', async () => {
    const { contextBridge, ipcRenderer } = await loadPreload()
    const api = contextBridge.exposed.get(API_GLOBAL) as { on(event: string, listener: unknown): () => void }
    // An invoke channel, Electron's own channels, or anything else are not events.
    for (const name of ['redeem.submit', 'ELECTRON_BROWSER_REQUIRE', '']) expect(() => api.on(name, () => undefined)).toThrow(TypeError)
    expect(() => api.on('outbox.changed', 'nope')).toThrow(TypeError)
    expect(ipcRenderer.listeners.size).toBe(0)
  })

  it("the plain name lists are exactly the registries' keys", () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...CHANNELS].sort())
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(eventRegistry).sort())
  })

  it('bundles to a few KB without zod: it learns channel names from the plain list', async () => {
    const result = await build({
      entryPoints: [resolve(import.meta.dirname, '../../electron/preload/index.ts')],
      bundle: true,
      write: false,
      minify: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      metafile: true,
      alias: { '@contract': resolve(import.meta.dirname, '../../electron/contract') },
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((file) => file.includes('node_modules'))).toEqual([])
    expect(result.outputFiles[0]!.contents.byteLength).toBeLessThan(10 * 1024)
  })
})

describe('methodName', () => {
  it('camel-cases dotted channel names', () => {
    expect(methodName('history.query')).toBe('historyQuery')
    expect(methodName('drafts.outbox.cancel')).toBe('draftsOutboxCancel')
    expect(methodName('redeem')).toBe('redeem')
  })
})
