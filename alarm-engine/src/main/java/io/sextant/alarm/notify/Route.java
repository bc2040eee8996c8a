package io.sextant.alarm.notify;

import io.sextant.common.match.Matcher;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One routing rule, as an Alertmanager route: alarms whose labels match every matcher go to the
 * receiver, grouped by the {@code groupBy} labels. A new group waits {@code groupWait} before its
 * first notification (to collect its siblings), then changes go out at most every
 * {@code groupInterval}, and an unchanged group is re-sent every {@code repeatInterval}.
 *
 * @param continueMatching as Alertmanager's {@code continue}: also try the routes after this one
 */
public record Route(String name, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
    Duration groupInterval, Duration repeatInterval, boolean continueMatching) {
  public static final Duration GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
  public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

  public Route {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(receiver, "receiver");
    matchers = List.copyOf(matchers);
    groupBy = List.copyOf(groupBy);
    requirePositive(groupWait, "groupWait", true);
    requirePositive(groupInterval, "groupInterval", false);
    requirePositive(repeatInterval, "repeatInterval", false);
  }

  /** A route with Alertmanager's default timings. */
  public static Route to(String name, String receiver, List<Matcher> matchers, List<String> groupBy) {
    return new Route(name, matchers, receiver, groupBy, GROUP_WAIT, GROUP_INTERVAL, REPEAT_INTERVAL, false);
  }

  public Route timings(Duration wait, Duration interval, Duration repeat) {
    return new Route(name, matchers, receiver, groupBy, wait, interval, repeat, continueMatching);
  }

  public Route andContinue() {
    return new Route(name, matchers, receiver, groupBy, groupWait, groupInterval, repeatInterval, true);
  }

  private static void requirePositive(Duration d, String field, boolean zeroOk) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || (!zeroOk && d.isZero())) {
      throw new IllegalArgumentException(field + " must be " + (zeroOk ? "≥ 0" : "> 0") + ", got " + d);
    }
  }
}
