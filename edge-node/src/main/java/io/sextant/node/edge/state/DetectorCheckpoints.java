package io.sextant.node.edge.state;

import io.sextant.collector.outbox.SeriesStateStore;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.node.edge.config.DetectorStateSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an edge's detectors' learned state in its local store: {@link #restore()} once at start,
 * before the first window; {@link #afterWindow} after each window (checkpoints when the interval
 * has passed in window time, sooner after a series fired or resolved); {@link #checkpoint()} at stop.
 *
 * <p>Nothing here stops the edge: a record that cannot be read is skipped, counted and logged (the
 * series warms up afresh), and a checkpoint that fails is counted and logged and tried again at the
 * next interval, the previous checkpoint staying whole. Called from the window loop and, at stop,
 * from the closing thread once the loop has ended.
 */
public final class DetectorCheckpoints {
  private static final Logger log = LoggerFactory.getLogger(DetectorCheckpoints.class);
  /**
   * A FIRING or RESOLVED brings the next checkpoint forward to the first window this long after the
   * last one (or the interval, if shorter): a series restored from before its transition would, after
   * a kill, fire late, or never send the RESOLVED of a fault that ended while the edge was down.
   */
  static final Duration TRANSITION_GAP = Duration.ofSeconds(10);
  /** Corrupt records logged one by one at a restore; the rest only counted (a damaged file has thousands). */
  private static final int LOGGED_PER_RESTORE = 10;

  private final String site;
  private final SeriesDetectors detectors;
  private final SeriesStateStore store;
  private final Clock clock;
  private final DetectorStateSettings settings;
  private Instant lastCheckpoint;
  /** {@link SeriesDetectors#transitions()} as of the last checkpoint. */
  private volatile long transitionsSaved;
  private final AtomicLong restored = new AtomicLong();
  private final AtomicLong corrupt = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong checkpoints = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile SeriesStateStore.Written lastWritten = new SeriesStateStore.Written(0, 0);
  private volatile long lastNanos;

  public DetectorCheckpoints(String site, SeriesDetectors detectors, SeriesStateStore store, Clock clock,
      DetectorStateSettings settings) {
    this.site = site;
    this.detectors = detectors;
    this.store = store;
    this.clock = clock;
    this.settings = settings;
  }

  /** Restores every series checkpointed within {@code state-max-age}; drops the older ones from the store. */
  public void restore() {
    long[] logged = {0};
    try {
      SeriesStateStore.Read read = store.restore(notBefore(), (id, last, state) -> {
        try {
          (detectors.restore(id, state) ? restored : unmatched).incrementAndGet();
        } catch (IllegalArgumentException e) {
          corrupt.incrementAndGet();
          if (logged[0]++ < LOGGED_PER_RESTORE) {
            log.warn("site {}: detector state of series {} skipped ({}); it warms up afresh", site, id, e.getMessage());
          }
        }
      });
      expired.addAndGet(read.expired());
      log.info("site {}: detector state restored for {} series ({} corrupt, {} without their rule, {} older than {})",
          site, restored.get(), corrupt.get(), unmatched.get(), read.expired(), settings.maxAge());
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.error("site {}: detector state cannot be read ({}); every series warms up afresh", site, e.getMessage());
    }
  }

  /**
   * After the window ending at {@code window}: a checkpoint when the interval has passed since the
   * last one, or {@link #TRANSITION_GAP} has and a series fired or resolved since.
   */
  public void afterWindow(Instant window) {
    if (lastCheckpoint == null) {
      lastCheckpoint = window;
      return;
    }
    Duration interval = settings.checkpointInterval();
    Duration gap = interval.compareTo(TRANSITION_GAP) < 0 ? interval : TRANSITION_GAP;
    boolean due = !window.isBefore(lastCheckpoint.plus(interval));
    boolean early = detectors.transitions() != transitionsSaved && !window.isBefore(lastCheckpoint.plus(gap));
    if (due || early) {
      checkpoint();
      lastCheckpoint = window;
    }
  }

  /** Writes every series' state now, replacing the previous checkpoint in one transaction. */
  public synchronized void checkpoint() {
    long notBefore = notBefore();
    long start = System.nanoTime(); // a cost metric, not logic: the node's clock may be simulated
    long transitions = detectors.transitions(); // read first: a later one is saved by the next checkpoint
    try {
      lastWritten = store.replaceAll(w -> detectors.checkpoint(notBefore, w::put));
      lastNanos = System.nanoTime() - start;
      transitionsSaved = transitions;
      checkpoints.incrementAndGet();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("site {}: detector checkpoint failed ({}); the previous one stands", site, e.getMessage());
    }
  }

  private long notBefore() {
    Duration age = settings.maxAge();
    return clock.millis() - age.toMillis();
  }

  public long restored() {
    return restored.get();
  }

  /** Records refused at restore: damaged, another version, an unknown detector kind. */
  public long corrupt() {
    return corrupt.get();
  }

  /** Records whose metric has no rule any more, or whose rule selects another detector now. */
  public long unmatched() {
    return unmatched.get();
  }

  /** Records dropped at restore as older than {@code state-max-age}. */
  public long expired() {
    return expired.get();
  }

  public long checkpoints() {
    return checkpoints.get();
  }

  /** Restores and checkpoints that failed as a whole (the store could not be read or written). */
  public long failures() {
    return failures.get();
  }

  public SeriesStateStore.Written lastWritten() {
    return lastWritten;
  }

  public double lastSeconds() {
    return lastNanos / 1e9;
  }
}
