import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import type { PrintJob, SlipPrinter } from '@main/services/slips/printer'
import { CHROMIUM, SCREENSHOTS } from './browser'

/** One slip "printed" in a journey: the page main made, as PDF and as a picture. */
export interface PrintedSlip {
  job: PrintJob
  pdf: Buffer
  png: Buffer
  /** How tall the slip's content is, in mm, as Chromium laid it out (to compare with the page main sized). */
  contentMm: number
  /** Pages in the PDF: a slip is one strip of paper. */
  pages: number
}

const PX_PER_MM = 96 / 25.4

/**
 * The journeys' printer: the very slip page main built, rendered by Chromium to PDF
 * (`page.pdf`, at the roll's width and main's page length) instead of going to a printer, and
 * pictured, so a journey can save both under test/e2e/screenshots and look at them.
 */
export class PdfSlipPrinter implements SlipPrinter {
  readonly printed: PrintedSlip[] = []
  #browser: Promise<Browser> | undefined

  async print(job: PrintJob): Promise<{ printed: boolean }> {
    this.#browser ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
    const browser = await this.#browser
    const page = await browser.newPage({ viewport: { width: Math.round(job.widthMm * PX_PER_MM), height: 600 } })
    try {
      await page.setContent(job.html, { waitUntil: 'load' })
      const contentPx = (await page.evaluate('document.body.getBoundingClientRect().height')) as number
      const pdf = await page.pdf({ width: `${job.widthMm}mm`, height: `${job.heightMm}mm`, preferCSSPageSize: true })
      const png = await page.screenshot({ fullPage: true })
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length
      this.printed.push({ job, pdf, png, contentMm: contentPx / PX_PER_MM, pages })
    } finally {
      await page.close()
    }
    return { printed: true }
  }

  async printers() {
    return [{ name: 'PDF', displayName: 'PDF (journeys)', isDefault: true }]
  }

  /** Writes the latest slip as `<name>.pdf` and `<name>.png` under test/e2e/screenshots/slips. */
  save(name: string): PrintedSlip {
    const last = this.printed.at(-1)
    if (!last) throw new Error('no slip was printed')
    const dir = join(SCREENSHOTS, 'slips')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `${name}.pdf`), last.pdf)
    writeFileSync(join(dir, `${name}.png`), last.png)
    return last
  }

  async close(): Promise<void> {
    const browser = await this.#browser
    await browser?.close()
  }
}
