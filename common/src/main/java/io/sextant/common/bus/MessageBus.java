package io.sextant.common.bus;

import io.sextant.common.codec.CodecException;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed messages over a {@link Bus}: encodes with the one JSON codec on publish and decodes on
 * delivery. A message that cannot be decoded is a poison message: it is moved to the
 * subscription's dead-letter topic ({@link Bus#deadLetter}) with the decode error as its reason,
 * logged and counted, and then acknowledged, so it never blocks the messages behind it and can
 * still be inspected or replayed. If the dead letter cannot be stored, the delivery fails and the
 * bus redelivers it: a poison message is never dropped silently.
 *
 * <p>A {@link Topic#compacted() compacted} topic is subscribed with {@link Bus#subscribeLatest}.
 */
public final class MessageBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MessageBus.class);
  /** How long a handler waits for a dead letter to be stored before asking for redelivery. */
  static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

  private final Bus bus;
  private final JsonCodec codec = JsonCodec.get();
  private final AtomicLong undecodable = new AtomicLong();

  public MessageBus(Bus bus) {
    this.bus = bus;
  }

  /** Publishes under the key the topic gives the message ({@link Topic#keyOf}). */
  public <T extends Message> CompletableFuture<Void> publish(Topic<T> topic, T message) {
    return bus.publish(topic.name(), topic.keyOf(message), codec.encode(message));
  }

  /**
   * As {@link #publish(Topic, Message)}, with the payload already encoded by the same codec
   * ({@code JsonCodec.encode(message)}): for a caller that encodes a message once for several uses.
   */
  public <T extends Message> CompletableFuture<Void> publish(Topic<T> topic, T message, byte[] encoded) {
    return bus.publish(topic.name(), topic.keyOf(message), encoded);
  }

  /** Subscribes; {@code handler} throwing asks for redelivery of that message. */
  public <T extends Message> Bus.Subscription subscribe(Topic<T> topic, String subscription, Consumer<T> handler) {
    Bus.Handler decoding = delivery -> {
      T message;
      try {
        message = codec.decode(delivery.payload(), topic.type());
      } catch (CodecException e) {
        deadLetter(topic, subscription, delivery, e);
        return;
      }
      handler.accept(message);
    };
    return topic.compacted()
        ? bus.subscribeLatest(topic.name(), subscription, decoding)
        : bus.subscribe(topic.name(), subscription, decoding);
  }

  private void deadLetter(Topic<?> topic, String subscription, Delivery delivery, CodecException e) throws Exception {
    String reason = "undecodable: " + e.getMessage();
    bus.deadLetter(topic.name(), subscription, delivery, reason)
        .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    undecodable.incrementAndGet();
    log.warn("undecodable message on {} (key {}) moved to {}: {}", delivery.topic(), delivery.key(),
        bus.deadLetterTopic(topic.name(), subscription), e.getMessage());
  }

  /** Undecodable messages moved to a dead-letter topic since this bus was made. */
  public long undecodableCount() {
    return undecodable.get();
  }

  public Bus raw() {
    return bus;
  }

  @Override
  public void close() {
    bus.close();
  }
}
