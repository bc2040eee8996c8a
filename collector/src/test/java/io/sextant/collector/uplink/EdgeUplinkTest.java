package io.sextant.collector.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.collector.metrics.EdgeMeters;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import io.sextant.common.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeUplinkTest {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String SITE = "edge-1";
  static final Duration WAIT = Duration.ofSeconds(30);

  /** A link to the centre that can be cut: publishing fails while it is; subscriptions stay. */
  static final class CuttableBus implements Bus {
    final InProcessBus inner = new InProcessBus(Set.of(Topic.POLICIES.name()));
    volatile boolean cut;

    @Override
    public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
      return cut ? CompletableFuture.failedFuture(new java.io.IOException("link to central is down"))
          : inner.publish(topic, key, payload);
    }

    @Override
    public Subscription subscribe(String topic, String subscription, Handler handler) {
      return inner.subscribe(topic, subscription, handler);
    }

    @Override
    public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
      return inner.subscribeLatest(topic, subscription, handler);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  final CuttableBus link = new CuttableBus();
  final MessageBus bus = new MessageBus(link);

  @AfterEach
  void closeBus() {
    bus.close();
  }

  EdgeUplink.Builder uplink() {
    return EdgeUplink.builder(SITE, bus, dir.resolve("outbox.db")).clock(clock)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  static List<Sample> window(Instant t) {
    return List.of(
        new Sample(SITE, "host_cpu", Labels.of("resource", "node:edge-1/n1"), t, 0.5),
        new Sample(SITE, "subscriber_bytes", Labels.of("imsi", "001010000000001"), t, 42));
  }

  @Test
  void keepsEverythingWhileTheBusIsDownAndSendsItInOrderWhenItIsBack() {
    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    List<Detection> detections = new CopyOnWriteArrayList<>();
    bus.subscribe(Topic.SAMPLES, "central", batches::add);
    bus.subscribe(Topic.DETECTIONS, "central", detections::add);
    try (EdgeMeters registry = new EdgeMeters(); EdgeUplink up = uplink().metrics(registry.registry()).start()) {
      link.cut = true;
      for (int i = 1; i <= 20; i++) {
        Instant t = clock.advance(Duration.ofSeconds(5));
        List<Sample> s = window(t);
        up.window(t, s, i % 5 == 0 ? List.of(Detection.of(SITE, t, "baseline", s.get(0),
            i % 10 == 0 ? Detection.State.RESOLVED : Detection.State.FIRING, 0.5, 4)) : List.of());
      }
      await().atMost(WAIT).until(() -> !up.linkUp() && up.roundsFailed() >= 2);
      assertThat(up.outbox().depth()).isEqualTo(24);
      assertThat(batches).isEmpty();
      assertThat(registry.scrape()).contains("sextant_uplink_link_up 0", "sextant_outbox_depth{class=\"samples\"} 20");

      link.cut = false;
      await().atMost(WAIT).until(() -> up.outbox().depth() == 0 && batches.size() == 20 && detections.size() == 4);
      assertThat(batches).extracting(SampleBatch::time).isSorted().doesNotHaveDuplicates();
      assertThat(detections).extracting(Detection::state).containsExactly(Detection.State.FIRING,
          Detection.State.RESOLVED, Detection.State.FIRING, Detection.State.RESOLVED);
      await().atMost(WAIT).until(up::linkUp);
      assertThat(up.currentBackoff()).isZero();
      assertThat(registry.scrape()).contains("sextant_uplink_link_up 1", "sextant_upload_samples_total{mode=\"raw\"} 40");
    }
  }

  @Test
  void appliesThePolicyFromTheBusAndKeepsItAcrossARestartWhileCutOff() {
    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    bus.subscribe(Topic.SAMPLES, "central", batches::add);
    UploadPolicy policy = new UploadPolicy(null, SITE, T0, 2, Mode.RAW,
        List.of(new Rule("subscriber_*", Map.of(), Mode.LOCAL_ONLY)), List.of("resource"), null);
    try (EdgeUplink up = uplink().start()) {
      bus.publish(Topic.POLICIES, policy).join();
      bus.publish(Topic.POLICIES, new UploadPolicy(null, "edge-2", T0, 9, Mode.LOCAL_ONLY, null, null, null))
          .join();
      await().atMost(WAIT).until(() -> up.policy().current().isPresent());
      Instant t = clock.advance(Duration.ofSeconds(5));
      up.window(t, window(t), List.of());
      await().atMost(WAIT).until(() -> batches.size() == 1);
    }
    assertThat(batches.get(0).samples()).singleElement().satisfies(s -> {
      assertThat(s.metric()).isEqualTo("host_cpu");
      assertThat(s.resource()).startsWith("h_");
    });

    // Restart while the centre is unreachable and the bus cannot hand the policy over again.
    link.cut = true;
    try (EdgeUplink up = uplink().subscribePolicies(false).start()) {
      assertThat(up.policy().current()).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(2));
      Instant t = clock.advance(Duration.ofSeconds(5));
      up.window(t, window(t), List.of());
      link.cut = false;
      await().atMost(WAIT).until(() -> batches.size() == 2);
    }
    assertThat(batches.get(1).samples()).singleElement()
        .satisfies(s -> assertThat(s.labels()).isEqualTo(batches.get(0).samples().get(0).labels()));
  }

  /**
   * Windows 1..24 of 5 s with aggregates over 30 s; optionally a clean stop and a new uplink on the
   * same outbox file before window {@code restartBefore}. Window 22 also carries a late point for
   * the window that closed at 30 s (before the restart when there is one). Returns every batch.
   */
  List<SampleBatch> aggregateRun(Path file, int restartBefore) throws Exception {
    UploadPolicy policy = new UploadPolicy(null, SITE, T0, 1, Mode.RAW,
        List.of(new Rule("subscriber_*", Map.of(), Mode.AGGREGATE)), List.of(), Duration.ofSeconds(30));
    EdgeUplink up = EdgeUplink.builder(SITE, bus, file).clock(clock).subscribePolicies(false).build();
    try {
      up.policy().accept(policy);
      for (int i = 1; i <= 24; i++) {
        if (i == restartBefore) {
          up.close();
          up = EdgeUplink.builder(SITE, bus, file).clock(clock).subscribePolicies(false).build();
          assertThat(up.policy().aggregateOpenSeries()).isEqualTo(1);
        }
        Instant t = T0.plusSeconds(5L * i);
        List<Sample> s = new java.util.ArrayList<>(List.of(
            new Sample(SITE, "host_cpu", Labels.of("resource", "node:edge-1/n1"), t, 0.5),
            new Sample(SITE, "subscriber_bytes", Labels.of("imsi", "001010000000001"), t, i * i % 17)));
        if (i == 22) {
          s.add(new Sample(SITE, "subscriber_bytes", Labels.of("imsi", "001010000000001"), T0.plusSeconds(25), 1000));
        }
        up.window(t, s, List.of());
      }
      assertThat(up.policy().aggregateLate()).isEqualTo(1);
      List<SampleBatch> out = new java.util.ArrayList<>();
      while (up.outbox().drain(1000, (io.sextant.common.model.Message m) -> out.add((SampleBatch) m)).sent() > 0) {
        // until empty
      }
      return out;
    } finally {
      up.close();
    }
  }

  @Test
  void aCleanRestartInTheMiddleOfAnAggregateWindowGivesTheAggregatesOfAnUninterruptedRun() throws Exception {
    List<SampleBatch> straight = aggregateRun(dir.resolve("straight.db"), -1);
    // Window 20 is 100 s: the middle of [90 s, 120 s), with three points of it taken before the stop.
    List<SampleBatch> restarted = aggregateRun(dir.resolve("restarted.db"), 20);

    assertThat(restarted).containsExactlyElementsOf(straight).hasSize(24);
    List<Sample> sums = restarted.stream().flatMap(b -> b.samples().stream())
        .filter(x -> x.metric().equals("subscriber_bytes:sum_30s")).toList();
    // [90, 120) holds windows 18..23 (i * i % 17 for i = 18..23: 1, 4, 9, 16, 8, 2): 40, emitted once, at 120 s.
    assertThat(sums).extracting(Sample::time).containsExactly(T0.plusSeconds(30), T0.plusSeconds(60),
        T0.plusSeconds(90), T0.plusSeconds(120));
    assertThat(sums.get(3).value()).isEqualTo(40);
    assertThat(sums).noneMatch(x -> x.value() >= 1000); // the late point stayed out after the restart too
  }

  @Test
  void auditEventsGoUpRedactedLikeTheWindowsData() {
    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    List<ActionEvent> events = new CopyOnWriteArrayList<>();
    bus.subscribe(Topic.SAMPLES, "central", batches::add);
    bus.subscribe(Topic.ACTION_EVENTS, "central", events::add);
    try (EdgeUplink up = uplink().subscribePolicies(false).build()) {
      up.policy().accept(new UploadPolicy(null, SITE, T0, 1, Mode.RAW,
          List.of(new Rule("subscriber_*", Map.of(), Mode.LOCAL_ONLY)), List.of("resource"), null));
      Instant t = clock.advance(Duration.ofSeconds(5));
      List<Sample> s = window(t);
      up.window(t, s, List.of());
      Action scale = new Action(null, SITE, t, ActionKind.SCALE_OUT, "node:edge-1/n1", Map.of("replicas", "2"),
          "scale-out-on-cpu", "det-1", null);
      up.audit(new ActionEvent(null, SITE, t, scale, ActionState.APPLIED, "node:edge-1/n1 replicas 1 -> 2"));
      while (up.drainOnce().sent() > 0) {
        // until empty
      }
    }
    await().atMost(WAIT).until(() -> batches.size() == 1 && events.size() == 1);
    String token = batches.get(0).samples().get(0).resource();
    assertThat(token).startsWith("h_");
    assertThat(events.get(0).action().target()).isEqualTo(token);
    assertThat(events.get(0).detail()).isEqualTo(token + " replicas 1 -> 2");
  }

  @Test
  void anUndecodablePolicyIsCountedAndTheCurrentOneStays() {
    try (EdgeUplink up = uplink().start()) {
      link.inner.publish(Topic.POLICIES.name(), SITE, "{\"site\":\"edge-1\",\"version\":\"x\"}".getBytes()).join();
      await().atMost(WAIT).until(() -> up.policiesUndecodable() == 1);
      assertThat(up.policy().current()).isEmpty();
    }
  }
}
