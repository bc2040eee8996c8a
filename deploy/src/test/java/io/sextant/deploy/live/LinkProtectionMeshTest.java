package io.sextant.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.loop.ClosedLoop;
import io.sextant.central.protect.LinkProtection;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.central.state.LiveState;
import io.sextant.collector.source.probe.Peer;
import io.sextant.collector.source.probe.ProbeConfig;
import io.sextant.collector.source.probe.ProbeResponder;
import io.sextant.collector.source.probe.ProbeSource;
import io.sextant.collector.source.probe.ProtectionProbes;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.ProbeRequest;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Command;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.node.edge.inputs.ProbeCommands;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.safety.AutomationControl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rerouted link's whole life on the real probe mesh. Four sites on loopback probe each other
 * with the collector's real {@link ProbeSource}s and {@link ProbeResponder}s, their detectors feed
 * the centre's real {@link LiveState}, {@link Diagnoser} and {@link ClosedLoop} (the built-in
 * reroute runbook, the guard, verification). The "network" is an actuator standing for the SDN
 * controller: a reroute stops the mesh paths over the backbone from losing probes (their traffic
 * avoids it), its rollback puts them back. Each site also answers on a second responder that
 * stands for its address across the backbone (`via`): it drops every fourth probe while the
 * backbone is lossy, whatever the routing, which is what a probe pinned to the link sees.
 *
 * <p>The centre's probe commands travel as {@link Command}s over the bus (JSON, as on Pulsar) to
 * each site, whose edge carries them out with its real {@link ProbeCommands} and
 * {@link ProtectionProbes}. The test shows: reroute, protection probes at both ends of a path over
 * the backbone, the link's alarm cleared only after it healed, a lossy window during the
 * wait-to-restore raising it again and restarting the timer, the restore through the guard and
 * verified on the restored paths' real probes, and the protection probes stopped.
 */
class LinkProtectionMeshTest {
  static final InetAddress LO = ProbeMeshLocalizationTest.LO;
  static final String LINK = "backbone";

  /** The mesh of {@link ProbeMeshLocalizationTest}, with a costlier second backbone to reroute over. */
  static final String TOPOLOGY = ProbeMeshLocalizationTest.TOPOLOGY.replace("paths:",
      "  - {id: backbone-2, a: pop-1, b: pop-2, cost: 5}\npaths:");

  static final int PROBES = ProbeMeshLocalizationTest.PROBES;
  static final ProbeConfig CONFIG = ProbeMeshLocalizationTest.CONFIG;
  static final int WARM_UP_WINDOWS = ProbeMeshLocalizationTest.WARM_UP_WINDOWS;
  static final Duration WINDOW = ProbeMeshLocalizationTest.WINDOW;
  static final ProtectionSettings PROTECTION = new ProtectionSettings(Duration.ofSeconds(30), 3, 20, 0.05);

  final Topology topology = TopologyFile.parse(TOPOLOGY, "mesh.yaml");
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
  final List<AutoCloseable> open = new ArrayList<>();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  final MessageBus bus = new MessageBus(new InProcessBus());

  /** The backbone drops packets now. */
  volatile boolean linkLossy;
  /** The SDN controller has moved the paths over the backbone onto backbone-2. */
  volatile boolean rerouted;

  final Map<String, ProbeSource> mesh = new LinkedHashMap<>();
  final Map<String, ProtectionProbes> protection = new LinkedHashMap<>();
  final Map<String, SeriesDetectors> detectors = new LinkedHashMap<>();
  final LiveState state = new LiveState();
  final List<Diagnosis> diagnoses = new CopyOnWriteArrayList<>();
  final List<ActionEvent> audit = new CopyOnWriteArrayList<>();
  final List<String> clears = new CopyOnWriteArrayList<>();
  final List<Command> commandsCarriedOut = new CopyOnWriteArrayList<>();
  final List<String> networkCalls = new CopyOnWriteArrayList<>();
  Diagnoser diagnoser;
  ClosedLoop loop;

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    for (AutoCloseable c : open) {
      c.close();
    }
    bus.close();
  }

  @Test
  void aReroutedLinkIsProbedClearedAndRestoredOnceHealthy() throws Exception {
    start();
    windows(WARM_UP_WINDOWS);

    linkLossy = true;
    assertThat(windowsUntil(12, () -> rerouted)).as("the lossy backbone rerouted").isTrue();
    assertThat(diagnoses).extracting(Diagnosis::target).containsExactly("link:" + LINK);
    Action reroute = only(ActionKind.REROUTE, ActionState.APPLIED).action();
    // Both ends of the shortest path that crossed the backbone probe each other across it. The
    // commands cross the bus after the reroute is applied: wait for both to be carried out.
    org.awaitility.Awaitility.await("both probe commands carried out").atMost(java.time.Duration.ofSeconds(20))
        .until(() -> commandsCarriedOut.size() >= 2 && !protection.get("central").running().isEmpty()
            && !protection.get("edge-2").running().isEmpty());
    assertThat(commandsCarriedOut).extracting(Command::site, Command::kind)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("central", Command.Kind.APPLY),
            org.assertj.core.groups.Tuple.tuple("edge-2", Command.Kind.APPLY));
    assertThat(protection.get("central").running()).extracting(ProbeRequest::peer, ProbeRequest::link)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("edge-2", LINK));
    assertThat(protection.get("edge-2").running()).extracting(ProbeRequest::peer).containsExactly("central");

    // Still lossy: the mesh no longer crosses it, the protection probes do, so the alarm stays.
    windows(6);
    assertThat(audit).anyMatch(e -> e.action().id().equals(reroute.id()) && e.state() == ActionState.VERIFIED);
    assertThat(phase()).isEqualTo(LinkProtection.Phase.PROTECTING);
    assertThat(clears).isEmpty();

    // Healed: cleared after clear-windows healthy windows, then the wait-to-restore runs.
    linkLossy = false;
    assertThat(windowsUntil(PROTECTION.clearWindows() + 1, () -> !clears.isEmpty())).as("alarm cleared").isTrue();
    assertThat(clears).containsExactly("link:" + LINK);
    assertThat(phase()).isEqualTo(LinkProtection.Phase.WAIT_TO_RESTORE);
    windows(2);

    // Lossy again during the wait: the alarm comes back and the timer restarts.
    linkLossy = true;
    window();
    assertThat(phase()).isEqualTo(LinkProtection.Phase.PROTECTING);
    assertThat(diagnoses).last().satisfies(d -> {
      assertThat(d.target()).isEqualTo("link:" + LINK);
      assertThat(d.locator()).isEqualTo(LinkProtection.LOCATOR);
    });
    linkLossy = false;
    assertThat(windowsUntil(PROTECTION.clearWindows() + 1, () -> clears.size() == 2)).as("cleared again").isTrue();
    Instant waitFrom = clock.instant();
    assertThat(audit).noneMatch(e -> e.action().kind() == ActionKind.RESTORE);

    // After the wait, the restore: guarded, applied as the reroute's rollback, verified on the real mesh.
    assertThat(windowsUntil(30, () -> audit.stream().anyMatch(e -> e.action().kind() == ActionKind.RESTORE
        && e.state() == ActionState.VERIFIED))).as("restore verified; audit %s", audit).isTrue();
    ActionEvent proposed = only(ActionKind.RESTORE, ActionState.PROPOSED);
    assertThat(proposed.time()).isAfterOrEqualTo(waitFrom.plus(PROTECTION.waitToRestore()));
    assertThat(proposed.action().params()).containsEntry("restores", reroute.id()).containsEntry("link", LINK);
    assertThat(audit).filteredOn(e -> e.action().kind() == ActionKind.RESTORE).extracting(ActionEvent::state)
        .containsSubsequence(ActionState.PROPOSED, ActionState.APPROVED, ActionState.APPLIED, ActionState.VERIFIED);
    assertThat(networkCalls).containsExactly("apply " + reroute.id(), "rollback " + reroute.id());
    assertThat(rerouted).isFalse();
    assertThat(loop.protection().all()).isEmpty();
    // The stop commands are published when the restore is verified and cross the bus after it, each
    // site's on its own consumer: wait for both to be carried out, then no site may still probe.
    org.awaitility.Awaitility.await("both stop commands carried out").atMost(java.time.Duration.ofSeconds(20))
        .until(() -> commandsCarriedOut.stream().filter(c -> c.kind() == Command.Kind.ROLLBACK).count() >= 2);
    assertThat(commandsCarriedOut).filteredOn(c -> c.kind() == Command.Kind.ROLLBACK).extracting(Command::site)
        .containsExactlyInAnyOrder("central", "edge-2");
    assertThat(protection.values()).allSatisfy(p -> assertThat(p.running()).isEmpty());
  }

  private LinkProtection.Phase phase() {
    return loop.protection().get(LINK).orElseThrow().phase();
  }

  private ActionEvent only(ActionKind kind, ActionState state) {
    List<ActionEvent> found = audit.stream().filter(e -> e.action().kind() == kind && e.state() == state).toList();
    assertThat(found).as("%s %s in %s", kind, state, audit).hasSize(1);
    return found.get(0);
  }

  /** The SDN controller: a reroute moves the backbone's paths off it, its rollback moves them back. */
  private Actuator network() {
    return new Actuator() {
      @Override
      public ActionResult apply(Action a) {
        networkCalls.add("apply " + a.id());
        rerouted = true;
        return ActionResult.ok("paths moved off " + a.params().get("avoid"));
      }

      @Override
      public ActionResult rollback(Action a) {
        networkCalls.add("rollback " + a.id());
        rerouted = false;
        return ActionResult.ok("paths back on " + a.params().get("avoid"));
      }

      @Override
      public Topology topology() {
        return topology;
      }
    };
  }

  private void start() throws Exception {
    DetectorRules rules = DetectorRules.of(DetectorRules.defaults().forMetric("probe_loss_ratio").orElseThrow()
        .withWarmUpPoints(WARM_UP_WINDOWS - 1));
    List<String> overBackbone = topology.pathsCrossing(LINK).stream().map(Path::id).toList();
    Map<String, InetSocketAddress> acrossBackbone = new LinkedHashMap<>();
    for (Site s : topology.sites()) {
      ProbeResponder across = new ProbeResponder(new InetSocketAddress(LO, 0), seq -> linkLossy && seq % 4 == 0);
      open.add(across);
      acrossBackbone.put(s.id(), across.address());
    }
    for (Site src : topology.sites()) {
      List<Peer> peers = new ArrayList<>();
      for (Site dst : topology.sites()) {
        if (!dst.equals(src)) {
          String path = Path.idOf(src.id(), dst.id());
          ProbeResponder r = new ProbeResponder(new InetSocketAddress(LO, 0),
              seq -> linkLossy && !rerouted && overBackbone.contains(path) && seq % 4 == 0);
          open.add(r);
          peers.add(new Peer(dst.id(), r.address(), null, Map.of(LINK, acrossBackbone.get(dst.id()))));
        }
      }
      ProbeSource source = new ProbeSource(src.id(), peers, CONFIG, new InetSocketAddress(LO, 0));
      open.add(source);
      mesh.put(src.id(), source);
      ProtectionProbes p = new ProtectionProbes(src.id(), peers, new InetSocketAddress(LO, 0), CONFIG.interval(),
          CONFIG.timeout());
      open.add(p);
      protection.put(src.id(), p);
      detectors.put(src.id(), new SeriesDetectors(rules));
      // The site's edge: the centre's commands for it, carried out as EdgeNode does.
      ProbeCommands edge = new ProbeCommands(new UnwiredActuator(null), p);
      String site = src.id();
      bus.subscribe(Topic.COMMANDS, "edge-" + site, c -> {
        if (c.site().equals(site)) {
          ActionResult r = c.kind() == Command.Kind.ROLLBACK ? edge.rollback(c.action()) : edge.apply(c.action());
          assertThat(r.ok()).as("%s at %s: %s", c.kind(), site, r.detail()).isTrue();
          commandsCarriedOut.add(c);
        }
      });
    }
    LinkProtection.Outputs outputs = new LinkProtection.Outputs() {
      @Override
      public void probe(Command command) {
        bus.publish(Topic.COMMANDS, command).join();
      }

      @Override
      public void clearAlarms(String resource, String why) {
        clears.add(resource);
      }

      @Override
      public void diagnosis(Diagnosis d) {
        diagnoses.add(d);
        loop.onDiagnosis(d);
      }
    };
    loop = new ClosedLoop(clock, network(), RunbookLoader.builtIn(), state, audit::add, AutomationControl.open(clock),
        "central", PROTECTION, outputs);
    diagnoser = new Diagnoser(clock, "central", () -> topology, state, new LinkLocalizer(),
        new Diagnoser.Settings(PROBES, Diagnoser.Settings.DEFAULT_STABLE_ROUNDS,
            Diagnoser.Settings.DEFAULT_MIN_CONFIDENCE, Diagnoser.Settings.DEFAULT_REDIAGNOSE_AFTER),
        d -> {
          diagnoses.add(d);
          loop.onDiagnosis(d);
        });
  }

  private void windows(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      window();
    }
  }

  /** Runs windows until {@code done} holds, at most {@code max}; whether it came to hold. */
  private boolean windowsUntil(int max, BooleanSupplier done) throws Exception {
    for (int i = 0; i < max && !done.getAsBoolean(); i++) {
      window();
    }
    return done.getAsBoolean();
  }

  /**
   * One window: every site probes its mesh and its protection probes at once, each edge's
   * detectors see its samples, then the centre takes in samples and detections, locates, and
   * moves the closed loop (verification, protection) on.
   */
  private void window() throws Exception {
    Instant end = clock.advance(WINDOW);
    Map<String, Future<List<Sample>>> rounds = new LinkedHashMap<>();
    for (String site : mesh.keySet()) {
      rounds.put(site, pool.submit((Callable<List<Sample>>) () -> {
        List<Sample> all = new ArrayList<>(mesh.get(site).collect(end));
        all.addAll(protection.get(site).collect(end));
        return all;
      }));
    }
    for (Map.Entry<String, Future<List<Sample>>> e : rounds.entrySet()) {
      List<Sample> samples = e.getValue().get();
      List<Detection> transitions = detectors.get(e.getKey()).observe(samples, e.getKey());
      state.onSamples(samples);
      loop.onSamples(samples);
      for (Detection d : transitions) {
        state.onDetection(d);
        diagnoser.onDetection(d);
      }
    }
    diagnoser.tick();
    loop.tick();
  }
}
