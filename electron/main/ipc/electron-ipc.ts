import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { fail } from '@contract/ipc/envelope'
import type { EventHub } from './events'
import type { Router } from './router'
import { isTrustedSender } from './sender'

/**
 * The only module that touches `ipcMain` (ESLint enforces it). Each channel of the router is
 * registered once, and every call is checked for its sender before the router sees the payload.
 */
export function registerIpc(
  router: Router,
  options: {
    appOrigins: readonly string[]
    isAppWindow: (contents: WebContents) => boolean
    /** Where refusals are reported (console by default). */
    logger?: Pick<Console, 'warn'>
  },
): () => void {
  const logger = options.logger ?? console
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return isTrustedSender(
      {
        frameUrl: frame?.url,
        // The window's own top frame: identity with mainFrame, and (belt and braces) no parent frame.
        isMainFrame: frame !== null && frame !== undefined && frame === event.sender.mainFrame && frame.parent === null,
        isAppWindow: options.isAppWindow(event.sender),
      },
      options.appOrigins,
    )
  }
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (trusted(event)) return router.dispatch(channel, payload)
      // Who knocked and where, never what they sent: a payload may hold a secret being typed.
      logger.warn('[ipc] refused a call from an untrusted sender', { channel, origin: senderOrigin(event) })
      return fail({ code: 'forbidden', key: 'ipc.forbidden' })
    })
  }
  return () => router.channels.forEach((channel) => ipcMain.removeHandler(channel))
}

/** The sending frame's origin (scheme, host, port), not its full URL: paths and queries may carry data. */
function senderOrigin(event: IpcMainInvokeEvent): string {
  const url = event.senderFrame?.url
  if (!url) return 'unknown'
  try {
    const origin = new URL(url).origin
    return origin === 'null' ? new URL(url).protocol : origin
  } catch {
    return 'unparseable'
  }
}

/**
 * Sends every event of the hub to the app's own windows and nowhere else: `webContents.send`
 * reaches the window's main frame, and only while that frame still shows the app's origin (the
 * same test a caller must pass). Returns the unsubscribe.
 */
export function forwardEvents(hub: EventHub, options: { appOrigins: readonly string[]; windows: () => Iterable<WebContents> }): () => void {
  return hub.subscribe((event, payload) => {
    for (const contents of options.windows()) {
      if (contents.isDestroyed()) continue
      const onApp = isTrustedSender({ frameUrl: contents.mainFrame.url, isMainFrame: true, isAppWindow: true }, options.appOrigins)
      if (onApp) contents.send(event, payload)
    }
  })
}
