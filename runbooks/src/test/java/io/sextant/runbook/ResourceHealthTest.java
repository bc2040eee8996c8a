package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.runbook.execute.ResourceHealth;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceHealthTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  static final String WEB = "service:edge-1/web";

  static Sample sample(String node, int second, double v) {
    return new Sample("edge-1", "service_latency_ms", Labels.of("resource", WEB, "node", node), T.plusSeconds(second), v);
  }

  final ResourceHealth health = new ResourceHealth();

  @Test
  void recoveredNeedsQuietDetectorsAndFreshSamples() {
    Sample s = sample("n1", 0, 300);
    health.onSamples(List.of(s));
    health.onDetection(Detection.of("edge-1", s.time(), "d", s, Detection.State.FIRING, 20, 1));
    assertThat(health.recovered(List.of(WEB), T)).isFalse();
    Sample ok = sample("n1", 5, 20);
    health.onSamples(List.of(ok));
    health.onDetection(Detection.of("edge-1", ok.time(), "d", ok, Detection.State.RESOLVED, 20, 0));
    assertThat(health.recovered(List.of(WEB), T)).isTrue();
    assertThat(health.recovered(List.of(WEB), T.plusSeconds(5))).as("no sample after the action yet").isFalse();
  }

  @Test
  void aLateOlderTransitionChangesNothing() {
    Sample s = sample("n1", 10, 20);
    health.onSamples(List.of(s));
    health.onDetection(Detection.of("edge-1", T.plusSeconds(10), "d", s, Detection.State.RESOLVED, 20, 0));
    health.onDetection(Detection.of("edge-1", T.plusSeconds(5), "d", s, Detection.State.FIRING, 20, 1));
    assertThat(health.firing(WEB)).isFalse();
  }

  @Test
  void aFiringSeriesThatStoppedReportingWhileItsResourceGoesOnIsStale() {
    Sample before = sample("n1", 0, 300);
    health.onSamples(List.of(before));
    health.onDetection(Detection.of("edge-1", before.time(), "d", before, Detection.State.FIRING, 20, 1));
    // the service moved: same resource, new series (node label changed), old series silent
    health.onSamples(List.of(sample("n2", 20, 20)));
    assertThat(health.firing(WEB)).isTrue();
    health.onSamples(List.of(sample("n2", 35, 20)));
    assertThat(health.firing(WEB)).isFalse();
    assertThat(health.recovered(List.of(WEB), T.plusSeconds(10))).isTrue();
  }

  @Test
  void aResourceItsSiteStoppedReportingForAnHourIsForgotten() {
    String db = "service:edge-1/db";
    health.onSamples(List.of(sample("n1", 0, 20)));
    Sample other = new Sample("edge-1", "service_latency_ms", Labels.of("resource", db), T, 5);
    health.onSamples(List.of(other));
    assertThat(health.recovered(List.of(WEB), T.minusSeconds(1))).isTrue();
    // The site goes on reporting db alone: web is kept up to the hour, then forgotten.
    for (int s = 600; s <= 3600 + 60; s += 600) {
      health.onSamples(List.of(new Sample("edge-1", "service_latency_ms", Labels.of("resource", db),
          T.plusSeconds(Math.min(s, 3600)), 5)));
    }
    assertThat(health.reportedUntil(List.of(WEB))).as("an hour: kept").isEqualTo(T.plusSeconds(3600));
    health.onSamples(List.of(new Sample("edge-1", "service_latency_ms", Labels.of("resource", db),
        T.plusSeconds(3600 + 31), 5)));
    assertThat(health.reportedUntil(List.of(WEB))).as("forgotten: as if never seen").isEqualTo(Instant.MIN);
    assertThat(health.recovered(List.of(WEB), T.minusSeconds(1))).as("silent is not recovered").isFalse();
    assertThat(health.reportedUntil(List.of(db))).isEqualTo(T.plusSeconds(3600 + 31));
  }
}
