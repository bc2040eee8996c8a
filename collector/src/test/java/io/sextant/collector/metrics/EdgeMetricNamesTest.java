package io.sextant.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.Collector;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.prometheus.ExpositionParser;
import io.sextant.collector.source.prometheus.Format;
import io.sextant.collector.source.prometheus.ParseResult;
import io.sextant.collector.source.prometheus.PrometheusScrapeSource;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's /metrics keeps the names and label keys it had before Micrometer (golden file
 * {@code metrics/edge-metric-names.txt}): Micrometer's Prometheus naming must neither double a
 * counter's {@code _total} nor add units, and the series the deploy tests read must parse as they
 * read them.
 */
class EdgeMetricNamesTest {
  @TempDir Path dir;

  @Test
  void everyFamilyKeepsItsNameAndLabelKeys() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    try (EdgeMeters meters = new EdgeMeters(); MessageBus bus = new MessageBus(new InProcessBus());
        EdgeUplink up = EdgeUplink.builder("edge-1", bus, dir.resolve("u.db")).clock(clock).subscribePolicies(false)
            .metrics(meters.registry()).build();
        OtlpHttpReceiver otlp = new OtlpHttpReceiver("edge-1", new InetSocketAddress("127.0.0.1", 0), 100);
        MetricsEndpoint endpoint = new MetricsEndpoint(new InetSocketAddress("127.0.0.1", 0), meters)) {
      PrometheusScrapeSource node = new PrometheusScrapeSource("edge-1", new ScrapeTarget("node",
          URI.create("http://127.0.0.1:9/metrics"), Map.of(), Duration.ofMillis(100)));
      CollectorMetrics.bind(meters.registry(), new Collector("edge-1", List.of(), clock));
      CollectorMetrics.bind(meters.registry(), List.of(node));
      CollectorMetrics.bind(meters.registry(), otlp);

      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      ParseResult parsed = new ExpositionParser().parse(text, Format.TEXT_0_0_4);
      assertThat(parsed.errors()).isEmpty();
      Map<String, Set<String>> exposed = new TreeMap<>();
      parsed.samples().forEach(s -> exposed.computeIfAbsent(s.name(), n -> new TreeSet<>()).add(
          String.join(",", new TreeSet<>(s.labels().keySet()))));
      for (Map.Entry<String, String> family : golden().entrySet()) {
        assertThat(exposed).as("family %s in%n%s", family.getKey(), text).containsKey(family.getKey());
        assertThat(exposed.get(family.getKey())).as("label keys of %s", family.getKey())
            .containsOnly(family.getValue());
      }
      // As LiveEdgeIT reads them: a line per series, "name{labels} value".
      assertThat(value(text, "sextant_otlp_requests_accepted_total")).isZero();
      assertThat(value(text, "sextant_scrape_total{target=\"node\"}")).isZero();
      assertThat(value(text, "sextant_scrape_failures_total{target=\"node\"}")).isZero();
      assertThat(value(text, "sextant_upload_samples_total{mode=\"local_only\"}")).isZero();
      assertThat(value(text, "sextant_upload_policy_version")).isEqualTo(-1);
      assertThat(value(text, "process_resident_memory_bytes")).isPositive();
      assertThat(text).contains("# TYPE sextant_outbox_sent_total counter", "# TYPE sextant_outbox_depth gauge");

      // The health series are read from the same meters: a renamed meter would drop out of them.
      List<Sample> health = EdgeHealth.take(meters.registry(), "edge-1", clock.instant());
      Set<String> expected = new TreeSet<>(EdgeHealth.METERS);
      expected.remove("sextant_edge_windows_skipped_total"); // the edge node's own
      expected.addAll(List.of(HealthSeries.RSS, HealthSeries.HEAP_USED));
      assertThat(health).extracting(Sample::metric).containsAll(expected).allMatch(m -> m.startsWith("sextant_"));
      assertThat(health).allSatisfy(s -> {
        assertThat(s.resource()).isEqualTo("process:edge-1/edge");
        assertThat(HealthSeries.is(s)).isTrue();
      });
    }
  }

  /** name → its label keys, joined by commas. */
  static Map<String, String> golden() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (InputStream in = EdgeMetricNamesTest.class.getResourceAsStream("/metrics/edge-metric-names.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.strip().split(" ");
          out.put(f[0], f.length > 1 ? f[1] : "");
        }
      }
    }
    return out;
  }

  private static double value(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
    assertThat(m.find()).as("%s in:%n%s", series, exposition).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
