import { BrowserWindow } from 'electron'
import type { PrintJob, SlipPrinter } from './services/slips/printer'
import { hardenContents } from './window'

/**
 * Slips on paper through Electron: the slip's page in a hidden, sandboxed window of its own (no
 * preload, no script: the page has none and its CSP allows none), printed with
 * `webContents.print`, then closed. All decisions are the slip service's; this is only the glue.
 */
export function electronSlipPrinter(): SlipPrinter {
  return {
    async print(job: PrintJob) {
      const window = hiddenWindow()
      try {
        const url = `data:text/html;charset=utf-8;base64,${Buffer.from(job.html, 'utf8').toString('base64')}`
        hardenContents(window.webContents, url)
        await window.loadURL(url)
        return await new Promise<{ printed: boolean }>((resolve, reject) => {
          window.webContents.print(
            {
              silent: job.silent,
              printBackground: false,
              margins: { marginType: 'none' },
              // Microns: the roll's width, and a page as long as the slip.
              pageSize: { width: job.widthMm * 1000, height: job.heightMm * 1000 },
              ...(job.printer ? { deviceName: job.printer } : {}),
            },
            (success, failureReason) => {
              if (success) resolve({ printed: true })
              // The cashier closed the dialog: nothing printed, nothing wrong.
              else if (failureReason === 'Print job canceled' || failureReason === 'cancelled') resolve({ printed: false })
              else reject(new Error(failureReason || 'print failed'))
            },
          )
        })
      } finally {
        window.destroy()
      }
    },
    async printers() {
      // Any window can list the OS's printers; a throwaway one keeps the app's window out of it.
      const window = hiddenWindow()
      try {
        const printers = await window.webContents.getPrintersAsync()
        return printers.map((p) => {
          // Which one is the default is in the platform's options (CUPS: printer-is-default), when said at all.
          const options = (p.options ?? {}) as Record<string, unknown>
          return { name: p.name, displayName: p.displayName || p.name, isDefault: options['printer-is-default'] === 'true' }
        })
      } finally {
        window.destroy()
      }
    },
  }
}

/** A window no one sees, for a slip page: no preload, no script, no way out (the settings written out for static checkers). */
function hiddenWindow(): BrowserWindow {
  return new BrowserWindow({
    show: false,
    width: 400,
    height: 800,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      javascript: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    },
  })
}
