package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.ActionKind;
import io.sextant.common.model.FaultKind;
import io.sextant.runbook.load.RunbookException;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RunbookLoaderTest {

  @Test
  void everyShippedRunbookLoadsAndValidates() {
    List<Runbook> all = RunbookLoader.builtIn();
    assertThat(all).extracting(Runbook::id)
        .containsExactly("scale-out-cpu-saturation", "reroute-lossy-link", "migrate-failed-gpu-node");
    Runbook scale = all.get(0);
    assertThat(scale.scope()).isEqualTo(Runbook.Scope.EDGE);
    assertThat(scale.trigger()).isEqualTo(new Trigger.OnDetection("service_cpu_utilization"));
    assertThat(scale.action()).isEqualTo(ActionKind.SCALE_OUT);
    assertThat(scale.guard().deny()).containsExactly("service:central/*");
    assertThat(all.get(1).trigger()).isEqualTo(new Trigger.OnDiagnosis(FaultKind.LINK_LOSS));
    assertThat(all.get(2).verify().within()).isEqualTo(Duration.ofSeconds(40));
    // The operators' requirement: every automated repair is judged well within 60 s.
    assertThat(all).allSatisfy(r -> assertThat(r.verify().within()).isLessThanOrEqualTo(Duration.ofSeconds(45)));
  }

  @Test
  void defaultsApplyWhenGuardAndVerifyAreOmitted() {
    Runbook r = RunbookLoader.parse("t.yaml", """
        id: minimal
        scope: central
        trigger: {diagnosis: LINK_LOSS}
        action: {kind: REROUTE}
        """);
    assertThat(r.guard().maxActions()).isEqualTo(3);
    assertThat(r.guard().allow()).containsExactly("*");
    assertThat(r.verify().rollback()).isTrue();
  }

  static Stream<Arguments> badRunbooks() {
    return Stream.of(
        Arguments.of("not YAML", "id: [unclosed", "not valid YAML"),
        Arguments.of("a list, not a mapping", "- a\n- b", "(top level): array found, object expected"),
        Arguments.of("missing id", "scope: edge\ntrigger: {detection: x}\naction: {kind: SCALE_OUT}", "id: is required"),
        Arguments.of("unknown top-level field", base() + "gaurd: {maxActions: 1}", "gaurd: unknown field"),
        Arguments.of("unknown guard field", base() + "guard: {maxAction: 1}", "guard.maxAction: unknown field"),
        Arguments.of("bad scope", base().replace("scope: edge", "scope: moon"), "scope: invalid value 'moon' (one of [\"edge\", \"central\"])"),
        Arguments.of("bad action kind", base().replace("SCALE_OUT", "REBOOT"), "action.kind: invalid value 'REBOOT'"),
        Arguments.of("both triggers", base().replace("{detection: cpu}", "{detection: cpu, diagnosis: LINK_LOSS}"),
            "trigger: give exactly one of detection, diagnosis or alarm"),
        Arguments.of("bad duration", base() + "verify: {within: soon}", "verify.within: invalid value 'soon': not a duration"),
        Arguments.of("negative rate", base() + "guard: {maxActions: -1}", "guard.maxActions: must have a minimum value of 1"),
        Arguments.of("stable longer than window", base() + "verify: {within: 10s, stableFor: 20s}",
            "stableFor <= within"));
  }

  private static String base() {
    return "id: x\nscope: edge\ntrigger: {detection: cpu}\naction: {kind: SCALE_OUT}\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRunbooks")
  void badRunbooksAreRefusedWithAClearReason(String name, String yaml, String reason) {
    assertThatThrownBy(() -> RunbookLoader.parse("bad.yaml", yaml))
        .isInstanceOf(RunbookException.class)
        .hasMessageStartingWith("bad.yaml:")
        .hasMessageContaining(reason);
  }
}
