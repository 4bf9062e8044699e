import type { Migration } from './db'

/**
 * The redemption journal: every `alibaba.alsc.crm.voucher.status.change` call, written before it
 * is sent and settled after, so a crash, a dropped connection or a timeout never loses what the
 * counter did or makes it do it twice.
 *
 *   journal_batches   one per "Redeem" press: the scanned list, split into calls
 *   journal_entries   one per TOP call; `request_id` is the business idempotency key that every
 *                     retry of the call resends, with the exact stored `request_json`
 *   journal_vouchers  one per voucher of a call: the history rows. Customer, operator, shop and
 *                     time are copied from the entry so each history filter is one index range.
 *
 * Reversal (反核销) is its own entry whose voucher row points at the redemption row it undoes
 * (`reverses_row_id`); the redemption row points back at its latest reversal (`reversal_row_id`).
 * Times are epoch milliseconds.
 */
const v1: Migration = {
  version: 1,
  description: 'redemption journal: batches, entries, voucher rows, history indexes',
  up(db) {
    db.exec(`
      CREATE TABLE journal_batches (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        -- [{voucherId, points}] in scan order: what the cashier asked for, sent or not
        plan_json TEXT NOT NULL,
        -- vouchers held back because an earlier attempt is unresolved
        blocked_json TEXT NOT NULL DEFAULT '[]',
        calls_total INTEGER NOT NULL CHECK (calls_total >= 0),
        calls_done INTEGER NOT NULL DEFAULT 0 CHECK (calls_done >= 0),
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'interrupted')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX journal_batches_running ON journal_batches (status) WHERE status = 'running';

      CREATE TABLE journal_entries (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        batch_id TEXT REFERENCES journal_batches (id),
        action TEXT NOT NULL CHECK (action IN ('NORMAL_ISUSED', 'ISUSED_NORMAL')),
        -- the validated request exactly as sent; retries resend it unchanged
        request_json TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        operator_name TEXT,
        customer_id TEXT NOT NULL,
        shop_id TEXT,
        source TEXT NOT NULL,
        -- pending: a call may be in flight; settled: every voucher has its answer
        state TEXT NOT NULL CHECK (state IN ('pending', 'settled', 'not_sent', 'unknown')),
        attempts INTEGER NOT NULL CHECK (attempts >= 1),
        -- 1 once any attempt may have reached the server: from then on only a business reply can
        -- settle the entry, since a later attempt's failure says nothing about the earlier one
        maybe_delivered INTEGER NOT NULL DEFAULT 0 CHECK (maybe_delivered IN (0, 1)),
        gateway_request_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX journal_entries_unresolved ON journal_entries (state) WHERE state <> 'settled';
      CREATE INDEX journal_entries_batch ON journal_entries (batch_id) WHERE batch_id IS NOT NULL;

      CREATE TABLE journal_vouchers (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES journal_entries (id),
        position INTEGER NOT NULL CHECK (position >= 0),
        action TEXT NOT NULL CHECK (action IN ('NORMAL_ISUSED', 'ISUSED_NORMAL')),
        voucher_id TEXT NOT NULL,
        points TEXT,
        profile_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        shop_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'redeemed', 'reversed', 'failed', 'not_sent', 'unknown')),
        result_code TEXT,
        result_text TEXT,
        failure_kind TEXT CHECK (failure_kind IN ('voucher', 'call', 'platform')),
        -- translated reason of failed (platform), not_sent and unknown rows
        message_key TEXT,
        message_params TEXT,
        top_json TEXT,
        reissued_voucher_id TEXT,
        reverses_row_id INTEGER REFERENCES journal_vouchers (id),
        reversal_row_id INTEGER REFERENCES journal_vouchers (id),
        reissued_from TEXT,
        UNIQUE (entry_id, position),
        CHECK (state <> 'redeemed' OR action = 'NORMAL_ISUSED'),
        CHECK (state <> 'reversed' OR action = 'ISUSED_NORMAL'),
        CHECK ((state = 'reversed') = (reissued_voucher_id IS NOT NULL)),
        CHECK ((state = 'failed') = (failure_kind IS NOT NULL)),
        CHECK ((action = 'ISUSED_NORMAL') = (reverses_row_id IS NOT NULL)),
        CHECK (reversal_row_id IS NULL OR action = 'NORMAL_ISUSED')
      ) STRICT;

      -- At most one reversal that is under way, unresolved or done per redeemed voucher: a second
      -- one could reverse twice. Only a certain failure frees the voucher for a new reversal.
      CREATE UNIQUE INDEX journal_one_live_reversal ON journal_vouchers (reverses_row_id)
        WHERE reverses_row_id IS NOT NULL AND state <> 'failed';

      -- A voucher whose redemption is unresolved must be resolved by retrying that request, never
      -- by a new request_id for the same intent.
      CREATE UNIQUE INDEX journal_one_open_redemption ON journal_vouchers (profile_id, voucher_id)
        WHERE action = 'NORMAL_ISUSED' AND state IN ('pending', 'not_sent', 'unknown');

      -- Only a redeemed voucher can be reversed, by a reversal of that same voucher.
      CREATE TRIGGER journal_reversal_target BEFORE INSERT ON journal_vouchers
        WHEN NEW.reverses_row_id IS NOT NULL
      BEGIN
        SELECT RAISE(ABORT, 'journal: only a redeemed voucher can be reversed')
        WHERE NOT EXISTS (
          SELECT 1 FROM journal_vouchers r
          WHERE r.id = NEW.reverses_row_id AND r.state = 'redeemed' AND r.action = 'NORMAL_ISUSED'
            AND r.voucher_id = NEW.voucher_id AND r.profile_id = NEW.profile_id
        );
      END;

      -- History: newest first (created_at DESC, id DESC). Each filter has an index whose last
      -- column is created_at; SQLite appends the rowid (= id), so the ORDER BY and the keyset
      -- condition are both served by the index and no page ever sorts.
      CREATE INDEX journal_hist_time ON journal_vouchers (profile_id, created_at);
      CREATE INDEX journal_hist_voucher ON journal_vouchers (profile_id, voucher_id, created_at);
      CREATE INDEX journal_hist_reissued ON journal_vouchers (profile_id, reissued_voucher_id, created_at)
        WHERE reissued_voucher_id IS NOT NULL;
      CREATE INDEX journal_hist_reissued_from ON journal_vouchers (profile_id, reissued_from, created_at)
        WHERE reissued_from IS NOT NULL;
      CREATE INDEX journal_hist_customer ON journal_vouchers (profile_id, customer_id, created_at);
      CREATE INDEX journal_hist_operator ON journal_vouchers (profile_id, operator_id, created_at);
      CREATE INDEX journal_hist_shop ON journal_vouchers (profile_id, shop_id, created_at);
      CREATE INDEX journal_hist_state ON journal_vouchers (profile_id, state, created_at);
      CREATE INDEX journal_hist_action ON journal_vouchers (profile_id, action, created_at);
    `)
  },
}

/**
 * Operator and shop each hold many rows (a shop: ~20,000 of a million), and the screen combines
 * them with a status or an action. With only (profile, operator|shop, created_at) SQLite walks
 * the whole operator's or shop's range and reads every table row to test `state`: a rare or absent
 * status (failed, unknown) costs tens of milliseconds at 1M rows. With `state` and `action` in the
 * index the test needs no table row, and `id` right after `created_at` keeps ORDER BY created_at
 * DESC, id DESC served by the index (no sort), so the keyset cursor still seeks.
 */
const v2: Migration = {
  version: 2,
  description: 'history: operator and shop indexes carry state and action; unresolved voucher rows indexed',
  up(db) {
    db.exec(`
      DROP INDEX journal_hist_operator;
      DROP INDEX journal_hist_shop;
      CREATE INDEX journal_hist_operator ON journal_vouchers (profile_id, operator_id, created_at, id, state, action);
      CREATE INDEX journal_hist_shop ON journal_vouchers (profile_id, shop_id, created_at, id, state, action);
      -- Start-up recovery looks for pending rows: without this it scans every row (0.5–1 s at 1M).
      -- Queries repeat the condition (state IN (...) AND state = ?) so SQLite can use it.
      CREATE INDEX journal_vouchers_unresolved ON journal_vouchers (state)
        WHERE state IN ('pending', 'not_sent', 'unknown');
    `)
  },
}

/**
 * A new voucher state, `needs_check`: a retry of a call that may already have been applied was
 * refused ("already used"), and the refusal may be that earlier attempt's own doing, so only a
 * manager looking at the merchant backend can settle it; and the manager's verdict (who, when) on
 * such a row or an `unknown` one. Calls get the matching state.
 *
 * SQLite cannot change a CHECK constraint in place, so both tables are rebuilt the way SQLite
 * prescribes (foreign keys off for the step, checked before it commits): new tables under a
 * temporary name (foreign keys pointing at the temporary names, which the renames rewrite), rows
 * copied in id order in one statement each, old tables dropped, new ones renamed, then every
 * index and the trigger recreated. `journal_batches` is not touched. Once, at the first start
 * of this version; test/main/store/journal-schema.test.ts times it.
 */
const v3: Migration = {
  version: 3,
  description: 'needs_check voucher and call state; manual verdicts (who, when) on unsettled voucher rows',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE journal_entries_v3 (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        batch_id TEXT REFERENCES journal_batches (id),
        action TEXT NOT NULL CHECK (action IN ('NORMAL_ISUSED', 'ISUSED_NORMAL')),
        request_json TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        operator_name TEXT,
        customer_id TEXT NOT NULL,
        shop_id TEXT,
        source TEXT NOT NULL,
        -- needs_check: nothing a retry can settle is left, but some voucher waits for a manager
        state TEXT NOT NULL CHECK (state IN ('pending', 'settled', 'not_sent', 'unknown', 'needs_check')),
        attempts INTEGER NOT NULL CHECK (attempts >= 1),
        maybe_delivered INTEGER NOT NULL DEFAULT 0 CHECK (maybe_delivered IN (0, 1)),
        gateway_request_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE journal_vouchers_v3 (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES journal_entries_v3 (id),
        position INTEGER NOT NULL CHECK (position >= 0),
        action TEXT NOT NULL CHECK (action IN ('NORMAL_ISUSED', 'ISUSED_NORMAL')),
        voucher_id TEXT NOT NULL,
        points TEXT,
        profile_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        shop_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'redeemed', 'reversed', 'failed', 'not_sent', 'unknown', 'needs_check')),
        result_code TEXT,
        result_text TEXT,
        -- failed: why; needs_check: the kind of refusal the retry got (voucher or call)
        failure_kind TEXT CHECK (failure_kind IN ('voucher', 'call', 'platform', 'manual')),
        message_key TEXT,
        message_params TEXT,
        top_json TEXT,
        reissued_voucher_id TEXT,
        reverses_row_id INTEGER REFERENCES journal_vouchers_v3 (id),
        reversal_row_id INTEGER REFERENCES journal_vouchers_v3 (id),
        reissued_from TEXT,
        -- a manager's verdict after checking the merchant backend
        checked_by TEXT,
        checked_by_name TEXT,
        checked_at INTEGER,
        UNIQUE (entry_id, position),
        CHECK (state <> 'redeemed' OR action = 'NORMAL_ISUSED'),
        CHECK (state <> 'reversed' OR action = 'ISUSED_NORMAL'),
        CHECK ((state = 'reversed') = (reissued_voucher_id IS NOT NULL)),
        CHECK ((state IN ('failed', 'needs_check')) = (failure_kind IS NOT NULL)),
        CHECK (state <> 'needs_check' OR failure_kind IN ('voucher', 'call')),
        CHECK ((checked_by IS NULL) = (checked_at IS NULL)),
        CHECK (checked_by_name IS NULL OR checked_by IS NOT NULL),
        CHECK (checked_at IS NULL OR state IN ('redeemed', 'reversed', 'failed')),
        -- "not applied" by hand is the one failure with a verdict, and it always has one
        CHECK ((failure_kind IS 'manual') = (state = 'failed' AND checked_at IS NOT NULL)),
        CHECK ((action = 'ISUSED_NORMAL') = (reverses_row_id IS NOT NULL)),
        CHECK (reversal_row_id IS NULL OR action = 'NORMAL_ISUSED')
      ) STRICT;

      INSERT INTO journal_entries_v3 (id, request_id, batch_id, action, request_json, profile_id, operator_id,
          operator_name, customer_id, shop_id, source, state, attempts, maybe_delivered, gateway_request_id,
          created_at, updated_at)
        SELECT id, request_id, batch_id, action, request_json, profile_id, operator_id, operator_name, customer_id,
          shop_id, source, state, attempts, maybe_delivered, gateway_request_id, created_at, updated_at
        FROM journal_entries ORDER BY id;
      INSERT INTO journal_vouchers_v3 (id, entry_id, position, action, voucher_id, points, profile_id, customer_id,
          operator_id, shop_id, created_at, updated_at, state, result_code, result_text, failure_kind, message_key,
          message_params, top_json, reissued_voucher_id, reverses_row_id, reversal_row_id, reissued_from)
        SELECT id, entry_id, position, action, voucher_id, points, profile_id, customer_id, operator_id, shop_id,
          created_at, updated_at, state, result_code, result_text, failure_kind, message_key, message_params,
          top_json, reissued_voucher_id, reverses_row_id, reversal_row_id, reissued_from
        FROM journal_vouchers ORDER BY id;

      -- Children first: nothing points at the old voucher table any more, then nothing at the old
      -- entries. Dropping a table drops its indexes and triggers with it.
      DROP TABLE journal_vouchers;
      DROP TABLE journal_entries;
      ALTER TABLE journal_entries_v3 RENAME TO journal_entries;
      ALTER TABLE journal_vouchers_v3 RENAME TO journal_vouchers;

      CREATE INDEX journal_entries_unresolved ON journal_entries (state) WHERE state <> 'settled';
      CREATE INDEX journal_entries_batch ON journal_entries (batch_id) WHERE batch_id IS NOT NULL;

      -- As in v1, and a reversal waiting for a manager's check is live too: it may have reissued.
      CREATE UNIQUE INDEX journal_one_live_reversal ON journal_vouchers (reverses_row_id)
        WHERE reverses_row_id IS NOT NULL AND state <> 'failed';
      -- A voucher waiting for a manager's check is as blocked as one whose outcome is unknown.
      CREATE UNIQUE INDEX journal_one_open_redemption ON journal_vouchers (profile_id, voucher_id)
        WHERE action = 'NORMAL_ISUSED' AND state IN ('pending', 'not_sent', 'unknown', 'needs_check');

      CREATE TRIGGER journal_reversal_target BEFORE INSERT ON journal_vouchers
        WHEN NEW.reverses_row_id IS NOT NULL
      BEGIN
        SELECT RAISE(ABORT, 'journal: only a redeemed voucher can be reversed')
        WHERE NOT EXISTS (
          SELECT 1 FROM journal_vouchers r
          WHERE r.id = NEW.reverses_row_id AND r.state = 'redeemed' AND r.action = 'NORMAL_ISUSED'
            AND r.voucher_id = NEW.voucher_id AND r.profile_id = NEW.profile_id
        );
      END;

      CREATE INDEX journal_hist_time ON journal_vouchers (profile_id, created_at);
      CREATE INDEX journal_hist_voucher ON journal_vouchers (profile_id, voucher_id, created_at);
      CREATE INDEX journal_hist_reissued ON journal_vouchers (profile_id, reissued_voucher_id, created_at)
        WHERE reissued_voucher_id IS NOT NULL;
      CREATE INDEX journal_hist_reissued_from ON journal_vouchers (profile_id, reissued_from, created_at)
        WHERE reissued_from IS NOT NULL;
      CREATE INDEX journal_hist_customer ON journal_vouchers (profile_id, customer_id, created_at);
      CREATE INDEX journal_hist_operator ON journal_vouchers (profile_id, operator_id, created_at, id, state, action);
      CREATE INDEX journal_hist_shop ON journal_vouchers (profile_id, shop_id, created_at, id, state, action);
      CREATE INDEX journal_hist_state ON journal_vouchers (profile_id, state, created_at);
      CREATE INDEX journal_hist_action ON journal_vouchers (profile_id, action, created_at);
      CREATE INDEX journal_vouchers_unresolved ON journal_vouchers (state)
        WHERE state IN ('pending', 'not_sent', 'unknown', 'needs_check');
    `)
  },
}

export const journalMigrations: Migration[] = [v1, v2, v3]
