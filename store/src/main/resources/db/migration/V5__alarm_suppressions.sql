-- Owned by the alarm engine (alarm-engine/.../silence/persist/JdbcSilenceStore.java).
-- Silences and maintenance windows as they stand now: expired silences stay listed (as
-- Alertmanager lists them), removed windows are deleted. doc is the engine's JSON of the item.
CREATE TABLE alarm_suppressions (
    id         text        PRIMARY KEY,
    -- Creation order (an update keeps it): the order they are listed in.
    ord        bigserial   NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('SILENCE', 'MAINTENANCE')),
    doc        jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Who created, expired, changed or removed which silence or window, and when; append-only.
CREATE TABLE alarm_suppression_history (
    seq            bigserial   PRIMARY KEY,
    suppression_id text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('SILENCE', 'MAINTENANCE')),
    action         text        NOT NULL,
    by_user        text        NOT NULL,
    at             timestamptz NOT NULL,
    doc            jsonb       NOT NULL
);
CREATE INDEX alarm_suppression_history_id_idx ON alarm_suppression_history (suppression_id, seq);
