package io.sextant.common.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 */
public final class InProcessBus implements Bus {
  private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(5);
  static final Duration MAX_RETRY = Duration.ofSeconds(2);

  private final Map<String, List<Worker>> topics = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private long pending;
  private volatile boolean closed;

  @Override
  public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("bus closed"));
    }
    for (Worker w : topics.getOrDefault(topic, List.of())) {
      synchronized (idle) {
        pending++;
      }
      w.queue.add(new Delivery(topic, key, payload, 1));
    }
    return CompletableFuture.completedFuture(null);
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
          d = new Delivery(d.topic(), d.key(), d.payload(), d.attempt() + 1);
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
