package io.sextant.alarm.escalate;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Levels in increasing delay: an open, unacknowledged, non-symptom alarm of one of
 * {@code severities}, raised {@code after} ago or longer, is notified to that level's receiver,
 * once per level, and then re-notified to the highest level reached every {@code renotifyEvery}
 * (null: never) until it is acknowledged or cleared. Acknowledging stops it.
 */
public record EscalationPolicy(Set<Severity> severities, List<Level> levels, Duration renotifyEvery) {
  public record Level(Duration after, String receiver) {
    public Level {
      Objects.requireNonNull(after, "after");
      Objects.requireNonNull(receiver, "receiver");
      if (after.isNegative()) {
        throw new IllegalArgumentException("escalation delay must be ≥ 0, got " + after);
      }
    }
  }

  public static final EscalationPolicy NONE = new EscalationPolicy(Set.of(Severity.CRITICAL), List.of());

  /** Levels without re-notification. */
  public EscalationPolicy(Set<Severity> severities, List<Level> levels) {
    this(severities, levels, null);
  }

  public EscalationPolicy {
    if (renotifyEvery != null && (renotifyEvery.isNegative() || renotifyEvery.isZero())) {
      throw new IllegalArgumentException("renotifyEvery must be positive or absent, got " + renotifyEvery);
    }
    severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
    levels = List.copyOf(levels);
    for (int i = 1; i < levels.size(); i++) {
      if (levels.get(i).after().compareTo(levels.get(i - 1).after()) <= 0) {
        throw new IllegalArgumentException("escalation levels must have increasing delays, level " + (i + 1)
            + " does not");
      }
    }
  }

  public boolean applies(Alarm alarm) {
    return !alarm.cleared() && alarm.parentAlarmId() == null && alarm.ackState() == Alarm.AckState.UNACKNOWLEDGED
        && severities.contains(alarm.perceivedSeverity());
  }

  /** The highest level index reached at {@code now}, or -1. */
  public int levelAt(Alarm alarm, Instant now) {
    Duration age = Duration.between(alarm.raisedTime(), now);
    int reached = -1;
    for (int i = 0; i < levels.size(); i++) {
      if (age.compareTo(levels.get(i).after()) >= 0) {
        reached = i;
      }
    }
    return reached;
  }
}
