/**
 * The native layout's rollups ({@code samples_1m}, {@code samples_1h}), kept off the ingest path:
 * ingest logs the minutes it touched, {@link io.sextant.store.rollup.RollupRefresher} recomputes
 * them from the data. Not used on TimescaleDB, whose continuous aggregates do the same job.
 */
package io.sextant.store.rollup;
