import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, join, parse } from 'node:path'
import { formatWithOptions } from 'node:util'
import electronLog from 'electron-log/node'
import { createRedactor, type Redactor } from './redact'

/**
 * The app's log files: `main.log` (the main process) and `renderer.log` (what the window reports
 * through the `log.write` channel), in `<user data>/logs`, each rotated at `maxBytes` into
 * `main.1.log` … `main.<keep>.log`. electron-log writes them; its Node entry is used in the app too,
 * so the code the tests run is the code the store PC runs (Electron's own parts of electron-log —
 * its renderer IPC, its path guessing — are left out: the renderer reaches main through our own
 * validated channel, and the folder is given).
 *
 * Every line passes one redaction step before any transport sees it: the arguments are rendered
 * to one string (util.format, deep) and that string is redacted. Nothing reaches a file or the
 * console any other way.
 */

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Log {
  error(...args: unknown[]): void
  warn(...args: unknown[]): void
  info(...args: unknown[]): void
  debug(...args: unknown[]): void
}

export interface Logs {
  /** The main process's log; `scope` prefixes a feature's lines (`[redemption]`). */
  main: Log & { scope(name: string): Log }
  /** The renderer's log file (fed by the log.write channel). */
  renderer: Log
  /** Learns the secret values to remove from every line. */
  redactor: Redactor
  dir: string
  /** Every log file, current and rotated, oldest first. */
  files(): string[]
  /** The newest `count` error and warning lines of both logs, oldest first (for the support bundle). */
  lastProblems(count: number): string[]
}

export interface LogsOptions {
  dir: string
  /** Write the files (default); off only for the console-only fallback below. */
  files?: boolean
  /** Also print to the console (development); the files are written either way. */
  console?: boolean
  /** Lowest level written to the files. */
  level?: LogLevel
  /** A file is rotated when it grows past this (default 1 MiB). */
  maxBytes?: number
  /** Rotated files kept per log (default 5). */
  keep?: number
}

const LINE_FORMAT = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}]{scope} {text}'
const PROBLEM = /^\[[^\]]+\] \[(error|warn)\]/

/** Renders a call's arguments the way a console would, deep enough to show a cause chain. */
function render(data: readonly unknown[]): string {
  return formatWithOptions({ depth: 6, breakLength: Infinity, maxStringLength: 20_000 }, ...data)
}

/** main.log → main.1.log → main.2.log …; the oldest beyond `keep` is deleted. */
function rotate(file: string, keep: number): void {
  const { dir, name, ext } = parse(file)
  const numbered = (n: number) => join(dir, `${name}.${n}${ext}`)
  rmSync(numbered(keep), { force: true })
  for (let n = keep - 1; n >= 1; n -= 1) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1))
  renameSync(file, numbered(1))
}

export function createLogs(options: LogsOptions): Logs {
  const redactor = createRedactor()
  const keep = options.keep ?? 5
  const maxBytes = options.maxBytes ?? 1024 ** 2
  const fileNames = ['main.log', 'renderer.log']

  function logger(fileName: string) {
    // A logger of its own per file and per instance (tests start several apps in one process).
    const instance = electronLog.create({ logId: `coupon-desk-${basename(fileName, '.log')}-${randomUUID()}` })
    instance.hooks.push((message) => ({ ...message, data: [redactor.redact(render(message.data))] }))
    const file = instance.transports.file
    file.resolvePathFn = () => join(options.dir, fileName)
    file.level = options.files === false ? false : (options.level ?? 'info')
    file.maxSize = maxBytes
    file.format = LINE_FORMAT
    file.archiveLogFn = (current) => {
      try {
        rotate(current.path, keep)
      } catch {
        // Another process holds the file (Windows): keep writing to it rather than lose lines.
      }
    }
    instance.transports.console.level = options.console ? (options.level ?? 'debug') : false
    instance.transports.console.format = LINE_FORMAT
    return instance
  }

  const main = logger('main.log')
  const renderer = logger('renderer.log')
  const asLog = (target: Pick<Log, LogLevel>): Log => ({
    error: (...args) => target.error(...args),
    warn: (...args) => target.warn(...args),
    info: (...args) => target.info(...args),
    debug: (...args) => target.debug(...args),
  })

  function files(): string[] {
    if (!existsSync(options.dir)) return []
    const order = (name: string) => {
      const match = /^(main|renderer)(?:\.(\d+))?\.log$/.exec(name)
      return match ? [fileNames.indexOf(`${match[1]}.log`), -Number(match[2] ?? 0)] : undefined
    }
    return readdirSync(options.dir)
      .filter((name) => order(name) !== undefined)
      .sort((a, b) => {
        const [fa, na] = order(a)!
        const [fb, nb] = order(b)!
        return fa! - fb! || na! - nb!
      })
      .map((name) => join(options.dir, name))
  }

  return {
    main: Object.assign(asLog(main), { scope: (name: string) => asLog(main.scope(name)) }),
    renderer: asLog(renderer),
    redactor,
    dir: options.dir,
    files,
    lastProblems(count) {
      const problems: Array<{ at: string; line: string }> = []
      for (const file of files()) {
        for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
          if (PROBLEM.test(line)) problems.push({ at: line.slice(1, line.indexOf(']')), line: `${basename(file)}: ${line}` })
        }
      }
      return problems
        .sort((a, b) => a.at.localeCompare(b.at))
        .slice(-count)
        .map((problem) => problem.line)
    },
  }
}

/**
 * For services built without the app's logs (unit tests that assemble a feature by hand): the
 * console only, through the same redaction.
 */
export const fallbackLog: Logs['main'] = createLogs({ dir: '', files: false, console: true, level: 'error' }).main
