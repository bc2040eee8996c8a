package io.sextant.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.actuator.ActuatorSettings;
import io.sextant.actuator.Actuators;
import io.sextant.actuator.hook.HookSettings;
import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.loop.ClosedLoop;
import io.sextant.central.state.LiveState;
import io.sextant.collector.source.prometheus.ParseError;
import io.sextant.collector.source.prometheus.PrometheusScrapeSource;
import io.sextant.collector.source.prometheus.ScrapeConverter;
import io.sextant.collector.source.prometheus.ExpositionParser;
import io.sextant.collector.source.prometheus.Format;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Topology;
import io.sextant.deploy.lab.netns.GpuNodes;
import io.sextant.edge.EdgeReasoner;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.edge.threshold.ThresholdDetectors;
import io.sextant.edge.threshold.ThresholdRules;
import io.sextant.edge.threshold.ThresholdRulesReader;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.runbook.load.RunbookLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GPU node failing on live metrics, end to end through the real pieces over real HTTP: the lab's
 * {@link GpuNodes} (two DCGM-format exporters of two GPUs each, the workload's readiness, the
 * orchestrator's signed hook) scraped by the collector's {@link PrometheusScrapeSource}, the edge's
 * {@link EdgeReasoner} with its built-in GPU rules, the centre's {@link LiveState}, {@link Diagnoser}
 * and {@link ClosedLoop} running the lab's migrate runbook through the real hook adapter
 * ({@link Actuators}). 1 s windows on a controlled clock, so the test takes seconds.
 */
class GpuNodeFailureIT {
  static final String SITE = "edge-1";
  static final Duration WINDOW = Duration.ofSeconds(1);

  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  final List<AutoCloseable> open = new ArrayList<>();
  final List<PrometheusScrapeSource> targets = new ArrayList<>();
  final LiveState state = new LiveState();
  final List<Detection> detections = new CopyOnWriteArrayList<>();
  final List<Diagnosis> diagnoses = new CopyOnWriteArrayList<>();
  final List<ActionEvent> audit = new CopyOnWriteArrayList<>();
  GpuNodes gpus;
  EdgeReasoner edge;
  Diagnoser diagnoser;
  ClosedLoop loop;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aGpuFallenOffTheBusIsAlarmedDiagnosedAndItsWorkMovedThroughTheHookAndVerified(@TempDir Path dir)
      throws Exception {
    start(dir);
    String failed = gpus.nodeIds().get(0);
    String spare = gpus.nodeIds().get(1);
    windows(5);
    assertThat(detections).as("a healthy GPU fleet raises nothing").isEmpty();

    gpus.fail(failed, GpuNodes.Failure.FALLEN_OFF_BUS);
    assertThat(windowsUntil(3, () -> !diagnoses.isEmpty())).as("diagnosed").isTrue();
    assertThat(detections).filteredOn(d -> d.state() == Detection.State.FIRING)
        .extracting(Detection::detector, Detection::resource)
        .contains(org.assertj.core.groups.Tuple.tuple("threshold:" + Dcgm.RULE_XID, "node:" + failed));
    assertThat(diagnoses).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(FaultKind.GPU_NODE_FAILURE);
      assertThat(d.target()).isEqualTo("node:" + failed);
      assertThat(d.evidence()).contains("service:edge-1/inference");
    });
    // The hook is called at once (the same window): the workload is on the spare now.
    assertThat(gpus.moves()).singleElement().satisfies(m -> {
      assertThat(m.operation()).isEqualTo("apply");
      assertThat(m.from()).isEqualTo(failed);
      assertThat(m.to()).isEqualTo(spare);
      assertThat(m.workloads()).containsExactly("edge-1/inference");
    });
    assertThat(gpus.refused()).isZero();
    // Its GPU then leaves the answer of an exporter that is still up.
    windowsUntil(4, () -> detections.stream().anyMatch(d -> d.metric().equals(Dcgm.GPU_PRESENT)));
    assertThat(detections).anySatisfy(d -> {
      assertThat(d.metric()).isEqualTo(Dcgm.GPU_PRESENT);
      assertThat(d.resource()).isEqualTo("node:" + failed);
      assertThat(d.labels()).containsEntry("gpu", "0");
    });
    assertThat(diagnoses).as("the same node's work is not moved twice").hasSize(1);

    // Verified as soon as the workload is ready again for stableFor (3 s), not after its series went stale.
    assertThat(windowsUntil(8, () -> has(ActionState.VERIFIED))).as("verified").isTrue();
    assertThat(audit).noneMatch(e -> e.state() == ActionState.ROLLED_BACK || e.state() == ActionState.FAILED);
    // The spare's GPU 0 carries the workload's labels and is busy; the failed node has no workload label left.
    String spareAnswer = gpus.exposition(spare);
    assertThat(spareAnswer).contains("pod=\"inference-0\"");
    assertThat(gpus.exposition(failed)).doesNotContain("pod=");
    assertThat(utilisation(spare, "0")).isGreaterThan(50);
  }

  @Test
  void aHookThatMovesNothingIsNotTakenForTheRepair(@TempDir Path dir) throws Exception {
    start(dir);
    windows(3);
    String failed = gpus.nodeIds().get(0);
    gpus.fail(failed, GpuNodes.Failure.DOUBLE_BIT_ECC);
    gpus.ignoreHooks(true);
    assertThat(windowsUntil(4, () -> !diagnoses.isEmpty())).isTrue();
    assertThat(diagnoses.get(0).details()).containsKey("xid");
    assertThat(windowsUntil(40, () -> has(ActionState.ROLLED_BACK))).as("rolled back, not verified").isTrue();
    assertThat(audit).noneMatch(e -> e.state() == ActionState.VERIFIED);
    assertThat(gpus.placement()).containsEntry("edge-1/inference", failed);
  }

  @Test
  void aBadExpositionIsCountedAndTheGoodLinesBesideItKept() {
    String good = "# TYPE DCGM_FI_DEV_XID_ERRORS gauge\nDCGM_FI_DEV_XID_ERRORS{gpu=\"0\",UUID=\"GPU-1\"} 79\n";
    String bad = good + "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-1\" 61\nDCGM_FI_DEV_GPU_UTIL{gpu=\"1\"} hot\n";
    var parsed = new ExpositionParser().parse(bad, Format.TEXT_0_0_4);
    assertThat(parsed.errors()).extracting(ParseError::toString).hasSize(2);
    List<Sample> samples = new ScrapeConverter().convert(SITE, parsed, clock.instant(),
        Map.of("resource", "node:edge-1/gpu-node-1", "job", "dcgm", "instance", "x"));
    ThresholdDetectors rules = new ThresholdDetectors(ThresholdRules.defaults());
    assertThat(rules.observe(samples, SITE)).singleElement()
        .satisfies(d -> assertThat(d.detector()).isEqualTo("threshold:" + Dcgm.RULE_XID));
  }

  private double utilisation(String node, String gpu) {
    return gpus.exposition(node).lines().filter(l -> l.startsWith(Dcgm.GPU_UTIL + "{gpu=\"" + gpu + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
  }

  private boolean has(ActionState s) {
    return audit.stream().anyMatch(e -> e.action().kind() == ActionKind.MIGRATE && e.state() == s);
  }

  private void start(Path dir) throws Exception {
    gpus = GpuNodes.start(SITE, 2, "inference", "127.0.0.1", clock);
    open.add(gpus);
    for (String node : gpus.nodeIds()) {
      targets.add(new PrometheusScrapeSource(SITE, new ScrapeTarget("dcgm-" + node.substring(SITE.length() + 1),
          URI.create(gpus.metricsUrl(node)), Map.of("resource", "node:" + node), Duration.ofSeconds(5))));
    }
    targets.add(new PrometheusScrapeSource(SITE, new ScrapeTarget("workload-inference",
        URI.create(gpus.workloadUrl("edge-1/inference")), Map.of("resource", "service:edge-1/inference"),
        Duration.ofSeconds(5))));
    Map<String, Object> threshold = new org.yaml.snakeyaml.Yaml().load(GpuNodes.WORKLOAD_THRESHOLD);
    ThresholdRules lab = ThresholdRulesReader.read(List.of(threshold));
    edge = new EdgeReasoner(SITE, new SeriesDetectors(DetectorRules.defaults()),
        new ThresholdDetectors(ThresholdRules.defaults().with(lab)),
        new LocalRepair(clock, new UnwiredActuator(null), List.of(), e -> { }));
    Topology topology = TopologyFile.parse("sites: [{id: central, kind: central}, " + SITE + "]\nlinks: [{a: central, b: "
        + SITE + "}]\n"
        + gpus.topologyYaml(), "gpu.yaml");
    Path secret = Files.writeString(dir.resolve("orchestrator.whsec"), gpus.secret());
    ActuatorSettings settings = new ActuatorSettings(null, Map.of(GpuNodes.HOOK, new ActuatorSettings.Hook(
        new HookSettings(GpuNodes.HOOK, URI.create(gpus.hookUrl()), secret, null, Duration.ofSeconds(5), 1,
            Duration.ofMillis(100)), List.of("*"))), null, null, List.of());
    Actuators actuators = Actuators.open(settings, "central", clock, audit::add, new UnwiredActuator(topology),
        () -> topology);
    open.add(actuators);
    loop = new ClosedLoop(clock, actuators.actuator(), List.of(RunbookLoader.parse("gpu.yaml", GpuNodes.RUNBOOK)),
        state, audit::add);
    diagnoser = new Diagnoser(clock, "central", () -> topology, state, new LinkLocalizer(),
        Diagnoser.Settings.defaults(), d -> {
          diagnoses.add(d);
          loop.onDiagnosis(d);
        });
  }

  private void windows(int n) throws Exception {
    windowsUntil(n, () -> false);
  }

  private boolean windowsUntil(int max, BooleanSupplier done) throws Exception {
    for (int i = 0; i < max && !done.getAsBoolean(); i++) {
      Instant end = clock.advance(WINDOW);
      List<Sample> samples = new ArrayList<>();
      for (PrometheusScrapeSource t : targets) {
        samples.addAll(t.collect(end));
      }
      List<Detection> transitions = edge.observe(samples);
      detections.addAll(transitions);
      state.onSamples(samples);
      loop.onSamples(samples);
      for (Detection d : transitions) {
        state.onDetection(d);
        diagnoser.onDetection(d);
      }
      loop.tick();
    }
    return done.getAsBoolean();
  }
}
