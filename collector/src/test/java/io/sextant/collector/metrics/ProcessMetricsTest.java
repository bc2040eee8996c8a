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
  void exposesRssCpuHeapThreadsAndGcUnderTheUsualNames() {
    try (EdgeMeters meters = new EdgeMeters()) {
      byte[] garbage = new byte[1 << 20]; // some heap in use
      ParseResult parsed = new ExpositionParser().parse(meters.scrape(), Format.TEXT_0_0_4);
      assertThat(parsed.errors()).isEmpty();
      assertThat(sum(parsed, "process_resident_memory_bytes", null)).isGreaterThan(garbage.length);
      assertThat(sum(parsed, "process_cpu_seconds_total", null)).isPositive();
      assertThat(sum(parsed, "process_start_time_seconds", null)).isPositive();
      assertThat(sum(parsed, "process_uptime_seconds", null)).isPositive();
      assertThat(sum(parsed, "jvm_threads_live_threads", null)).isPositive();
      // Micrometer's memory binder: one series per pool, {area, id}; the areas sum to the MXBean's.
      assertThat(sum(parsed, "jvm_memory_used_bytes", "heap")).isPositive();
      assertThat(sum(parsed, "jvm_memory_used_bytes", "nonheap")).isPositive();
      assertThat(parsed.samples()).filteredOn(s -> s.name().equals("jvm_memory_used_bytes"))
          .allSatisfy(s -> assertThat(s.labels()).containsKeys("area", "id"));
      assertThat(parsed.samples()).anyMatch(s -> s.name().equals("jvm_memory_max_bytes"));
      assertThat(parsed.samples()).anyMatch(s -> s.name().equals("jvm_gc_collection_seconds_total")
          && s.labels().containsKey("gc"));
    }
  }

  private static double sum(ParseResult p, String name, String area) {
    assertThat(p.samples()).as(name).anyMatch(s -> s.name().equals(name));
    return p.samples().stream().filter(s -> s.name().equals(name) && (area == null || area.equals(s.labels().get("area"))))
        .mapToDouble(ParsedSample::value).sum();
  }
}
