import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { strToU8, zipSync, type Zippable } from 'fflate'
import type { ProfileView } from '@contract/profiles'
import type { Logs } from '@main/logging/logs'
import type { Database } from '@main/store/db'
import { journalCounts, outboxSummary } from '@main/store/support-counts'

export interface Versions {
  app: string
  electron?: string
  chrome?: string
  node: string
  os: { platform: string; type: string; release: string; arch: string }
}

export interface BundleSources {
  logs: Logs
  versions: Versions
  profiles: readonly ProfileView[]
  db: Database
  /** Where crash dumps are written: listed (name, size, time), never included (a dump is memory). */
  crashDir?: string
  locale: string
  now: Date
}

/** How many of the newest errors and warnings `last-errors.txt` holds. */
export const LAST_ERRORS = 200

const README = `Coupon Desk support bundle / 券台支持包

about.json        app, Electron, Chrome, Node and OS versions, when this was made
profiles.json     connection profiles: kind, gateway host, sign method, which is active (no names, keys or secrets)
journal.json      redemption journal: calls and vouchers counted by state (no voucher codes or customers)
outbox.json       template outbox: submissions by status, how many wait and since when
last-errors.txt   the newest errors and warnings from the logs
crash-dumps.json  crash dumps on this PC: name, size and time only (the dumps are not included)
logs/             the log files (main.log, renderer.log and their rotated copies)

Secrets (app secret, session key, signatures) are removed from every line before it is written.
`

/** A profile as support needs it: what kind, which host, how it signs. Nothing that identifies or unlocks it. */
function profileSummary(profile: ProfileView) {
  let gatewayHost: string
  try {
    gatewayHost = new URL(profile.gatewayUrl).host
  } catch {
    gatewayHost = '(not a URL)'
  }
  return { kind: profile.kind, gatewayHost, signMethod: profile.signMethod, active: profile.active, builtIn: profile.builtIn }
}

function crashDumps(dir: string | undefined) {
  if (!dir || !existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.dmp'))
    .map((entry) => {
      const stat = statSync(join(entry.parentPath, entry.name))
      return { name: entry.name, bytes: stat.size, at: stat.mtime.toISOString() }
    })
}

/**
 * One zip with what support asks for first. Every part, the log files included, passes the
 * log redactor once more on the way in: the bundle leaves the PC, so it gets the same net as a log
 * line even for text that was never logged.
 */
export function buildSupportBundle(sources: BundleSources): Uint8Array {
  const redact = (text: string) => strToU8(sources.logs.redactor.redact(text))
  const json = (value: unknown) => redact(`${JSON.stringify(value, null, 2)}\n`)
  // Flat names (`logs/main.log`): a nested object would add a folder entry some unzip tools list as a file.
  const logs: Zippable = Object.fromEntries(
    sources.logs.files().map((file) => [`logs/${basename(file)}`, redact(readFileSync(file, 'utf8'))]),
  )
  const files: Zippable = {
    'README.txt': strToU8(README),
    'about.json': json({ generatedAt: sources.now.toISOString(), locale: sources.locale, versions: sources.versions }),
    'profiles.json': json(sources.profiles.map(profileSummary)),
    'journal.json': json(journalCounts(sources.db)),
    'outbox.json': json(outboxSummary(sources.db)),
    'last-errors.txt': redact(`${sources.logs.lastProblems(LAST_ERRORS).join('\n')}\n`),
    'crash-dumps.json': json(crashDumps(sources.crashDir)),
    ...logs,
  }
  return zipSync(files, { level: 6, mtime: sources.now })
}

/** `coupon-desk-support-20261204-211530.zip`, in the PC's local time (what the person saving it sees). */
export function bundleFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  return `coupon-desk-support-${date}-${time}.zip`
}
