package io.sextant.collector.source.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.sextant.collector.rate.CounterRates;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Maps OTLP metrics to samples. Names and attribute keys are made Prometheus-safe (every character
 * outside {@code [a-zA-Z0-9_:]} becomes '_', as the OpenTelemetry Prometheus exporter does);
 * resource attributes and data point attributes both become labels (data point wins).
 *
 * <ul>
 *   <li>gauge and non-monotonic sum: the value;
 *   <li>monotonic sum: {@code <name>:rate} per second — cumulative via the previous point (none for
 *       the first, resets honoured), delta via its own start and end times;
 *   <li>histogram: {@code <name>_count:rate}, {@code <name>_sum:rate} and cumulative
 *       {@code <name>_bucket:rate{le=...}} the same way;
 *   <li>exponential histogram: count and sum rates only (no fixed buckets to name);
 *   <li>summary: quantiles as values of {@code <name>{quantile=...}}, count and sum as rates.
 * </ul>
 *
 * Points flagged "no recorded value" are skipped. Not thread-safe (cumulative state per series).
 */
public final class OtlpMetricsMapper {
  public static final String RATE_SUFFIX = ":rate";
  private static final int FLAG_NO_RECORDED_VALUE = 1;

  private record SeriesKey(String name, Map<String, String> labels) {}

  private final CounterRates<SeriesKey> rates = new CounterRates<>();

  public List<Sample> map(String site, ExportMetricsServiceRequest request) {
    List<Sample> out = new ArrayList<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      Map<String, String> resource = withResource(site, attributes(rm.getResource().getAttributesList(), Map.of()));
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          metric(site, sanitize(m.getName()), m, resource, out);
        }
      }
    }
    return out;
  }

  private void metric(String site, String name, Metric m, Map<String, String> resource, List<Sample> out) {
    switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> number(site, name, p, resource, false, null, out));
      case SUM -> m.getSum().getDataPointsList().forEach(p -> number(site, name, p, resource,
          m.getSum().getIsMonotonic(), m.getSum().getAggregationTemporality(), out));
      case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> histogram(site, name, p, resource,
          m.getHistogram().getAggregationTemporality(), out));
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsList().forEach(p -> {
        if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) == 0) {
          Map<String, String> labels = attributes(p.getAttributesList(), resource);
          AggregationTemporality t = m.getExponentialHistogram().getAggregationTemporality();
          counter(site, name + "_count", labels, p.getCount(), p.getStartTimeUnixNano(), p.getTimeUnixNano(), t, out);
          counter(site, name + "_sum", labels, p.getSum(), p.getStartTimeUnixNano(), p.getTimeUnixNano(), t, out);
        }
      });
      case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> summary(site, name, p, resource, out));
      default -> { } // DATA_NOT_SET: a metric without points carries nothing
    }
  }

  private void number(String site, String name, NumberDataPoint p, Map<String, String> resource, boolean monotonic,
      AggregationTemporality temporality, List<Sample> out) {
    if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
      return;
    }
    double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    Map<String, String> labels = attributes(p.getAttributesList(), resource);
    if (monotonic) {
      counter(site, name, labels, v, p.getStartTimeUnixNano(), p.getTimeUnixNano(), temporality, out);
    } else {
      out.add(new Sample(site, name, labels, instant(p.getTimeUnixNano()), v));
    }
  }

  private void histogram(String site, String name, HistogramDataPoint p, Map<String, String> resource,
      AggregationTemporality t, List<Sample> out) {
    if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
      return;
    }
    Map<String, String> labels = attributes(p.getAttributesList(), resource);
    long start = p.getStartTimeUnixNano();
    long time = p.getTimeUnixNano();
    counter(site, name + "_count", labels, p.getCount(), start, time, t, out);
    if (p.hasSum()) {
      counter(site, name + "_sum", labels, p.getSum(), start, time, t, out);
    }
    long cumulative = 0;
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      cumulative += p.getBucketCounts(i);
      String le = i < p.getExplicitBoundsCount() ? format(p.getExplicitBounds(i)) : "+Inf";
      Map<String, String> bl = new HashMap<>(labels);
      bl.put("le", le);
      counter(site, name + "_bucket", bl, cumulative, start, time, t, out);
    }
  }

  private void summary(String site, String name, SummaryDataPoint p, Map<String, String> resource, List<Sample> out) {
    if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
      return;
    }
    Map<String, String> labels = attributes(p.getAttributesList(), resource);
    Instant time = instant(p.getTimeUnixNano());
    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
      Map<String, String> ql = new HashMap<>(labels);
      ql.put("quantile", format(q.getQuantile()));
      out.add(new Sample(site, name, ql, time, q.getValue()));
    }
    AggregationTemporality cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    counter(site, name + "_count", labels, p.getCount(), p.getStartTimeUnixNano(), p.getTimeUnixNano(), cumulative, out);
    counter(site, name + "_sum", labels, p.getSum(), p.getStartTimeUnixNano(), p.getTimeUnixNano(), cumulative, out);
  }

  /** A monotonic value as a per-second rate; see the class comment for the two temporalities. */
  private void counter(String site, String name, Map<String, String> labels, double v, long startNanos, long timeNanos,
      AggregationTemporality t, List<Sample> out) {
    Instant time = instant(timeNanos);
    if (t == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
      if (startNanos > 0 && timeNanos > startNanos) {
        out.add(new Sample(site, name + RATE_SUFFIX, labels, time, v / ((timeNanos - startNanos) / 1e9)));
      }
      return;
    }
    OptionalDouble r = rates.rate(new SeriesKey(name, labels), v, time.toEpochMilli());
    if (r.isPresent()) {
      out.add(new Sample(site, name + RATE_SUFFIX, labels, time, r.getAsDouble()));
    }
  }

  public long counterResets() {
    return rates.resets();
  }

  /**
   * Sextant's {@code resource} (the managed object alarms are raised on) for an OTel resource that
   * does not name one: the service it describes, {@code service:<site>/<service.name>}, as the
   * OpenTelemetry semantic conventions make {@code service.name} the one required attribute.
   */
  static Map<String, String> withResource(String site, Map<String, String> attrs) {
    if (attrs.containsKey(Sample.RESOURCE)) {
      return attrs;
    }
    Map<String, String> m = new HashMap<>(attrs);
    m.put(Sample.RESOURCE, "service:" + site + "/" + attrs.getOrDefault("service_name", "unknown_service"));
    return m;
  }

  private static Map<String, String> attributes(List<KeyValue> kvs, Map<String, String> base) {
    if (kvs.isEmpty()) {
      return base;
    }
    Map<String, String> m = new HashMap<>(base);
    for (KeyValue kv : kvs) {
      m.put(sanitize(kv.getKey()).replace(':', '_'), text(kv.getValue())); // label names allow no colon
    }
    return m;
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> format(v.getDoubleValue());
      case BYTES_VALUE -> java.util.HexFormat.of().formatHex(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> v.toString().replace('\n', ' ').trim();
      default -> "";
    };
  }

  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    if (sb.length() > 0 && Character.isDigit(sb.charAt(0))) {
      sb.insert(0, '_');
    }
    return sb.toString();
  }

  private static String format(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
  }
}
