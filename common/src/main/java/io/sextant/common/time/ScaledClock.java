package io.sextant.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import java.util.List;
import java.util.Objects;

/**
 * Simulated time shared by separate processes without talking to each other: a pure function of
 * the wall clock. Before {@code startWall} it stands at {@code epoch}; then it runs through
 * {@link Segment}s, each from a simulated instant on at its own speed (simulated seconds per wall
 * second). Every process given the same parameters reads the same time, up to the hosts' clock
 * offset.
 */
public final class ScaledClock extends Clock {
  /** From simulated instant {@code from} on (until the next segment), time runs at {@code speed}. */
  public record Segment(Instant from, double speed) {
    public Segment {
      Objects.requireNonNull(from, "from");
      if (!(speed > 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException("speed must be > 0, got " + speed);
      }
    }
  }

  private final Clock wall;
  private final Instant startWall;
  private final List<Segment> segments;

  /** {@code segments} in time order, the first starting at the epoch. */
  public ScaledClock(Clock wall, Instant startWall, List<Segment> segments) {
    this.wall = Objects.requireNonNull(wall, "wall");
    this.startWall = Objects.requireNonNull(startWall, "startWall");
    this.segments = List.copyOf(segments);
    if (this.segments.isEmpty()) {
      throw new IllegalArgumentException("segments: at least one");
    }
    for (int i = 1; i < this.segments.size(); i++) {
      if (!this.segments.get(i).from().isAfter(this.segments.get(i - 1).from())) {
        throw new IllegalArgumentException("segments must be in strictly increasing time order");
      }
    }
  }

  /** {@code warmupSpeed} for {@code warmup} of simulated time from {@code epoch}, then {@code speed}. */
  public ScaledClock(Clock wall, Instant startWall, Instant epoch, Duration warmup, double warmupSpeed, double speed) {
    this(wall, startWall, warmup.isZero() ? List.of(new Segment(epoch, speed))
        : List.of(new Segment(epoch, warmupSpeed), new Segment(epoch.plus(warmup), speed)));
  }

  public Instant epoch() {
    return segments.get(0).from();
  }

  @Override
  public Instant instant() {
    long elapsed = Duration.between(startWall, wall.instant()).toNanos();
    if (elapsed <= 0) {
      return epoch();
    }
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (i + 1 < segments.size()) {
        long simLen = Duration.between(s.from(), segments.get(i + 1).from()).toNanos();
        long wallLen = (long) (simLen / s.speed());
        if (elapsed > wallLen) {
          elapsed -= wallLen;
          continue;
        }
      }
      return s.from().plusNanos((long) (elapsed * s.speed()));
    }
    throw new AssertionError("unreachable");
  }

  /** The wall-clock instant at which this clock reads {@code simulated} (the inverse of {@link #instant}). */
  public Instant wallAt(Instant simulated) {
    if (!simulated.isAfter(epoch())) {
      return startWall;
    }
    long wallNanos = 0;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      Instant to = i + 1 < segments.size() ? segments.get(i + 1).from() : null;
      if (to == null || !simulated.isAfter(to)) {
        return startWall.plusNanos(wallNanos + (long) (Duration.between(s.from(), simulated).toNanos() / s.speed()));
      }
      wallNanos += (long) (Duration.between(s.from(), to).toNanos() / s.speed());
    }
    throw new AssertionError("unreachable");
  }

  /** Sleeps until this clock reads at least {@code simulated}. */
  public void sleepUntil(Instant simulated) throws InterruptedException {
    while (instant().isBefore(simulated)) {
      long ms = Duration.between(wall.instant(), wallAt(simulated)).toMillis();
      Thread.sleep(Math.max(1, Math.min(ms, 1000)));
    }
  }

  /**
   * Sleeps until {@code clock} reads at least {@code t} (a scaled clock's own way, or in short
   * naps on any other clock), or until {@code running} turns false: a process's loop stays
   * responsive to its stop.
   */
  public static void sleepUntil(Clock clock, Instant t, BooleanSupplier running) throws InterruptedException {
    if (clock instanceof ScaledClock scaled) {
      scaled.sleepUntil(t);
      return;
    }
    while (running.getAsBoolean()) {
      long ms = Duration.between(clock.instant(), t).toMillis();
      if (ms <= 0) {
        return;
      }
      Thread.sleep(Math.min(ms, 200));
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("simulated time is UTC only");
    }
    return this;
  }
}
