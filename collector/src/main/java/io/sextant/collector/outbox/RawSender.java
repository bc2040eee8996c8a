package io.sextant.collector.outbox;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link AsyncSender} that can also send some entries as stored, without decoding them: when
 * the bus topic and key follow from the entry's type and ordering key, the stored payload is the
 * very bytes the bus would carry (one JSON codec everywhere), and decoding a large sample batch
 * only to encode it again is most of the drain's cost.
 */
public interface RawSender extends AsyncSender {
  /** Sends the stored payload, or returns empty when this entry needs decoding first. */
  Optional<CompletableFuture<Void>> sendRaw(String type, String orderingKey, byte[] payload);
}
