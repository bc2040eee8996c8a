package io.sextant.alarm.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the Alertmanager intake answers a POST, with a store behind the engine (docs/alarm-engine.md,
 * "Durability of the Alertmanager intake").
 *
 * <ul>
 *   <li>{@link Mode#COMMIT}: once the alarm changes the body caused are committed (answered 200 ⇒
 *       stored), as every other caller of the engine is.
 *   <li>{@link Mode#BATCHED}: once the body is validated and its changes are queued for the group
 *       commit, provided nothing queued more than {@code maxDelay} earlier is still waiting for the
 *       store; otherwise the POST waits until that holds (back-pressure, then 503 after the commit
 *       timeout). A crash therefore loses at most the changes queued within one {@code maxDelay}
 *       window, which Prometheus sends again: every firing alert at its next evaluation, a resolved
 *       one for 15 minutes. Nothing is notified, published or shown to the hub before it is stored.
 * </ul>
 *
 * <p>Only the intake has the choice: its senders re-send, as they do to Alertmanager, which stores
 * no alert at all. TMF642 and operator actions (ack, clear, comment, group, approvals) and bus
 * input always wait for the commit.
 */
public record IntakeDurability(Mode mode, Duration maxDelay) {
  /** Longest {@code maxDelay} taken: beyond it a crash would lose more than one evaluation's changes. */
  public static final Duration MAX_MAX_DELAY = Duration.ofSeconds(10);
  /** The default bound on how long an answered alert may wait for the store. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);
  /** Answered once queued, committed within {@link #DEFAULT_MAX_DELAY}: the default (reasons in the doc). */
  public static final IntakeDurability DEFAULT = new IntakeDurability(Mode.BATCHED, DEFAULT_MAX_DELAY);
  /** Answered once committed. */
  public static final IntakeDurability COMMIT = new IntakeDurability(Mode.COMMIT, DEFAULT_MAX_DELAY);

  public enum Mode {
    COMMIT, BATCHED;

    /** {@code commit} or {@code batched}, as written in the configuration. */
    public static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException("'" + text + "' is not commit or batched");
    }
  }

  public IntakeDurability {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxDelay.isNegative() || maxDelay.isZero() || maxDelay.compareTo(MAX_MAX_DELAY) > 0) {
      throw new IllegalArgumentException("maxDelay must be in (0, " + MAX_MAX_DELAY.toSeconds() + "s], got " + maxDelay);
    }
  }

  public boolean batched() {
    return mode == Mode.BATCHED;
  }
}
