import { beforeEach, describe, expect, it } from 'vitest'
import { electronSlipPrinter } from '@main/slip-window'
import type { PrintJob } from '@main/services/slips/printer'
import { FakeBrowserWindow, resetElectronFake } from '../../support/electron-fake'

const JOB: PrintJob = {
  html: '<!doctype html><html><body><h1>核销小票</h1></body></html>',
  title: '核销小票',
  widthMm: 58,
  heightMm: 120,
  printer: 'XP-58',
  silent: true,
}

/** The hidden window the printer opens, made to answer as a printer or its dialog would. */
function nextWindowAnswers(answer: { success: boolean; failureReason: string }): () => FakeBrowserWindow {
  const before = FakeBrowserWindow.windows.length
  const original = FakeBrowserWindow.prototype.loadURL
  FakeBrowserWindow.prototype.loadURL = function (this: FakeBrowserWindow, url: string) {
    this.webContents.printAnswer = answer
    return original.call(this, url)
  }
  return () => {
    FakeBrowserWindow.prototype.loadURL = original
    return FakeBrowserWindow.windows[before]!
  }
}

describe('the Electron slip printer', () => {
  beforeEach(() => resetElectronFake())

  it('prints the slip page in a hidden, sandboxed, script-less window on the chosen roll and printer, then closes it', async () => {
    const window = nextWindowAnswers({ success: true, failureReason: '' })
    expect(await electronSlipPrinter().print(JOB)).toEqual({ printed: true })
    const win = window()
    expect(win.options).toMatchObject({ show: false })
    const prefs = win.options['webPreferences'] as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true })
    expect(prefs['preload']).toBeUndefined()
    // The page is the slip's own HTML, nothing fetched.
    const url = win.loadedUrl!
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true)
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(JOB.html)
    expect(win.webContents.printed).toEqual([
      {
        silent: true,
        printBackground: false,
        margins: { marginType: 'none' },
        pageSize: { width: 58_000, height: 120_000 },
        deviceName: 'XP-58',
      },
    ])
    // Navigation away and new windows are shut, as in the app's own window.
    expect(win.webContents.listenerCount('will-navigate')).toBe(1)
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' })
    expect(win.destroyed).toBe(true)
  })

  it('leaves the printer to the system when none is set', async () => {
    const window = nextWindowAnswers({ success: true, failureReason: '' })
    await electronSlipPrinter().print({ ...JOB, printer: null, silent: false })
    expect(window().webContents.printed[0]).not.toHaveProperty('deviceName')
  })

  it('a dialog closed without printing is not printed, and not an error', async () => {
    const window = nextWindowAnswers({ success: false, failureReason: 'Print job canceled' })
    expect(await electronSlipPrinter().print(JOB)).toEqual({ printed: false })
    expect(window().destroyed).toBe(true)
  })

  it('a printer failure rejects with its reason, and the window is closed all the same', async () => {
    const window = nextWindowAnswers({ success: false, failureReason: 'Print job failed' })
    await expect(electronSlipPrinter().print(JOB)).rejects.toThrow('Print job failed')
    expect(window().destroyed).toBe(true)
  })
})
