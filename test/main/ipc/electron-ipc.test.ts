import { beforeEach, describe, expect, it, vi } from 'vitest'
import { registry } from '@contract/ipc/registry'
import { registerIpc } from '@main/ipc/electron-ipc'
import { createRouter, type Handlers } from '@main/ipc/router'
import { FakeWebContents, ipcMain, resetElectronFake } from '../../support/electron-fake'

const handlers = {
  'app.info': async () => ({ name: 'x', version: '1', platform: 'linux', locale: 'zh-CN' }),
  'app.setLocale': async ({ locale }: { locale: 'zh-CN' | 'en' }) => ({ locale }),
} as unknown as Handlers

function eventFrom(contents: FakeWebContents, url: string, mainFrame = true) {
  contents.mainFrame.url = url
  return { sender: contents, senderFrame: mainFrame ? contents.mainFrame : { url } }
}

describe('registerIpc', () => {
  beforeEach(() => resetElectronFake())

  it('registers one handler per registry channel', () => {
    registerIpc(createRouter(handlers, { validateOutput: true }), { appOrigins: ['app://coupon-desk'], isAppWindow: () => true })
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(registry).sort())
  })

  it('serves the app window and rejects an untrusted sender before parsing', async () => {
    const appContents = new FakeWebContents()
    const router = createRouter(handlers, { validateOutput: true })
    registerIpc(router, { appOrigins: ['app://coupon-desk'], isAppWindow: (c) => c === (appContents as never) })
    const handle = ipcMain.handlers.get('app.setLocale')!

    expect(await handle(eventFrom(appContents, 'app://coupon-desk/index.html'), { locale: 'en' })).toEqual({
      ok: true,
      value: { locale: 'en' },
    })
    const forbidden = { ok: false, error: { code: 'forbidden', key: 'ipc.forbidden' } }
    expect(await handle(eventFrom(appContents, 'https://evil.example/'), { locale: 'en' })).toEqual(forbidden)
    expect(await handle(eventFrom(appContents, 'app://coupon-desk/index.html', false), { locale: 'en' })).toEqual(forbidden)
    expect(await handle(eventFrom(new FakeWebContents(), 'app://coupon-desk/index.html'), { locale: 'en' })).toEqual(forbidden)
  })

  it("logs a refused call with its channel and the sender's origin, never the payload or the full URL", async () => {
    const warn = vi.fn()
    registerIpc(createRouter(handlers, { validateOutput: true }), {
      appOrigins: ['app://coupon-desk'],
      isAppWindow: () => true,
      logger: { warn },
    })
    const handle = ipcMain.handlers.get('app.setLocale')!
    await handle(eventFrom(new FakeWebContents(), 'https://evil.example/steal?token=abc'), { locale: 'en', secret: 'TYPED-SECRET-42' })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]).toEqual([
      '[ipc] refused a call from an untrusted sender',
      { channel: 'app.setLocale', origin: 'https://evil.example' },
    ])
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/TYPED-SECRET-42|token=abc/)
  })

  it('rejects a frame that has a parent, even one passed off as the main frame', async () => {
    const appContents = new FakeWebContents()
    registerIpc(createRouter(handlers, { validateOutput: true }), {
      appOrigins: ['app://coupon-desk'],
      isAppWindow: (c) => c === (appContents as never),
    })
    const handle = ipcMain.handlers.get('app.setLocale')!
    const top = eventFrom(appContents, 'app://coupon-desk/index.html')
    expect(await handle(top, { locale: 'en' })).toMatchObject({ ok: true })
    appContents.mainFrame.parent = { url: 'app://coupon-desk/index.html', parent: null }
    expect(await handle(top, { locale: 'en' })).toEqual({ ok: false, error: { code: 'forbidden', key: 'ipc.forbidden' } })
  })

  it('can be taken down again', () => {
    const dispose = registerIpc(createRouter(handlers, { validateOutput: true }), { appOrigins: [], isAppWindow: () => true })
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
  })
})
