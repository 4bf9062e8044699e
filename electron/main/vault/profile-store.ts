import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ProfileStorageError } from './errors'
import { ProfilesFileSchema, SANDBOX_PROFILE_ID, type ProfilesFile } from './profile-schema'

export const PROFILES_FILE_NAME = 'profiles.json'

export interface VaultLogger {
  warn(message: string, meta?: Record<string, unknown>): void
}

/** Profile metadata on disk. Never holds a secret: see `ProfilesFileSchema`. */
export interface ProfileStore {
  readonly path: string
  /** Never throws: a missing, unreadable or corrupt file yields a fresh, empty state. */
  load(): ProfilesFile
  /** Replaces the file atomically; throws ProfileStorageError and leaves the old file intact. */
  save(file: ProfilesFile): void
}

export interface ProfileStoreOptions {
  logger?: VaultLogger
  now?: () => Date
}

export function emptyProfilesFile(): ProfilesFile {
  return { version: 1, activeId: SANDBOX_PROFILE_ID, profiles: [] }
}

/**
 * The store is synchronous on purpose: the file is a few kilobytes, written only when the user
 * edits a profile, and synchronous writes keep their order without any locking.
 */
export function createProfileStore(dataDir: string, options: ProfileStoreOptions = {}): ProfileStore {
  const path = join(dataDir, PROFILES_FILE_NAME)
  const logger = options.logger ?? console
  const now = options.now ?? (() => new Date())

  function load(): ProfilesFile {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      // Missing is the normal first start. Anything else (permissions, a directory in the way)
      // we cannot repair from here: start empty so the app, and the sandbox, still work.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger.warn('vault: cannot read profiles file, starting without profiles', { path, error: String(error) })
      }
      return emptyProfilesFile()
    }

    const parsed = parseProfilesFile(text)
    if (parsed.ok) return parsed.file
    setAside(parsed.problem)
    return emptyProfilesFile()
  }

  /**
   * A file we cannot understand is moved aside rather than overwritten, so support can recover
   * the profiles by hand. Its secrets were never in it and stay in the keychain.
   */
  function setAside(problem: string): void {
    const stamp = now().toISOString().replaceAll(':', '-') // ':' is not allowed in Windows file names
    const corruptCopy = `${path}.corrupt-${stamp}`
    try {
      renameSync(path, corruptCopy)
      logger.warn('vault: profiles file was corrupt; moved aside and started fresh', { path, corruptCopy, problem })
    } catch (error) {
      logger.warn('vault: profiles file was corrupt and could not be moved aside', { path, problem, error: String(error) })
    }
  }

  function save(file: ProfilesFile): void {
    const text = `${JSON.stringify(ProfilesFileSchema.parse(file), null, 2)}\n`
    // Write a sibling, flush it to disk, then rename over the original: a crash at any point
    // leaves either the old file or the new one, never a torn mix of both.
    const temp = `${path}.tmp`
    try {
      mkdirSync(dataDir, { recursive: true })
      const fd = openSync(temp, 'w', 0o600)
      try {
        writeFileSync(fd, text, 'utf8')
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      renameSync(temp, path)
    } catch (error) {
      removeQuietly(temp)
      throw new ProfileStorageError(path, error)
    }
    syncDirectory(dataDir)
  }

  return { path, load, save }
}

type ParseResult = { ok: true; file: ProfilesFile } | { ok: false; problem: string }

function parseProfilesFile(text: string): ParseResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // V8's message quotes the text around the error; the log gets no file content.
    return { ok: false, problem: 'not valid JSON' }
  }
  const result = ProfilesFileSchema.safeParse(json)
  if (result.success) return { ok: true, file: result.data }
  // Paths and codes only: this lands in a log, and field values have no business there.
  const problem = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`).join('; ')
  return { ok: false, problem }
}

/** Clean up a failed write's temp file; the write's own error is the one worth reporting. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true })
  } catch {
    // Leave it: the next save opens it with 'w' and overwrites it.
  }
}

/**
 * Make the rename itself durable (POSIX keeps it in the directory's metadata). Windows cannot
 * open a directory this way and its rename is already durable there, so failure is ignored.
 */
function syncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Best effort, see above.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
