package io.sextant.alarm.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives {@link NotificationPipeline#tick()} on one daemon thread at a fixed delay, for wiring
 * on real time (tests and the demo call {@code tick} themselves on their clock). A tick that
 * throws is counted and the schedule goes on: a scheduled task that throws would otherwise be
 * cancelled silently and notifications would stop for good. Close it to stop.
 */
public final class NotificationTicker implements AutoCloseable {
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final ScheduledExecutorService scheduler;
  private final AtomicLong failures = new AtomicLong();

  private NotificationTicker(NotificationPipeline pipeline, Duration period) {
    Objects.requireNonNull(pipeline, "pipeline");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sextant-notify");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        pipeline.tick();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static NotificationTicker start(NotificationPipeline pipeline, Duration period) {
    return new NotificationTicker(pipeline, period);
  }

  /** Ticks that threw since start. */
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
