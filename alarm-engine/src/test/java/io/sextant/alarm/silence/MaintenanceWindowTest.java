package io.sextant.alarm.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.match.Matcher;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowTest {
  static final List<Matcher> ANY_SITE = List.of(Matcher.parse("site=~.+"));
  /** 23:00-01:00 Paris time, weekdays only: crosses midnight. */
  static final MaintenanceWindow NIGHTLY = MaintenanceWindow.recurring("nightly", ANY_SITE, LocalTime.of(23, 0),
      Duration.ofHours(2), ZoneId.of("Europe/Paris"),
      Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), "");

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      winter, before                       | 2025-03-03T21:59:00Z | false
      winter, start (23:00 CET)            | 2025-03-03T22:00:00Z | true
      winter, after midnight               | 2025-03-03T23:30:00Z | true
      winter, end is exclusive             | 2025-03-04T00:00:00Z | false
      summer, start (23:00 CEST)           | 2025-07-07T21:00:00Z | true
      summer, 22:30 UTC is 00:30 local     | 2025-07-07T22:30:00Z | true
      summer, 23:00 UTC is after the end   | 2025-07-07T23:00:00Z | false
      Friday night runs into Saturday      | 2025-03-07T23:30:00Z | true
      Saturday night does not run          | 2025-03-08T22:30:00Z | false
      Sunday night does not run            | 2025-03-09T22:30:00Z | false
      """)
  void recurringWindowFollowsTheLocalClock(String name, String at, boolean active) {
    assertThat(NIGHTLY.activeAt(Instant.parse(at))).isEqualTo(active);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      before   | 2025-03-01T09:59:59Z | false
      start    | 2025-03-01T10:00:00Z | true
      end      | 2025-03-01T11:00:00Z | false
      """)
  void oneOffWindow(String at, String time, boolean active) {
    MaintenanceWindow once = MaintenanceWindow.once("swap", ANY_SITE, Instant.parse("2025-03-01T10:00:00Z"),
        Instant.parse("2025-03-01T11:00:00Z"), "card swap");
    assertThat(once.activeAt(Instant.parse(time))).isEqualTo(active);
  }
}
