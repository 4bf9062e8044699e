#!/usr/bin/env node
// Security gate: runs Electronegativity on the built app (out/) and fails on any finding above
// informational that security/electronegativity-allowlist.json does not list with a reason.
// Electronegativity always exits 0, so the verdict comes from its CSV report (the only
// format that carries each finding's severity).
'use strict'
const Module = require('node:module')
const fs = require('node:fs')
const path = require('node:path')
const os = require('node:os')

const root = path.resolve(__dirname, '..')
const input = path.join(root, 'out')
const allowListFile = path.join(root, 'security', 'electronegativity-allowlist.json')
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'report.csv')
const electronVersion = require(path.join(root, 'node_modules/electron/package.json')).version

// The tool fetches its UI translations and Electron's release list over HTTP. These machines are
// offline, and its HTTP client crashes on the retry; answer "unreachable" at once instead, so it
// falls back to its bundled English texts.
const originalLoad = Module._load
Module._load = function (request, parent, isMain) {
  if (request === 'got') return () => Promise.reject(new Error('offline: no network for the security gate'))
  return originalLoad.call(this, request, parent, isMain)
}

if (!fs.existsSync(path.join(input, 'main', 'index.js'))) {
  console.error('security-gate: out/ is missing; run `npm run build` first')
  process.exit(2)
}

process.argv = [
  process.argv[0],
  'electronegativity',
  '-i', input,
  '-o', report,
  '-r',
  '-v', 'false',
  '-e', electronVersion,
  // Needs Electron's online release list; Electron updates are tracked by the dependency pins instead.
  '-x', 'AvailableSecurityFixesGlobalCheck',
]

const started = Date.now()
const timer = setInterval(() => {
  if (fs.existsSync(report) && fs.statSync(report).size > 0) {
    clearInterval(timer)
    setTimeout(judge, 200) // let the writer finish
  } else if (Date.now() - started > 5 * 60_000) {
    console.error('security-gate: electronegativity produced no report in 5 minutes')
    process.exit(2)
  }
}, 250)

require(path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'))

/** Minimal RFC 4180 reader: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') endField()
    else if (c === '\n') endRow()
    else if (c !== '\r') field += c
  }
  if (field !== '' || row.length) endRow()
  return rows.filter((r) => r.length > 1)
}

function judge() {
  const [header, ...rows] = parseCsv(fs.readFileSync(report, 'utf8'))
  const col = (name) => header.findIndex((h) => h.trim().toLowerCase() === name)
  const [iId, iSeverity, iFile, iLocation, iDescription] = ['issue', 'severity', 'filename', 'location', 'description'].map(col)
  if ([iId, iSeverity, iFile].some((i) => i < 0)) {
    console.error(`security-gate: unexpected report header: ${header.join(',')}`)
    process.exit(2)
  }
  const allowList = JSON.parse(fs.readFileSync(allowListFile, 'utf8'))
  for (const entry of allowList.allowed) {
    if (!entry.check || !entry.file || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      console.error(`security-gate: allow-list entry needs check, file and a real reason: ${JSON.stringify(entry)}`)
      process.exit(1)
    }
  }
  const findings = rows.map((r) => ({
    check: r[iId],
    severity: r[iSeverity].toUpperCase(),
    file: r[iFile],
    location: r[iLocation] ?? '',
    text: r[iDescription] ?? '',
  }))
  const isAllowed = (f) => allowList.allowed.some((a) => a.check === f.check && f.file.endsWith(a.file))
  const serious = findings.filter((f) => f.severity !== 'INFORMATIONAL')
  const blocking = serious.filter((f) => !isAllowed(f))
  console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${findings.length - serious.length} informational, ${serious.length - blocking.length} allowed with a reason, ${blocking.length} blocking`)
  for (const f of findings) {
    const verdict = f.severity === 'INFORMATIONAL' ? 'info    ' : isAllowed(f) ? 'allowed ' : 'BLOCKING'
    console.log(`  ${verdict} ${f.check} (${f.severity}) ${f.file}:${f.location} ${f.text}`)
  }
  process.exit(blocking.length === 0 ? 0 : 1)
}
