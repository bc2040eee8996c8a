-- Owned by the alarm engine (alarm-engine/.../notify/persist/JdbcNotificationLog.java).
-- What each aggregation group last told its receiver, and when (Alertmanager's nflog): read back
-- when the centre starts, so a restart re-sends nothing before the route's repeat interval. One
-- row per group (route name and group labels), replaced at every delivery; a group whose last
-- notification had nothing firing is deleted (its next alarm starts afresh anyway).
CREATE TABLE notification_log (
    group_key text        PRIMARY KEY,
    receiver  text        NOT NULL,
    sent_at   timestamptz NOT NULL,
    firing    text[]      NOT NULL,
    resolved  text[]      NOT NULL
);
