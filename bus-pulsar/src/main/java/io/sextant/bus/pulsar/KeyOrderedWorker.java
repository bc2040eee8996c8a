package io.sextant.bus.pulsar;

import io.sextant.common.bus.Bus.Handler;
import io.sextant.common.bus.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
  private static final long DEAD_LETTER_TIMEOUT_SECONDS = 30;
  private static final int LAST_DONE_KEYS = 100_000;

  private final String topic;
  private final boolean multiTopic;
  private final Consumer<byte[]> consumer;
  private final Handler handler;
  private final int maxRedeliverCount;
  private final long headPatienceNanos;
  private final DeadLetters deadLetters;
  private final Thread thread;
  private final Map<String, Head> heads = new HashMap<>();
  private final Map<String, ArrayDeque<Message<byte[]>>> held = new HashMap<>();
  /**
   * Per topic and key, the last message handled (acknowledged or dead-lettered). Bounded (least
   * recently used first out): copies come back within a redelivery delay, and keys such as action
   * ids never end.
   */
  private final Map<String, MessageId> lastDone = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, MessageId> eldest) {
      return size() > LAST_DONE_KEYS;
    }
  };
  private volatile boolean running = true;

  private record Head(MessageId id, long sinceNanos) {}

  private enum Outcome { ACKNOWLEDGED, REDELIVERING, DEAD_LETTERED, STOPPED }

  /** Stores a message that failed for good on the dead-letter topic with its reason; completes when stored. */
  @FunctionalInterface
  interface DeadLetters {
    CompletableFuture<Void> deadLetter(Delivery delivery, String reason);
  }

  /**
   * @param multiTopic the consumer reads several topics: deliveries then name each message's own
   *     topic instead of {@code topic}
   */
  KeyOrderedWorker(String topic, boolean multiTopic, String subscription, Consumer<byte[]> consumer, Handler handler,
      int maxRedeliverCount, Duration headPatience, DeadLetters deadLetters) {
    this.topic = topic;
    this.multiTopic = multiTopic;
    this.consumer = consumer;
    this.handler = handler;
    this.maxRedeliverCount = maxRedeliverCount;
    this.headPatienceNanos = headPatience.toNanos();
    this.deadLetters = deadLetters;
    this.thread = new Thread(this, "pulsar-bus-" + (multiTopic ? "multi" : topic) + "/" + subscription);
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
    if (skipIfDone(m, key)) {
      return;
    }
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
      if (skipIfDone(next, key)) {
        continue;
      }
      if (handle(next, key) == Outcome.REDELIVERING) {
        return;
      }
    }
    held.remove(key);
  }

  /**
   * Acknowledges, without handling, a copy of a message already handled: a negative
   * acknowledgement on a multi-topic consumer redelivers the failed message's whole batch, so
   * copies of later messages can arrive (also among the held ones). Handling them again would
   * replay older messages of the key after newer ones.
   */
  private boolean skipIfDone(Message<byte[]> m, String key) {
    MessageId last = lastDone.get(m.getTopicName() + '\u0000' + key);
    if (last != null && m.getMessageId().compareTo(last) <= 0) {
      consumer.acknowledgeAsync(m);
      return true;
    }
    return false;
  }

  private Outcome handle(Message<byte[]> m, String key) {
    int redeliveries = m.getRedeliveryCount();
    Delivery delivery = new Delivery(multiTopic ? m.getTopicName() : topic, key, m.getValue(), redeliveries + 1,
        m.getProperties());
    try {
      handler.handle(delivery);
    } catch (Exception | Error e) {
      if (!running) {
        return Outcome.STOPPED;
      }
      if (redeliveries >= maxRedeliverCount) {
        return deadLetter(m, delivery, e);
      }
      consumer.negativeAcknowledge(m);
      log.warn("{}: handler failed on attempt {} (key {}), will redeliver: {}", thread.getName(), redeliveries + 1,
          key, e.toString());
      heads.put(key, new Head(m.getMessageId(), System.nanoTime()));
      return Outcome.REDELIVERING;
    }
    consumer.acknowledgeAsync(m);
    lastDone.put(m.getTopicName() + '\u0000' + key, m.getMessageId());
    return Outcome.ACKNOWLEDGED;
  }

  /**
   * The last failure: store the message on the dead-letter topic with the handler's error as its
   * reason, then acknowledge it. If that store fails, a negative acknowledgement hands it to the
   * client's own dead-letter policy, which moves it without the reason: never lost either way.
   */
  private Outcome deadLetter(Message<byte[]> m, Delivery delivery, Throwable failure) {
    String reason = "handler failed " + delivery.attempt() + " times: " + failure;
    try {
      deadLetters.deadLetter(delivery, reason).get(DEAD_LETTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      consumer.acknowledgeAsync(m);
      lastDone.put(m.getTopicName() + '\u0000' + delivery.key(), m.getMessageId());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("{}: storing dead letter {} failed ({}); the client's dead-letter policy takes it, without the reason",
          thread.getName(), m.getMessageId(), e.toString());
      consumer.negativeAcknowledge(m);
    }
    log.error("{}: handler failed {} times on key {}, message {} goes to the dead-letter topic: {}",
        thread.getName(), delivery.attempt(), delivery.key(), m.getMessageId(), failure.toString());
    return Outcome.DEAD_LETTERED;
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
