/**
 * The notification log ({@link io.sextant.alarm.notify.NotificationLog}) in PostgreSQL, on the
 * store module's pool; the schema is the store's migration {@code V8__notification_log.sql}. No
 * decisions here: the dispatcher decides what to send, this package only keeps what was sent.
 */
package io.sextant.alarm.notify.persist;
