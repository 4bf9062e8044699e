import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate, openDatabase, relaxed, transaction, type Migration } from '@main/store/db'

const v1: Migration = { version: 1, description: 'notes', up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)') }
const v2: Migration = { version: 2, description: 'notes.tag', up: (db) => db.exec('ALTER TABLE notes ADD COLUMN tag TEXT') }

describe('app database', () => {
  it('runs each feature migration once, in order, across reopenings', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-db-')), 'app.db')
    openDatabase(file, { notes: [v1] }).close()
    const db = openDatabase(file, { notes: [v1, v2] })
    db.prepare('INSERT INTO notes (body, tag) VALUES (?, ?)').run('a', 't')
    const applied = db.prepare('SELECT feature, version FROM schema_migrations ORDER BY version').all()
    expect(applied).toEqual([
      { feature: 'notes', version: 1 },
      { feature: 'notes', version: 2 },
    ])
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal')
    db.close()
  })

  it('rolls a failed transaction back completely', () => {
    const db = openDatabase(':memory:', { notes: [v1] })
    expect(() =>
      transaction(db, () => {
        db.prepare('INSERT INTO notes (body) VALUES (?)').run('kept?')
        throw new Error('power cut')
      }),
    ).toThrow('power cut')
    expect(db.prepare('SELECT COUNT(*) AS n FROM notes').get()).toEqual({ n: 0 })
  })

  it('waits for the disk on every commit except the progress written `relaxed`, and goes back to waiting after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coupon-desk-db-'))
    const db = openDatabase(join(dir, 'app.db'), { notes: [v1] })
    const synchronous = () => (db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous
    const FULL = 2
    const NORMAL = 1
    expect(synchronous()).toBe(FULL)
    expect(relaxed(db, synchronous)).toBe(NORMAL)
    expect(synchronous()).toBe(FULL)
    // A throw inside does not leave the connection relaxed.
    expect(() =>
      relaxed(db, () => {
        throw new Error('disk full')
      }),
    ).toThrow('disk full')
    expect(synchronous()).toBe(FULL)
    // Inside a transaction it is part of it: committed as that transaction is, with FULL.
    expect(transaction(db, () => relaxed(db, synchronous))).toBe(FULL)
    db.close()
  })

  it('refuses gaps in a migration list', () => {
    expect(() => openDatabase(':memory:', { notes: [v2] })).toThrow(/numbered/)
  })
})

describe('a migration that rebuilds tables', () => {
  const tables: Migration = {
    version: 1,
    description: 'parents and children',
    up: (db) =>
      db.exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id));`),
  }
  /** parents.name becomes NOT NULL the SQLite way: new table, copy, drop the old, rename. */
  const rebuild = (options: { rebuildsTables: boolean; copyWhere?: string }): Migration => ({
    version: 2,
    description: 'parents.name NOT NULL',
    rebuildsTables: options.rebuildsTables,
    up: (db) =>
      db.exec(`CREATE TABLE parents_v2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
        INSERT INTO parents_v2 SELECT id, COALESCE(name, '') FROM parents ${options.copyWhere ?? ''};
        DROP TABLE parents;
        ALTER TABLE parents_v2 RENAME TO parents;`),
  })
  const seeded = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-db-')), 'app.db')
    const db = openDatabase(file, { family: [tables] })
    db.exec(`INSERT INTO parents (id, name) VALUES (1, NULL), (2, 'b'); INSERT INTO children (parent_id) VALUES (1), (2)`)
    db.close()
    return file
  }
  const versionOf = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare("SELECT MAX(version) AS v FROM schema_migrations WHERE feature = 'family'").get() as { v: number }).v

  it('runs with foreign keys off, so the old table can be dropped under its references, and turns them on again', () => {
    const file = seeded()
    // With foreign keys on, dropping the referenced table is refused.
    expect(() => openDatabase(file, { family: [tables, rebuild({ rebuildsTables: false })] })).toThrow(/FOREIGN KEY/)
    const db = openDatabase(file, { family: [tables, rebuild({ rebuildsTables: true })] })
    expect(db.prepare('SELECT id, name FROM parents ORDER BY id').all()).toEqual([
      { id: 1, name: '' },
      { id: 2, name: 'b' },
    ])
    expect(versionOf(db)).toBe(2)
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 })
    expect(() => db.exec('INSERT INTO children (parent_id) VALUES (99)')).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('a step that leaves a reference dangling is rolled back whole', () => {
    const file = seeded()
    expect(() => openDatabase(file, { family: [tables, rebuild({ rebuildsTables: true, copyWhere: 'WHERE id <> 1' })] })).toThrow(
      /family v2 breaks foreign keys/,
    )
    const db = openDatabase(file, { family: [tables] })
    expect(versionOf(db)).toBe(1)
    expect(db.prepare('SELECT id, name FROM parents ORDER BY id').all()).toEqual([
      { id: 1, name: null },
      { id: 2, name: 'b' },
    ])
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'parents_v2'").all()).toEqual([])
    db.close()
  })

  it('turns foreign keys on again after a failed step, on the same connection', () => {
    const db = openDatabase(':memory:', { family: [tables] })
    db.exec(`INSERT INTO parents (id) VALUES (1); INSERT INTO children (parent_id) VALUES (1)`)
    expect(() => migrate(db, { family: [tables, rebuild({ rebuildsTables: true, copyWhere: 'WHERE id <> 1' })] })).toThrow(
      /breaks foreign keys/,
    )
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 })
    expect(versionOf(db)).toBe(1)
    db.close()
  })
})

describe('who may read the app database and settings', () => {
  it.skipIf(process.platform === 'win32')(
    'coupon-desk.db, its -wal and -shm and settings.json are owner-only (0600), old ones narrowed',
    async () => {
      const { chmodSync, mkdtempSync, statSync, writeFileSync } = await import('node:fs')
      const { tmpdir } = await import('node:os')
      const { join } = await import('node:path')
      const { createSettingsStore } = await import('@main/settings')
      const dir = mkdtempSync(join(tmpdir(), 'cd-perm-'))
      const file = join(dir, 'coupon-desk.db')
      const db = openDatabase(file, { t: [{ version: 1, description: 't', up: (d) => d.exec('CREATE TABLE t (x)') }] })
      db.exec('INSERT INTO t VALUES (1)')
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600)
      db.close()

      const old = join(dir, 'old.db')
      writeFileSync(old, '')
      chmodSync(old, 0o644)
      openDatabase(old, {}).close()
      expect(statSync(old).mode & 0o777).toBe(0o600)

      createSettingsStore(dir).update({ locale: 'en' })
      expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
    },
  )
})
