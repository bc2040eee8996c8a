/**
 * Making alarm changes durable. {@link io.sextant.alarm.persist.GroupCommit} writes the engine's
 * changes to the store from one thread, many callers' changes per transaction, and passes each on
 * (bus, notifications, hub) only once it is committed. It does not decide what an alarm is; the
 * engine does, and the store's tables say how a change is kept. The other persistence adapters
 * share this package's transaction around one JDBC unit of work and live beside what they keep
 * ({@code silence.persist}, {@code notify.persist}); the tables are the store module's migrations.
 */
package io.sextant.alarm.persist;
