package io.sextant.collector.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.sextant.common.model.Sample;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real OpenTelemetry Java SDK exports over OTLP/HTTP (protobuf) to our receiver on loopback. */
class OtlpReceiverIT {
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

  @ParameterizedTest(name = "compression {0}")
  @ValueSource(strings = {"none", "gzip"})
  void sdkExportsGaugesCountersAndHistograms(String compression) throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver("edge-1", new InetSocketAddress("127.0.0.1", 0), 10_000)) {
      OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
          .setEndpoint("http://127.0.0.1:" + receiver.port() + "/v1/metrics")
          .setCompression(compression)
          .setTimeout(Duration.ofSeconds(5))
          .build();
      SdkMeterProvider provider = SdkMeterProvider.builder()
          .setResource(Resource.getDefault().merge(Resource.create(
              Attributes.of(AttributeKey.stringKey("service.name"), "web"))))
          .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
          .build();
      try {
        Meter meter = provider.get("sextant-test");
        LongCounter requests = meter.counterBuilder("http.requests").build();
        DoubleGauge temp = meter.gaugeBuilder("node.temperature").build();
        DoubleHistogram latency = meter.histogramBuilder("http.latency").setUnit("s")
            .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5)).build();

        requests.add(10, Attributes.of(ROUTE, "/a"));
        temp.set(41.5);
        latency.record(0.05);
        flush(provider);
        List<Sample> first = receiver.collect(Instant.now());
        // First export: gauge values, but no rate yet for the cumulative counter and histogram.
        assertThat(first).extracting(Sample::metric).contains("node_temperature")
            .doesNotContain("http_requests:rate", "http_latency_count:rate");
        assertThat(first).filteredOn(s -> s.metric().equals("node_temperature")).singleElement()
            .satisfies(s -> {
              assertThat(s.value()).isEqualTo(41.5);
              assertThat(s.labels()).containsEntry("service_name", "web");
              assertThat(s.site()).isEqualTo("edge-1");
            });

        Thread.sleep(200);
        requests.add(30, Attributes.of(ROUTE, "/a"));
        latency.record(0.3);
        latency.record(2.0);
        flush(provider);
        List<Sample> second = receiver.collect(Instant.now());
        Sample rate = second.stream().filter(s -> s.metric().equals("http_requests:rate")).findFirst().orElseThrow();
        assertThat(rate.labels()).containsEntry("http_route", "/a");
        assertThat(rate.value()).isBetween(30 / 10.0, 30 / 0.15); // 30 more over the ~0.2 s between exports
        assertThat(second).filteredOn(s -> s.metric().equals("http_latency_bucket:rate"))
            .extracting(s -> s.labels().get("le")).containsExactlyInAnyOrder("0.1", "0.5", "+Inf");
        assertThat(second).extracting(Sample::metric).contains("http_latency_count:rate", "http_latency_sum:rate");
        assertThat(receiver.accepted()).isEqualTo(2);
      } finally {
        provider.shutdown().join(5, TimeUnit.SECONDS);
      }
    }
  }

  static void flush(SdkMeterProvider provider) {
    CompletableResultCode r = provider.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(r.isSuccess()).as("export succeeded").isTrue();
  }
}
