-- The central store, version 1. Every table is keyed on the message's stable id (samples on
-- series and time) so that redelivered messages are written once.

-- One row per series: labels are stored once, not on every sample.
-- series_id is io.sextant.common.model.Ids.seriesId(site, metric, labels).
CREATE TABLE series (
    series_id bigint PRIMARY KEY,
    site      text   NOT NULL,
    metric    text   NOT NULL,
    labels    jsonb  NOT NULL
);
CREATE INDEX series_metric_idx ON series (metric, site);

-- The primary key serves both idempotent ingest and "one series over a time range".
-- Not partitioned yet: time partitioning (or a TimescaleDB hypertable) comes with retention.
CREATE TABLE samples (
    series_id bigint           NOT NULL,
    time      timestamptz      NOT NULL,
    value     double precision NOT NULL,
    PRIMARY KEY (series_id, time)
);

CREATE TABLE detections (
    id        text             PRIMARY KEY,
    site      text             NOT NULL,
    time      timestamptz      NOT NULL,
    detector  text             NOT NULL,
    metric    text             NOT NULL,
    labels    jsonb            NOT NULL,
    resource  text             NOT NULL,
    state     text             NOT NULL,
    observed  double precision NOT NULL,
    expected  double precision NOT NULL,
    score     double precision NOT NULL
);
CREATE INDEX detections_time_idx ON detections (time);
CREATE INDEX detections_resource_idx ON detections (resource, time);

-- Current state of each alarm: X.733 / TMF642 fields as columns for queries and dashboards,
-- and doc, the full alarm as JsonCodec writes it, which is what the store reads back.
CREATE TABLE alarms (
    id                   text        PRIMARY KEY,
    site                 text        NOT NULL,
    time                 timestamptz NOT NULL,
    resource             text        NOT NULL,
    probable_cause       text        NOT NULL,
    specific_problem     text,
    event_type           text        NOT NULL,
    perceived_severity   text        NOT NULL,
    state                text        NOT NULL,
    ack_state            text        NOT NULL,
    is_root_cause        boolean     NOT NULL,
    parent_alarm_id      text,
    correlated_alarm_ids text[]      NOT NULL,
    raised_time          timestamptz NOT NULL,
    cleared_time         timestamptz,
    count                integer     NOT NULL,
    source               text,
    labels               jsonb       NOT NULL,
    doc                  jsonb       NOT NULL
);
CREATE INDEX alarms_raised_idx ON alarms (raised_time, id);
-- The dedup key of open alarms (Alarm.key()): the alarm engine looks alarms up by it.
CREATE INDEX alarms_open_key_idx ON alarms (resource, probable_cause) WHERE state <> 'CLEARED';

-- Every distinct state an alarm went through.
CREATE TABLE alarm_history (
    seq      bigserial   PRIMARY KEY,
    alarm_id text        NOT NULL,
    time     timestamptz NOT NULL,
    state    text        NOT NULL,
    severity text        NOT NULL,
    doc      jsonb       NOT NULL
);
CREATE INDEX alarm_history_alarm_idx ON alarm_history (alarm_id, time, seq);

CREATE TABLE diagnoses (
    id         text             PRIMARY KEY,
    site       text             NOT NULL,
    time       timestamptz      NOT NULL,
    kind       text             NOT NULL,
    target     text             NOT NULL,
    confidence double precision NOT NULL,
    doc        jsonb            NOT NULL
);
CREATE INDEX diagnoses_time_idx ON diagnoses (time);
CREATE INDEX diagnoses_target_idx ON diagnoses (target, time);

-- Every step of every automated action, central and edge, in recording order (seq).
CREATE TABLE audit_log (
    seq       bigserial   PRIMARY KEY,
    id        text        NOT NULL UNIQUE,
    time      timestamptz NOT NULL,
    site      text        NOT NULL,
    action_id text        NOT NULL,
    runbook   text        NOT NULL,
    kind      text        NOT NULL,
    target    text        NOT NULL,
    state     text        NOT NULL,
    detail    text        NOT NULL,
    doc       jsonb       NOT NULL
);
CREATE INDEX audit_log_action_idx ON audit_log (action_id, seq);
CREATE INDEX audit_log_time_idx ON audit_log (time);
