package io.sextant.common.bus;

import io.sextant.common.codec.CodecException;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed messages over a {@link Bus}: encodes with the one JSON codec on publish and decodes on
 * delivery. A message that cannot be decoded is a poison message: it is logged with its reason,
 * counted and acknowledged, so it never blocks the messages behind it.
 */
public final class MessageBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

  private final Bus bus;
  private final JsonCodec codec = JsonCodec.get();
  private final AtomicLong undecodable = new AtomicLong();

  public MessageBus(Bus bus) {
    this.bus = bus;
  }

  public <T extends Message> CompletableFuture<Void> publish(Topic<T> topic, String key, T message) {
    return bus.publish(topic.name(), key, codec.encode(message));
  }

  /** Subscribes; {@code handler} throwing asks for redelivery of that message. */
  public <T extends Message> Bus.Subscription subscribe(Topic<T> topic, String subscription, Consumer<T> handler) {
    return bus.subscribe(topic.name(), subscription, delivery -> {
      T message;
      try {
        message = codec.decode(delivery.payload(), topic.type());
      } catch (CodecException e) {
        undecodable.incrementAndGet();
        log.warn("dropping undecodable message on {} (key {}): {}", topic.name(), delivery.key(), e.getMessage());
        return;
      }
      handler.accept(message);
    });
  }

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
