import { beforeEach, describe, expect, it } from 'vitest'
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

  it('exposes exactly one method per registry channel, and nothing else', async () => {
    const { contextBridge } = await loadPreload()
    expect([...contextBridge.exposed.keys()]).toEqual([API_GLOBAL])
    const api = contextBridge.exposed.get(API_GLOBAL) as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual(CHANNELS.map(methodName).sort())
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

describe('methodName', () => {
  it('camel-cases dotted channel names', () => {
    expect(methodName('history.query')).toBe('historyQuery')
    expect(methodName('drafts.outbox.cancel')).toBe('draftsOutboxCancel')
    expect(methodName('redeem')).toBe('redeem')
  })
})
