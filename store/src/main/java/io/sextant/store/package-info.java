/**
 * The central store on PostgreSQL: {@link io.sextant.store.PostgresStore} implements the
 * {@link io.sextant.common.store.Store} SPI over a HikariCP pool, with the schema kept by Flyway
 * migrations in {@code db/migration}. {@link io.sextant.store.Stores#open} starts an embedded
 * server when no URL is configured, so the all-in-one mode and production run the same SQL.
 *
 * <p>Writes are idempotent and never lose the good data beside a bad value; SQL failures surface
 * as {@link io.sextant.common.store.StoreException} saying whether a retry may succeed. Samples
 * are partitioned by day, or a TimescaleDB hypertable ({@link io.sextant.store.Layout}, chosen by
 * migration V2), with 1-minute and 1-hour rollups and {@link io.sextant.store.RetentionSettings}
 * applied by a maintenance job. Sub-packages: {@code ingest} (COPY write path, batcher),
 * {@code rollup} (refresh of the native rollups), {@code partition}, {@code timescale},
 * {@code query}, {@code remotewrite}.
 */
package io.sextant.store;
