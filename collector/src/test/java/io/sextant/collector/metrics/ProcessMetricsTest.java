package io.sextant.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.source.prometheus.ExpositionParser;
import io.sextant.collector.source.prometheus.Format;
import io.sextant.collector.source.prometheus.ParseResult;
import io.sextant.collector.source.prometheus.ParsedSample;
import org.junit.jupiter.api.Test;

/** The process family renders as valid exposition with this JVM's real figures. */
class ProcessMetricsTest {
  @Test
  void exposesRssCpuHeapAndGcUnderTheUsualNames() {
    MetricsRegistry r = new MetricsRegistry();
    ProcessMetrics.bind(r);
    byte[] garbage = new byte[1 << 20]; // some heap in use
    ParseResult parsed = new ExpositionParser().parse(r.render(), Format.TEXT_0_0_4);
    assertThat(parsed.errors()).isEmpty();
    assertThat(value(parsed, "process_resident_memory_bytes", null)).isGreaterThan(garbage.length);
    assertThat(value(parsed, "process_cpu_seconds_total", null)).isPositive();
    assertThat(value(parsed, "process_start_time_seconds", null)).isPositive();
    assertThat(value(parsed, "jvm_memory_used_bytes", "heap")).isPositive();
    assertThat(value(parsed, "jvm_memory_max_bytes", "heap"))
        .isEqualTo((double) Runtime.getRuntime().maxMemory(), org.assertj.core.data.Offset.offset(64.0 * 1024 * 1024));
    assertThat(parsed.samples()).anyMatch(s -> s.name().equals("jvm_gc_collection_seconds_total"));
  }

  private static double value(ParseResult p, String name, String area) {
    return p.samples().stream().filter(s -> s.name().equals(name) && (area == null || area.equals(s.labels().get("area"))))
        .mapToDouble(ParsedSample::value).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }
}
