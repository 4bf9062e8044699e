import type { Migration } from './db'

/**
 * Tables of the template editor (issue 5): drafts and the outbox of their submissions. Open
 * the app database with `{ drafts: draftMigrations }` among the other features' sets.
 *
 * The CHECK constraints hold the rules that must survive any bug above them: a submission
 * that may have reached the server can never be marked cancelled, a finished one has a finish
 * time, and a draft has at most one submission in flight.
 */
export const draftMigrations: Migration[] = [
  {
    version: 1,
    description: 'template drafts and submission outbox',
    up(db) {
      db.exec(`
        CREATE TABLE template_drafts (
          draft_id TEXT PRIMARY KEY,
          -- The draft request as JSON (the API's shape, any subset of fields, values as typed).
          body TEXT NOT NULL,
          -- +1 per save: a submission records which revision it is a snapshot of.
          revision INTEGER NOT NULL CHECK (revision >= 1),
          -- Copied out of body on every save so the list and search never parse bodies.
          title TEXT NOT NULL DEFAULT '',
          coupon_type INTEGER,
          state TEXT NOT NULL DEFAULT 'draft'
            CHECK (state IN ('draft', 'queued', 'submitted', 'failed', 'conflict')),
          -- Set only by a successful submission: the server's id for this template.
          template_id TEXT,
          -- The version the diff compares against.
          base_body TEXT,
          base_kind TEXT CHECK (base_kind IN ('submitted', 'imported')),
          base_at TEXT,
          last_submission_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          CHECK ((base_body IS NULL) = (base_kind IS NULL) AND (base_body IS NULL) = (base_at IS NULL))
        );
        CREATE INDEX template_drafts_updated ON template_drafts (deleted_at, updated_at DESC);

        CREATE TABLE template_outbox (
          submission_id TEXT PRIMARY KEY,
          draft_id TEXT NOT NULL REFERENCES template_drafts (draft_id),
          draft_revision INTEGER NOT NULL,
          title TEXT NOT NULL,
          unique_id TEXT NOT NULL UNIQUE,
          -- The validated request exactly as it is (re)sent, unique_id included.
          request TEXT NOT NULL,
          status TEXT NOT NULL
            CHECK (status IN ('queued', 'sending', 'submitted', 'failed', 'conflict', 'cancelled')),
          attempts INTEGER NOT NULL DEFAULT 0,
          -- 1 from the moment an attempt may have reached the server; never back to 0.
          maybe_delivered INTEGER NOT NULL DEFAULT 0 CHECK (maybe_delivered IN (0, 1)),
          -- NULL while queued means: waiting for the network to come back.
          next_attempt_at TEXT,
          last_error TEXT,
          template_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT,
          CHECK (status <> 'cancelled' OR maybe_delivered = 0),
          CHECK ((status IN ('queued', 'sending')) = (finished_at IS NULL)),
          CHECK (status NOT IN ('failed', 'conflict') OR last_error IS NOT NULL)
        );
        CREATE UNIQUE INDEX template_outbox_one_active_per_draft
          ON template_outbox (draft_id) WHERE status IN ('queued', 'sending');
        CREATE INDEX template_outbox_by_draft ON template_outbox (draft_id, created_at);
      `)
    },
  },
]
