/**
 * The central store on PostgreSQL: {@link io.sextant.store.PostgresStore} implements the
 * {@link io.sextant.common.store.Store} SPI over a HikariCP pool, with the schema kept by Flyway
 * migrations in {@code db/migration}. {@link io.sextant.store.Stores#open} starts an embedded
 * server when no URL is configured, so the all-in-one mode and production run the same SQL.
 *
 * <p>Writes are idempotent and never lose the good data beside a bad value; SQL failures surface
 * as {@link io.sextant.common.store.StoreException} saying whether a retry may succeed. This
 * package does not decide retention, partitioning or rollups (later migrations) nor retry itself:
 * the caller leaves its bus message unacknowledged.
 */
package io.sextant.store;
