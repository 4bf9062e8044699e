import { describe, expect, it } from 'vitest'
import { main } from '@main/lifecycle'
import * as fake from '../support/electron-fake'

/** Runs the main entry on a clean fake; `singleInstance` says whether the lock is ours. */
async function boot(singleInstance = true) {
  fake.resetElectronFake()
  fake.app.singleInstanceLock = singleInstance
  main()
  return fake
}

describe('app lifecycle', () => {
  it('takes the single-instance lock and registers the app scheme before ready', async () => {
    const { app, protocol } = await boot()
    expect(app.requestSingleInstanceLock).toHaveBeenCalledTimes(1)
    expect(protocol.privileged).toHaveLength(1)
    expect(app.whenReady).toHaveBeenCalled()
    expect(app.quit).not.toHaveBeenCalled()
  })

  it('quits at once when another instance already runs', async () => {
    const { app } = await boot(false)
    expect(app.quit).toHaveBeenCalledTimes(1)
    expect(app.whenReady).not.toHaveBeenCalled()
  })

  it('a second launch focuses the existing window', async () => {
    const { app, FakeBrowserWindow } = await boot()
    const win = new FakeBrowserWindow({})
    app.emit('second-instance')
    expect(win.focus).toHaveBeenCalled()
  })

  it('denies window.open in every web contents the app creates', async () => {
    const { app, FakeWebContents } = await boot()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler?.({ url: 'https://x' })).toEqual({ action: 'deny' })
  })
})
