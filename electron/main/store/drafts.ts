import type { Database } from './db'
import { resolutionOf, type ConflictResolution, type OutboxStatus, type StoredResolution, type TemplateJson } from './outbox'

/**
 * Coupon-template drafts in the app database. Every method is one statement (atomic on its
 * own); operations that touch drafts and the outbox together run inside the caller's
 * `transaction`. Bodies are stored as JSON text exactly as given (their type is the caller's,
 * `J['body']`); the store reads only the title and coupon type, which the list shows and search
 * matches, and what else a body holds is the templates service's business.
 */

export type BaseKind = 'submitted' | 'imported' | 'server'
export type DraftState = 'draft' | 'queued' | 'submitted' | 'failed' | 'conflict'

/** The platform confirmed the draft's template was ended early: when, by whom, approved by whom. */
export interface DraftTermination {
  at: string
  by: string | null
  approvedBy: string | null
}

/** The part of a body the store reads: the title and the coupon type, for the list and search. */
export interface HeadlineFields {
  coupon_template?: { common_config?: { title?: unknown; type?: unknown } | undefined } | undefined
}

/** The JSON a draft carries: its bodies, and the error of its latest submission. */
export type DraftJson = Pick<TemplateJson, 'error'> & { body: HeadlineFields }

export interface DraftBase<J extends DraftJson> {
  kind: BaseKind
  body: J['body']
  at: string
}

/** The latest submission of a draft, as far as the draft list needs it. */
export interface LatestSubmission<J extends DraftJson> {
  submissionId: string
  revision: number
  status: OutboxStatus
  error: J['error'] | null
  /** For a conflict: what the user chose, null while it is open. */
  resolution: ConflictResolution | null
}

export interface DraftRecord<J extends DraftJson> {
  draftId: string
  title: string
  couponType: number | null
  state: DraftState
  revision: number
  templateId: string | null
  latest: LatestSubmission<J> | null
  createdAt: string
  updatedAt: string
  deletedAt: string | null
  terminated: DraftTermination | null
}

export interface DraftWithBody<J extends DraftJson> extends DraftRecord<J> {
  body: J['body']
  base: DraftBase<J> | null
}

export interface DraftListFilter {
  query?: string
  states?: readonly DraftState[]
  deleted?: boolean
}

interface Row {
  draft_id: string
  body?: string
  revision: number
  title: string
  coupon_type: number | null
  state: DraftState
  template_id: string | null
  base_body?: string | null
  base_kind?: BaseKind | null
  base_at?: string | null
  created_at: string
  updated_at: string
  deleted_at: string | null
  terminated_at: string | null
  terminated_by: string | null
  terminate_approved_by: string | null
  sub_id: string | null
  sub_revision: number | null
  sub_status: OutboxStatus | null
  sub_error: string | null
  sub_resolution: StoredResolution | null
}

const SUMMARY_COLUMNS = `d.draft_id, d.revision, d.title, d.coupon_type, d.state, d.template_id,
  d.created_at, d.updated_at, d.deleted_at, d.terminated_at, d.terminated_by, d.terminate_approved_by,
  o.submission_id AS sub_id, o.draft_revision AS sub_revision, o.status AS sub_status, o.last_error AS sub_error,
  o.conflict_resolution AS sub_resolution`
const FROM = 'template_drafts d LEFT JOIN template_outbox o ON o.submission_id = d.last_submission_id'

/** What the list shows and search matches, read from the body once per save. */
export function draftHeadline(body: HeadlineFields): { title: string; couponType: number | null } {
  const common = body.coupon_template?.common_config
  const title = typeof common?.title === 'string' ? common.title.trim() : ''
  const type = common?.type
  return { title, couponType: typeof type === 'number' && Number.isInteger(type) ? type : null }
}

/** `%`, `_` and the escape itself match literally in a search. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export class DraftStore<J extends DraftJson> {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  insert(draft: { draftId: string; body: J['body']; now: string; base?: DraftBase<J> }): void {
    const { title, couponType } = draftHeadline(draft.body)
    this.#db
      .prepare(
        `INSERT INTO template_drafts (draft_id, body, revision, title, coupon_type, state, base_body, base_kind, base_at,
           created_at, updated_at)
         VALUES (?, ?, 1, ?, ?, 'draft', ?, ?, ?, ?, ?)`,
      )
      .run(
        draft.draftId,
        JSON.stringify(draft.body),
        title,
        couponType,
        draft.base ? JSON.stringify(draft.base.body) : null,
        draft.base?.kind ?? null,
        draft.base?.at ?? null,
        draft.now,
        draft.now,
      )
  }

  get(draftId: string): DraftWithBody<J> | undefined {
    const row = this.#db
      .prepare(`SELECT ${SUMMARY_COLUMNS}, d.body, d.base_body, d.base_kind, d.base_at FROM ${FROM} WHERE d.draft_id = ?`)
      .get(draftId) as Row | undefined
    if (!row) return undefined
    const base =
      row.base_body && row.base_kind && row.base_at
        ? { kind: row.base_kind, body: JSON.parse(row.base_body) as J['body'], at: row.base_at }
        : null
    return { ...toRecord<J>(row), body: JSON.parse(row.body ?? '{}') as J['body'], base }
  }

  list(filter: DraftListFilter = {}): DraftRecord<J>[] {
    const where: string[] = [filter.deleted ? 'd.deleted_at IS NOT NULL' : 'd.deleted_at IS NULL']
    const params: (string | number)[] = []
    const query = filter.query?.trim()
    if (query) {
      where.push(`(d.title LIKE ? ESCAPE '\\' OR d.template_id LIKE ? ESCAPE '\\')`)
      params.push(likePattern(query), likePattern(query))
    }
    if (filter.states && filter.states.length > 0) {
      where.push(`d.state IN (${filter.states.map(() => '?').join(', ')})`)
      params.push(...filter.states)
    }
    const order = filter.deleted ? 'd.deleted_at DESC' : 'd.updated_at DESC'
    const rows = this.#db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY ${order}, d.rowid DESC`)
      .all(...params) as unknown as Row[]
    return rows.map((row) => toRecord<J>(row))
  }

  /** The template id the server confirmed for a draft that is not in the bin: null if none yet, undefined if no such draft. */
  liveTemplateId(draftId: string): string | null | undefined {
    const row = this.#db.prepare('SELECT template_id FROM template_drafts WHERE draft_id = ? AND deleted_at IS NULL').get(draftId) as
      { template_id: string | null } | undefined
    return row?.template_id
  }

  /**
   * Stores a new revision. Editing a finished draft makes it a draft again; a queued one stays
   * queued (its snapshot goes out).
   */
  writeBody(draftId: string, body: J['body'], now: string): void {
    const { title, couponType } = draftHeadline(body)
    this.#db
      .prepare(
        `UPDATE template_drafts
         SET body = ?, revision = revision + 1, title = ?, coupon_type = ?, updated_at = ?,
             state = CASE WHEN state = 'queued' THEN 'queued' ELSE 'draft' END
         WHERE draft_id = ?`,
      )
      .run(JSON.stringify(body), title, couponType, now, draftId)
  }

  /** Points the draft at its newest submission and marks it queued. */
  markQueued(draftId: string, submissionId: string, now: string): void {
    this.#db
      .prepare(`UPDATE template_drafts SET state = 'queued', last_submission_id = ?, updated_at = ? WHERE draft_id = ?`)
      .run(submissionId, now, draftId)
  }

  /**
   * Records how the latest submission ended. The outcome becomes the draft's state only if the
   * draft is still the revision that was sent; an edited draft goes back to `draft`.
   */
  settle(draftId: string, outcome: { submissionId: string; state: Exclude<DraftState, 'queued'>; revision: number }, now: string): void {
    // Only the draft's newest submission speaks for it; an older, superseded one does not.
    this.#db
      .prepare(
        `UPDATE template_drafts SET state = CASE WHEN revision = ? THEN ? ELSE 'draft' END, updated_at = ?
         WHERE draft_id = ? AND last_submission_id = ?`,
      )
      .run(outcome.revision, outcome.state, now, draftId, outcome.submissionId)
  }

  /** The stored body and template id, in the bin or not. */
  bodyAndTemplateId(draftId: string): { body: J['body']; templateId: string | null } | undefined {
    const row = this.#db.prepare('SELECT body, template_id FROM template_drafts WHERE draft_id = ?').get(draftId) as
      { body: string; template_id: string | null } | undefined
    return row && { body: JSON.parse(row.body) as J['body'], templateId: row.template_id }
  }

  /**
   * A successful submission: the server's id and the body that carries it (its revision and
   * state are left alone), and the submitted request as the base of the next diff.
   */
  writeSubmitted(draftId: string, submitted: { templateId: string | null; body: J['body']; base: J['body'] }, now: string): void {
    this.#db
      .prepare(
        `UPDATE template_drafts SET template_id = ?, body = ?, base_body = ?, base_kind = 'submitted', base_at = ?
         WHERE draft_id = ?`,
      )
      .run(submitted.templateId, JSON.stringify(submitted.body), JSON.stringify(submitted.base), now, draftId)
  }

  /** The platform confirmed that the draft's template was ended early; kept from then on. */
  recordTerminated(draftId: string, terminated: DraftTermination): void {
    this.#db
      .prepare('UPDATE template_drafts SET terminated_at = ?, terminated_by = ?, terminate_approved_by = ? WHERE draft_id = ?')
      .run(terminated.at, terminated.by, terminated.approvedBy, draftId)
  }

  /** Makes `base` the version the next diff and the next pre-send check compare against. */
  rebase(draftId: string, base: DraftBase<J>): void {
    this.#db
      .prepare(`UPDATE template_drafts SET base_body = ?, base_kind = ?, base_at = ? WHERE draft_id = ?`)
      .run(JSON.stringify(base.body), base.kind, base.at, draftId)
  }

  softDelete(draftId: string, now: string): boolean {
    return (
      this.#db.prepare('UPDATE template_drafts SET deleted_at = ? WHERE draft_id = ? AND deleted_at IS NULL').run(now, draftId).changes ===
      1
    )
  }

  restore(draftId: string): boolean {
    return (
      this.#db.prepare('UPDATE template_drafts SET deleted_at = NULL WHERE draft_id = ? AND deleted_at IS NOT NULL').run(draftId)
        .changes === 1
    )
  }
}

function toRecord<J extends DraftJson>(row: Row): DraftRecord<J> {
  return {
    draftId: row.draft_id,
    title: row.title,
    couponType: row.coupon_type,
    state: row.state,
    revision: row.revision,
    templateId: row.template_id,
    latest:
      row.sub_id !== null && row.sub_revision !== null && row.sub_status !== null
        ? {
            submissionId: row.sub_id,
            revision: row.sub_revision,
            status: row.sub_status,
            error: row.sub_error ? (JSON.parse(row.sub_error) as J['error']) : null,
            resolution: resolutionOf(row.sub_resolution),
          }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    terminated: row.terminated_at !== null ? { at: row.terminated_at, by: row.terminated_by, approvedBy: row.terminate_approved_by } : null,
  }
}
