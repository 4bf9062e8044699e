#!/usr/bin/env node
// Security gate: runs Electronegativity on the built app (out/) and fails on any finding above
// informational that security/electronegativity-allowlist.json does not list with a reason, on an
// allow-list entry that no longer matches, on any file the tool could not parse (a file it cannot
// read is a file it did not check), and on a scan that did not read every built bundle. The
// judgement itself lives in security-gate-lib.cjs (tested by test/build/security-gate.test.ts).
'use strict'
const Module = require('node:module')
const fs = require('node:fs')
const path = require('node:path')
const os = require('node:os')
const { GateError, coverageProblems, judge, parseReport, readAllowList } = require('./security-gate-lib.cjs')

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

const relative = (base, file) => path.relative(base, file).split(path.sep).join('/')

/**
 * A copy of out/ the tool can read, and the way back to the original names. Its parser predates
 * private class fields (`#x`) and similar syntax, so every script is lowered to ES2020 by esbuild
 * (the same program in older syntax). It only looks at `.js` files, so `.cjs`/`.mjs` bundles (the
 * preload) get a `.js` suffix in the copy; findings are reported under the original name.
 */
function loweredCopyOfBuild() {
  if (!fs.existsSync(path.join(built, 'main', 'index.js'))) {
    console.error('security-gate: out/ is missing; run `npm run build` first')
    process.exit(2)
  }
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'out')
  fs.cpSync(built, copy, { recursive: true })
  const esbuild = require('esbuild')
  const originalName = new Map()
  const builtFiles = []
  for (const entry of fs.readdirSync(copy, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    const name = relative(copy, full)
    builtFiles.push(name)
    originalName.set(name, name)
    if (!/\.(c|m)?js$/.test(full)) continue
    const format = full.endsWith('.cjs') ? 'cjs' : 'esm'
    const lowered = esbuild.transformSync(fs.readFileSync(full, 'utf8'), { target: 'es2020', format, loader: 'js' }).code
    if (full.endsWith('.js')) {
      fs.writeFileSync(full, lowered)
    } else {
      fs.writeFileSync(`${full}.js`, lowered)
      fs.rmSync(full)
      originalName.set(`${name}.js`, name)
    }
  }
  return { input: copy, builtFiles, toOriginal: (name) => originalName.get(name) ?? name }
}

/** Records every file the tool's parser read (the report says nothing about what it scanned). */
function recordParsedFiles() {
  const { Parser } = require('@doyensec/electronegativity/dist/parser')
  const parse = Parser.prototype.parse
  const parsed = []
  Parser.prototype.parse = function (filename, content) {
    const result = parse.call(this, filename, content)
    if (result[1] !== null) parsed.push(filename)
    return result
  }
  return parsed
}

async function main() {
  const { input, builtFiles, toOriginal } = loweredCopyOfBuild()
  const { allowed, excluded } = readAllowList(JSON.parse(fs.readFileSync(allowListFile, 'utf8')))
  const parsed = recordParsedFiles()
  const runner = require('@doyensec/electronegativity')
  const run = typeof runner === 'function' ? runner : runner.default
  const result = await run({
    input,
    isRelative: true,
    customScan: [],
    // Checks the allow-list excludes, each with its reason and a reference.
    excludeFromScan: excluded.map((e) => e.scanName),
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  })
  const lines = new Map()
  const lineOf = (file, line) => {
    if (!lines.has(file)) lines.set(file, fs.readFileSync(path.join(input, file), 'utf8').split('\n'))
    return lines.get(file)[line - 1] ?? ''
  }
  const report = parseReport(result, lineOf)
  const findings = report.findings.map((f) => ({ ...f, file: toOriginal(f.file) }))
  const scanned = parsed.map((file) => toOriginal(relative(input, file)))
  const failures = []

  for (const warning of report.warnings) console.log(`  parser warning ${toOriginal(relative(input, warning.file))}: ${warning.message}`)
  for (const error of report.unreadable) failures.push(`could not parse ${toOriginal(relative(input, error.file))}: ${error.message}`)
  failures.push(...coverageProblems(scanned, builtFiles))

  const { rows, blocking, stale } = judge(findings, allowed)
  for (const { entry, matched } of stale)
    failures.push(
      `allow-list entry ${entry.check} ${entry.file} (${entry.fingerprint}) matched ${matched} of ${entry.count} findings: remove or update it`,
    )

  console.log(
    `electronegativity (Electron ${electronVersion}, ${result.atomicChecks} atomic + ${result.globalChecks} global checks, ` +
      `${scanned.length} files read, ${excluded.length} check(s) excluded by the allow-list): ` +
      `${findings.length} findings, ${blocking.length} blocking`,
  )
  for (const { finding: f, verdict, why } of rows) {
    const label = { info: 'info    ', allowed: 'allowed ', blocking: 'BLOCKING' }[verdict]
    console.log(`  ${label} ${f.check} (${f.severity}) ${f.file}:${f.where} fingerprint ${f.fingerprint}${why ? ` — ${why}` : ''}`)
    console.log(`           ${f.text}`)
    if (verdict === 'blocking') console.log(`           line: ${f.sample.slice(0, 200)}${f.sample.length > 200 ? '…' : ''}`)
  }
  for (const failure of failures) console.error(`security-gate: ${failure}`)
  process.exit(blocking.length === 0 && failures.length === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(`security-gate: ${error instanceof GateError ? error.message : (error.stack ?? error)}`)
  process.exit(error instanceof GateError ? 1 : 2)
})
