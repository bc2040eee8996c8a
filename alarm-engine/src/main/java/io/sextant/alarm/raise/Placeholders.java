package io.sextant.alarm.raise;

import io.sextant.common.config.ConfigException;
import io.sextant.common.model.Detection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a catalog's {@code specificProblem} may place itself, in braces: {@code {site}},
 * {@code {resource}}, {@code {series}} (the metric with its labels but the resource, as PromQL
 * writes a series), {@code {metric}}, {@code {detector}}, {@code {observed}}, {@code {expected}},
 * {@code {score}}, {@code {severity}}, {@code {time}} (the detection's), {@code {since}} (the time
 * minus {@code observed} seconds: when a silence began, for the no-data and absent detectors,
 * whose {@code observed} is the silence in seconds). A text without braces gets the observation
 * appended instead ({@link AlarmCatalog#specificProblem(Detection)}).
 */
final class Placeholders {
  static final List<String> KNOWN = List.of("site", "resource", "series", "metric", "detector", "observed", "expected",
      "score", "severity", "time", "since");
  static final String NAMES = "{site}, {resource}, {series}, {metric}, {detector}, {observed}, {expected}, {score}, "
      + "{severity}, {time}, {since}";
  private static final Pattern BRACES = Pattern.compile("\\{([^{}]*)}");

  private Placeholders() {}

  static boolean any(String text) {
    return text.indexOf('{') >= 0;
  }

  /** Refuses an unknown name or an unclosed brace, naming {@code field}. */
  static void check(String text, String field) {
    Matcher m = BRACES.matcher(text);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw new ConfigException(field + ": unknown placeholder {" + m.group(1) + "}; known are " + NAMES);
      }
    }
    if (m.replaceAll("").matches(".*[{}].*")) {
      throw new ConfigException(field + ": a brace without its pair; placeholders are " + NAMES);
    }
  }

  static String render(String text, Detection d) {
    Matcher m = BRACES.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), d)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(String name, Detection d) {
    return switch (name) {
      case "site" -> d.site();
      case "resource" -> d.resource();
      case "series" -> AlarmCatalog.series(d);
      case "metric" -> d.metric();
      case "detector" -> d.detector();
      case "observed" -> AlarmCatalog.number(d.observed());
      case "expected" -> AlarmCatalog.number(d.expected());
      case "score" -> AlarmCatalog.number(d.score());
      case "severity" -> d.severity() == null ? "" : d.severity().name().toLowerCase(Locale.ROOT);
      case "time" -> d.time().toString();
      case "since" -> Double.isFinite(d.observed())
          ? d.time().minusMillis(Math.round(d.observed() * 1000)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString()
          : Instant.EPOCH.toString();
      default -> "{" + name + "}";
    };
  }
}
