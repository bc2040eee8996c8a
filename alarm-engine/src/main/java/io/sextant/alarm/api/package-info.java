/**
 * The HTTP edge: the TMF642 Alarm Management REST API (v4) over an {@link
 * io.sextant.alarm.AlarmEngine} (list, get, acknowledge, unacknowledge, clear, comment), the
 * Alertmanager v2 compatible alert intake ({@code POST /api/v2/alerts}, delegating to {@link
 * io.sextant.alarm.ingest.AlertIntake}), Alertmanager v2's read API (alerts, groups, status,
 * receivers, delegating to {@link io.sextant.alarm.compat.AlertmanagerView}) and the silence and
 * suppression-explanation endpoints
 * (delegating to {@link io.sextant.alarm.notify.NotificationPipeline}). Framework code only:
 * every endpoint delegates to plain services. Grouping and ungrouping by hand are not offered:
 * correlation comes from diagnoses.
 */
package io.sextant.alarm.api;
