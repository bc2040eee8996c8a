/**
 * Silences and maintenance windows in PostgreSQL, on the store module's pool, with the history
 * of who created, expired, changed or removed each. The schema is the store's migration
 * {@code V5__alarm_suppressions.sql}. No decisions here: {@link io.sextant.alarm.silence.Suppressions}
 * decides, this package only keeps.
 */
package io.sextant.alarm.silence.persist;
