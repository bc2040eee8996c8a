package io.sextant.common.bus;

import java.util.Map;

/**
 * One delivery of a message to a subscription; {@code attempt} starts at 1. {@code properties} are
 * the message's headers (never null; empty for most messages): a dead letter carries its reason
 * there ({@link Bus#DEAD_LETTER_REASON}).
 */
public record Delivery(String topic, String key, byte[] payload, int attempt, Map<String, String> properties) {
  public Delivery {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** A delivery without properties. */
  public Delivery(String topic, String key, byte[] payload, int attempt) {
    this(topic, key, payload, attempt, Map.of());
  }

  /** The same message delivered once more. */
  public Delivery nextAttempt() {
    return new Delivery(topic, key, payload, attempt + 1, properties);
  }
}
