package io.sextant.node.edge.inputs;

import io.sextant.collector.source.probe.ProtectionProbes;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.ProbeRequest;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Topology;

/**
 * A live site's actuator as the centre's commands see it: a {@link ActionKind#PROBE} starts (its
 * rollback stops) this site's protection probes; every other action goes to the site's adapters.
 * A malformed request, or one a site without a probe mesh gets, is refused with the reason.
 */
public final class ProbeCommands implements Actuator {
  private final Actuator adapters;
  private final ProtectionProbes probes;

  /** {@code probes} null: this site probes no peer. */
  public ProbeCommands(Actuator adapters, ProtectionProbes probes) {
    this.adapters = adapters;
    this.probes = probes;
  }

  @Override
  public ActionResult apply(Action action) {
    if (action.kind() != ActionKind.PROBE) {
      return adapters.apply(action);
    }
    if (probes == null) {
      return ActionResult.failed("this site has no probe peers (sources.probes.peers): cannot probe", false);
    }
    try {
      return probes.start(action.id(), ProbeRequest.of(action));
    } catch (IllegalArgumentException e) {
      return ActionResult.failed("bad probe request " + action.id() + ": " + e.getMessage(), false);
    }
  }

  @Override
  public ActionResult rollback(Action action) {
    if (action.kind() != ActionKind.PROBE) {
      return adapters.rollback(action);
    }
    return probes == null ? ActionResult.ok("no protection probes here") : probes.stop(action.id());
  }

  @Override
  public Topology topology() {
    return adapters.topology();
  }
}
