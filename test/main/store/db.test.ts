import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, transaction, type Migration } from '@main/store/db'

const v1: Migration = { version: 1, description: 'notes', up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)') }
const v2: Migration = { version: 2, description: 'notes.tag', up: (db) => db.exec('ALTER TABLE notes ADD COLUMN tag TEXT') }

describe('app database', () => {
  it('runs each feature migration once, in order, across reopenings', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cd-db-')), 'app.db')
    openDatabase(file, { notes: [v1] }).close()
    const db = openDatabase(file, { notes: [v1, v2] })
    db.prepare('INSERT INTO notes (body, tag) VALUES (?, ?)').run('a', 't')
    const applied = db.prepare('SELECT feature, version FROM schema_migrations ORDER BY version').all()
    expect(applied).toEqual([{ feature: 'notes', version: 1 }, { feature: 'notes', version: 2 }])
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

  it('refuses gaps in a migration list', () => {
    expect(() => openDatabase(':memory:', { notes: [v2] })).toThrow(/numbered/)
  })
})
