package io.sextant.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.state.LiveState;
import io.sextant.collector.source.probe.Peer;
import io.sextant.collector.source.probe.ProbeConfig;
import io.sextant.collector.source.probe.ProbeResponder;
import io.sextant.collector.source.probe.ProbeSource;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.common.time.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real probe mesh feeds link localization. Four sites on loopback, each with the collector's
 * real {@link ProbeSource} probing the three others and real {@link ProbeResponder}s answering;
 * each site's samples go through its edge detectors (the shipped probe-loss rule) and, with the
 * detections, into the centre's {@link LiveState} and {@link Diagnoser}, which reason on a
 * topology read by {@link TopologyFile}. A lossy link is emulated by the responders of exactly the
 * paths the topology routes over it: they drop every fourth probe (25 % loss). The diagnoser must
 * blame that link and no other, and blame nothing while nothing drops.
 *
 * <p>A responder cannot tell who probes it, so each site answers each peer on its own responder
 * (one per ordered pair), and loss is switched on per path after the detectors' warm-up.
 */
class ProbeMeshLocalizationTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  /** Two points of presence; every site single-homed, so every link has its own set of paths. */
  static final String TOPOLOGY = """
      sites:
        - {id: central, kind: central}
        - edge-1
        - edge-2
        - edge-3
      routers: [pop-1, pop-2]
      links:
        - {a: central, b: pop-1}
        - {a: edge-1, b: pop-1}
        - {a: edge-2, b: pop-2}
        - {a: edge-3, b: pop-2}
        - {id: backbone, a: pop-1, b: pop-2}
      paths:
        - {src: edge-1, dst: edge-3, links: [edge-1~pop-1, backbone, edge-3~pop-2]}
      """;

  /** 40 probes a window, every fourth dropped on a lossy path: exactly 25 % loss. */
  static final int PROBES = 40;
  static final ProbeConfig CONFIG = new ProbeConfig(PROBES, Duration.ofMillis(2), Duration.ofMillis(500));
  static final int WARM_UP_WINDOWS = 6;
  static final Duration WINDOW = Duration.ofSeconds(5);

  final Topology topology = TopologyFile.parse(TOPOLOGY, "mesh.yaml");
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  final List<AutoCloseable> open = new ArrayList<>();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  /** Ids of the paths whose responder drops probes now; read by the responders' threads. */
  volatile Set<String> lossy = Set.of();

  final Map<String, ProbeSource> sources = new LinkedHashMap<>();
  final Map<String, SeriesDetectors> detectors = new LinkedHashMap<>();
  final List<ProbeResponder> responders = new ArrayList<>();
  final LiveState state = new LiveState();
  final List<Diagnosis> diagnoses = new ArrayList<>();
  final List<Detection> detections = new ArrayList<>();
  Diagnoser diagnoser;

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @ParameterizedTest(name = "lossy {0}")
  @ValueSource(strings = {"backbone", "edge-2~pop-2", "central~pop-1"})
  void locatesExactlyTheLinkWhosePathsLoseProbes(String bad) throws Exception {
    start();
    for (int w = 0; w < WARM_UP_WINDOWS; w++) {
      window();
    }
    assertThat(detections).as("detections while nothing drops").isEmpty();
    List<Path> crossing = topology.pathsCrossing(bad);
    assertThat(crossing).as("paths over %s", bad).hasSizeBetween(4, 8);
    lossy = Set.copyOf(crossing.stream().map(Path::id).toList());
    // Fires on the 2nd lossy window, located after 2 stable rounds: 3 windows; 3 more show nothing else is blamed.
    for (int w = 0; w < 6; w++) {
      window();
    }

    assertThat(detections).as("the edges flag exactly the lossy paths")
        .allMatch(d -> d.state() == Detection.State.FIRING)
        .extracting(Detection::resource)
        .containsExactlyInAnyOrderElementsOf(crossing.stream().map(Path::resource).toList());
    assertThat(diagnoses).as("diagnoses").hasSize(1);
    Diagnosis d = diagnoses.get(0);
    assertThat(d.kind()).isEqualTo(FaultKind.LINK_LOSS);
    assertThat(d.target()).isEqualTo("link:" + bad);
    assertThat(d.evidence()).containsExactlyInAnyOrderElementsOf(crossing.stream().map(Path::resource).toList());
    assertThat(d.confidence()).isGreaterThanOrEqualTo(Diagnoser.Settings.DEFAULT_MIN_CONFIDENCE);
    assertThat(d.details().get("estimatedLoss")).isBetween(0.15, 0.30);
    assertThat(d.details().get("alternatives")).isZero();
    long dropped = responders.stream().mapToLong(ProbeResponder::dropped).sum();
    assertThat(dropped).as("probes dropped").isEqualTo(6L * crossing.size() * PROBES / 4);
  }

  @Test
  void blamesNoLinkWhileNothingDrops() throws Exception {
    start();
    for (int w = 0; w < WARM_UP_WINDOWS + 4; w++) {
      window();
    }
    assertThat(state.pathLoss()).as("every path measured").hasSize(topology.paths().size());
    assertThat(state.pathLoss().values()).allSatisfy(l -> assertThat(l.recentMean()).isLessThan(0.02));
    assertThat(detections).isEmpty();
    assertThat(diagnoses).isEmpty();
    assertThat(responders).allSatisfy(r -> assertThat(r.dropped()).isZero());
  }

  /** A responder per ordered pair of sites, a probe source per site, edge detectors per site. */
  private void start() throws Exception {
    DetectorRules rules = DetectorRules.of(DetectorRules.defaults().forMetric("probe_loss_ratio").orElseThrow()
        .withWarmUpPoints(WARM_UP_WINDOWS - 1));
    for (Site src : topology.sites()) {
      List<Peer> peers = new ArrayList<>();
      for (Site dst : topology.sites()) {
        if (!dst.equals(src)) {
          String path = Path.idOf(src.id(), dst.id());
          ProbeResponder r = new ProbeResponder(new InetSocketAddress(LO, 0),
              seq -> lossy.contains(path) && seq % 4 == 0);
          open.add(r);
          responders.add(r);
          peers.add(new Peer(dst.id(), r.address(), null));
        }
      }
      ProbeSource source = new ProbeSource(src.id(), peers, CONFIG, new InetSocketAddress(LO, 0));
      open.add(source);
      sources.put(src.id(), source);
      detectors.put(src.id(), new SeriesDetectors(rules));
    }
    diagnoser = new Diagnoser(clock, "central", () -> topology, state, new LinkLocalizer(),
        new Diagnoser.Settings(PROBES, Diagnoser.Settings.DEFAULT_STABLE_ROUNDS,
            Diagnoser.Settings.DEFAULT_MIN_CONFIDENCE, Diagnoser.Settings.DEFAULT_REDIAGNOSE_AFTER),
        diagnoses::add);
  }

  /**
   * One window: every site probes at once (as separate edges would), each edge's detectors see
   * its own samples, then the centre takes in samples and detections and runs a localization round.
   */
  private void window() throws Exception {
    Instant end = clock.advance(WINDOW);
    Map<String, Future<List<Sample>>> rounds = new LinkedHashMap<>();
    sources.forEach((site, source) -> rounds.put(site, pool.submit((Callable<List<Sample>>) () -> source.collect(end))));
    for (Map.Entry<String, Future<List<Sample>>> e : rounds.entrySet()) {
      List<Sample> samples = e.getValue().get();
      List<Detection> transitions = detectors.get(e.getKey()).observe(samples, e.getKey());
      state.onSamples(samples);
      for (Detection d : transitions) {
        detections.add(d);
        state.onDetection(d);
        diagnoser.onDetection(d);
      }
    }
    diagnoser.tick();
  }
}
