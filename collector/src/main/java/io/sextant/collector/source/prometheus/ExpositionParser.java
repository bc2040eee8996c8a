package io.sextant.collector.source.prometheus;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 line by line. A line
 * that does not parse becomes a {@link ParseError} with its line number and the reason, and the
 * lines around it are still read: one bad exporter line must not lose a whole scrape. Stateless
 * and thread-safe. A scrape is parsed as it is read ({@link #parse(Reader, Format, Sink)}).
 */
public final class ExpositionParser {
  private static final Pattern WHITESPACE = Pattern.compile("[ \t]+");
  private static final String[] SUFFIXES = {"_bucket", "_count", "_sum", "_total", "_created", "_gcount", "_gsum", "_info"};

  /**
   * Where a streamed parse puts what it reads, line by line. {@link #knownLabels} lets a caller
   * that keeps its series from one scrape to the next (the scrape converter) skip building a label
   * map for a series it has seen: the same text always parses to the same labels.
   */
  public interface Sink {
    /**
     * The labels this exact series text ({@code name{labels}} as written) parsed to before, or
     * null to have them parsed. Only texts that parsed without error may be answered.
     */
    default Map<String, String> knownLabels(String series) {
      return null;
    }

    /** A good sample line; {@code series} is its name and label text as written. */
    void sample(String series, ParsedSample sample);

    void error(ParseError error);
  }

  /** Parses a whole exposition held in memory. */
  public ParseResult parse(String text, Format format) {
    Collect all = new Collect();
    try {
      parse(new StringReader(text), format, all);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return all.result();
  }

  /** A sink that keeps everything, for a parse in full. */
  static class Collect implements Sink {
    private final List<ParsedSample> samples = new ArrayList<>();
    private final List<ParseError> errors = new ArrayList<>();

    @Override
    public void sample(String series, ParsedSample sample) {
      samples.add(sample);
    }

    @Override
    public void error(ParseError error) {
      errors.add(error);
    }

    ParseResult result() {
      return new ParseResult(samples, errors);
    }
  }

  /**
   * Parses an exposition as it is read, handing each line's sample or error to {@code sink} before
   * the next line is read: no copy of the whole text nor list of its samples is kept. Lines end at
   * {@code \n} (a {@code \r} before it is dropped). Only the reader's own failure is thrown.
   */
  public void parse(Reader in, Format format, Sink sink) throws IOException {
    Map<String, MetricType> types = new HashMap<>();
    Lines lines = new Lines(in);
    int lineNo = 0;
    boolean eof = false;
    for (String line = lines.next(); line != null; line = lines.next()) {
      lineNo++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (eof) {
        if (!line.isBlank()) {
          sink.error(error(lineNo, "content after # EOF", line));
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
          sample(line, format, types, sink);
        }
      } catch (LineException e) {
        sink.error(error(lineNo, e.getMessage(), line));
      }
    }
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

  private static void sample(String line, Format format, Map<String, MetricType> types, Sink sink) {
    int i = 0;
    int n = line.length();
    while (i < n && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      throw new LineException("expected a metric name");
    }
    String name = line.substring(0, i);
    String series = name;
    Map<String, String> labels = Map.of();
    if (i < n && line.charAt(i) == '{') {
      int end = endOfLabels(line, i + 1);
      labels = end < 0 ? null : sink.knownLabels(series = line.substring(0, end));
      if (labels == null) {
        TreeMap<String, String> l = new TreeMap<>();
        end = labels(line, i + 1, l);
        series = line.substring(0, end);
        labels = l;
      }
      i = end;
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
    // value and optional timestamp, split by hand: a regex split per line was most of its garbage
    int valueEnd = blank(rest, 0, true);
    int tsStart = blank(rest, valueEnd, false);
    int tsEnd = blank(rest, tsStart, true);
    if (blank(rest, tsEnd, false) < rest.length()) {
      throw new LineException("unexpected text after the timestamp");
    }
    double value = value(rest.substring(0, valueEnd));
    Long ts = tsStart < rest.length() ? timestamp(rest.substring(tsStart, tsEnd), format) : null;

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
      return; // a creation time, not a value of the series
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
    sink.sample(series, new ParsedSample(name, labels, value, ts, type, cumulative));
  }

  /** The first index from {@code i} that is (or, with {@code blank} false, is not) a space or tab. */
  private static int blank(String s, int i, boolean blank) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t') != blank) {
      i++;
    }
    return i;
  }

  /**
   * The index just after the '}' that closes labels opened before {@code i}, skipping quoted
   * values and their escapes, or -1 when there is none (the full parse then says what is wrong).
   */
  private static int endOfLabels(String line, int i) {
    boolean quoted = false;
    for (int n = line.length(); i < n; i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '}') {
        return i + 1;
      }
    }
    return -1;
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

  /** Lines of a reader split at '\\n' only, as the exposition formats define them. */
  private static final class Lines {
    private final Reader in;
    private final char[] buf = new char[8192];
    private final StringBuilder carry = new StringBuilder();
    private int pos;
    private int len;

    Lines(Reader in) {
      this.in = in;
    }

    /** The next line without its '\\n', or null at the end. */
    String next() throws IOException {
      carry.setLength(0);
      while (true) {
        for (int k = pos; k < len; k++) {
          if (buf[k] == '\n') {
            String line = carry.length() == 0 ? new String(buf, pos, k - pos) : carry.append(buf, pos, k - pos).toString();
            pos = k + 1;
            return line;
          }
        }
        carry.append(buf, pos, len - pos);
        pos = 0;
        len = in.read(buf);
        if (len < 0) {
          len = 0;
          return carry.length() == 0 ? null : carry.toString();
        }
      }
    }
  }

  /** A line that does not parse; the message is the reason. */
  private static final class LineException extends RuntimeException {
    LineException(String reason) {
      super(reason, null, false, false);
    }
  }
}
