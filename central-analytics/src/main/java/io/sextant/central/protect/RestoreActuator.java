package io.sextant.central.protect;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Topology;
import java.time.Clock;

/**
 * Carries out {@link ActionKind#RESTORE} on the centre's actuator: the restore is the rollback of
 * the reroute it names (so an SDN hook, the simulated cloud or an edge sees the undo it already
 * knows), and its own rollback applies the reroute again, as a new action (a hook deduplicates on
 * the action id, so the old one would not be redone). Every other action goes through unchanged.
 */
public final class RestoreActuator implements Actuator {
  private final Actuator inner;
  private final Clock clock;
  private volatile LinkProtection protection;

  public RestoreActuator(Actuator inner, Clock clock) {
    this.inner = inner;
    this.clock = clock;
  }

  /** The protection whose reroutes restores undo; set once, before the first restore. */
  public void protection(LinkProtection p) {
    this.protection = p;
  }

  @Override
  public ActionResult apply(Action action) {
    if (action.kind() != ActionKind.RESTORE) {
      return inner.apply(action);
    }
    Action reroute = reroute(action);
    if (reroute == null) {
      return ActionResult.failed("reroute " + action.params().get("restores") + " is not protected any more", false);
    }
    ActionResult r = inner.rollback(reroute);
    return r.ok() ? ActionResult.ok("reroute " + reroute.id() + " undone: " + r.detail()) : r;
  }

  @Override
  public ActionResult rollback(Action action) {
    if (action.kind() != ActionKind.RESTORE) {
      return inner.rollback(action);
    }
    Action reroute = reroute(action);
    if (reroute == null) {
      return ActionResult.failed("reroute " + action.params().get("restores") + " is not protected any more", false);
    }
    Action again = new Action(null, reroute.site(), clock.instant(), reroute.kind(), reroute.target(),
        reroute.params(), reroute.runbook(), reroute.trigger(), reroute.verifyResource());
    ActionResult r = inner.apply(again);
    if (!r.ok()) {
      return r;
    }
    protection.rerouted(action.params().get("link"), again);
    return ActionResult.ok("reroute put back as " + again.id() + ": " + r.detail());
  }

  private Action reroute(Action restore) {
    String id = restore.params().get("restores");
    return id == null || protection == null ? null : protection.reroute(id).orElse(null);
  }

  @Override
  public Topology topology() {
    return inner.topology();
  }
}
