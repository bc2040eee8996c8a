package io.sextant.collector.outbox;

import java.util.Optional;

/**
 * Small named values the edge must keep across restarts while it is cut off (the last upload
 * policy, the redaction key). The outbox implements it in its own SQLite file, so everything the
 * edge needs to come back in the same state lives in one file.
 */
public interface LocalState {
  Optional<byte[]> load(String name);

  /** Replaces the value; committed when this returns. */
  void save(String name, byte[] value);
}
