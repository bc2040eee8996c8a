package io.sextant.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Step;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Steps by site and kind: the right adapter, a missing one refused before anything runs, undo on failure. */
class ActuatorDispatcherTest {
  final List<String> calls = new ArrayList<>();
  final Counters counters = new Counters();

  Adapter recording(String name, boolean fails) {
    return new Adapter() {
      @Override
      public ActionResult apply(Action a, String step) {
        calls.add(name + " apply " + step);
        return fails ? ActionResult.failed(name + " is down", true) : ActionResult.ok(name + " did " + step);
      }

      @Override
      public ActionResult undo(Action a, String step) {
        calls.add(name + " undo " + step);
        return ActionResult.ok(name + " undid " + step);
      }
    };
  }

  ActuatorDispatcher dispatcher(boolean commandFails) {
    AdapterSet set = new AdapterSet()
        .hook("sdn", recording("sdn", false), List.of("central"))
        .kubernetes(recording("k8s", false), List.of("edge-*"))
        .commands(recording("cmd", commandFails), List.of("*"), n -> n.equals("restart-gw"));
    return new ActuatorDispatcher(set, List.of(new Route(ActionKind.SCALE_OUT, List.of("edge-*"),
        new Step(Step.Adapter.KUBERNETES, "scale"))), new UnwiredActuator(null), UnwiredActuator::empty, counters);
  }

  static Action action(String site, ActionKind kind, String steps) {
    return new Action(null, site, Instant.parse("2026-03-01T12:00:00Z"), kind, "service:" + site + "/web",
        steps == null ? Map.of("replicas", "3") : Map.of("replicas", "3", Step.PARAM, steps), "rb", "t", null);
  }

  @Test
  void runsTheStepsInOrderAndTheRollbackUndoesThemNewestFirst() {
    ActuatorDispatcher d = dispatcher(false);
    Action a = action("edge-1", ActionKind.RESTART, "kubernetes:drain,command:restart-gw");
    assertThat(d.apply(a).detail()).isEqualTo("k8s did drain; cmd did restart-gw");
    assertThat(d.rollback(a).ok()).isTrue();
    assertThat(calls).containsExactly("k8s apply drain", "cmd apply restart-gw", "cmd undo restart-gw",
        "k8s undo drain");
  }

  @Test
  void aFailedStepUndoesTheStepsBeforeIt() {
    ActuatorDispatcher d = dispatcher(true);
    ActionResult r = d.apply(action("edge-1", ActionKind.RESTART, "kubernetes:drain,command:restart-gw"));
    assertThat(r.ok()).isFalse();
    assertThat(r.retryable()).isTrue();
    assertThat(r.detail()).isEqualTo("step command:restart-gw: cmd is down; undid the steps before it: "
        + "kubernetes:drain: k8s undid drain");
    assertThat(calls).containsExactly("k8s apply drain", "cmd apply restart-gw", "k8s undo drain");
  }

  @Test
  void aStepTheSiteHasNoAdapterForIsRefusedBeforeAnythingRunsAndCounted() {
    ActuatorDispatcher d = dispatcher(false);
    assertThat(d.apply(action("edge-1", ActionKind.REROUTE, "kubernetes:scale,hook:sdn")).detail())
        .isEqualTo("step hook:sdn: site edge-1 has no adapter for step hook:sdn (its sites: [central])");
    assertThat(d.apply(action("central", ActionKind.REROUTE, "hook:transport")).detail())
        .isEqualTo("step hook:transport: this node has no hook 'transport' (actuators.hooks)");
    assertThat(d.apply(action("central", ActionKind.RESTART, "command:rm-rf")).detail())
        .isEqualTo("step command:rm-rf: command 'rm-rf' is not on the allow-list (actuators.commands.allow)");
    assertThat(d.apply(action("central", ActionKind.RESTART, "ansible:site")).detail())
        .startsWith("unreadable steps 'ansible:site': unknown adapter 'ansible'");
    assertThat(calls).isEmpty();
    assertThat(counters.get("no_adapter")).isEqualTo(3);
    assertThat(counters.get("bad_steps")).isEqualTo(1);
  }

  @Test
  void anActionWithoutStepsTakesItsRouteOrTheFallback() {
    ActuatorDispatcher d = dispatcher(false);
    assertThat(d.apply(action("edge-2", ActionKind.SCALE_OUT, null)).detail()).isEqualTo("k8s did scale");
    ActionResult unrouted = d.apply(action("edge-2", ActionKind.MIGRATE, null));
    assertThat(unrouted.ok()).isFalse();
    assertThat(unrouted.detail()).startsWith("no actuator is wired for live sites: MIGRATE");
  }
}
