/**
 * Alertmanager v2's read model over Sextant: the alerts as Alertmanager would list them (the
 * posted alerts kept by label set, with Alertmanager's fingerprints and times, and Sextant's own
 * alarms shown as alerts), their status from Sextant's silences, windows and inhibition, their
 * receivers and groups from Sextant's routes, the query filters ({@code filter=} matchers, the
 * {@code active}/{@code silenced}/{@code inhibited}/{@code unprocessed} flags, {@code receiver}),
 * and the instance status. Plain Java; the controller in {@code alarm.api} serves it. It writes
 * nothing: posting alerts and silences stays with {@code alarm.ingest} and {@code alarm.silence}.
 */
package io.sextant.alarm.compat;
