package io.sextant.sim.replica;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.model.Command;
import io.sextant.common.topology.Topology;

/** An actuator that records every accepted change in the edge state, so a restart can replay it. */
public final class RecordingActuator implements Actuator {
  private final Actuator inner;
  private final EdgeState state;
  private final String site;

  public RecordingActuator(Actuator inner, EdgeState state, String site) {
    this.inner = inner;
    this.state = state;
    this.site = site;
  }

  @Override
  public synchronized ActionResult apply(Action action) {
    ActionResult r = inner.apply(action);
    if (r.ok()) {
      state.changed(Command.apply(site, action));
    }
    return r;
  }

  @Override
  public synchronized ActionResult rollback(Action action) {
    ActionResult r = inner.rollback(action);
    if (r.ok()) {
      state.changed(Command.rollback(site, action, action.time()));
    }
    return r;
  }

  @Override
  public Topology topology() {
    return inner.topology();
  }
}
