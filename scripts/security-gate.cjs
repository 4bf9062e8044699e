#!/usr/bin/env node
// Security gate: runs Electronegativity on the built app (out/) and fails on any finding above
// informational that security/electronegativity-allowlist.json does not list with a reason, and on
// any file the tool could not parse (a file it cannot read is a file it did not check).
'use strict'
const Module = require('node:module')
const fs = require('node:fs')
const path = require('node:path')
const os = require('node:os')

const root = path.resolve(__dirname, '..')
const built = path.join(root, 'out')
const allowListFile = path.join(root, 'security', 'electronegativity-allowlist.json')
const electronVersion = require(path.join(root, 'node_modules/electron/package.json')).version

// The tool fetches its UI translations and Electron's release list over HTTP. These machines are
// offline, and its HTTP client crashes on the retry; answer "unreachable" at once instead, so it
// falls back to its bundled English texts.
const originalLoad = Module._load
Module._load = function (request, parent, isMain) {
  if (request === 'got') return () => Promise.reject(new Error('offline: no network for the security gate'))
  return originalLoad.call(this, request, parent, isMain)
}

function loweredCopyOfBuild() {
  if (!fs.existsSync(path.join(built, 'main', 'index.js'))) {
    console.error('security-gate: out/ is missing; run `npm run build` first')
    process.exit(2)
  }
  // Electronegativity's parser predates private class fields (`#x`) and similar syntax. It reads a
  // copy of out/ lowered to ES2020 by esbuild: the same program in older syntax.
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'out')
  fs.cpSync(built, copy, { recursive: true })
  const esbuild = require('esbuild')
  for (const file of fs.readdirSync(copy, { recursive: true })) {
    const full = path.join(copy, file)
    if (!/\.(c|m)?js$/.test(full)) continue
    const format = full.endsWith('.cjs') ? 'cjs' : 'esm'
    fs.writeFileSync(full, esbuild.transformSync(fs.readFileSync(full, 'utf8'), { target: 'es2020', format, loader: 'js' }).code)
  }
  return copy
}

function readAllowList() {
  const allowList = JSON.parse(fs.readFileSync(allowListFile, 'utf8'))
  for (const entry of allowList.allowed) {
    if (!entry.check || !entry.file || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      console.error(`security-gate: allow-list entry needs check, file and a real reason: ${JSON.stringify(entry)}`)
      process.exit(1)
    }
  }
  return allowList.allowed
}

async function main() {
  const input = loweredCopyOfBuild()
  const allowed = readAllowList()
  const runner = require('@doyensec/electronegativity')
  const run = typeof runner === 'function' ? runner : runner.default
  const result = await run({
    input,
    isRelative: true,
    customScan: [],
    // Needs Electron's online release list; Electron updates are tracked by the dependency pins instead.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  })
  for (const warning of result.errors.filter((e) => e.tolerable)) console.log(`  parser warning ${warning.file}: ${warning.message}`)
  const unreadable = result.errors.filter((e) => !e.tolerable)
  if (unreadable.length > 0) {
    console.error(`security-gate: ${unreadable.length} file(s) could not be parsed, so the scan is incomplete:`)
    for (const error of unreadable) console.error(`  ${error.file}: ${error.message}`)
    process.exit(1)
  }
  const findings = result.issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name,
    file: issue.file,
    where: `${issue.location.line}:${issue.location.column}`,
    text: issue.description,
  }))
  const isAllowed = (f) => allowed.some((a) => a.check === f.check && f.file.endsWith(a.file))
  const verdict = (f) => (f.severity === 'INFORMATIONAL' ? 'info    ' : isAllowed(f) ? 'allowed ' : 'BLOCKING')
  const blocking = findings.filter((f) => verdict(f) === 'BLOCKING')
  console.log(
    `electronegativity (Electron ${electronVersion}, ${result.atomicChecks} atomic + ${result.globalChecks} global checks): ` +
      `${findings.length} findings, ${blocking.length} blocking`,
  )
  for (const f of findings) console.log(`  ${verdict(f)} ${f.check} (${f.severity}) ${f.file}:${f.where} ${f.text}`)
  process.exit(blocking.length === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(`security-gate: ${error.stack ?? error}`)
  process.exit(2)
})
