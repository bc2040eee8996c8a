package io.sextant.alarm.service.alertmanager;

import io.sextant.alarm.silence.TimeInterval;
import io.sextant.alarm.silence.TimeInterval.Range;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/** {@code time_intervals:} and the deprecated {@code mute_time_intervals:}, by name. */
final class AmTimeIntervals {
  private static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday");
  private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");

  private AmTimeIntervals() {}

  static Map<String, TimeInterval> of(AmNode root) {
    Map<String, TimeInterval> out = new LinkedHashMap<>();
    for (String section : List.of("time_intervals", "mute_time_intervals")) {
      for (AmNode n : root.children(section)) {
        String name = n.text("name", null);
        if (name == null) {
          throw n.error("name", "is required");
        }
        List<TimeInterval.Spec> specs = new ArrayList<>();
        for (AmNode s : n.children("time_intervals")) {
          specs.add(spec(s));
        }
        if (out.put(name, new TimeInterval(name, specs)) != null) {
          throw n.error("name", "'" + name + "' is defined twice");
        }
      }
    }
    return out;
  }

  private static TimeInterval.Spec spec(AmNode s) {
    List<Range> times = new ArrayList<>();
    for (AmNode t : s.children("times")) {
      times.add(new Range(minutes(t, "start_time"), minutes(t, "end_time")));
    }
    ZoneId zone;
    String location = s.text("location", "UTC");
    try {
      zone = location.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(location);
    } catch (DateTimeException e) {
      throw s.error("location", "'" + location + "' is not a time zone");
    }
    return new TimeInterval.Spec(times, ranges(s, "weekdays", w -> name(WEEKDAYS, w, 0)),
        ranges(s, "days_of_month", Integer::parseInt), ranges(s, "months", m -> name(MONTHS, m, 1)),
        ranges(s, "years", Integer::parseInt), zone);
  }

  private static int minutes(AmNode t, String key) {
    String v = t.text(key, null);
    java.util.regex.Matcher m = v == null ? null : java.util.regex.Pattern.compile("(\\d{1,2}):(\\d{2})").matcher(v);
    if (m == null || !m.matches()) {
      throw t.error(key, "must be a time of day HH:MM, got '" + v + "'");
    }
    int minutes = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    if (minutes > 24 * 60) {
      throw t.error(key, "'" + v + "' is past 24:00");
    }
    return minutes;
  }

  /** A name or a number: {@code monday}, {@code March}, {@code 3}. */
  private static int name(List<String> names, String text, int first) {
    int i = names.indexOf(text.toLowerCase(Locale.ROOT));
    return i >= 0 ? i + first : Integer.parseInt(text);
  }

  private static List<Range> ranges(AmNode s, String key, ToIntFunction<String> value) {
    List<Range> out = new ArrayList<>();
    for (String r : s.texts(key)) {
      String[] parts = r.strip().split(":", -1);
      try {
        if (parts.length == 1) {
          int v = value.applyAsInt(parts[0].strip());
          out.add(new Range(v, v));
        } else if (parts.length == 2) {
          out.add(new Range(value.applyAsInt(parts[0].strip()), value.applyAsInt(parts[1].strip())));
        } else {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw s.error(key, "has '" + r + "', which is neither a value nor a range start:end");
      }
    }
    return out;
  }
}
