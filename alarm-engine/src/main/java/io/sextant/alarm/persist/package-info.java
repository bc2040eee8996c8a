/**
 * What the alarm engine's persistence adapters share: the transaction around one JDBC unit of
 * work. The adapters themselves live beside what they keep ({@code silence.persist},
 * {@code notify.persist}); the tables are the store module's migrations.
 */
package io.sextant.alarm.persist;
