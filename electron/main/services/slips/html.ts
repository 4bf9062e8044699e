import { createHash } from 'node:crypto'
import type { SlipWidth } from '@contract/ipc/channels/shift'
import type { SlipDoc, SlipField } from './build'

/**
 * A slip as one self-contained HTML page: no script, no remote resource, no inline style
 * attribute; its one style sheet is allowed by hash in its own CSP (`default-src 'none'`), so the
 * page would load the same under the app's strict policy. Every text passes `escape`.
 */

/** Printable width of each roll (the printer keeps a few mm each side) and the type size that fits it. */
const PAPER: Record<SlipWidth, { printableMm: number; fontPt: number }> = {
  58: { printableMm: 48, fontPt: 9 },
  80: { printableMm: 72, fontPt: 10.5 },
}
const LINE_HEIGHT = 1.35
const PAD_MM = 3

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function style(width: SlipWidth, heightMm: number): string {
  const { printableMm, fontPt } = PAPER[width]
  return `
@page { size: ${width}mm ${heightMm}mm; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { width: ${width}mm; padding: ${PAD_MM}mm ${(width - printableMm) / 2}mm; font: ${fontPt}pt/${LINE_HEIGHT} "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.25em; margin: 0; text-align: center; }
.copy { text-align: center; font-weight: 700; font-size: 1.2em; border: 2px solid #000; margin: 1mm 0; letter-spacing: 0.2em; }
.field { display: flex; gap: 1.5mm; }
.field .k { flex: none; }
.field .v { flex: 1; text-align: right; overflow-wrap: anywhere; }
hr { border: 0; border-top: 1px dashed #000; margin: 1.5mm 0; }
.item { margin: 0 0 1.2mm; }
.item .line { display: flex; justify-content: space-between; gap: 1.5mm; }
.item .code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-weight: 700; overflow-wrap: anywhere; }
.item .res { flex: none; font-weight: 700; }
.item .bad { text-decoration: underline; }
.item .d { padding-left: 2mm; overflow-wrap: anywhere; }
h2 { font-size: 1em; margin: 1mm 0 0.5mm; }
.sum { font-weight: 700; }
.foot { font-size: 0.85em; text-align: center; }
`
}

const field = (f: SlipField): string =>
  `<div class="field"><span class="k">${escapeHtml(f.label)}</span><span class="v">${escapeHtml(f.value)}</span></div>`

export function slipHtml(doc: SlipDoc): string {
  const css = style(doc.width, slipHeightMm(doc))
  const hash = createHash('sha256').update(css).digest('base64')
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`
  const parts: string[] = []
  parts.push(`<h1>${escapeHtml(doc.title)}</h1>`)
  if (doc.copy) parts.push(`<div class="copy">${escapeHtml(doc.copy)}</div>`)
  parts.push(...doc.head.map(field))
  if (doc.items.length > 0) {
    parts.push('<hr>')
    for (const item of doc.items) {
      parts.push(
        `<div class="item"><div class="line"><span class="code">${escapeHtml(item.code)}</span>` +
          `<span class="res${item.ok ? '' : ' bad'}">${escapeHtml(item.result)}</span></div>` +
          item.details.map((d) => `<div class="d">${escapeHtml(d)}</div>`).join('') +
          '</div>',
      )
    }
  }
  if (doc.notes.length > 0) parts.push('<hr>', ...doc.notes.map(field))
  for (const section of doc.sections) {
    parts.push('<hr>', `<h2>${escapeHtml(section.title)}</h2>`, ...section.rows.map(field))
  }
  if (doc.summary.length > 0) parts.push('<hr>', ...doc.summary.map((s) => `<div class="sum">${escapeHtml(s)}</div>`))
  parts.push('<hr>', ...doc.foot.map((s) => `<div class="foot">${escapeHtml(s)}</div>`))
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(doc.locale)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${css}</style></head>`,
    `<body class="slip slip--${doc.width}">${parts.join('\n')}</body></html>`,
  ].join('\n')
}

/** Width of a text in half-width units: a CJK character takes two. */
function units(text: string): number {
  let n = 0
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return n
}

/**
 * How long the slip's paper is, in mm. A receipt printer's page has no natural height, so the
 * page is sized to the text: lines counted with their wrapping at the roll's width (a generous
 * estimate, since paper left over is cheaper than a slip cut short).
 */
export function slipHeightMm(doc: SlipDoc): number {
  const { printableMm, fontPt } = PAPER[doc.width]
  const fontMm = (fontPt * 25.4) / 72
  // Half-width units per line: a half-width glyph is about 0.55 em in these fonts.
  const perLine = Math.max(8, Math.floor(printableMm / (fontMm * 0.55)))
  const lines = (text: string): number => Math.max(1, Math.ceil(units(text) / perLine))
  let count = 2 // the title, at its larger size
  if (doc.copy) count += 2
  const fields = (fs: SlipField[]) => fs.reduce((n, f) => n + lines(`${f.label}  ${f.value}`), 0)
  count += fields(doc.head)
  for (const item of doc.items) count += lines(`${item.code}  ${item.result}`) + item.details.reduce((n, d) => n + lines(`  ${d}`), 0) + 0.5
  count += fields(doc.notes)
  for (const s of doc.sections) count += 1 + fields(s.rows)
  count += doc.summary.reduce((n, s) => n + lines(s), 0)
  count += doc.foot.reduce((n, s) => n + lines(s), 0)
  const separators =
    1 + (doc.items.length > 0 ? 1 : 0) + (doc.notes.length > 0 ? 1 : 0) + doc.sections.length + (doc.summary.length > 0 ? 1 : 0)
  const mm = count * fontMm * LINE_HEIGHT + separators * 3.5 + 2 * PAD_MM
  return Math.ceil(mm * 1.1 + 8)
}
