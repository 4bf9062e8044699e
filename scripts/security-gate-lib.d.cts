// Types of security-gate-lib.cjs, for its test (test/build/security-gate.test.ts).

export class GateError extends Error {}

export interface Finding {
  check: string
  severity: string
  file: string
  where: string
  sample: string
  fingerprint: string
  text: string
}

export interface ReportError {
  file: string
  message: string
  tolerable: boolean
}

export interface AllowedEntry {
  check: string
  file: string
  fingerprint: string
  excerpt: string
  count: number
  reason: string
}

export interface ExcludedCheck {
  check: string
  reason: string
  reference: string
  scanName: string
}

export interface Row {
  finding: Finding
  verdict: 'info' | 'allowed' | 'blocking'
  why?: string
  entry?: AllowedEntry
}

export function fingerprintOf(sample: unknown): string
export function parseReport(
  result: unknown,
  lineOf?: (file: string, line: number) => string,
): { findings: Finding[]; warnings: ReportError[]; unreadable: ReportError[] }
export function scanNameOf(checkId: string): string
export function readAllowList(json: unknown): { allowed: AllowedEntry[]; excluded: ExcludedCheck[] }
export function judge(
  findings: readonly Finding[],
  allowed: readonly AllowedEntry[],
): { rows: Row[]; blocking: Row[]; stale: Array<{ entry: AllowedEntry; matched: number }> }
export function coverageProblems(scanned: readonly string[], built: readonly string[]): string[]
