package io.sextant.alarm.silence;

import io.sextant.common.match.Matcher;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A planned quiet period for matching alarms: one-off ({@link #once}) or recurring every day, or
 * on given weekdays, at a local time in a time zone ({@link #recurring}), so "every night
 * 01:00–03:00 Europe/Paris" follows daylight saving. A window may cross midnight; it belongs to the
 * day it starts.
 */
public record MaintenanceWindow(String id, List<Matcher> matchers, Instant onceFrom, Instant onceUntil,
    LocalTime dailyStart, Duration length, ZoneId zone, Set<DayOfWeek> days, String comment) {

  public MaintenanceWindow {
    Objects.requireNonNull(id, "id");
    matchers = List.copyOf(matchers);
    if (matchers.isEmpty()) {
      throw new IllegalArgumentException("maintenance window " + id + " needs at least one matcher");
    }
    boolean once = onceFrom != null;
    if (once) {
      Objects.requireNonNull(onceUntil, "onceUntil");
      if (!onceUntil.isAfter(onceFrom)) {
        throw new IllegalArgumentException("window " + id + ": end must be after start");
      }
    } else {
      Objects.requireNonNull(dailyStart, "dailyStart");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(length, "length");
      if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("window " + id + ": length must be in (0, 24h], got " + length);
      }
    }
    days = days == null || days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    comment = comment == null ? "" : comment;
  }

  public static MaintenanceWindow once(String id, List<Matcher> matchers, Instant from, Instant until, String comment) {
    return new MaintenanceWindow(id, matchers, from, until, null, null, null, Set.of(), comment);
  }

  /** @param days the weekdays it runs on; empty for every day */
  public static MaintenanceWindow recurring(String id, List<Matcher> matchers, LocalTime start, Duration length,
      ZoneId zone, Set<DayOfWeek> days, String comment) {
    return new MaintenanceWindow(id, matchers, null, null, start, length, zone, days, comment);
  }

  public boolean activeAt(Instant now) {
    if (onceFrom != null) {
      return !now.isBefore(onceFrom) && now.isBefore(onceUntil);
    }
    LocalDate today = now.atZone(zone).toLocalDate();
    // The window that started yesterday may still be running after midnight.
    for (LocalDate day : List.of(today, today.minusDays(1))) {
      if (!days.isEmpty() && !days.contains(day.getDayOfWeek())) {
        continue;
      }
      Instant start = ZonedDateTime.of(day, dailyStart, zone).toInstant();
      if (!now.isBefore(start) && now.isBefore(start.plus(length))) {
        return true;
      }
    }
    return false;
  }

  /** E.g. {@code daily 01:00 for PT2H Europe/Paris} or {@code once 2025-03-01T12:00:00Z..2025-03-01T13:00:00Z}. */
  public String describe() {
    if (onceFrom != null) {
      return "once " + onceFrom + ".." + onceUntil;
    }
    return (days.isEmpty() ? "daily" : "on " + days) + " " + dailyStart + " for " + length + " " + zone;
  }
}
