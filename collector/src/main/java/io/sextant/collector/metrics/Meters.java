package io.sextant.collector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Shorthands for the two kinds of meter the edge registers: counters and gauges read from the
 * object that keeps the count (nothing is copied between scrapes).
 *
 * <p>Names are written as exposed ({@code sextant_outbox_sent_total}); Micrometer's Prometheus
 * naming keeps a counter's {@code _total} once and adds no unit, so the exposed names are the ones
 * given here ({@code EdgeMetricNamesTest} holds them). The object is held strongly: the meters
 * live as long as the registry, and a collected object would read NaN.
 */
public final class Meters {
  private Meters() {}

  public static <T> void counter(MeterRegistry r, String name, String help, T obj, ToDoubleFunction<T> f,
      String... tags) {
    // FunctionCounter holds its object weakly; the function (a capturing lambda) holds it strongly.
    FunctionCounter.builder(name, obj, o -> f.applyAsDouble(obj)).description(help).tags(tags).register(r);
  }

  public static <T> void gauge(MeterRegistry r, String name, String help, T obj, ToDoubleFunction<T> f,
      String... tags) {
    Gauge.builder(name, obj, f).description(help).tags(tags).strongReference(true).register(r);
  }

  /** An enum constant as a label value: {@code NOT_FINITE} → {@code not_finite}. */
  public static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
