-- Version 3: message-level idempotency and rollups refreshed off the ingest path (issue 5).

-- One row per bus message (or remote-write request) whose samples were committed, written in the
-- same transaction as the samples. A redelivered message finds its id here and is skipped whole,
-- so the common write can COPY straight into samples without a per-row conflict check. Rows older
-- than the ledger retention are deleted by the maintenance job; a message redelivered after that
-- is still written once, by the per-row fallback (primary key of samples, ON CONFLICT DO NOTHING).
CREATE TABLE ingest_ledger (
    message_id  text        PRIMARY KEY,
    samples     integer     NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_ledger_time_brin ON ingest_ledger USING brin (ingested_at);

-- Invalidation log of the native rollups: the UTC minutes that received samples since their
-- rollup rows were last recomputed. Append-only (no key, so concurrent writers never wait on each
-- other); the refresher deletes the rows it has seen committed and recomputes those minutes
-- (samples_1m) and their hours (samples_1h) from the data. Unused on TimescaleDB.
CREATE TABLE rollup_dirty (
    minute timestamptz NOT NULL
);
