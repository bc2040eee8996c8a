package io.sextant.store.ingest;

import io.sextant.common.model.Sample;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/** Where {@link IngestBatcher} writes: the store, or a test double. */
public interface IngestSink {
  /**
   * Validates and encodes one message. Called on the submitting thread, so that this CPU work
   * overlaps the database work of the batch before.
   */
  IngestMessage prepare(String messageId, List<Sample> samples);

  /**
   * Writes the messages in one transaction and returns the rows inserted. Throws
   * {@link io.sextant.common.store.StoreException} on failure, retryable or not.
   */
  int write(List<IngestMessage> messages);

  /** A sink that prepares with {@link IngestMessage#prepare} (rejections counted in {@code rejected}) and writes with {@code write}. */
  static IngestSink of(ToIntFunction<List<IngestMessage>> write, AtomicLong rejected) {
    return new IngestSink() {
      @Override
      public IngestMessage prepare(String messageId, List<Sample> samples) {
        return IngestMessage.prepare(messageId, samples, rejected);
      }

      @Override
      public int write(List<IngestMessage> messages) {
        return write.applyAsInt(messages);
      }
    };
  }
}
