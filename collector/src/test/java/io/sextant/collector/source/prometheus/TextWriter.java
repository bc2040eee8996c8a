package io.sextant.collector.source.prometheus;

import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal writer of the text format 0.0.4 for one gauge, for the parser's round-trip tests: it
 * writes any name, label value and double (NaN, ±Inf, escapes) the way the format spells them,
 * where a metrics library refuses or renames what it does not accept.
 */
final class TextWriter {
  private TextWriter() {}

  static String gauge(String name, String help, Map<String, String> labels, double value) {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    sb.append("# TYPE ").append(name).append(" gauge\n");
    sb.append(name);
    if (!labels.isEmpty()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
        sb.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
        first = false;
      }
      sb.append('}');
    }
    return sb.append(' ').append(format(value)).append('\n').toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
