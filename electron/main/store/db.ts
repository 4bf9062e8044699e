import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

/**
 * One step of a feature's schema. Steps are numbered from 1 per feature and run in order, once,
 * each in its own transaction; a released step is never edited, only followed by a new one.
 */
export interface Migration {
  version: number
  description: string
  /**
   * The step rebuilds tables (create new, copy, drop old, rename), so it runs with foreign keys
   * off, as SQLite's own procedure for table changes prescribes: with them on, dropping the old
   * table deletes its rows one by one and looks up every reference to each, which is quadratic
   * for unindexed self-references. Every reference is checked (`PRAGMA foreign_key_check`)
   * before the step commits.
   */
  rebuildsTables?: boolean
  up: (db: DatabaseSync) => void
}

/** Every feature that keeps tables in the app database, with its own migration list. */
export type MigrationSet = Readonly<Record<string, readonly Migration[]>>

export type Database = DatabaseSync

/**
 * Opens (or creates) the app database: one file, WAL so the UI can read history while a batch
 * commits, synchronous=FULL because a redemption record must survive a power cut (writes that only
 * mirror progress for the screen opt out with `relaxed`).
 */
export function openDatabase(file: string, migrations: MigrationSet): DatabaseSync {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true })
    ownerOnly(file)
  }
  const db = new DatabaseSync(file)
  db.exec('PRAGMA journal_mode = WAL')
  // SQLite gives -wal and -shm the database file's permissions; these set any made before that rule.
  if (file !== ':memory:') for (const side of [`${file}-wal`, `${file}-shm`]) if (existsSync(side)) chmodSync(side, 0o600)
  db.exec('PRAGMA synchronous = FULL')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec('PRAGMA busy_timeout = 5000')
  migrate(db, migrations)
  return db
}

/**
 * The history of every redemption (customers, operators, shops) is for this PC's user only, as
 * profiles.json is: the file is created 0600, and an older one is narrowed to it. (On Windows the
 * user's profile folder already restricts it; chmod only sets the read-only bit there.)
 */
function ownerOnly(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  chmodSync(file, 0o600)
}

export function migrate(db: DatabaseSync, migrations: MigrationSet): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    feature TEXT NOT NULL,
    version INTEGER NOT NULL,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (feature, version)
  )`)
  const appliedVersion = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE feature = ?')
  const record = db.prepare('INSERT INTO schema_migrations (feature, version, description, applied_at) VALUES (?, ?, ?, ?)')
  for (const [feature, steps] of Object.entries(migrations)) {
    const current = Number((appliedVersion.get(feature) as { v: number }).v)
    const ordered = [...steps].sort((a, b) => a.version - b.version)
    ordered.forEach((step, index) => {
      if (step.version !== index + 1) throw new Error(`Migrations of ${feature} must be numbered 1..n`)
    })
    for (const step of ordered.filter((s) => s.version > current)) {
      // Outside the transaction: SQLite ignores this pragma inside one.
      if (step.rebuildsTables) db.exec('PRAGMA foreign_keys = OFF')
      try {
        transaction(db, () => {
          step.up(db)
          if (step.rebuildsTables) {
            const broken = db.prepare('PRAGMA foreign_key_check').all()
            if (broken.length > 0) throw new Error(`${feature} v${step.version} breaks foreign keys: ${JSON.stringify(broken.slice(0, 5))}`)
          }
          record.run(feature, step.version, step.description, new Date().toISOString())
        })
      } finally {
        if (step.rebuildsTables) db.exec('PRAGMA foreign_keys = ON')
      }
    }
  }
}

/** Runs `work` in one transaction: all of it is stored, or none of it. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/**
 * Runs `work` with synchronous=NORMAL: its commits do not wait for the disk. In WAL mode such a
 * commit survives a crash of the app (the frames are in the OS's hands) but not a power cut,
 * until the next FULL commit, whose sync of the log carries every frame before it. For writes
 * that a power cut may lose because they can be had again:
 *   - a batch's progress (its calls done, its end): the next start marks a batch it finds
 *     running as interrupted, as after any crash;
 *   - a call's answer (`RedemptionJournal.settle`): without it the call's intent, which was
 *     written FULL before anything was sent, is still pending, and the next start settles a
 *     pending call by asking the platform (the voucher's state, or the customer's list for a
 *     reversal's reissued id), exactly as for a call the app died in.
 * What must never be lost stays FULL: the intent before the request leaves, a manager's verdict,
 * drafts and the outbox. Each fsync saved is milliseconds on a store PC's disk, on the path from
 * the click to the result (bench: scan.*, journal.batch50_commit).
 * Inside a transaction it is part of that transaction, and as durable.
 */
export function relaxed<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work()
  db.exec('PRAGMA synchronous = NORMAL')
  try {
    return work()
  } finally {
    db.exec('PRAGMA synchronous = FULL')
  }
}
