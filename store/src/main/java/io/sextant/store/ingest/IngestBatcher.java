package io.sextant.store.ingest;

import io.sextant.common.model.Sample;
import io.sextant.common.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups many small sample writes (one per bus message) into large ones for the COPY path, with
 * bounded memory. Each message is validated and encoded by the sink's {@code prepare} on the
 * submitting thread, so that CPU work overlaps the single writer thread's database work. {@link #submit} blocks while {@code capacity} samples are already waiting or
 * being written: when PostgreSQL is slow or down the producers slow down instead of the heap
 * growing. A single writer thread sends batches of up to {@code maxBatch} samples, waiting at most
 * {@code linger} to fill one.
 *
 * <p>A submission's future completes only after the transaction holding its samples committed;
 * callers acknowledge their bus message then and not before. A retryable failure (server down)
 * is retried with exponential backoff, the same batch again, which idempotent writes make safe
 * even when a commit succeeded but its reply was lost, until {@code giveUpAfter}; then the
 * futures fail with the retryable {@link StoreException} and the caller leaves its messages for
 * redelivery. A non-retryable failure fails the batch's futures at once.
 */
public final class IngestBatcher implements AutoCloseable {
  /** Validated settings; defaults are the named constants. */
  public record Settings(int maxBatch, Duration linger, int capacity, Duration firstBackoff, Duration maxBackoff,
      Duration giveUpAfter) {
    public static final int DEFAULT_MAX_BATCH = 20_000;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(50);
    public static final int DEFAULT_CAPACITY = 200_000;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(2);

    public Settings {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
      }
      if (capacity < maxBatch) {
        throw new IllegalArgumentException("capacity (" + capacity + ") must be at least maxBatch (" + maxBatch + ")");
      }
      for (Duration d : new Duration[] {linger, firstBackoff, maxBackoff, giveUpAfter}) {
        Objects.requireNonNull(d, "durations must be set");
        if (d.isNegative()) {
          throw new IllegalArgumentException("durations must not be negative, got " + d);
        }
      }
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_MAX_BATCH, DEFAULT_LINGER, DEFAULT_CAPACITY, DEFAULT_FIRST_BACKOFF,
          DEFAULT_MAX_BACKOFF, DEFAULT_GIVE_UP_AFTER);
    }
  }

  private record Pending(IngestMessage message, int permits, CompletableFuture<Void> committed) {}

  private static final Logger log = LoggerFactory.getLogger(IngestBatcher.class);
  private static final Pending STOP = new Pending(null, 0, new CompletableFuture<>());

  private final IngestSink sink;
  private final Settings settings;
  private final Clock clock;
  private final Semaphore room;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final AtomicLong inserted = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param sink prepares messages and writes one batch of them in one transaction, e.g. the
   *     {@code PostgresStore}
   * @param clock for the give-up deadline
   */
  public IngestBatcher(IngestSink sink, Settings settings, Clock clock) {
    this.sink = sink;
    this.settings = settings;
    this.clock = clock;
    this.room = new Semaphore(settings.capacity());
    this.writer = new Thread(this::loop, "sextant-ingest-batcher");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues one message's samples, blocking while the batcher is full. The future completes when
   * they are committed (or when the message had already been committed: a redelivery), or fails
   * with the {@link StoreException} that stopped them.
   *
   * @param messageId the message's stable id (the bus message id), so that a redelivery is
   *     skipped whole; null when there is none (the per-row duplicate check then applies)
   */
  public CompletableFuture<Void> submit(String messageId, List<Sample> samples) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("batcher is closed");
    }
    // Validation and encoding happen here, on the producer's thread, while the writer is busy.
    IngestMessage message = sink.prepare(messageId, samples);
    // A submission larger than the whole capacity takes all of it rather than waiting forever.
    int permits = Math.min(samples.size(), settings.capacity());
    room.acquire(permits);
    Pending p = new Pending(message, permits, new CompletableFuture<>());
    queue.add(p);
    return p.committed();
  }

  /** {@link #submit(String, List)} without a message id. */
  public CompletableFuture<Void> submit(List<Sample> samples) throws InterruptedException {
    return submit(null, samples);
  }

  /** Rows inserted by committed batches (duplicates excluded). */
  public long inserted() {
    return inserted.get();
  }

  public long committedBatches() {
    return batches.get();
  }

  /** Retryable failures retried so far. */
  public long retries() {
    return retries.get();
  }

  /** Samples queued or being written. */
  public int pending() {
    return settings.capacity() - room.availablePermits();
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        Pending first = queue.take();
        if (first == STOP) {
          return;
        }
        batch.add(first);
        int size = first.message().count();
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (size < settings.maxBatch()) {
          Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          if (next == STOP) {
            queue.add(STOP); // finish this batch, then stop
            break;
          }
          batch.add(next);
          size += next.message().count();
        }
        writeWithRetry(batch);
      } catch (InterruptedException e) {
        fail(batch, new StoreException("ingest batcher interrupted before the batch was committed", true, e));
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void writeWithRetry(List<Pending> batch) throws InterruptedException {
    List<IngestMessage> all = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      all.add(p.message());
    }
    Instant giveUp = clock.instant().plus(settings.giveUpAfter());
    Duration backoff = settings.firstBackoff();
    while (true) {
      try {
        int n = sink.write(all);
        inserted.addAndGet(n);
        batches.incrementAndGet();
        for (Pending p : batch) {
          room.release(p.permits());
          p.committed().complete(null);
        }
        return;
      } catch (StoreException e) {
        if (!e.retryable() || !clock.instant().isBefore(giveUp)) {
          log.warn("ingest batch of {} messages failed ({}): {}", all.size(),
              e.retryable() ? "gave up retrying" : "not retryable", e.getMessage());
          fail(batch, e);
          return;
        }
        retries.incrementAndGet();
        log.warn("ingest batch of {} messages not written, retrying in {}: {}", all.size(), backoff, e.getMessage());
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
            : backoff.multipliedBy(2);
      } catch (RuntimeException e) {
        fail(batch, new StoreException("ingest batch failed: " + e.getMessage(), false, e));
        return;
      }
    }
  }

  private void fail(List<Pending> batch, StoreException e) {
    for (Pending p : batch) {
      room.release(p.permits());
      p.committed().completeExceptionally(e);
    }
  }

  /** Writes what is queued, then stops the writer thread. Blocks until it has. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
