-- Version 4: the model registry and the feedback labels (issue 8).

-- Every trained model version, immutable once written. bundle is the unsigned ModelBundle's
-- canonical bytes (the signature is made at release time with the key in force then); the other
-- columns repeat its provenance so that versions can be listed and compared in SQL.
CREATE TABLE models (
    model_id     text             NOT NULL,
    version      bigint           NOT NULL CHECK (version >= 1),
    trainer      text             NOT NULL,
    inputs       text[]           NOT NULL,
    trained_from timestamptz      NOT NULL,
    trained_to   timestamptz      NOT NULL,
    settings     jsonb            NOT NULL,
    seed         bigint           NOT NULL,
    metrics      jsonb            NOT NULL,
    bundle       bytea            NOT NULL,
    created_at   timestamptz      NOT NULL,
    PRIMARY KEY (model_id, version)
);

-- The version of each model that is live (released to sites), and whether an operator pinned it:
-- a pinned model is not replaced by scheduled training, only by an explicit promote or rollback.
CREATE TABLE model_channels (
    model_id   text        PRIMARY KEY,
    version    bigint      NOT NULL,
    pinned     boolean     NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL,
    FOREIGN KEY (model_id, version) REFERENCES models (model_id, version)
);

-- Registry history in recording order: REGISTERED, PROMOTED, PINNED, UNPINNED, ROLLED_BACK.
-- A rollback goes to the version promoted before the current one, read from here.
CREATE TABLE model_events (
    seq      bigserial   PRIMARY KEY,
    model_id text        NOT NULL,
    version  bigint      NOT NULL,
    event    text        NOT NULL,
    at       timestamptz NOT NULL,
    by_whom  text        NOT NULL,
    detail   text        NOT NULL
);
CREATE INDEX model_events_model_idx ON model_events (model_id, seq);

-- Which site got which version, and in which phase of a rollout (CANARY or FULL).
CREATE TABLE model_releases (
    model_id    text        NOT NULL,
    version     bigint      NOT NULL,
    site        text        NOT NULL,
    phase       text        NOT NULL,
    released_at timestamptz NOT NULL,
    PRIMARY KEY (model_id, version, site)
);

-- Labelled behaviour of a resource over a time range, used by the next training: FAULT (with the
-- fault kind as cause) from the simulated cloud's ground truth or an incident review, NORMAL from
-- an operator marking an alarm as false. Idempotent on id.
CREATE TABLE labels (
    id         text        PRIMARY KEY,
    site       text        NOT NULL,
    resource   text        NOT NULL,
    time_from  timestamptz NOT NULL,
    time_to    timestamptz NOT NULL CHECK (time_to > time_from),
    verdict    text        NOT NULL CHECK (verdict IN ('FAULT', 'NORMAL')),
    cause      text,
    source     text        NOT NULL,
    note       text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX labels_time_idx ON labels (time_from, time_to);
