package io.sextant.common.bus;

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
 *   <li>each named subscription gets every message; two subscriptions are independent.</li>
 * </ul>
 * Handlers must therefore be idempotent: every message carries a stable id for that.
 */
public interface Bus extends AutoCloseable {

  /** Completes when the bus has taken responsibility for the message. */
  CompletableFuture<Void> publish(String topic, String key, byte[] payload);

  Subscription subscribe(String topic, String subscription, Handler handler);

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
