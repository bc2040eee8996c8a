/**
 * Reads of the samples for the console, the analytics and the CLI: series selected by metric and
 * label matchers ({@link io.sextant.store.query.SeriesSelector}), range queries with step
 * aggregation, latest values and top-k ({@link io.sextant.store.query.SampleQueries}). A long
 * range whose step and bounds align with a rollup reads the 1-minute or 1-hour rollup instead of
 * the raw samples ({@link io.sextant.store.query.Source}); the answer is the same, the rows read
 * are up to 3,600 times fewer.
 */
package io.sextant.store.query;
