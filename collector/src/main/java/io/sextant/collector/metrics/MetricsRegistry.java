package io.sextant.collector.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Metric families whose points are read from callbacks at render time. Thread-safe: registration
 * and rendering may happen from any thread; the callbacks must be thread-safe themselves (the
 * counters they read are atomics).
 */
public final class MetricsRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** The Prometheus type written in {@code # TYPE}. */
  public enum Type {
    COUNTER,
    GAUGE
  }

  /** One point of a family: its labels and value. */
  public record Point(Map<String, String> labels, double value) {
    public static Point of(double value) {
      return new Point(Map.of(), value);
    }
  }

  private record Family(String name, String help, Type type, Supplier<List<Point>> points) {}

  private final List<Family> families = new CopyOnWriteArrayList<>();

  public MetricsRegistry register(String name, String help, Type type, Supplier<List<Point>> points) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name '" + name + "'");
    }
    if (families.stream().anyMatch(f -> f.name().equals(name))) {
      throw new IllegalArgumentException("metric " + name + " is registered twice");
    }
    families.add(new Family(name, help, type, points));
    return this;
  }

  /** A family with a single unlabelled point. */
  public MetricsRegistry single(String name, String help, Type type, Supplier<Number> value) {
    return register(name, help, type, () -> List.of(Point.of(value.get().doubleValue())));
  }

  /** The text exposition format 0.0.4. A failing callback loses only its own family. */
  public String render() {
    StringBuilder sb = new StringBuilder(4096);
    for (Family f : families) {
      List<Point> points;
      try {
        points = f.points().get();
      } catch (RuntimeException e) {
        sb.append("# ").append(f.name()).append(" unavailable: ").append(e.toString().replace('\n', ' ')).append('\n');
        continue;
      }
      sb.append("# HELP ").append(f.name()).append(' ').append(f.help().replace("\\", "\\\\").replace("\n", "\\n"))
          .append('\n');
      sb.append("# TYPE ").append(f.name()).append(' ').append(f.type().name().toLowerCase()).append('\n');
      for (Point p : points) {
        sb.append(f.name());
        if (!p.labels().isEmpty()) {
          sb.append('{');
          boolean first = true;
          for (Map.Entry<String, String> l : new TreeMap<>(p.labels()).entrySet()) {
            sb.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
            first = false;
          }
          sb.append('}');
        }
        sb.append(' ').append(format(p.value())).append('\n');
      }
    }
    return sb.toString();
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
