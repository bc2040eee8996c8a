/**
 * The samples write path: rows are encoded in PostgreSQL's binary COPY format by
 * {@link io.sextant.store.ingest.BinaryCopyEncoder}, copied into a per-session temporary staging
 * table and moved into {@code samples} by one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}
 * ({@link io.sextant.store.ingest.SampleWriter}), which also folds the rows really inserted into the
 * rollups. {@link io.sextant.store.ingest.IngestBatcher} groups many small writes into batches
 * with a bounded queue that blocks producers (back-pressure) and retries while PostgreSQL is down.
 */
package io.sextant.store.ingest;
