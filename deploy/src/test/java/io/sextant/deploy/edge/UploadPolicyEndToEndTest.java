package io.sextant.deploy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.policy.PolicyPublisher;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.sextant.testkit.bus.CuttableBus;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The centre's policy file reaches the edge and governs what comes back up: the real
 * {@link PolicyPublisher} publishes on the compacted policies topic before the edge starts (the
 * edge gets it anyway), a raised version replaces it, and an edge restarted while cut off keeps
 * applying the last one it got.
 */
class UploadPolicyEndToEndTest {
  static final String SITE = "edge-1";
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  static void writePolicy(Path file, int version, String hostMode) throws Exception {
    Files.writeString(file, """
        sites:
          %s:
            version: %d
            aggregateWindow: 10s
            redactLabels: [imsi]
            rules:
              - {metric: "subscriber_*", labels: {slice: private}, mode: local_only}
              - {metric: "host_*", mode: %s}
        """.formatted(SITE, version, hostMode));
  }

  static List<Sample> window(Instant t) {
    return List.of(
        new Sample(SITE, "host_cpu_busy_ratio", Labels.of("resource", "node:edge-1/n1"), t, 0.25),
        new Sample(SITE, "subscriber_bytes", Labels.of("imsi", "001010000000001", "slice", "private"), t, 10),
        new Sample(SITE, "subscriber_bytes", Labels.of("imsi", "001010000000002", "slice", "public"), t, 20));
  }

  @Test
  void thePolicySetCentrallyGovernsWhatLeavesTheSite() throws Exception {
    Path file = dir.resolve("policies.yaml");
    writePolicy(file, 1, "aggregate");
    MutableClock clock = new MutableClock(T0);
    CuttableBus link = new CuttableBus();
    MessageBus bus = new MessageBus(link);
    List<SampleBatch> atCentre = new CopyOnWriteArrayList<>();
    bus.subscribe(Topic.SAMPLES, "centre", atCentre::add);

    try (PolicyPublisher publisher = new PolicyPublisher(file, bus, clock)) {
      publisher.start(); // before the edge exists: the compacted topic keeps it
      try (EdgeUplink edge = EdgeUplink.builder(SITE, bus, dir.resolve("outbox.db")).clock(clock).start()) {
        await("policy version 1 at the edge").until(() -> edge.policy().current().isPresent());
        for (int i = 1; i <= 4; i++) { // windows end at :05, :10, :15, :20: two 10 s aggregates close
          Instant t = clock.advance(Duration.ofSeconds(5));
          edge.window(t, window(t), List.of());
        }
        await("four batches at the centre").until(() -> atCentre.size() == 4);
        List<Sample> up = atCentre.stream().flatMap(b -> b.samples().stream()).toList();
        assertThat(up).noneMatch(s -> s.metric().equals("host_cpu_busy_ratio"));
        assertThat(up).filteredOn(s -> s.metric().equals("host_cpu_busy_ratio:max_10s")).hasSize(2);
        assertThat(up).filteredOn(s -> s.metric().equals("subscriber_bytes"))
            .hasSize(4)
            .allSatisfy(s -> {
              assertThat(s.labels().get("slice")).isEqualTo("public");
              assertThat(s.labels().get("imsi")).startsWith("h_");
            });

        writePolicy(file, 2, "raw");
        clock.advance(Duration.ofSeconds(1));
        assertThat(publisher.check()).containsExactly(SITE);
        await("policy version 2 at the edge").until(() -> edge.policy().current().get().version() == 2);
      }

      // Restarted while the centre is unreachable: version 2 still applies (from the outbox file).
      link.cut(true);
      try (EdgeUplink edge = EdgeUplink.builder(SITE, bus, dir.resolve("outbox.db")).clock(clock).start()) {
        assertThat(edge.policy().current().orElseThrow().version()).isEqualTo(2);
        Instant t = clock.advance(Duration.ofSeconds(5));
        edge.window(t, window(t), List.of());
        link.cut(false);
        await("the batch sent after the link returned").until(() -> atCentre.size() >= 5);
        assertThat(atCentre.get(atCentre.size() - 1).samples())
            .anyMatch(s -> s.metric().equals("host_cpu_busy_ratio"));
      }
    } finally {
      bus.close();
    }
  }

  /** Waits for a condition other threads reach (the uplink's drainer, the bus's workers). */
  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20));
  }
}
