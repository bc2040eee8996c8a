package io.sextant.collector.source.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 line by line. A line
 * that does not parse becomes a {@link ParseError} with its line number and the reason, and the
 * lines around it are still read: one bad exporter line must not lose a whole scrape. Stateless
 * and thread-safe.
 */
public final class ExpositionParser {
  private static final Pattern WHITESPACE = Pattern.compile("[ \t]+");
  private static final String[] SUFFIXES = {"_bucket", "_count", "_sum", "_total", "_created", "_gcount", "_gsum", "_info"};

  public ParseResult parse(String text, Format format) {
    List<ParsedSample> samples = new ArrayList<>();
    List<ParseError> errors = new ArrayList<>();
    Map<String, MetricType> types = new HashMap<>();
    int lineNo = 0;
    int start = 0;
    boolean eof = false;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      start = end + 1;
      lineNo++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (eof) {
        if (!line.isBlank()) {
          errors.add(error(lineNo, "content after # EOF", line));
        }
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          eof = comment(line, types);
        } else {
          sample(line, format, types).ifPresent(samples::add);
        }
      } catch (LineException e) {
        errors.add(error(lineNo, e.getMessage(), line));
      }
    }
    return new ParseResult(samples, errors);
  }

  private static ParseError error(int line, String reason, String text) {
    return new ParseError(line, reason, text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }

  /** Returns true on {@code # EOF}. */
  private static boolean comment(String line, Map<String, MetricType> types) {
    String[] parts = WHITESPACE.split(line, 4);
    if (parts.length == 2 && parts[0].equals("#") && parts[1].equals("EOF")) {
      return true;
    }
    if (parts.length >= 3 && parts[0].equals("#") && parts[1].equals("TYPE")) {
      if (!validName(parts[2])) {
        throw new LineException("TYPE names an invalid metric name '" + parts[2] + "'");
      }
      String t = parts.length == 4 ? parts[3].trim() : "";
      MetricType type = MetricType.parse(t)
          .orElseThrow(() -> new LineException("unknown metric type '" + t + "'"));
      if (types.putIfAbsent(parts[2], type) != null) {
        throw new LineException("second TYPE line for " + parts[2]);
      }
    }
    return false; // HELP, UNIT and free comments carry nothing we keep
  }

  private Optional<ParsedSample> sample(String line, Format format, Map<String, MetricType> types) {
    int i = 0;
    int n = line.length();
    while (i < n && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      throw new LineException("expected a metric name");
    }
    String name = line.substring(0, i);
    Map<String, String> labels = Map.of();
    if (i < n && line.charAt(i) == '{') {
      TreeMap<String, String> l = new TreeMap<>();
      i = labels(line, i + 1, l);
      labels = l;
    }
    if (i >= n || (line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
      throw new LineException("expected a space and a value after " + (labels.isEmpty() ? "the name" : "the labels"));
    }
    String rest = line.substring(i).trim();
    if (format == Format.OPENMETRICS) {
      int ex = rest.indexOf(" # ");
      if (ex >= 0) {
        rest = rest.substring(0, ex).trim(); // exemplar: not a sample of its own
      }
    }
    String[] fields = WHITESPACE.split(rest);
    if (fields.length > 2) {
      throw new LineException("unexpected text after the timestamp");
    }
    double value = value(fields[0]);
    Long ts = fields.length == 2 ? timestamp(fields[1], format) : null;

    String family = name;
    MetricType type = types.get(name);
    String suffix = "";
    if (type == null) {
      for (String s : SUFFIXES) {
        if (name.endsWith(s) && types.containsKey(name.substring(0, name.length() - s.length()))) {
          family = name.substring(0, name.length() - s.length());
          type = types.get(family);
          suffix = s;
          break;
        }
      }
    }
    if (type == null) {
      type = MetricType.UNKNOWN;
    }
    if (suffix.equals("_created")) {
      return Optional.empty(); // a creation time, not a value of the series
    }
    boolean cumulative = switch (type) {
      case COUNTER -> true;
      case HISTOGRAM -> !suffix.isEmpty();
      case SUMMARY -> suffix.equals("_sum") || suffix.equals("_count");
      default -> false;
    };
    if (type == MetricType.HISTOGRAM && suffix.equals("_bucket") && !labels.containsKey("le")) {
      throw new LineException("histogram bucket without an le label");
    }
    if (type == MetricType.HISTOGRAM && suffix.isEmpty()) {
      throw new LineException("histogram " + family + " sample without _bucket, _sum or _count suffix");
    }
    return Optional.of(new ParsedSample(name, labels, value, ts, type, cumulative));
  }

  /** Reads labels from just after '{' to just after '}'; returns the index after '}'. */
  private static int labels(String line, int i, Map<String, String> out) {
    int n = line.length();
    while (true) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i < n && line.charAt(i) == '}') {
        return i + 1;
      }
      int nameStart = i;
      while (i < n && isLabelChar(line.charAt(i), i == nameStart)) {
        i++;
      }
      if (i == nameStart) {
        throw new LineException("expected a label name at column " + (i + 1));
      }
      String label = line.substring(nameStart, i);
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= n || line.charAt(i) != '=') {
        throw new LineException("expected '=' after label " + label);
      }
      i++;
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= n || line.charAt(i) != '"') {
        throw new LineException("expected '\"' to open the value of label " + label);
      }
      i++;
      StringBuilder v = new StringBuilder();
      boolean closed = false;
      while (i < n) {
        char c = line.charAt(i++);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i >= n) {
            break;
          }
          char e = line.charAt(i++);
          switch (e) {
            case '\\' -> v.append('\\');
            case '"' -> v.append('"');
            case 'n' -> v.append('\n');
            default -> throw new LineException("invalid escape '\\" + e + "' in the value of label " + label);
          }
        } else {
          v.append(c);
        }
      }
      if (!closed) {
        throw new LineException("unterminated value of label " + label);
      }
      if (out.put(label, v.toString()) != null) {
        throw new LineException("duplicate label " + label);
      }
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i < n && line.charAt(i) == ',') {
        i++;
      } else if (i < n && line.charAt(i) == '}') {
        return i + 1;
      } else {
        throw new LineException("expected ',' or '}' after the value of label " + label);
      }
    }
  }

  static double value(String s) {
    switch (s) {
      case "+Inf", "Inf", "+inf", "inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN", "nan" -> {
        return Double.NaN;
      }
      default -> { }
    }
    // Double.parseDouble also takes "Infinity", hex floats and a trailing 'd'/'f': not Prometheus.
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
        throw new LineException("'" + s + "' is not a number");
      }
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new LineException("'" + s + "' is not a number");
    }
  }

  private static Long timestamp(String s, Format format) {
    try {
      if (format == Format.OPENMETRICS) {
        double seconds = value(s);
        if (!Double.isFinite(seconds)) {
          throw new LineException("timestamp '" + s + "' is not finite");
        }
        return Math.round(seconds * 1000);
      }
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new LineException("timestamp '" + s + "' is not an integer of milliseconds");
    }
  }

  private static boolean validName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (!isNameChar(s.charAt(k), k == 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  private static boolean isLabelChar(char c, boolean first) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  /** A line that does not parse; the message is the reason. */
  private static final class LineException extends RuntimeException {
    LineException(String reason) {
      super(reason, null, false, false);
    }
  }
}
