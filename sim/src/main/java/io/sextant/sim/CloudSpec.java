package io.sextant.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a simulated cloud: seed, number of edge sites and the time grid. {@code step} is
 * one scrape/probe window; samples exist only at {@code start + k * step}. {@code warmup} is the
 * fault-free time detectors get to learn baselines before the default schedule starts.
 */
public record CloudSpec(
    long seed, int edgeSites, Duration step, Instant start, Duration warmup, int probesPerWindow) {

  public static final String CENTRAL = "central";
  public static final long DEFAULT_SEED = 7L;
  public static final int DEFAULT_EDGE_SITES = 3;
  public static final int MAX_EDGE_SITES = 20;
  public static final Duration DEFAULT_STEP = Duration.ofSeconds(5);
  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");
  public static final Duration DEFAULT_WARMUP = Duration.ofHours(1);
  public static final int DEFAULT_PROBES_PER_WINDOW = 200;

  public CloudSpec {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(warmup, "warmup");
    if (edgeSites < 1 || edgeSites > MAX_EDGE_SITES) {
      throw new IllegalArgumentException("edgeSites must be 1.." + MAX_EDGE_SITES + ", got " + edgeSites);
    }
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive, got " + step);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
    }
    if (probesPerWindow <= 0) {
      throw new IllegalArgumentException("probesPerWindow must be > 0, got " + probesPerWindow);
    }
  }

  public static CloudSpec defaults() {
    return new CloudSpec(DEFAULT_SEED, DEFAULT_EDGE_SITES, DEFAULT_STEP, DEFAULT_START, DEFAULT_WARMUP,
        DEFAULT_PROBES_PER_WINDOW);
  }

  public CloudSpec withSeed(long newSeed) {
    return new CloudSpec(newSeed, edgeSites, step, start, warmup, probesPerWindow);
  }

  public CloudSpec withEdgeSites(int n) {
    return new CloudSpec(seed, n, step, start, warmup, probesPerWindow);
  }

  public CloudSpec withStep(Duration newStep) {
    return new CloudSpec(seed, edgeSites, newStep, start, warmup, probesPerWindow);
  }

  public CloudSpec withStart(Instant newStart) {
    return new CloudSpec(seed, edgeSites, step, newStart, warmup, probesPerWindow);
  }

  public CloudSpec withWarmup(Duration newWarmup) {
    return new CloudSpec(seed, edgeSites, step, start, newWarmup, probesPerWindow);
  }

  public CloudSpec withProbesPerWindow(int probes) {
    return new CloudSpec(seed, edgeSites, step, start, warmup, probes);
  }

  /** "central", "edge-1" .. "edge-N". */
  public List<String> siteIds() {
    List<String> ids = new ArrayList<>();
    ids.add(CENTRAL);
    for (int i = 1; i <= edgeSites; i++) {
      ids.add(edgeId(i));
    }
    return List.copyOf(ids);
  }

  public static String edgeId(int i) {
    return "edge-" + i;
  }

  /** The window index of {@code t}; rejects times off the step grid (a caller bug, not data). */
  public long tickOf(Instant t) {
    long nanos = Duration.between(start, t).toNanos();
    long stepNanos = step.toNanos();
    if (nanos % stepNanos != 0) {
      throw new IllegalArgumentException("time " + t + " is not on the " + step + " grid from " + start);
    }
    return nanos / stepNanos;
  }

  public Instant timeOf(long tick) {
    return start.plus(step.multipliedBy(tick));
  }
}
