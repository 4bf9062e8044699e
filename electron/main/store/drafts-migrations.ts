import type { Migration } from './db'

/**
 * Tables of the template editor: drafts and the outbox of their submissions. Open
 * the app database with `{ drafts: draftMigrations }` among the other features' sets.
 *
 * The CHECK constraints hold the rules that must survive any bug above them: a submission
 * that may have reached the server can never be marked cancelled, a finished one has a finish
 * time, a conflict was never sent and keeps the server's copy, and a draft has at most one
 * submission in flight (blocked ones count: they may be on the server).
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
  {
    version: 2,
    description: 'outbox keeps the server answer, the pre-send check, conflicts and blocked resends',
    up(db) {
      // SQLite cannot change a CHECK in place, so both tables are rebuilt. The outbox is set aside
      // first: with foreign keys on, the drafts table cannot be dropped while rows point at it.
      // v1 `conflict` rows came from guessing at error codes; what they really are is a refusal.
      db.exec(`
        CREATE TABLE template_outbox_v1 AS SELECT * FROM template_outbox;
        DROP TABLE template_outbox;

        CREATE TABLE template_drafts_v2 (
          draft_id TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          revision INTEGER NOT NULL CHECK (revision >= 1),
          title TEXT NOT NULL DEFAULT '',
          coupon_type INTEGER,
          state TEXT NOT NULL DEFAULT 'draft'
            CHECK (state IN ('draft', 'queued', 'submitted', 'failed', 'conflict')),
          template_id TEXT,
          base_body TEXT,
          -- 'server': the platform's own copy, read when a conflict was resolved.
          base_kind TEXT CHECK (base_kind IN ('submitted', 'imported', 'server')),
          base_at TEXT,
          last_submission_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          CHECK ((base_body IS NULL) = (base_kind IS NULL) AND (base_body IS NULL) = (base_at IS NULL))
        );
        INSERT INTO template_drafts_v2 (draft_id, body, revision, title, coupon_type, state, template_id, base_body,
            base_kind, base_at, last_submission_id, created_at, updated_at, deleted_at)
          SELECT draft_id, body, revision, title, coupon_type, CASE state WHEN 'conflict' THEN 'failed' ELSE state END,
            template_id, base_body, base_kind, base_at, last_submission_id, created_at, updated_at, deleted_at
          FROM template_drafts;
        DROP TABLE template_drafts;
        ALTER TABLE template_drafts_v2 RENAME TO template_drafts;
        CREATE INDEX template_drafts_updated ON template_drafts (deleted_at, updated_at DESC);

        CREATE TABLE template_outbox (
          submission_id TEXT PRIMARY KEY,
          draft_id TEXT NOT NULL REFERENCES template_drafts (draft_id),
          draft_revision INTEGER NOT NULL,
          title TEXT NOT NULL,
          unique_id TEXT NOT NULL UNIQUE,
          -- The validated request exactly as it is (re)sent, unique_id included. Never re-validated:
          -- what may already be on the server is resent as it was committed.
          request TEXT NOT NULL,
          -- blocked: may have been delivered but cannot be resent; waits for the user's decision.
          status TEXT NOT NULL
            CHECK (status IN ('queued', 'sending', 'blocked', 'submitted', 'failed', 'conflict', 'cancelled')),
          attempts INTEGER NOT NULL DEFAULT 0,
          maybe_delivered INTEGER NOT NULL DEFAULT 0 CHECK (maybe_delivered IN (0, 1)),
          next_attempt_at TEXT,
          last_error TEXT,
          template_id TEXT,
          -- The business answer as JSON (result: success, err_code, err_msg, model) and the gateway's trace id.
          response TEXT,
          gateway_request_id TEXT,
          -- The version the server should still hold for an update (the draft's base when queued).
          base_body TEXT,
          -- How the pre-send read of the server's copy went (JSON), once it was made.
          server_check TEXT,
          -- A conflict: the server's copy found instead of base_body, and what the user chose.
          server_body TEXT,
          conflict_resolution TEXT CHECK (conflict_resolution IN ('kept-mine', 'took-server')),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT,
          CHECK (status <> 'cancelled' OR maybe_delivered = 0),
          CHECK (status <> 'blocked' OR maybe_delivered = 1),
          CHECK ((status IN ('queued', 'sending', 'blocked')) = (finished_at IS NULL)),
          CHECK (status NOT IN ('failed', 'conflict', 'blocked') OR last_error IS NOT NULL),
          CHECK (status <> 'conflict' OR (server_body IS NOT NULL AND maybe_delivered = 0)),
          CHECK (conflict_resolution IS NULL OR status = 'conflict')
        );
        INSERT INTO template_outbox (submission_id, draft_id, draft_revision, title, unique_id, request, status, attempts,
            maybe_delivered, next_attempt_at, last_error, template_id, created_at, updated_at, finished_at)
          SELECT submission_id, draft_id, draft_revision, title, unique_id, request,
            CASE status WHEN 'conflict' THEN 'failed' ELSE status END, attempts, maybe_delivered, next_attempt_at,
            last_error, template_id, created_at, updated_at, finished_at
          FROM template_outbox_v1;
        DROP TABLE template_outbox_v1;
        CREATE UNIQUE INDEX template_outbox_one_active_per_draft
          ON template_outbox (draft_id) WHERE status IN ('queued', 'sending', 'blocked');
        CREATE INDEX template_outbox_by_draft ON template_outbox (draft_id, created_at);
      `)
    },
  },
  {
    version: 3,
    description: 'each submission belongs to the connection profile it was made under',
    up(db) {
      // A submission is signed for one app and one store: it may only ever be sent through the
      // profile it was made under (training work must never reach production, nor the reverse).
      //
      // Rows from before this step carry no profile. The previous version sent every waiting
      // submission with whatever profile was active when it went out, so the one profile such a
      // row can be attributed to is the profile active when this version first starts: that is
      // what the old code would have used next. The database cannot read the profiles file, so
      // the column is left NULL here and the outbox worker adopts the still-waiting unattributed
      // rows (queued, sending, blocked) into the active profile before its first attempt
      // (`OutboxStore.adoptUnattributed`). Finished rows keep NULL: nothing of theirs is ever sent
      // again, and NULL says truthfully that nobody recorded where they went.
      db.exec(`
        ALTER TABLE template_outbox ADD COLUMN profile_id TEXT;
        CREATE INDEX template_outbox_waiting_by_profile
          ON template_outbox (profile_id) WHERE status IN ('queued', 'sending', 'blocked');
      `)
    },
  },
  {
    version: 4,
    description: 'a submitted template ended early on the platform (template.terminate), by whom',
    up(db) {
      // Set once, by a terminate the platform confirmed; the template then takes no more updates
      // there, so the editor stops offering them. Who ended it and who approved it are kept beside it.
      db.exec(`
        ALTER TABLE template_drafts ADD COLUMN terminated_at TEXT;
        ALTER TABLE template_drafts ADD COLUMN terminated_by TEXT;
        ALTER TABLE template_drafts ADD COLUMN terminate_approved_by TEXT;
      `)
    },
  },
]
