package io.sextant.alarm.correlate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Time-window grouping of alarms that no diagnosis ties together: alarms raised within
 * {@code window} of a group's first alarm, with the same values of the {@code by} labels (the
 * alarm's site for {@code site}, its own labels for any other name), form one group. The root
 * is the group's first alarm; see {@link WindowGroups} for the rule.
 *
 * @param window how long after (or, for an event that arrives late, before) the first alarm's
 *     raise time another alarm still joins; fixed from the first alarm, not sliding, so a steady
 *     trickle of alarms cannot chain into one endless group
 * @param by the labels that must be equal; an alarm without one of them is never window-grouped
 */
public record WindowGrouping(Duration window, List<String> by) {
  /** Off: the engine's default, so only topology (diagnoses) groups alarms. */
  public static final WindowGrouping OFF = new WindowGrouping(Duration.ZERO, List.of("site"));
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

  public WindowGrouping {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative, got " + window);
    }
    by = List.copyOf(by);
    if (by.isEmpty()) {
      // Grouping every alarm of the whole network by time alone would hide unrelated faults.
      throw new IllegalArgumentException("by must name at least one label, e.g. site");
    }
  }

  /** Alarms on the same site within {@code window}. */
  public static WindowGrouping bySite(Duration window) {
    return new WindowGrouping(window, List.of("site"));
  }

  public boolean enabled() {
    return !window.isZero();
  }
}
