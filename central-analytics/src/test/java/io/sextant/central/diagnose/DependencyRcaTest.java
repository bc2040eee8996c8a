package io.sextant.central.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.rca.LearnedCalls;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.RankedCause;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnoser on the simulated cloud's service KPIs (its web calls its API), fed window by
 * window as a centre is, with a plain detector standing in for the edges' (a service KPI firing
 * past 1.5 × its median of the first half hour): a slow or failing API is diagnosed as the root
 * cause of the web's alarm, ranked first, with the web as evidence; a fault of the web itself
 * is left to the web's own alarm.
 */
class DependencyRcaTest {
  static final String SITE = "edge-1";

  static Stream<Arguments> faults() {
    Instant at = CloudSpec.defaults().start().plus(Duration.ofMinutes(40));
    Duration len = Duration.ofMinutes(5);
    return Stream.of(
        Arguments.of("slow API", Fault.serviceSlow("f", SITE + "/api", at, len, 5), "service:" + SITE + "/api",
            FaultKind.SERVICE_SLOW),
        Arguments.of("failing API", Fault.serviceErrors("f", SITE + "/api", at, len, 0.2), "service:" + SITE + "/api",
            FaultKind.SERVICE_ERRORS),
        Arguments.of("API overloaded", Fault.cpuSaturation("f", SITE + "/api", at, len, 3.5), "service:" + SITE + "/api",
            FaultKind.SERVICE_SLOW),
        Arguments.of("the web's own surge", Fault.cpuSaturation("f", SITE + "/web", at, len, 2.5), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void theDependencyIsRankedFirstAndItsCallersAreItsEvidence(String name, Fault fault, String root, FaultKind kind) {
    List<Diagnosis> out = run(fault, t -> t, false);
    if (root == null) {
      assertThat(out).as("no dependency diagnosis for the web's own fault").isEmpty();
      return;
    }
    assertThat(out).hasSize(1);
    Diagnosis d = out.get(0);
    assertThat(d.kind()).isEqualTo(kind);
    assertThat(d.target()).isEqualTo(root);
    assertThat(d.locator()).isEqualTo(DependencyRca.LOCATOR);
    assertThat(d.evidence()).contains("service:" + SITE + "/web", root);
    List<RankedCause> ranking = RankedCause.of(d);
    assertThat(ranking).extracting(RankedCause::resource).containsExactly(root, "service:" + SITE + "/web");
    assertThat(d.confidence()).isEqualTo(ranking.get(0).confidence()).isGreaterThan(0.5);
    assertThat(ranking.get(0).anomaly()).isGreaterThan(5);
    assertThat(Duration.between(fault.start(), d.time())).as("located within a minute and a half")
        .isLessThanOrEqualTo(Duration.ofSeconds(90));
  }

  /**
   * The same slow API with a topology file that lists no {@code depends-on}: nothing is ranked,
   * until the edge's trace receiver reports the web calling the API ({@code service_calls}), which
   * puts the API among the web's candidates and ranks it first.
   */
  @ParameterizedTest(name = "calls learned from traces: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aLearnedCallMakesTheDependencyACandidate(boolean traces) {
    Instant at = CloudSpec.defaults().start().plus(Duration.ofMinutes(40));
    Fault fault = Fault.serviceSlow("f", SITE + "/api", at, Duration.ofMinutes(5), 5);
    UnaryOperator<Topology> noDependsOn = t -> t.withServices(t.services().stream()
        .map(s -> new Service(s.id(), s.site(), s.node(), s.replicas(), s.needsGpu(), List.of())).toList());
    List<Diagnosis> out = run(fault, noDependsOn, traces);
    if (!traces) {
      assertThat(out).as("without the call the web's alarm stands alone").isEmpty();
      return;
    }
    assertThat(out).hasSize(1);
    assertThat(out.get(0).target()).isEqualTo("service:" + SITE + "/api");
    assertThat(RankedCause.of(out.get(0))).extracting(RankedCause::resource)
        .containsExactly("service:" + SITE + "/api", "service:" + SITE + "/web");
  }

  /** Feeds the simulated site window by window until the fault ends; with {@code traces}, each window also says web called api. */
  static List<Diagnosis> run(Fault fault, UnaryOperator<Topology> view, boolean traces) {
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(1);
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.of(fault));
    MutableClock clock = new MutableClock(spec.start());
    LiveState state = new LiveState();
    List<Diagnosis> out = new ArrayList<>();
    Diagnoser diagnoser = new Diagnoser(clock, "central", () -> view.apply(cloud.topology()), state,
        new LinkLocalizer(), Diagnoser.Settings.defaults(), out::add);
    Map<String, List<Double>> learning = new HashMap<>();
    Set<String> firing = new HashSet<>();
    Set<String> fired = new HashSet<>();
    while (clock.instant().isBefore(fault.end())) {
      Instant t = clock.advance(spec.step());
      List<Sample> window = new ArrayList<>(cloud.collect(SITE, t));
      if (traces) {
        window.add(new Sample(SITE, LearnedCalls.METRIC, Map.of("caller", SITE + "/web", "callee", SITE + "/api",
            "resource", "service:" + SITE + "/web"), t, 12));
      }
      state.onSamples(window);
      diagnoser.onSamples(window);
      for (Sample s : window) {
        if (!s.resource().startsWith("service:") || !DependencyRca.SYMPTOMS.contains(s.metric())) {
          continue;
        }
        String key = s.resource() + "|" + s.metric();
        List<Double> seen = learning.computeIfAbsent(key, k -> new ArrayList<>());
        if (t.isBefore(spec.start().plus(Duration.ofMinutes(30)))) {
          seen.add(s.value());
          continue;
        }
        double limit = 1.5 * seen.stream().sorted().toList().get(seen.size() / 2) + (s.metric().endsWith("ratio") ? 0.01 : 0);
        boolean high = s.value() > limit;
        if (high != firing.contains(key)) {
          Detection d = Detection.of(SITE, t, "test", s, high ? Detection.State.FIRING : Detection.State.RESOLVED,
              limit, high ? 1 : 0);
          state.onDetection(d);
          diagnoser.onDetection(d);
          if (high) {
            firing.add(key);
            fired.add(key);
          } else {
            firing.remove(key);
          }
        }
      }
      diagnoser.tick();
    }
    if (fault.target().endsWith("/web")) {
      assertThat(fired).as("the web's own KPI alarmed").contains("service:" + SITE + "/web|service_latency_ms");
    }
    return out;
  }
}
