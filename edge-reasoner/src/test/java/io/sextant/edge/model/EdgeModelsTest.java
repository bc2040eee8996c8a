package io.sextant.edge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.common.bundle.BundleSigner;
import io.sextant.common.bundle.KeyFiles;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelPayload;
import io.sextant.common.bundle.ModelReports;
import io.sextant.common.bundle.Provenance;
import io.sextant.common.bundle.Releases;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.ModelRelease;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timeline tests of the edge's model runner: releases arrive on the bus, windows are scored at
 * times, detections, refusals, rollbacks and restarts are asserted. The model is a real k-means
 * distance payload with hand-placed centroids (what the centre trains is exercised in deploy's
 * end-to-end test).
 */
class EdgeModelsTest {
  static final String SITE = "edge-1";
  static final List<String> INPUTS = List.of("service_cpu_utilization", "service_latency_ms");
  static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");

  @TempDir
  Path dir;
  final KeyPair keys = KeyFiles.generate();
  final String keyId = KeyFiles.keyId(keys.getPublic());
  final BundleSigner signer = new BundleSigner(keyId, keys.getPrivate());
  final MutableClock clock = new MutableClock(T0);
  InProcessBus raw;
  MessageBus bus;
  final List<Detection> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void bus() {
    raw = new InProcessBus();
    bus = new MessageBus(raw);
    bus.subscribe(Topic.DETECTIONS, "centre", reports::add);
  }

  @AfterEach
  void close() {
    bus.close();
  }

  /** Normal: CPU 0.35 ± 0.05, latency 30 ± 5 ms; anomalous beyond {@code threshold} standard units. */
  static ModelBundle model(long version, double threshold) {
    ModelPayload p = new ModelPayload(ModelPayload.Kind.KMEANS_DISTANCE, new double[] {0.35, 30},
        new double[] {0.05, 5}, threshold, new double[][] {{0, 0}}, null);
    Provenance prov = new Provenance(T0.minus(Duration.ofHours(2)), T0, "tribuo-kmeans-distance", Map.of("k", "1"), 7,
        Map.of("f1", 1.0));
    return new ModelBundle("service-kpis", version, INPUTS, prov, p.encode());
  }

  ModelRelease release(ModelBundle b) {
    return Releases.toRelease(signer.sign(b), SITE, clock.instant());
  }

  EdgeModels edge(int probation) {
    return new EdgeModels(SITE, Map.of(keyId, keys.getPublic()), Set.copyOf(INPUTS), dir, bus, clock,
        EdgeModelSettings.defaults().withProbationWindows(probation));
  }

  static List<Sample> window(Instant t, double webCpu, double webLatency) {
    List<Sample> out = new ArrayList<>();
    for (String svc : List.of("web", "api")) {
      var labels = Labels.of("resource", "service:edge-1/" + svc, "service", "edge-1/" + svc);
      boolean web = svc.equals("web");
      out.add(new Sample(SITE, "service_cpu_utilization", labels, t, web ? webCpu : 0.36));
      out.add(new Sample(SITE, "service_latency_ms", labels, t, web ? webLatency : 31));
      out.add(new Sample(SITE, "service_requests_per_second", labels, t, 100));
    }
    return out;
  }

  List<Detection> tick(EdgeModels edge, double webCpu, double webLatency) {
    Instant t = clock.advance(Duration.ofSeconds(5));
    return edge.score(t, window(t, webCpu, webLatency));
  }

  @Test
  void aPushedModelIsVerifiedLoadedAndDetectsAFaultAtTheEdge() throws Exception {
    try (EdgeModels edge = edge(10)) {
      edge.start();
      bus.publish(Topic.MODELS, release(model(1, 4)));
      await().until(() -> edge.current("service-kpis").isPresent());
      assertThat(tick(edge, 0.36, 31)).isEmpty();
      assertThat(tick(edge, 0.9, 200)).isEmpty();
      List<Detection> fired = tick(edge, 0.9, 200);
      assertThat(fired).singleElement().satisfies(d -> {
        assertThat(d.detector()).isEqualTo("model:service-kpis@1");
        assertThat(d.resource()).isEqualTo("service:edge-1/web");
        assertThat(d.state()).isEqualTo(Detection.State.FIRING);
        assertThat(d.observed()).isGreaterThan(1);
        assertThat(d.labels()).containsEntry("model", "service-kpis");
      });
      tick(edge, 0.36, 31);
      tick(edge, 0.36, 31);
      assertThat(tick(edge, 0.36, 31)).singleElement()
          .satisfies(d -> assertThat(d.state()).isEqualTo(Detection.State.RESOLVED));
    }
  }

  @Test
  void aTamperedBundleIsRefusedReportedAndThePreviousModelKeepsRunning() throws Exception {
    try (EdgeModels edge = edge(10)) {
      edge.start();
      assertThat(edge.offer(release(model(1, 4))).accepted()).isTrue();
      ModelRelease genuine = release(model(2, 4));
      byte[] bytes = genuine.bundle();
      bytes[bytes.length - 9] ^= 0x01; // one bit of the payload's centroid, on the way
      ModelRelease tampered = new ModelRelease(null, SITE, genuine.time(), genuine.modelId(), genuine.version(),
          genuine.keyId(), bytes, genuine.signature());
      assertThat(edge.offer(tampered).reason()).contains("signature does not verify");
      ModelRelease stranger = Releases.toRelease(new BundleSigner("intruder", KeyFiles.generate().getPrivate())
          .sign(model(3, 4)), SITE, clock.instant());
      assertThat(edge.offer(stranger).reason()).contains("untrusted key 'intruder'");
      ModelBundle wrongInputs = new ModelBundle("service-kpis", 4, List.of("service_cpu_utilization", "gpu_temp"),
          model(4, 4).provenance(), model(4, 4).payload());
      assertThat(edge.offer(release(wrongInputs)).reason()).contains("'gpu_temp' is not available");

      assertThat(edge.current("service-kpis")).map(ModelBundle::version).hasValue(1L);
      assertThat(edge.refusedCount()).isEqualTo(3);
      raw.awaitIdle(Duration.ofSeconds(10));
      assertThat(reports).hasSize(3).allSatisfy(d -> {
        assertThat(d.detector()).isEqualTo(ModelReports.DETECTOR);
        assertThat(d.metric()).isEqualTo(ModelReports.REFUSED);
        assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      });
      assertThat(ModelReports.read(reports.get(0))).hasValueSatisfying(r -> {
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.reason()).contains("tampered");
      });
    }
  }

  @Test
  void aReplayedOlderVersionIsRefused() throws Exception {
    try (EdgeModels edge = edge(10)) {
      edge.start();
      ModelRelease v1 = release(model(1, 4));
      edge.offer(release(model(2, 4)));
      assertThat(edge.offer(v1).reason()).contains("not newer");
      assertThat(edge.current("service-kpis")).map(ModelBundle::version).hasValue(2L);
    }
  }

  @Test
  void aNewModelWhoseAnomalyRateJumpsIsRolledBackByTheEdgeAndReported() throws Exception {
    try (EdgeModels edge = edge(6)) {
      edge.start();
      edge.offer(release(model(1, 4)));
      for (int i = 0; i < 3; i++) {
        tick(edge, 0.36, 31);
      }
      // v2's threshold is far too tight: every vector of normal traffic is anomalous.
      edge.offer(release(model(2, 0.01)));
      List<Detection> during = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        during.addAll(tick(edge, 0.36, 31));
      }
      assertThat(during).extracting(Detection::detector).containsOnly("model:service-kpis@2");
      assertThat(edge.current("service-kpis")).map(ModelBundle::version).hasValue(1L);
      assertThat(edge.rollbackCount()).isEqualTo(1);
      // The next window resolves what the misbehaving version left firing.
      assertThat(tick(edge, 0.36, 31)).extracting(Detection::detector, Detection::state)
          .containsOnly(org.assertj.core.groups.Tuple.tuple("model:service-kpis@2", Detection.State.RESOLVED));
      raw.awaitIdle(Duration.ofSeconds(10));
      assertThat(reports).singleElement().satisfies(d -> {
        assertThat(d.metric()).isEqualTo(ModelReports.ROLLED_BACK);
        assertThat(d.labels()).containsEntry("version", "2");
        assertThat(d.labels().get("reason")).contains("anomaly rate 1.000");
      });
    }
    // The rollback is on disk too: a restart runs v1.
    try (EdgeModels again = edge(6)) {
      again.start();
      assertThat(again.current("service-kpis")).map(ModelBundle::version).hasValue(1L);
    }
  }

  @Test
  void aRestartCutOffFromTheCentreKeepsTheLastGoodModelAndRefusesATamperedFile() throws Exception {
    try (EdgeModels edge = edge(10)) {
      edge.start();
      edge.offer(release(model(1, 4)));
      edge.offer(release(model(2, 4)));
    }
    bus.close();
    raw = new InProcessBus(); // a new process: nothing will be delivered from the centre
    bus = new MessageBus(raw);
    try (EdgeModels restarted = edge(10)) {
      assertThat(restarted.start()).isEqualTo(2);
      assertThat(restarted.current("service-kpis")).map(ModelBundle::version).hasValue(2L);
      tick(restarted, 0.9, 200);
      assertThat(tick(restarted, 0.9, 200)).extracting(Detection::detector).containsExactly("model:service-kpis@2");
    }
    // Someone edits the kept model on disk: it no longer verifies and is not run.
    Path file = dir.resolve("service-kpis.json");
    Files.writeString(file, Files.readString(file).replaceFirst("\"version\":2", "\"version\":7"));
    try (EdgeModels restarted = edge(10)) {
      assertThat(restarted.start()).isEqualTo(1);
      assertThat(restarted.current("service-kpis")).map(ModelBundle::version).hasValue(1L);
      assertThat(restarted.refusedCount()).isEqualTo(1);
    }
  }

  @Test
  void releasesForOtherSitesAreIgnored() throws Exception {
    try (EdgeModels edge = edge(10)) {
      edge.start();
      ModelRelease other = Releases.toRelease(signer.sign(model(1, 4)), "edge-2", clock.instant());
      bus.publish(Topic.MODELS, other);
      raw.awaitIdle(Duration.ofSeconds(10));
      assertThat(edge.current("service-kpis")).isEmpty();
      assertThat(edge.offer(other).accepted()).isFalse();
    }
  }
}
