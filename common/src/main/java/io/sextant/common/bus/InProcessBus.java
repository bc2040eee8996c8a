package io.sextant.common.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one bus: topics live in this JVM. Each subscription has one FIFO queue and one
 * worker thread, so every key keeps its order; a failed delivery is retried at the head of the
 * queue (with capped backoff) before anything behind it, which is also how a slow or failing
 * consumer pushes back. Nothing survives the process: durability across restarts is the edge
 * outbox's job and, in distributed mode, Pulsar's.
 *
 * <p>Compacted topics ({@link Topic#COMPACTED} by default, and any topic once someone calls
 * {@link #subscribeLatest} on it) keep their latest message per key in memory, for
 * {@link #subscribeLatest}. Dead letters go to an ordinary in-process topic: a subscriber to
 * {@link #deadLetterTopic} gets them, and without one they are only logged by whoever dead-lettered
 * them (nothing survives the process anyway).
 */
public final class InProcessBus implements Bus {
  private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(5);
  static final Duration MAX_RETRY = Duration.ofSeconds(2);

  private final Map<String, List<Worker>> topics = new ConcurrentHashMap<>();
  /** Latest message per key of each compacted topic; guarded by itself, as is fan-out to those topics. */
  private final Map<String, LinkedHashMap<String, Delivery>> latest = new HashMap<>();
  private final Set<String> compacted = ConcurrentHashMap.newKeySet();
  private final Object idle = new Object();
  private long pending;
  private volatile boolean closed;

  public InProcessBus() {
    this(Topic.COMPACTED);
  }

  /** A bus whose {@code compactedTopics} keep their latest message per key. */
  public InProcessBus(Set<String> compactedTopics) {
    compacted.addAll(compactedTopics);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    return publish(topic, key, payload, Map.of());
  }

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload, Map<String, String> properties) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("bus closed"));
    }
    Delivery d = new Delivery(topic, key, payload, 1, properties);
    if (compacted.contains(topic)) {
      synchronized (latest) {
        // Remove first so the map's order is the order of each key's latest publish.
        LinkedHashMap<String, Delivery> byKey = latest.computeIfAbsent(topic, t -> new LinkedHashMap<>());
        byKey.remove(key);
        byKey.put(key, d);
        fanOut(topic, d);
      }
    } else {
      fanOut(topic, d);
    }
    return CompletableFuture.completedFuture(null);
  }

  private void fanOut(String topic, Delivery d) {
    for (Worker w : topics.getOrDefault(topic, List.of())) {
      enqueue(w, d);
    }
  }

  private void enqueue(Worker w, Delivery d) {
    synchronized (idle) {
      pending++;
    }
    w.queue.add(d);
  }

  /**
   * The retained latest message of each key first, then new ones; the topic keeps its latest per
   * key from now on if it did not already. Snapshot and registration happen under the same lock
   * as publishing, so nothing falls between them.
   */
  @Override
  public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
    if (closed) {
      throw new IllegalStateException("bus closed");
    }
    Worker w = new Worker(topic + "/" + subscription + "(latest)", handler);
    synchronized (latest) {
      compacted.add(topic);
      for (Delivery d : new ArrayList<>(latest.getOrDefault(topic, new LinkedHashMap<>()).values())) {
        enqueue(w, d);
      }
      topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(w);
    }
    w.thread.start();
    return () -> {
      topics.getOrDefault(topic, List.of()).remove(w);
      w.stop();
    };
  }

  @Override
  public Subscription subscribe(String topic, String subscription, Handler handler) {
    Worker w = new Worker(topic + "/" + subscription, handler);
    topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(w);
    w.thread.start();
    return () -> {
      topics.getOrDefault(topic, List.of()).remove(w);
      w.stop();
    };
  }

  /**
   * Waits until every published message has been handled, including the messages that handlers
   * published meanwhile. The all-in-one driver calls this once per simulated tick, which makes a
   * run reproducible. Returns false on timeout.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  @Override
  public void close() {
    closed = true;
    topics.values().forEach(ws -> ws.forEach(Worker::stop));
    topics.clear();
    synchronized (latest) {
      latest.clear();
    }
    synchronized (idle) {
      pending = 0;
      idle.notifyAll();
    }
  }

  private void done() {
    synchronized (idle) {
      if (--pending <= 0) {
        idle.notifyAll();
      }
    }
  }

  private final class Worker implements Runnable {
    final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    final Handler handler;
    final Thread thread;
    volatile boolean running = true;

    Worker(String name, Handler handler) {
      this.handler = handler;
      this.thread = new Thread(this, "bus-" + name);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      while (running) {
        Delivery d;
        try {
          d = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        deliver(d);
      }
    }

    private void deliver(Delivery first) {
      Delivery d = first;
      long backoff = FIRST_RETRY.toMillis();
      while (running) {
        try {
          handler.handle(d);
          done();
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (VirtualMachineError e) {
          throw e; // out of memory or stack: retrying cannot help, and must not hide it
        } catch (Exception | Error e) {
          // Error too: an assertion or linkage error in one handler must not kill the worker
          // silently and strand every message behind it.
          log.warn("{}: handler failed on attempt {} (key {}), will redeliver: {}", thread.getName(), d.attempt(),
              d.key(), e.toString());
          d = d.nextAttempt();
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException ie) {
            return;
          }
          backoff = Math.min(backoff * 2, MAX_RETRY.toMillis());
        }
      }
    }

    void stop() {
      running = false;
      thread.interrupt();
    }
  }
}
