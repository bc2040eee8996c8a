package io.sextant.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.Collector;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.source.Source;
import io.sextant.collector.source.prometheus.ExpositionParser;
import io.sextant.collector.source.prometheus.Format;
import io.sextant.collector.source.prometheus.ParseResult;
import io.sextant.collector.source.prometheus.ParsedSample;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.time.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  @TempDir Path dir;

  static double value(ParseResult r, String name, Map<String, String> labels) {
    return r.samples().stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .mapToDouble(ParsedSample::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + labels));
  }

  @Test
  void servesCollectorAndOutboxCountersInTextFormat() throws Exception {
    MutableClock clock = new MutableClock(T);
    Source src = new Source() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        return List.of(new Sample("edge-1", "ok", Labels.of(), windowEnd, 1),
            new Sample("edge-1", "bad", Labels.of(), windowEnd, Double.NaN));
      }
    };
    Collector collector = new Collector("edge-1", List.of(src), clock);
    try (EdgeMeters meters = new EdgeMeters();
        Outbox outbox = new Outbox(OutboxConfig.defaults(dir.resolve("o.db")), clock);
        MetricsEndpoint endpoint = new MetricsEndpoint(new InetSocketAddress("127.0.0.1", 0), meters)) {
      CollectorMetrics.bind(meters.registry(), collector);
      CollectorMetrics.bind(meters.registry(), outbox);
      outbox.append(SampleBatch.of("edge-1", T, collector.collect(T)));
      clock.advance(Duration.ofSeconds(30));

      HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.headers().firstValue("Content-Type")).contains(MetricsEndpoint.CONTENT_TYPE);
      ParseResult r = new ExpositionParser().parse(resp.body(), Format.TEXT_0_0_4);
      assertThat(r.errors()).isEmpty();
      assertThat(value(r, "sextant_collector_samples_accepted_total", Map.of())).isEqualTo(1);
      assertThat(value(r, "sextant_collector_samples_rejected_total", Map.of("reason", "not_finite"))).isEqualTo(1);
      assertThat(value(r, "sextant_outbox_depth", Map.of("class", "samples"))).isEqualTo(1);
      assertThat(value(r, "sextant_outbox_depth", Map.of("class", "alarm"))).isEqualTo(0);
      assertThat(value(r, "sextant_outbox_oldest_age_seconds", Map.of("class", "samples"))).isEqualTo(30);
      assertThat(value(r, "sextant_outbox_dropped_total", Map.of("class", "samples", "reason", "size"))).isEqualTo(0);
      assertThat(value(r, "sextant_outbox_appended_total", Map.of())).isEqualTo(1);
    }
  }

  @Test
  void anEdgeUplinkExposesOutboxPolicyAggregateAndAuditFamilies() {
    MutableClock clock = new MutableClock(T);
    try (EdgeMeters meters = new EdgeMeters(); MessageBus bus = new MessageBus(new InProcessBus());
        EdgeUplink up = EdgeUplink.builder("edge-1", bus, dir.resolve("u.db")).clock(clock).subscribePolicies(false)
            .metrics(meters.registry()).build()) {
      up.policy().accept(new UploadPolicy(null, "edge-1", T, 1, Mode.AGGREGATE, List.of(), List.of("resource"),
          Duration.ofSeconds(10)));
      up.window(T.plusSeconds(5), List.of(new Sample("edge-1", "cpu", Labels.of("resource", "node:edge-1/n1"),
          T.plusSeconds(5), 1)), List.of());
      Action a = new Action(null, "edge-1", T, ActionKind.SCALE_OUT, "node:edge-1/n1", Map.of(), "rb", "det-1", null);
      up.audit(new ActionEvent(null, "edge-1", T, a, ActionState.APPLIED, "done"));
      clock.advance(Duration.ofSeconds(7));

      ParseResult r = new ExpositionParser().parse(meters.scrape(), Format.TEXT_0_0_4);
      assertThat(r.errors()).isEmpty();
      assertThat(value(r, "sextant_outbox_depth", Map.of("class", "event"))).isEqualTo(1);
      assertThat(value(r, "sextant_outbox_oldest_age_seconds", Map.of("class", "event"))).isEqualTo(7);
      assertThat(value(r, "sextant_outbox_dropped_total", Map.of("class", "event", "reason", "age"))).isZero();
      assertThat(value(r, "sextant_upload_samples_total", Map.of("mode", "aggregate"))).isEqualTo(1);
      assertThat(value(r, "sextant_upload_policies_received_total", Map.of("outcome", "accepted"))).isEqualTo(1);
      assertThat(value(r, "sextant_upload_aggregate_open_series", Map.of())).isEqualTo(1);
      assertThat(value(r, "sextant_upload_aggregate_state_bytes", Map.of())).isPositive();
      assertThat(value(r, "sextant_upload_aggregate_state_unreadable", Map.of())).isZero();
      assertThat(value(r, "sextant_upload_action_events_total", Map.of())).isEqualTo(1);
      assertThat(value(r, "sextant_upload_action_events_redacted_total", Map.of())).isEqualTo(1);
      assertThat(value(r, "sextant_upload_action_details_withheld_total", Map.of())).isZero();
      assertThat(value(r, "sextant_uplink_append_failures_total", Map.of())).isZero();
    }
  }
}
