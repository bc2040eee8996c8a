package io.sextant.alarm.silence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A named set of recurring times, as Alertmanager's {@code time_intervals}: it contains an instant
 * when any of its specs does. A spec matches when every list it has matches (an empty list
 * matches anything): a time of day in {@code [start, end)} minutes, a weekday, a day of the
 * month (negative counts from the month's end, clamped to the month), a month, a year, all in
 * the spec's zone (UTC if none). Ranges are inclusive except times of day. Routes use them to mute
 * themselves ({@code mute_time_intervals}) or to be active only then ({@code active_time_intervals}).
 */
public record TimeInterval(String name, List<Spec> specs) {
  /** Inclusive range of integers, or of minutes of the day when it is a time range ({@code end} exclusive). */
  public record Range(int start, int end) {}

  public record Spec(List<Range> times, List<Range> weekdays, List<Range> daysOfMonth, List<Range> months,
      List<Range> years, ZoneId zone) {
    public Spec {
      times = List.copyOf(times);
      weekdays = List.copyOf(weekdays);
      daysOfMonth = List.copyOf(daysOfMonth);
      months = List.copyOf(months);
      years = List.copyOf(years);
      Objects.requireNonNull(zone, "zone");
    }

    public boolean contains(Instant at) {
      ZonedDateTime t = at.atZone(zone);
      int minute = t.getHour() * 60 + t.getMinute();
      if (!times.isEmpty() && times.stream().noneMatch(r -> minute >= r.start() && minute < r.end())) {
        return false;
      }
      // Weekdays as Alertmanager counts them: Sunday 0 … Saturday 6.
      int weekday = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
      if (!inAny(weekdays, weekday)) {
        return false;
      }
      int length = t.toLocalDate().lengthOfMonth();
      int day = t.getDayOfMonth();
      if (!daysOfMonth.isEmpty() && daysOfMonth.stream().noneMatch(r -> {
        int from = clamp(r.start() < 0 ? length + r.start() + 1 : r.start(), length);
        int to = clamp(r.end() < 0 ? length + r.end() + 1 : r.end(), length);
        return day >= from && day <= to;
      })) {
        return false;
      }
      return inAny(months, t.getMonthValue()) && inAny(years, t.getYear());
    }

    private static int clamp(int day, int length) {
      return Math.max(1, Math.min(length, day));
    }

    private static boolean inAny(List<Range> ranges, int value) {
      return ranges.isEmpty() || ranges.stream().anyMatch(r -> value >= r.start() && value <= r.end());
    }
  }

  public TimeInterval {
    Objects.requireNonNull(name, "name");
    specs = List.copyOf(specs);
  }

  public boolean contains(Instant at) {
    return specs.stream().anyMatch(s -> s.contains(at));
  }
}
