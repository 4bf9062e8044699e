// The security gate's judgement, apart from running the tool: reading Electronegativity's report,
// reading the reviewed allow-list, deciding which findings block, and checking that the scan read
// every built file. No I/O here, so test/build/security-gate.test.ts can feed it fixtures.
'use strict'
const { createHash } = require('node:crypto')

/** Findings at this severity are listed but never block. */
const INFORMATIONAL = 'INFORMATIONAL'

/** Extensions of built files the scan must read (the tool itself only looks at .js and .html). */
const SCANNABLE = /\.(c|m)?js$|\.html?$/

/** What every scan must have read, relative to out/: a scan that missed one of these proves nothing. */
const REQUIRED_SCAN = [
  { what: 'the main-process bundle (main/index.js)', test: (file) => file === 'main/index.js' },
  { what: 'the preload bundle (preload/index.cjs)', test: (file) => file === 'preload/index.cjs' },
  { what: 'the renderer page (renderer/index.html)', test: (file) => file === 'renderer/index.html' },
  { what: 'the renderer scripts (renderer/assets/*.js)', test: (file) => /^renderer\/assets\/[^/]+\.js$/.test(file) },
]

class GateError extends Error {}

const toPosix = (file) => String(file).replace(/\\/g, '/')

/** The flagged source line with its whitespace collapsed: what a finding is, wherever it moved to. */
function normaliseSample(sample) {
  return typeof sample === 'string' ? sample.replace(/\s+/g, ' ').trim() : ''
}

/** A line-insensitive identity for a finding: the same code flagged again has the same fingerprint. */
function fingerprintOf(sample) {
  return createHash('sha256').update(normaliseSample(sample)).digest('hex').slice(0, 16)
}

/**
 * Electronegativity's programmatic result → findings. Its exit code says nothing, so a report we
 * cannot read is a failure of its own, never "no findings". Some global checks report no sample
 * (e.g. a CSP they could not resolve); `lineOf(file, line)` then supplies the flagged source line,
 * so such a finding still has a fingerprint of its own.
 */
function parseReport(result, lineOf = () => '') {
  const problems = []
  if (typeof result !== 'object' || result === null) throw new GateError('the report is not an object')
  if (!Array.isArray(result.issues)) problems.push('the report has no issues list')
  if (!Array.isArray(result.errors)) problems.push('the report has no errors list')
  if (problems.length > 0) throw new GateError(problems.join('; '))

  const findings = result.issues.map((issue, index) => {
    const severity = issue?.severity?.name
    const line = issue?.location?.line
    if (typeof issue?.id !== 'string' || typeof severity !== 'string' || typeof issue.file !== 'string' || typeof line !== 'number') {
      throw new GateError(`issue #${index} lacks an id, severity, file or location: ${JSON.stringify(issue)?.slice(0, 200)}`)
    }
    const sample = normaliseSample(issue.sample) || (issue.file === 'N/A' || line < 1 ? '' : normaliseSample(lineOf(issue.file, line)))
    return {
      check: issue.id,
      severity,
      file: toPosix(issue.file),
      where: `${line}:${issue.location.column ?? 0}`,
      sample,
      fingerprint: fingerprintOf(sample),
      text: String(issue.description ?? ''),
    }
  })
  const errors = result.errors.map((error) => ({
    file: toPosix(error?.file),
    message: String(error?.message),
    tolerable: error?.tolerable === true,
  }))
  return {
    findings,
    warnings: errors.filter((e) => e.tolerable),
    unreadable: errors.filter((e) => !e.tolerable),
  }
}

/** `AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK` → `availablesecurityfixesglobalcheck`, the name the tool excludes by. */
function scanNameOf(checkId) {
  return checkId.replace(/_/g, '').toLowerCase()
}

/**
 * The reviewed allow-list: findings that may stay (check, file, fingerprint of the flagged line,
 * how many, and why) and checks that are not run at all (and why). Every entry needs a real reason.
 */
function readAllowList(json) {
  const problems = []
  const reasonOk = (reason) => typeof reason === 'string' && reason.trim().length >= 20
  const allowed = Array.isArray(json?.allowed) ? json.allowed : (problems.push('"allowed" must be a list'), [])
  const excluded =
    json?.excluded === undefined ? [] : Array.isArray(json.excluded) ? json.excluded : (problems.push('"excluded" must be a list'), [])

  const entries = allowed.map((entry, index) => {
    const label = `allowed[${index}] ${JSON.stringify(entry)?.slice(0, 160)}`
    if (typeof entry?.check !== 'string' || !/^[A-Z0-9_]+$/.test(entry.check)) problems.push(`${label}: needs the check id`)
    if (typeof entry?.file !== 'string' || entry.file.length === 0) problems.push(`${label}: needs the file, relative to out/`)
    if (typeof entry?.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(entry.fingerprint))
      problems.push(`${label}: needs the finding's fingerprint (16 hex digits, printed by the gate)`)
    if (typeof entry?.excerpt !== 'string' || entry.excerpt.trim().length === 0)
      problems.push(`${label}: needs an excerpt of the flagged line`)
    if (entry?.count !== undefined && !(Number.isInteger(entry.count) && entry.count >= 1))
      problems.push(`${label}: count must be a whole number ≥ 1`)
    if (!reasonOk(entry?.reason)) problems.push(`${label}: needs a real reason (20 characters at least)`)
    return { ...entry, file: toPosix(entry?.file ?? ''), excerpt: normaliseSample(entry?.excerpt), count: entry?.count ?? 1 }
  })
  const exclusions = excluded.map((entry, index) => {
    const label = `excluded[${index}] ${JSON.stringify(entry)?.slice(0, 160)}`
    if (typeof entry?.check !== 'string' || !/^[A-Z0-9_]+$/.test(entry.check)) problems.push(`${label}: needs the check id`)
    if (!reasonOk(entry?.reason)) problems.push(`${label}: needs a real reason (20 characters at least)`)
    if (typeof entry?.reference !== 'string' || !/^https:\/\//.test(entry.reference))
      problems.push(`${label}: needs a reference (https URL)`)
    return { ...entry, scanName: scanNameOf(String(entry?.check ?? '')) }
  })
  if (problems.length > 0) throw new GateError(`the allow-list is not valid:\n  ${problems.join('\n  ')}`)
  return { allowed: entries, excluded: exclusions }
}

/**
 * Each finding's verdict. An allow-list entry covers up to `count` findings of its check, in its
 * file, on the line it fingerprints: a new finding (another line, another file, or one more of the
 * same) blocks. An entry that no longer matches as many findings as it says is stale and blocks
 * too, so the list keeps saying what the build really contains.
 */
function judge(findings, allowed) {
  const used = new Map(allowed.map((entry) => [entry, 0]))
  const rows = findings.map((finding) => {
    if (finding.severity === INFORMATIONAL) return { finding, verdict: 'info' }
    const entry = allowed.find((a) => a.check === finding.check && a.file === finding.file && a.fingerprint === finding.fingerprint)
    if (!entry) return { finding, verdict: 'blocking', why: 'not in the allow-list' }
    // The excerpt is what a reviewer reads; it must be true of the line it stands for.
    if (!finding.sample.includes(entry.excerpt))
      return { finding, verdict: 'blocking', why: 'the allow-list excerpt is not in the flagged line', entry }
    const n = used.get(entry) + 1
    used.set(entry, n)
    if (n > entry.count) return { finding, verdict: 'blocking', why: `one more than the ${entry.count} reviewed`, entry }
    return { finding, verdict: 'allowed', entry }
  })
  const stale = allowed.filter((entry) => used.get(entry) < entry.count).map((entry) => ({ entry, matched: used.get(entry) }))
  return { rows, blocking: rows.filter((row) => row.verdict === 'blocking'), stale }
}

/**
 * What the scan should have read but did not: a required bundle, or any built .js/.cjs/.mjs/.html
 * file. Paths are relative to out/, with forward slashes.
 */
function coverageProblems(scanned, built) {
  const seen = new Set(scanned.map(toPosix))
  const problems = []
  for (const required of REQUIRED_SCAN) if (![...seen].some(required.test)) problems.push(`the scan did not read ${required.what}`)
  for (const file of built.map(toPosix)) if (SCANNABLE.test(file) && !seen.has(file)) problems.push(`the scan did not read ${file}`)
  return problems
}

module.exports = {
  GateError,
  fingerprintOf,
  parseReport,
  scanNameOf,
  readAllowList,
  judge,
  coverageProblems,
}
