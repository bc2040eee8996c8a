package io.sextant.alarm.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The one spelling of an RFC 3339 time that senders use, {@code 2026-12-06T23:38:54.922Z} or with
 * a {@code ±HH:MM} offset, read without {@link java.time.format.DateTimeFormatter}: every posted
 * alert has a {@code startsAt} of its own (when it began firing), so a cache of parsed strings
 * misses and the formatter's general parse was ~5 % of the intake's request thread. Anything
 * else (lower-case {@code t}/{@code z}, no seconds, a bad field) is left to the caller's
 * {@code OffsetDateTime.parse}, which gives the same answer or the error; this only ever returns
 * what that parse would.
 */
final class Rfc3339 {
  private Rfc3339() {}

  /** The instant {@code text} names in the common form, else null (parse it the general way). */
  static Instant fast(String text) {
    int n = text.length();
    // yyyy-MM-ddTHH:mm:ss then Z or ±HH:MM, with an optional fraction of 1–9 digits before it.
    if (n < 20 || n > 35 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
        nano = nano * 10 + (text.charAt(i) - '0');
        i++;
      }
      if (i == start || (i < n && isDigit(text.charAt(i)))) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && text.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-') && text.charAt(i + 3) == ':') {
      int oh = digits(text, i + 1, 2);
      int om = digits(text, i + 4, 2);
      if ((oh | om) < 0) {
        return null;
      }
      try {
        offsetSeconds = ZoneOffset.ofHoursMinutes(text.charAt(i) == '-' ? -oh : oh,
            text.charAt(i) == '-' ? -om : om).getTotalSeconds();
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      // The same range checks as the strict ISO parse: no February 30th, no hour 24, no second 60.
      long day0 = LocalDate.of(year, month, day).toEpochDay();
      int secondOfDay = LocalTime.of(hour, minute, second).toSecondOfDay();
      return Instant.ofEpochSecond(day0 * 86_400 + secondOfDay - offsetSeconds, nano);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
