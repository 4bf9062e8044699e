import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  GateError,
  coverageProblems,
  fingerprintOf,
  judge,
  parseReport,
  readAllowList,
  scanNameOf,
  type AllowedEntry,
} from '../../scripts/security-gate-lib.cjs'

const root = resolve(import.meta.dirname, '../..')

/** One issue the way Electronegativity's programmatic run reports it. */
function issue(id: string, file: string, line: number, sample: string | undefined, severity = 'LOW') {
  return { id, file, sample, location: { line, column: 4 }, severity: { name: severity, value: 1 }, description: `${id} says so` }
}

const PRELOAD_LINE = 'preload: options.preloadPath,'
const allowList = {
  allowed: [
    {
      check: 'PRELOAD_JS_CHECK',
      file: 'main/index.js',
      fingerprint: fingerprintOf(PRELOAD_LINE),
      excerpt: 'preload:',
      reason: 'Reviewed: the preload is sandboxed and exposes only registry channels.',
    },
  ],
  excluded: [
    {
      check: 'AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK',
      reason: 'Needs the online Electron release list; this machine is offline.',
      reference: 'https://github.com/doyensec/electronegativity',
    },
  ],
}

function verdicts(issues: unknown[], list: unknown = allowList) {
  const { findings } = parseReport({ issues, errors: [] })
  const { allowed } = readAllowList(list)
  const { rows, blocking, stale } = judge(findings, allowed)
  return { verdicts: rows.map((r) => `${r.verdict} ${r.finding.check} ${r.finding.file}`), blocking: blocking.length, stale }
}

describe('security gate: which findings block', () => {
  it('lets a reviewed finding through wherever its line moved to, and whatever whitespace it has', () => {
    expect(verdicts([issue('PRELOAD_JS_CHECK', 'main/index.js', 6500, `   ${PRELOAD_LINE}`, 'MEDIUM')])).toEqual({
      verdicts: ['allowed PRELOAD_JS_CHECK main/index.js'],
      blocking: 0,
      stale: [],
    })
    expect(verdicts([issue('PRELOAD_JS_CHECK', 'main/index.js', 12, 'preload:   options.preloadPath,', 'MEDIUM')]).blocking).toBe(0)
  })

  it('blocks a new finding of an allowed check in an allowed file, on another line', () => {
    const result = verdicts([
      issue('PRELOAD_JS_CHECK', 'main/index.js', 6500, PRELOAD_LINE, 'MEDIUM'),
      issue('PRELOAD_JS_CHECK', 'main/index.js', 7000, 'preload: join(userInput, "evil.js"),', 'MEDIUM'),
    ])
    expect(result.verdicts).toEqual(['allowed PRELOAD_JS_CHECK main/index.js', 'blocking PRELOAD_JS_CHECK main/index.js'])
    expect(result.blocking).toBe(1)
  })

  it('blocks one more finding on the very same line than the entry counts', () => {
    const same = issue('PRELOAD_JS_CHECK', 'main/index.js', 6500, PRELOAD_LINE, 'MEDIUM')
    expect(verdicts([same, { ...same, location: { line: 9000, column: 1 } }]).verdicts).toEqual([
      'allowed PRELOAD_JS_CHECK main/index.js',
      'blocking PRELOAD_JS_CHECK main/index.js',
    ])
    const two = { ...allowList, allowed: [{ ...allowList.allowed[0], count: 2 }] }
    expect(verdicts([same, same], two).blocking).toBe(0)
  })

  it('blocks the same line in another file, and an unlisted check', () => {
    expect(
      verdicts([
        issue('PRELOAD_JS_CHECK', 'preload/index.cjs', 3, PRELOAD_LINE, 'MEDIUM'),
        issue('NODE_INTEGRATION_JS_CHECK', 'main/index.js', 40, 'nodeIntegration: true', 'HIGH'),
      ]).verdicts,
    ).toEqual(['blocking PRELOAD_JS_CHECK preload/index.cjs', 'blocking NODE_INTEGRATION_JS_CHECK main/index.js'])
  })

  it('never blocks an informational finding', () => {
    expect(
      verdicts([
        issue('PRELOAD_JS_CHECK', 'main/index.js', 6500, PRELOAD_LINE, 'MEDIUM'),
        issue('AUXCLICK_JS_CHECK', 'main/index.js', 1, 'x', 'INFORMATIONAL'),
      ]),
    ).toEqual({
      verdicts: ['allowed PRELOAD_JS_CHECK main/index.js', 'info AUXCLICK_JS_CHECK main/index.js'],
      blocking: 0,
      stale: [],
    })
  })

  it('reports an entry whose finding is gone as stale', () => {
    const { stale, blocking } = verdicts([])
    expect(blocking).toBe(0)
    expect(stale.map((s) => [s.entry.check, s.matched])).toEqual([['PRELOAD_JS_CHECK', 0]])
  })

  it('does not trust an excerpt that is not on the flagged line', () => {
    const lying = { ...allowList, allowed: [{ ...allowList.allowed[0], excerpt: 'sandbox: true' }] }
    const { findings } = parseReport({ issues: [issue('PRELOAD_JS_CHECK', 'main/index.js', 1, PRELOAD_LINE, 'MEDIUM')], errors: [] })
    expect(judge(findings, readAllowList(lying).allowed).blocking[0]?.why).toMatch(/excerpt/)
  })

  it('fingerprints a finding without a sample by its source line', () => {
    const lineOf = (file: string, line: number) => (file === 'main/index.js' && line === 7 ? '  callback({ responseHeaders: {' : '')
    const { findings } = parseReport({ issues: [issue('CSP_GLOBAL_CHECK', 'main/index.js', 7, undefined)], errors: [] }, lineOf)
    expect(findings[0]).toMatchObject({
      sample: 'callback({ responseHeaders: {',
      fingerprint: fingerprintOf('callback({ responseHeaders: {'),
    })
    // Another unresolvable CSP elsewhere in the file is another finding.
    expect(fingerprintOf('session.setHeaders(other)')).not.toBe(findings[0]?.fingerprint)
  })
})

describe('security gate: reading the report', () => {
  it('refuses a report it cannot read instead of passing it as "no findings"', () => {
    expect(() => parseReport(undefined)).toThrow(GateError)
    expect(() => parseReport('3 findings')).toThrow(GateError)
    expect(() => parseReport({ issues: [] })).toThrow(/errors list/)
    expect(() => parseReport({ errors: [] })).toThrow(/issues list/)
    expect(() => parseReport({ issues: [{ id: 'CSP_GLOBAL_CHECK', file: 'main/index.js' }], errors: [] })).toThrow(/issue #0/)
  })

  it('separates parser warnings from files the tool could not parse', () => {
    const report = parseReport({
      issues: [],
      errors: [
        { file: 'main\\index.js', message: 'odd syntax', tolerable: true },
        { file: 'renderer/assets/index.js', message: 'Unexpected token', tolerable: false },
      ],
    })
    expect(report.warnings).toEqual([{ file: 'main/index.js', message: 'odd syntax', tolerable: true }])
    expect(report.unreadable.map((e) => e.file)).toEqual(['renderer/assets/index.js'])
  })
})

describe('security gate: the allow-list', () => {
  it('needs check, file, fingerprint, excerpt and a real reason per entry; a reason and reference per exclusion', () => {
    const entry = allowList.allowed[0]!
    const broken = (change: Partial<AllowedEntry> & Record<string, unknown>) => ({ allowed: [{ ...entry, ...change }] })
    expect(() => readAllowList(broken({ reason: 'ok' }))).toThrow(/real reason/)
    expect(() => readAllowList(broken({ fingerprint: undefined }))).toThrow(/fingerprint/)
    expect(() => readAllowList(broken({ excerpt: '' }))).toThrow(/excerpt/)
    expect(() => readAllowList(broken({ file: '' }))).toThrow(/file/)
    expect(() => readAllowList(broken({ count: 0 }))).toThrow(/count/)
    expect(() =>
      readAllowList({ allowed: [], excluded: [{ check: 'AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK', reason: 'x'.repeat(30) }] }),
    ).toThrow(/reference/)
    expect(() => readAllowList({})).toThrow(/"allowed" must be a list/)
  })

  it('turns an excluded check id into the name the tool excludes by', () => {
    expect(scanNameOf('AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK')).toBe('availablesecurityfixesglobalcheck')
    expect(readAllowList(allowList).excluded.map((e) => e.scanName)).toEqual(['availablesecurityfixesglobalcheck'])
  })

  it('accepts the reviewed allow-list the gate reads', () => {
    const list = readAllowList(JSON.parse(readFileSync(resolve(root, 'security/electronegativity-allowlist.json'), 'utf8')))
    expect(list.allowed.length).toBeGreaterThan(0)
    expect(list.excluded.map((e) => e.check)).toEqual(['AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK'])
  })
})

describe('security gate: the scan read everything', () => {
  const built = [
    'main/index.js',
    'preload/index.cjs',
    'renderer/index.html',
    'renderer/assets/index-abc.js',
    'renderer/assets/index-abc.css',
  ]

  it('passes when every bundle and every built script and page was read', () => {
    expect(
      coverageProblems(
        built.filter((f) => !f.endsWith('.css')),
        built,
      ),
    ).toEqual([])
  })

  it('fails a scan that read nothing, or missed the preload or a renderer chunk', () => {
    expect(coverageProblems([], built)).toHaveLength(4 + 4)
    expect(coverageProblems(['main/index.js', 'renderer/index.html', 'renderer/assets/index-abc.js'], built)).toEqual([
      'the scan did not read the preload bundle (preload/index.cjs)',
      'the scan did not read preload/index.cjs',
    ])
    expect(
      coverageProblems(
        built.filter((f) => !f.endsWith('.css')),
        [...built, 'renderer/assets/lazy-1.js'],
      ),
    ).toEqual(['the scan did not read renderer/assets/lazy-1.js'])
  })
})
