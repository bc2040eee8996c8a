package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.common.action.Step;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.FaultKind;
import io.sextant.runbook.load.Problem;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.load.RunbookSchema;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published schema: each error's line and reason, and the schema in step with the code's enums. */
class RunbookSchemaTest {
  @TempDir Path dir;

  @Test
  void everyErrorOfAFileIsReportedWithItsLine() {
    List<Problem> problems = RunbookLoader.validate("r.yaml", """
        id: reroute-sdn
        scope: central
        trigger:
          diagnosis: LINK_LOSS
        action:
          kind: REROUTE
        steps:
          - hook: sdn
          - ansible: site.yml
        guard:
          window: 1 hour
        verify:
          within: 40s
          rollbak: true
        """);
    assertThat(problems).extracting(Problem::line, Problem::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(9, "steps[1].ansible: unknown field"),
        org.assertj.core.groups.Tuple.tuple(11, "guard.window: invalid value '1 hour': not a duration (write e.g. "
            + "500ms, 45s, 10m, 1h)"),
        org.assertj.core.groups.Tuple.tuple(14, "verify.rollbak: unknown field"));
    assertThat(problems.get(0).toString()).isEqualTo("r.yaml:9: steps[1].ansible: unknown field");
  }

  @Test
  void aRunbookWithHookStepsAnAlarmTriggerAndAKpiLoads() {
    Runbook r = RunbookLoader.parse("qos.yaml", """
        id: qos-gold-on-jitter
        scope: central
        trigger: {alarm: jitterExcessive, labels: {slice: embb}}
        action: {kind: QOS_CHANGE, options: {class: gold}}
        steps: [{hook: transport}, {command: notify-noc}]
        verify: {kpi: [probe_jitter_ms], within: 2m, stableFor: 30s}
        """);
    assertThat(r.trigger()).isEqualTo(new Trigger.OnAlarm("jitterExcessive", Map.of("slice", "embb")));
    assertThat(r.steps()).containsExactly(new Step(Step.Adapter.HOOK, "transport"),
        new Step(Step.Adapter.COMMAND, "notify-noc"));
    assertThat(r.verify().kpi()).containsExactly("probe_jitter_ms");
  }

  @Test
  void aDirectoryLoadsItsGoodFilesAndReportsTheBadOnes() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "id: a\nscope: edge\ntrigger: {detection: up}\naction: {kind: RESTART}\n");
    Files.writeString(dir.resolve("b.yaml"), "id: b\nscope: edge\ntrigger: {detection: up}\naction: {kind: RESTART}\n"
        + "guard: {windw: 1h}\n");
    Files.writeString(dir.resolve("c.yml"), "id: a\nscope: edge\ntrigger: {detection: x}\naction: {kind: RESTART}\n");
    RunbookLoader.Loaded l = RunbookLoader.load(dir);
    assertThat(l.runbooks()).extracting(Runbook::id).containsExactly("a");
    assertThat(l.problems()).extracting(Problem::toString).containsExactly(
        dir.resolve("b.yaml") + ":5: guard.windw: unknown field",
        "a: two runbooks have the id 'a'; the second is left out");
  }

  @Test
  void theSchemaNamesExactlyTheKindsTheCodeKnows() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(RunbookSchema.text());
    assertThat(strings(schema.at("/properties/action/properties/kind/enum")))
        .containsExactlyElementsOf(Arrays.stream(ActionKind.values()).filter(ActionKind::inRunbooks)
            .map(Enum::name).toList());
    assertThat(strings(schema.at("/properties/trigger/properties/diagnosis/enum")))
        .containsExactlyElementsOf(Arrays.stream(FaultKind.values()).map(Enum::name).toList());
    assertThat(schema.at("/properties/steps/items/properties").properties()).extracting(Map.Entry::getKey)
        .containsExactlyElementsOf(Arrays.stream(Step.Adapter.values()).map(Step.Adapter::key).toList());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
