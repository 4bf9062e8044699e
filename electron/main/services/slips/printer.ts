import type { Printer } from '@contract/ipc/channels/slips'

/** One slip to put on paper: the page, and how. */
export interface PrintJob {
  html: string
  title: string
  widthMm: number
  heightMm: number
  /** The OS's printer name; null prints to the default printer. */
  printer: string | null
  /** Without the system's print dialog. */
  silent: boolean
}

/**
 * Where slips go. The app's is Electron's `webContents.print` in a hidden window
 * (`electron/main/slip-window.ts`); the browser journeys render the same page to PDF; unit tests
 * record the job. Resolves `{ printed: false }` when the cashier closed the print dialog;
 * rejects with the printer's reason when printing failed.
 */
export interface SlipPrinter {
  print(job: PrintJob): Promise<{ printed: boolean }>
  printers(): Promise<Printer[]>
}

/** A run with no printer (tests of other features, a host that prints nothing): every print fails, saying why. */
export const NO_PRINTER: SlipPrinter = {
  print: () => Promise.reject(new Error('no printer in this run')),
  printers: () => Promise.resolve([]),
}
