import type { Database, Migration } from './db'

/**
 * The counter shift's tables, a migration track of their own (`shift`):
 *
 *   shift_operators  the store's operator list; `pin_hash` is a salted scrypt hash or NULL
 *   shift_sessions   one per sign-in, closed by sign-out (`ended_at`)
 *   shift_acts       who reversed or settled a journal row, who approved it, why and when —
 *                    keyed by the journal's entry id (reversals) or voucher row id (verdicts), or
 *                    by the outbox submission id (templates); the journal itself is not altered
 *   shift_settings   the store's counter settings, one row of JSON
 */
const v1: Migration = {
  version: 1,
  description: 'counter shift: operators, sessions, acts with approvals, settings',
  up(db) {
    db.exec(`
      CREATE TABLE shift_operators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
        pin_hash TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE shift_sessions (
        id INTEGER PRIMARY KEY,
        operator_id TEXT NOT NULL,
        operator_name TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      ) STRICT;
      -- One shift open at a time on a counter PC.
      CREATE UNIQUE INDEX shift_sessions_one_open ON shift_sessions ((1)) WHERE ended_at IS NULL;

      CREATE TABLE shift_acts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('reverse', 'resolve', 'template')),
        entry_id INTEGER,
        row_id INTEGER,
        submission_id TEXT,
        shift_id INTEGER REFERENCES shift_sessions (id),
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        approver_id TEXT,
        approver_name TEXT,
        approved_at INTEGER,
        reason_code TEXT CHECK (reason_code IN ('returned', 'wrongVoucher', 'cashierError', 'other')),
        reason_text TEXT,
        at INTEGER NOT NULL,
        CHECK ((approver_id IS NULL) = (approved_at IS NULL)),
        CHECK (entry_id IS NOT NULL OR row_id IS NOT NULL OR submission_id IS NOT NULL)
      ) STRICT;
      CREATE INDEX shift_acts_entry ON shift_acts (entry_id) WHERE entry_id IS NOT NULL;
      CREATE INDEX shift_acts_row ON shift_acts (row_id) WHERE row_id IS NOT NULL;

      CREATE TABLE shift_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        settings_json TEXT NOT NULL
      ) STRICT;
    `)
  },
}

export const shiftMigrations: readonly Migration[] = [v1]

/** The `role` column. */
export type OperatorRole = 'cashier' | 'manager'

/** The `reason_code` column. */
export type ReversalReasonCode = 'returned' | 'wrongVoucher' | 'cashierError' | 'other'

export interface OperatorRecord {
  id: string
  name: string
  role: OperatorRole
  pinHash: string | null
}

export interface SessionRecord {
  id: number
  operatorId: string
  operatorName: string
  startedAt: number
  endedAt: number | null
}

export interface ActRecord {
  kind: 'reverse' | 'resolve' | 'template'
  entryId?: number | undefined
  rowId?: number | undefined
  submissionId?: string | undefined
  shiftId: number | null
  actorId: string
  actorName: string | null
  approval: { approverId: string; approverName: string; approvedAt: number } | null
  reason: { code: ReversalReasonCode; text: string | null } | null
  at: number
}

interface ActRow {
  entry_id: number | null
  row_id: number | null
  actor_id: string
  actor_name: string | null
  approver_id: string | null
  approver_name: string | null
  approved_at: number | null
  reason_code: ReversalReasonCode | null
  reason_text: string | null
  at: number
}

/** The latest act on a journal entry or voucher row, as History and the CSV show it. */
export interface ActSummary {
  actorId: string
  actorName: string | null
  approverId: string | null
  approverName: string | null
  approvedAt: number | null
  reasonCode: ReversalReasonCode | null
  reasonText: string | null
  at: number
}

/** Storage of the shift tables; decisions live in the shift service. */
export class ShiftStore {
  constructor(private readonly db: Database) {}

  operators(): OperatorRecord[] {
    const rows = this.db.prepare('SELECT id, name, role, pin_hash FROM shift_operators ORDER BY created_at, rowid').all() as {
      id: string
      name: string
      role: OperatorRole
      pin_hash: string | null
    }[]
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, pinHash: r.pin_hash }))
  }

  operator(id: string): OperatorRecord | undefined {
    return this.operators().find((o) => o.id === id)
  }

  hasOperators(): boolean {
    return this.db.prepare('SELECT 1 FROM shift_operators LIMIT 1').get() !== undefined
  }

  /** Inserts or updates; `pinHash` undefined keeps the stored one. */
  saveOperator(op: { id: string; name: string; role: OperatorRole; pinHash?: string | null }, now: number): void {
    this.db
      .prepare(
        `INSERT INTO shift_operators (id, name, role, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, updated_at = excluded.updated_at,
           pin_hash = CASE WHEN ? THEN excluded.pin_hash ELSE shift_operators.pin_hash END`,
      )
      .run(op.id, op.name, op.role, op.pinHash ?? null, now, now, op.pinHash !== undefined ? 1 : 0)
  }

  removeOperator(id: string): void {
    this.db.prepare('DELETE FROM shift_operators WHERE id = ?').run(id)
  }

  openSession(): SessionRecord | undefined {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE ended_at IS NULL`).get() as SessionRow | undefined
    return row && sessionOf(row)
  }

  startSession(operatorId: string, operatorName: string, now: number): number {
    const result = this.db
      .prepare('INSERT INTO shift_sessions (operator_id, operator_name, started_at) VALUES (?, ?, ?)')
      .run(operatorId, operatorName, now)
    return Number(result.lastInsertRowid)
  }

  endSession(id: number, now: number): void {
    this.db.prepare('UPDATE shift_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(now, id)
  }

  session(id: number): SessionRecord | undefined {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE id = ?`).get(id) as SessionRow | undefined
    return row && sessionOf(row)
  }

  /** The latest sessions, newest first. */
  sessions(limit: number): SessionRecord[] {
    const rows = this.db.prepare(`${SESSION_SELECT} ORDER BY started_at DESC, id DESC LIMIT ?`).all(limit) as unknown as SessionRow[]
    return rows.map(sessionOf)
  }

  /** The stored settings, parsed from their JSON as they were saved (by this version or an older one); none saved: undefined. */
  settings(): unknown {
    const row = this.db.prepare('SELECT settings_json FROM shift_settings WHERE id = 1').get() as { settings_json: string } | undefined
    return row ? (JSON.parse(row.settings_json) as unknown) : undefined
  }

  saveSettings(settings: object): void {
    this.db
      .prepare(
        'INSERT INTO shift_settings (id, settings_json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json',
      )
      .run(JSON.stringify(settings))
  }

  recordAct(act: ActRecord): void {
    this.db
      .prepare(
        `INSERT INTO shift_acts (kind, entry_id, row_id, submission_id, shift_id, actor_id, actor_name, approver_id,
           approver_name, approved_at, reason_code, reason_text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        act.kind,
        act.entryId ?? null,
        act.rowId ?? null,
        act.submissionId ?? null,
        act.shiftId,
        act.actorId,
        act.actorName,
        act.approval?.approverId ?? null,
        act.approval?.approverName ?? null,
        act.approval?.approvedAt ?? null,
        act.reason?.code ?? null,
        act.reason?.text ?? null,
        act.at,
      )
  }

  /**
   * The latest act on each of the given journal entries (reversals) and voucher rows (verdicts).
   * Looked up in chunks, so a 100,000-row export stays within SQLite's parameter limit.
   */
  actsFor(entryIds: readonly number[], rowIds: readonly number[]): { byEntry: Map<number, ActSummary>; byRow: Map<number, ActSummary> } {
    const byEntry = new Map<number, ActSummary>()
    const byRow = new Map<number, ActSummary>()
    const chunk = 500
    for (const [column, ids, into] of [
      ['entry_id', entryIds, byEntry],
      ['row_id', rowIds, byRow],
    ] as const) {
      const unique = [...new Set(ids)]
      for (let i = 0; i < unique.length; i += chunk) {
        const part = unique.slice(i, i + chunk)
        const rows = this.db
          .prepare(
            `SELECT entry_id, row_id, actor_id, actor_name, approver_id, approver_name, approved_at, reason_code, reason_text, at
             FROM shift_acts WHERE ${column} IN (${part.map(() => '?').join(',')}) ORDER BY id`,
          )
          .all(...part) as unknown as ActRow[]
        for (const row of rows) into.set((column === 'entry_id' ? row.entry_id : row.row_id)!, actInfo(row))
      }
    }
    return { byEntry, byRow }
  }
}

const SESSION_SELECT = 'SELECT id, operator_id, operator_name, started_at, ended_at FROM shift_sessions'
interface SessionRow {
  id: number
  operator_id: string
  operator_name: string
  started_at: number
  ended_at: number | null
}
function sessionOf(row: SessionRow): SessionRecord {
  return { id: row.id, operatorId: row.operator_id, operatorName: row.operator_name, startedAt: row.started_at, endedAt: row.ended_at }
}

function actInfo(row: ActRow): ActSummary {
  return {
    actorId: row.actor_id,
    actorName: row.actor_name,
    approverId: row.approver_id,
    approverName: row.approver_name,
    approvedAt: row.approved_at,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
    at: row.at,
  }
}
