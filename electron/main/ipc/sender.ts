/**
 * Who may call main. Only the app's own top-level page qualifies: not an iframe it might embed,
 * not a page it was navigated to, not a devtools extension. Same idea as VS Code's ValidatedIpcMain.
 */
export interface SenderFacts {
  /** URL of the frame that sent the message, or undefined when the frame is already gone. */
  frameUrl: string | undefined
  /** Whether that frame is the top-level frame of its window. */
  isMainFrame: boolean
  /** Whether the window belongs to the app (its webContents is one we created). */
  isAppWindow: boolean
}

export function isTrustedSender(facts: SenderFacts, appOrigins: readonly string[]): boolean {
  if (!facts.isAppWindow || !facts.isMainFrame || !facts.frameUrl) return false
  let origin: string
  try {
    const url = new URL(facts.frameUrl)
    // Custom schemes report the opaque origin "null"; compare protocol and host ourselves.
    origin = `${url.protocol}//${url.host}`
  } catch {
    return false
  }
  return appOrigins.includes(origin)
}
