package io.sextant.common.bus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The messaging SPI between edges and centre. Contract (checked by the testkit's
 * {@code BusContractTest} for every implementation):
 * <ul>
 *   <li>at-least-once: a message published after a subscription exists is handed to that
 *       subscription until its handler returns normally;</li>
 *   <li>per-key order: messages with the same key reach a subscription in publish order, also
 *       across redeliveries;</li>
 *   <li>redelivery: a handler that throws gets the same message again, with a higher attempt;</li>
 *   <li>each named subscription gets every message; two subscriptions are independent;</li>
 *   <li>dead letters: {@link #deadLetter} stores a message that can never be handled on the
 *       subscription's dead-letter topic with its reason, so the handler can acknowledge it and
 *       its key goes on;</li>
 *   <li>latest per key: {@link #subscribeLatest} first hands over the latest message of every key
 *       the topic retains, then every new message (compacted topics: policies, model bundles).</li>
 * </ul>
 * Handlers must therefore be idempotent: every message carries a stable id for that.
 */
public interface Bus extends AutoCloseable {
  /** Property of a dead letter: why it could not be handled. */
  String DEAD_LETTER_REASON = "sextant-dead-letter-reason";
  /** Property of a dead letter: the topic it was delivered on. */
  String DEAD_LETTER_ORIGIN_TOPIC = "sextant-dead-letter-origin-topic";
  /** Property of a dead letter: the subscription that gave up on it. */
  String DEAD_LETTER_ORIGIN_SUBSCRIPTION = "sextant-dead-letter-origin-subscription";

  /** Completes when the bus has taken responsibility for the message. */
  CompletableFuture<Void> publish(String topic, String key, byte[] payload);

  /**
   * Publishes with properties (headers), delivered as {@link Delivery#properties()}. An
   * implementation that cannot carry properties fails the future rather than drop them.
   */
  default CompletableFuture<Void> publish(String topic, String key, byte[] payload, Map<String, String> properties) {
    if (properties == null || properties.isEmpty()) {
      return publish(topic, key, payload);
    }
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(getClass().getSimpleName() + " cannot carry message properties"));
  }

  Subscription subscribe(String topic, String subscription, Handler handler);

  /**
   * Subscribes to a compacted topic: the handler first gets the latest retained message of each
   * key (possibly older ones of a key too, before the broker has compacted them, but always in
   * order and the latest last), then every new message. Unlike {@link #subscribe} it does not
   * resume where a previous subscriber left off: a process that (re)starts gets the current state
   * again. A throwing handler gets the message again.
   */
  default Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no compacted topics");
  }

  /** Where {@link #deadLetter} puts the messages {@code subscription} of {@code topic} gives up on. */
  default String deadLetterTopic(String topic, String subscription) {
    return topic + "-" + subscription + "-DLQ";
  }

  /**
   * Stores a delivery that can never be handled (undecodable, or failing for good) on the
   * subscription's dead-letter topic, with the same key and payload, its properties and
   * {@link #DEAD_LETTER_REASON}, {@link #DEAD_LETTER_ORIGIN_TOPIC}, {@link #DEAD_LETTER_ORIGIN_SUBSCRIPTION}.
   * Completes when the dead letter is stored; only then may the handler return (acknowledge).
   *
   * @param topic and {@code subscription}: as given to {@link #subscribe}
   */
  default CompletableFuture<Void> deadLetter(String topic, String subscription, Delivery delivery, String reason) {
    Map<String, String> props = new LinkedHashMap<>(delivery.properties());
    props.put(DEAD_LETTER_REASON, reason == null ? "unknown" : reason);
    props.put(DEAD_LETTER_ORIGIN_TOPIC, delivery.topic());
    props.put(DEAD_LETTER_ORIGIN_SUBSCRIPTION, subscription);
    return publish(deadLetterTopic(topic, subscription), delivery.key(), delivery.payload(), props);
  }

  @Override
  void close();

  /** Consumes one delivery; returning acknowledges it, throwing asks for redelivery. */
  @FunctionalInterface
  interface Handler {
    void handle(Delivery delivery) throws Exception;
  }

  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
