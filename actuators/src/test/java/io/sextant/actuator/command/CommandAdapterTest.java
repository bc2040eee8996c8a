package io.sextant.actuator.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real processes: exit status and output into the audit, the timeout, the allow-list, plain arguments only. */
class CommandAdapterTest {
  final List<ActionEvent> audit = new ArrayList<>();
  final Counters counters = new Counters();
  final CommandAdapter commands = new CommandAdapter(Map.of(
      "restart-unit", new CommandSpec("restart-unit", List.of("/bin/echo", "restarted", "{unit}", "at", "{site}"),
          List.of("/bin/echo", "nothing to undo for", "{unit}")),
      "fail", new CommandSpec("fail", List.of("/bin/sh", "-c", "echo disk full >&2; exit 3"), null),
      "slow", new CommandSpec("slow", List.of("/bin/sleep", "10"), null)),
      Duration.ofMillis(500), new CallLog(Clock.systemUTC(), audit::add), counters);

  static Action action(Map<String, String> params) {
    return new Action(null, "edge-1", Instant.parse("2026-03-01T12:00:00Z"), ActionKind.RESTART, "node:edge-1/gw",
        params, "restart-gw", "det-1", null);
  }

  @Test
  void runsTheAllowListedCommandWithArgumentsFromTheActionAndAuditsItsExitAndOutput() {
    ActionResult r = commands.apply(action(Map.of("unit", "gw.service")), "restart-unit");
    assertThat(r.ok()).isTrue();
    assertThat(r.detail()).isEqualTo("command restart-unit run exited 0: restarted gw.service at edge-1");
    assertThat(audit).extracting(ActionEvent::detail).containsExactly(
        "command restart-unit run: [/bin/echo, restarted, gw.service, at, edge-1] exit 0; output: restarted gw.service "
            + "at edge-1");
    assertThat(commands.undo(action(Map.of("unit", "gw.service")), "restart-unit").detail())
        .isEqualTo("command restart-unit undo exited 0: nothing to undo for gw.service");
  }

  @Test
  void aFailingOrHangingCommandFailsWithItsStatusAndIsCounted() {
    ActionResult fail = commands.apply(action(Map.of()), "fail");
    assertThat(fail.ok()).isFalse();
    assertThat(fail.retryable()).isFalse();
    assertThat(fail.detail()).isEqualTo("command fail run exited 3: disk full");
    ActionResult slow = commands.apply(action(Map.of()), "slow");
    assertThat(slow.retryable()).isTrue();
    assertThat(slow.detail()).isEqualTo("command slow run: no exit within PT0.5S");
    assertThat(counters.get("command_failed")).isEqualTo(1);
    assertThat(counters.get("command_timeout")).isEqualTo(1);
    assertThat(commands.undo(action(Map.of()), "fail").detail()).contains("has no undo: a person must undo it");
  }

  @Test
  void nothingOffTheAllowListRunsAndAParameterCannotSmuggleAnOptionOrAPathWalk() {
    assertThat(commands.apply(action(Map.of()), "rm").detail())
        .isEqualTo("command 'rm' is not on the allow-list (actuators.commands.allow)");
    for (String bad : List.of("--force", "a b", "../../etc/passwd", "x;reboot", "")) {
      ActionResult r = commands.apply(action(Map.of("unit", bad)), "restart-unit");
      assertThat(r.ok()).as(bad).isFalse();
      assertThat(r.detail()).as(bad).contains("is not a plain value");
    }
    assertThat(commands.apply(action(Map.of()), "restart-unit").detail())
        .contains("the action has no parameter 'unit'");
    assertThat(counters.get("command_bad_argument")).isEqualTo(6);
  }
}
