package io.sextant.common.model;

import java.time.Instant;

/**
 * Everything that crosses the bus. The id is stable: a re-sent message carries the same id, so
 * central ingest can drop duplicates without double counting. {@code time} is event time, set
 * where the thing happened, never the time of receipt.
 */
public interface Message {
  String id();

  String site();

  Instant time();
}
