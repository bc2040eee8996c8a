/**
 * The samples write path. {@link io.sextant.store.ingest.IngestMessage} validates and encodes one
 * message's samples in PostgreSQL's binary COPY format on the producer's thread;
 * {@link io.sextant.store.ingest.SampleWriter} writes a batch of messages in one transaction:
 * message ids into the ingest ledger (a redelivered message is skipped whole), binary COPY
 * straight into {@code samples}, and only when that COPY meets a row already stored, the per-row
 * path (staging table, {@code INSERT ... ON CONFLICT DO NOTHING}); the minutes touched are logged
 * for the rollup refresher. {@link io.sextant.store.ingest.IngestBatcher} groups many small
 * messages into batches with a bounded queue that blocks producers (back-pressure) and retries
 * while PostgreSQL is down. Not here: the rollups themselves ({@code rollup}).
 */
package io.sextant.store.ingest;
