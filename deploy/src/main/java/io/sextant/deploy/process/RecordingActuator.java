package io.sextant.deploy.process;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.topology.Topology;

/** An actuator that records every accepted change in the edge state, so a restart can replay it. */
public final class RecordingActuator implements Actuator {
  private final Actuator inner;
  private final EdgeState state;

  public RecordingActuator(Actuator inner, EdgeState state) {
    this.inner = inner;
    this.state = state;
  }

  @Override
  public synchronized ActionResult apply(Action action) {
    ActionResult r = inner.apply(action);
    if (r.ok()) {
      state.changed(action);
    }
    return r;
  }

  @Override
  public synchronized ActionResult rollback(Action action) {
    ActionResult r = inner.rollback(action);
    if (r.ok()) {
      state.changed(Commands.rollbackOf(action));
    }
    return r;
  }

  @Override
  public Topology topology() {
    return inner.topology();
  }
}
