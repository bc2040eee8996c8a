package io.sextant.node.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.Collector;
import io.sextant.collector.source.Source;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.edge.EdgeReasoner;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import io.sextant.testkit.bus.CuttableBus;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge autonomy (issue 4, point 3) with the real parts: the simulated cloud as the site's source,
 * the real collector, edge reasoner (detectors, local repair with the built-in runbooks acting on
 * the simulated cloud) and {@link EdgeUplink} (upload policy, SQLite outbox on a temp dir, drain
 * thread). The link to the centre is cut before a CPU saturation starts at the site; the edge
 * must detect it and repair it on its own while everything it produced waits in the outbox, the
 * uplink is restarted (closed and reopened on the same file) in the middle of the cut, and when
 * the link returns every detection, action step and sample batch arrives at the centre, each id
 * at least once and nothing else (exactly once in effect), in order per key.
 *
 * <p>The variant with Pulsar and a SIGKILLed edge process belongs to the distributed mode tests.
 */
class EdgeAutonomyTest {
  static final String SITE = CloudSpec.edgeId(1);
  static final String SERVICE = SITE + "/web";
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** What the centre received, duplicates included, in arrival order. */
  static final class Centre {
    final List<Message> received = new CopyOnWriteArrayList<>();

    void on(Message m) {
      received.add(m);
    }

    Set<String> ids() {
      Set<String> ids = new LinkedHashSet<>();
      received.forEach(m -> ids.add(m.id()));
      return ids;
    }
  }

  /** The edge's output on its way up, recorded as produced. */
  final List<Message> produced = new CopyOnWriteArrayList<>();
  volatile EdgeUplink uplink;

  @Test
  void theEdgeDetectsAndRepairsWhileCutOffAndSyncsEverythingOnceInOrderWhenTheLinkReturns() throws Exception {
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(1);
    Instant cutAt = spec.start().plus(spec.warmup());
    Instant faultAt = cutAt.plus(Duration.ofMinutes(2));
    Instant restartAt = cutAt.plus(Duration.ofMinutes(8));
    Instant restoreAt = cutAt.plus(Duration.ofMinutes(15));
    Fault fault = Fault.cpuSaturation("cpu", SERVICE, faultAt, Duration.ofMinutes(10), Fault.DEFAULT_CPU_SURGE);
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.of(fault));
    MutableClock clock = new MutableClock(spec.start());

    CuttableBus link = new CuttableBus();
    MessageBus edgeBus = new MessageBus(link);
    MessageBus centreBus = new MessageBus(link.centre());
    Centre centre = new Centre();
    centreBus.subscribe(Topic.SAMPLES, "centre", centre::on);
    centreBus.subscribe(Topic.DETECTIONS, "centre", centre::on);
    centreBus.subscribe(Topic.ACTION_EVENTS, "centre", centre::on);

    Source source = new Source() {
      @Override
      public String name() {
        return "simulated-cloud:" + SITE;
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        return cloud.collect(SITE, windowEnd);
      }
    };
    Collector collector = new Collector(SITE, List.of(source), clock);
    LocalRepair repair = new LocalRepair(clock, cloud, RunbookLoader.builtIn(), e -> {
      produced.add(e);
      uplink.audit(e);
    });
    EdgeReasoner reasoner = new EdgeReasoner(SITE, new SeriesDetectors(DetectorRules.defaults()), repair);
    uplink = openUplink(edgeBus, clock);

    long depthAtRestart = -1;
    try {
      Instant end = restoreAt.plus(Duration.ofMinutes(1));
      while (clock.instant().isBefore(end)) {
        Instant t = clock.advance(spec.step());
        if (t.equals(cutAt)) {
          link.cut(true);
        }
        if (t.equals(restartAt)) {
          depthAtRestart = uplink.outbox().depth();
          uplink.close(); // the edge's link to the centre restarts while cut off: only the file survives
          uplink = openUplink(edgeBus, clock);
          assertThat(uplink.outbox().depth()).isEqualTo(depthAtRestart);
        }
        if (t.equals(restoreAt)) {
          assertCutOffState(cloud, centre, cutAt, faultAt);
          link.cut(false);
        }
        List<Sample> samples = collector.collect(t);
        List<Detection> detections = reasoner.observe(samples);
        produced.addAll(detections);
        if (!samples.isEmpty()) {
          produced.add(SampleBatch.of(SITE, t, samples));
        }
        uplink.window(t, samples, detections);
      }
      await("the outbox drained to the centre").until(() -> uplink.outbox().depth() == 0
          && centre.ids().containsAll(produced.stream().map(Message::id).toList()));
      link.centre().awaitIdle(WAIT);
    } finally {
      uplink.close();
      link.close();
    }

    assertThat(depthAtRestart).isPositive();
    // Exactly once in effect: every id produced arrived, nothing else arrived.
    assertThat(centre.ids()).containsExactlyInAnyOrderElementsOf(
        produced.stream().map(Message::id).distinct().toList());
    // In order per key: the first arrival of each id follows the production order of its key.
    assertSameOrderPerKey(produced, centre.received, m -> m instanceof SampleBatch ? "samples"
        : m instanceof Detection d ? "det/" + d.seriesId()
        : "act/" + ((ActionEvent) m).action().id());
    // The repair done while cut off is in the centre's audit, with its outcome.
    List<ActionState> states = centre.received.stream().filter(m -> m instanceof ActionEvent)
        .map(m -> ((ActionEvent) m).state()).distinct().toList();
    assertThat(states).contains(ActionState.APPLIED, ActionState.VERIFIED);
  }

  EdgeUplink openUplink(MessageBus bus, MutableClock clock) {
    return EdgeUplink.builder(SITE, bus, dir.resolve("outbox.db")).clock(clock)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(500)).start();
  }

  /** At the end of the cut: the edge detected and repaired on its own, and nothing of it reached the centre. */
  void assertCutOffState(SimulatedCloud cloud, Centre centre, Instant cutAt, Instant faultAt) {
    List<Detection> firing = produced.stream().filter(m -> m instanceof Detection d
            && d.state() == Detection.State.FIRING && d.resource().equals("service:" + SERVICE)
            && !d.time().isBefore(faultAt))
        .map(Detection.class::cast).toList();
    assertThat(firing).as("the edge keeps detecting while cut off").isNotEmpty();
    assertThat(cloud.appliedActions()).as("local repair acts while cut off")
        .anySatisfy(a -> assertThat(a.target()).contains(SERVICE));
    assertThat(produced).as("the repair is verified while cut off").anyMatch(m -> m instanceof ActionEvent e
        && e.state() == ActionState.VERIFIED);
    assertThat(centre.received).as("nothing produced during the cut reached the centre")
        .noneMatch(m -> !m.time().isBefore(cutAt));
    assertThat(uplink.outbox().depth()).isPositive();
    assertThat(uplink.linkUp()).isFalse();
  }

  static void assertSameOrderPerKey(List<Message> produced, List<Message> received, Function<Message, String> key) {
    Map<String, List<String>> want = new LinkedHashMap<>();
    for (Message m : produced) {
      List<String> ids = want.computeIfAbsent(key.apply(m), k -> new ArrayList<>());
      if (!ids.contains(m.id())) {
        ids.add(m.id());
      }
    }
    Map<String, List<String>> got = new LinkedHashMap<>();
    for (Message m : received) {
      List<String> ids = got.computeIfAbsent(key.apply(m), k -> new ArrayList<>());
      if (!ids.contains(m.id())) {
        ids.add(m.id());
      }
    }
    assertThat(got).containsExactlyInAnyOrderEntriesOf(want);
  }

  /** Waits for a condition other threads reach (the uplink's drainer, the bus's workers). */
  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20));
  }
}
