package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus.Handler;
import io.sextant.common.bus.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one consumer's messages to a handler on one thread, keeping per-key order across
 * redeliveries.
 *
 * <p>Pulsar's negative acknowledgement redelivers a failed message later, but the messages behind
 * it are already in the consumer's queue: handled as they come, they would overtake the failed
 * one. So when a message fails, its key gets a <em>head</em> (the failed message, negatively
 * acknowledged and awaiting redelivery) and later messages of that key are held here, unacknowledged,
 * until the head succeeds or is dead-lettered; then they are handled in arrival order. Other keys go
 * on. Held messages are never acknowledged before they are handled, so a crash loses nothing: the
 * broker redelivers every unacknowledged message to the next consumer.
 *
 * <p>If a head does not come back within {@code headPatience} (the broker gave its key to another
 * consumer of the Key_Shared subscription), the key is released so its held messages do not wait
 * forever; only in that case can a key's order be broken, as it can in Pulsar itself when consumers
 * come and go.
 *
 * <p>Not thread-safe: everything but {@link #close()} runs on the worker thread.
 */
final class KeyOrderedWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(KeyOrderedWorker.class);
  private static final int POLL_MILLIS = 50;

  private final String topic;
  private final Consumer<byte[]> consumer;
  private final Handler handler;
  private final int maxRedeliverCount;
  private final long headPatienceNanos;
  private final Runnable onDeadLetter;
  private final Thread thread;
  private final Map<String, Head> heads = new HashMap<>();
  private final Map<String, ArrayDeque<Message<byte[]>>> held = new HashMap<>();
  private volatile boolean running = true;

  private record Head(MessageId id, long sinceNanos) {}

  private enum Outcome { ACKNOWLEDGED, REDELIVERING, DEAD_LETTERED, STOPPED }

  KeyOrderedWorker(String topic, String subscription, Consumer<byte[]> consumer, Handler handler,
      int maxRedeliverCount, Duration headPatience, Runnable onDeadLetter) {
    this.topic = topic;
    this.consumer = consumer;
    this.handler = handler;
    this.maxRedeliverCount = maxRedeliverCount;
    this.headPatienceNanos = headPatience.toNanos();
    this.onDeadLetter = onDeadLetter;
    this.thread = new Thread(this, "pulsar-bus-" + topic + "/" + subscription);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    while (running) {
      Message<byte[]> m;
      try {
        m = consumer.receive(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (PulsarClientException e) {
        if (running) {
          log.warn("{}: receive failed, retrying: {}", thread.getName(), e.toString());
          pause();
        }
        continue;
      }
      if (m != null) {
        onMessage(m);
      }
      releaseStaleHeads();
    }
  }

  private void onMessage(Message<byte[]> m) {
    String key = m.hasKey() ? m.getKey() : "";
    Head head = heads.get(key);
    if (head != null && !head.id().equals(m.getMessageId())) {
      held.computeIfAbsent(key, k -> new ArrayDeque<>()).add(m);
      return;
    }
    if (handle(m, key) == Outcome.REDELIVERING) {
      return;
    }
    heads.remove(key);
    drain(key);
  }

  /** Handles the held messages of a key in order until one fails. */
  private void drain(String key) {
    ArrayDeque<Message<byte[]>> queue = held.get(key);
    while (queue != null && !queue.isEmpty() && running) {
      Message<byte[]> next = queue.poll();
      if (handle(next, key) == Outcome.REDELIVERING) {
        return;
      }
    }
    held.remove(key);
  }

  private Outcome handle(Message<byte[]> m, String key) {
    int redeliveries = m.getRedeliveryCount();
    try {
      handler.handle(new Delivery(topic, key, m.getValue(), redeliveries + 1));
    } catch (Exception | Error e) {
      if (!running) {
        return Outcome.STOPPED;
      }
      // The client dead-letters a message that is negatively acknowledged after being
      // delivered maxRedeliverCount times already: this nack is its last.
      consumer.negativeAcknowledge(m);
      if (redeliveries >= maxRedeliverCount) {
        onDeadLetter.run();
        log.error("{}: handler failed {} times on key {}, message {} goes to the dead-letter topic: {}",
            thread.getName(), redeliveries + 1, key, m.getMessageId(), e.toString());
        return Outcome.DEAD_LETTERED;
      }
      log.warn("{}: handler failed on attempt {} (key {}), will redeliver: {}", thread.getName(), redeliveries + 1,
          key, e.toString());
      heads.put(key, new Head(m.getMessageId(), System.nanoTime()));
      return Outcome.REDELIVERING;
    }
    consumer.acknowledgeAsync(m);
    return Outcome.ACKNOWLEDGED;
  }

  private void releaseStaleHeads() {
    if (heads.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    for (Iterator<Map.Entry<String, Head>> it = heads.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Head> e = it.next();
      if (now - e.getValue().sinceNanos() > headPatienceNanos) {
        log.warn("{}: failed message {} of key {} did not come back; releasing the key", thread.getName(),
            e.getValue().id(), e.getKey());
        it.remove();
        drain(e.getKey());
        return; // the map may have changed under the iterator
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops handling and closes the consumer; unacknowledged messages go back to the broker. */
  void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.closeAsync();
  }
}
