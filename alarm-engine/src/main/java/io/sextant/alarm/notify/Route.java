package io.sextant.alarm.notify;

import io.sextant.alarm.silence.TimeInterval;
import io.sextant.common.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One routing rule, as an Alertmanager route: alarms whose labels match every matcher go to the
 * receiver, grouped by the {@code groupBy} labels. A new group waits {@code groupWait} before its
 * first notification (to collect its siblings), then changes go out at most every
 * {@code groupInterval}, and an unchanged group is re-sent every {@code repeatInterval}.
 *
 * @param continueMatching as Alertmanager's {@code continue}: also try the routes after this one
 * @param groupBy {@code ["..."]} groups by every label (Alertmanager's {@code group_by: ['...']})
 * @param muteTimeIntervals the route sends nothing while any of these contains now
 * @param activeTimeIntervals if any, the route sends only while one of these contains now
 */
public record Route(String name, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
    Duration groupInterval, Duration repeatInterval, boolean continueMatching, List<TimeInterval> muteTimeIntervals,
    List<TimeInterval> activeTimeIntervals) {
  /** Alertmanager's {@code group_by: ['...']}: every label. */
  public static final String ALL_LABELS = "...";
  public static final Duration GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
  public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

  public Route {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(receiver, "receiver");
    matchers = List.copyOf(matchers);
    groupBy = List.copyOf(groupBy);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
    requirePositive(groupWait, "groupWait", true);
    requirePositive(groupInterval, "groupInterval", false);
    requirePositive(repeatInterval, "repeatInterval", false);
  }

  /** A route that is never muted. */
  public Route(String name, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
      Duration groupInterval, Duration repeatInterval, boolean continueMatching) {
    this(name, matchers, receiver, groupBy, groupWait, groupInterval, repeatInterval, continueMatching, List.of(),
        List.of());
  }

  /** True while a mute interval contains {@code now}, or active intervals are set and none does. */
  public boolean mutedAt(Instant now) {
    if (muteTimeIntervals.stream().anyMatch(t -> t.contains(now))) {
      return true;
    }
    return !activeTimeIntervals.isEmpty() && activeTimeIntervals.stream().noneMatch(t -> t.contains(now));
  }

  /** True when the route groups by every label ({@code group_by: ['...']}). */
  public boolean groupsByAll() {
    return groupBy.contains(ALL_LABELS);
  }

  /** A route with Alertmanager's default timings. */
  public static Route to(String name, String receiver, List<Matcher> matchers, List<String> groupBy) {
    return new Route(name, matchers, receiver, groupBy, GROUP_WAIT, GROUP_INTERVAL, REPEAT_INTERVAL, false);
  }

  public Route timings(Duration wait, Duration interval, Duration repeat) {
    return new Route(name, matchers, receiver, groupBy, wait, interval, repeat, continueMatching, muteTimeIntervals,
        activeTimeIntervals);
  }

  public Route andContinue() {
    return new Route(name, matchers, receiver, groupBy, groupWait, groupInterval, repeatInterval, true,
        muteTimeIntervals, activeTimeIntervals);
  }

  private static void requirePositive(Duration d, String field, boolean zeroOk) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || (!zeroOk && d.isZero())) {
      throw new IllegalArgumentException(field + " must be " + (zeroOk ? "≥ 0" : "> 0") + ", got " + d);
    }
  }
}
