package io.sextant.node.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.source.link.LinkSource;
import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.Tc;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.common.netns.NetLab;
import io.sextant.common.netns.Netns;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.node.edge.inputs.EdgeInputs;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.netns.ShapedLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic bandwidth on a real shaped link, run by the edge's own pipeline from its configuration
 * file (live inputs: {@code sources.links}, a threshold, an edge runbook, {@code actuators.tc}):
 * 30 Mbit/s of demand over a link shaped at 20 Mbit/s measures ~20 Mbit/s, utilisation ~1; the
 * threshold fires after two windows at 90 % or more, the runbook raises the rate to 40 through tc, tc reads back 40, the measured
 * throughput rises above 20 and the utilisation falls below the clear level, so the action is
 * verified; {@code revertAfter} puts 20 back. Windows of 1 s on the wall clock.
 */
class ElasticBandwidthEdgeIT {
  private static final String LINK = "edge-1~edge-2";
  private static final long MBIT = ShapedLink.MBIT;

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void aSaturatedLinkGetsItsRateRaisedVerifiedAndReverted(@TempDir Path dir) throws Exception {
    try (NetLab lab = NetLab.open()) {
      ShapedLink link = ShapedLink.build(lab, 20);
      Netns s1 = link.sender();
      LinkInterface out = link.out();
      Tc tc = new Tc();
      Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
      Files.writeString(runbooks.resolve("elastic.yaml"), """
          id: elastic-bandwidth-tc
          scope: edge
          trigger:
            detection: link_utilization_ratio
          action:
            kind: BANDWIDTH
            options: {baseMbps: "20", burstMbps: "40"}
          steps:
            - tc: rate
          guard: {maxActions: 1, window: 1h}
          verify:
            kpi: [link_utilization_ratio]
            within: 15s
            stableFor: 2s
            rollback: true
            revertAfter: 3s
          """);
      EdgeConfig config = EdgeConfigFile.parse("""
          site: edge-1
          data-dir: %s
          interval: 1s
          bus: {type: pulsar, service-url: "pulsar://127.0.0.1:6650"}
          sources:
            links:
              %s: {namespace: %s, interface: l}
          detection:
            thresholds:
              - name: link-hot
                metric: link_utilization_ratio
                for-points: 2
                above:
                  warning: {raise: 0.9, clear: 0.8}
          runbooks: runbooks
          actuators:
            tc:
              max-mbps: 100
              links:
                %s: {namespace: %s, interface: l}
          """.formatted(dir, LINK, s1.id(), LINK, s1.id()), dir, null);

      List<Sample> samples = new CopyOnWriteArrayList<>();
      List<ActionEvent> events = new CopyOnWriteArrayList<>();
      Uplink uplink = new Uplink() {
        @Override
        public void window(String site, Instant windowEnd, List<Sample> s, List<Detection> d) {
          samples.addAll(s);
        }

        @Override
        public void audit(ActionEvent e) {
          events.add(e);
        }

        @Override
        public void report(Detection d) {}
      };
      Process blast = link.blast(30, 40);
      try (EdgeInputs inputs = EdgeInputs.open(config, Clock.systemUTC(), events::add)) {
        EdgeSite edge = EdgeSite.assemble("edge-1", inputs.sources(), config.rules(), config.thresholds(),
            inputs.actuator(), inputs.clock(), inputs.runbooks(), uplink,
            new AutomationControl(inputs.clock(), config.automation()));
        Thread windows = new Thread(() -> {
          try {
            for (Instant t = Instant.now().plusSeconds(1); !Thread.currentThread().isInterrupted();
                t = t.plusSeconds(1)) {
              Thread.sleep(Math.max(0, Duration.between(Instant.now(), t).toMillis()));
              edge.window(t);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "elastic-edge");
        windows.start();
        try {
          Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
              .until(() -> has(events, ActionState.APPLIED));
          double before = last(samples, LinkSource.UTILIZATION, 0);
          double throughputBefore = last(samples, LinkSource.TX_BPS, 0);
          assertThat(before).as("utilisation at 20 Mbit/s").isBetween(0.9, 1.05);
          assertThat(throughputBefore).as("throughput at 20 Mbit/s").isBetween(18.0 * MBIT, 21.0 * MBIT);
          assertThat(tc.rateBps(out)).isEqualTo(OptionalLong.of(40 * MBIT));

          Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
              .until(() -> has(events, ActionState.VERIFIED));
          int afterVerified = samples.size();
          double raised = last(samples, LinkSource.TX_BPS, 0);
          assertThat(raised).as("throughput at 40 Mbit/s").isGreaterThan(25.0 * MBIT);
          assertThat(last(samples, LinkSource.UTILIZATION, 0)).isLessThan(0.8);

          Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
              .until(() -> has(events, ActionState.REVERTED));
          assertThat(tc.rateBps(out)).isEqualTo(OptionalLong.of(20 * MBIT));
          Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
              .until(() -> last(samples, LinkSource.TX_BPS, afterVerified + 1) < 21.0 * MBIT);
          System.out.printf("ElasticBandwidthEdgeIT: %.1f Mbit/s (utilisation %.2f) at 20, %.1f at 40, "
              + "back under 21 after the revert%n", throughputBefore / MBIT, before, raised / MBIT);
        } finally {
          windows.interrupt();
          windows.join(10_000);
        }
      } finally {
        blast.destroyForcibly().waitFor();
      }
      assertThat(events).filteredOn(e -> e.state() == ActionState.APPLIED).singleElement()
          .satisfies(e -> assertThat(e.action().params()).containsEntry("mbps", "40").containsEntry("from", "20"));
    }
  }

  private static boolean has(List<ActionEvent> events, ActionState state) {
    return events.stream().anyMatch(e -> e.state() == state && e.action().runbook().equals("elastic-bandwidth-tc"));
  }

  /** The latest value of {@code metric} among the samples from index {@code from} on; NaN if none. */
  private static double last(List<Sample> samples, String metric, int from) {
    List<Sample> s = samples.subList(Math.min(from, samples.size()), samples.size());
    return s.stream().filter(x -> x.metric().equals(metric)).reduce((a, b) -> b).map(Sample::value)
        .orElse(Double.NaN);
  }
}
