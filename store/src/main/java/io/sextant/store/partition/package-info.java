/**
 * Native declarative range partitioning of {@code samples} by day, for PostgreSQL without
 * TimescaleDB: the DDL ({@link io.sextant.store.partition.DailyPartitions}) and the maintenance
 * job that creates partitions ahead and drops them, and old rollup rows, by retention
 * ({@link io.sextant.store.partition.Maintenance}).
 */
package io.sextant.store.partition;
