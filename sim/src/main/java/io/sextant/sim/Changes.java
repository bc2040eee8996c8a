package io.sextant.sim;

import io.sextant.common.model.Action;
import io.sextant.common.model.FaultKind;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an action against a topology: either a {@link Change} or a {@link Rejected} with the
 * reason. All-or-nothing: a rejected action leaves the topology untouched.
 */
final class Changes {
  private Changes() {}

  /** Why an action cannot be applied; never leaves {@link SimulatedCloud}. */
  static final class Rejected extends RuntimeException {
    final boolean retryable;

    Rejected(String reason, boolean retryable) {
      super(reason, null, false, false);
      this.retryable = retryable;
    }
  }

  static Change plan(Topology topology, Action action, FaultSchedule schedule) {
    return switch (action.kind()) {
      case SCALE_OUT, SCALE_IN -> scaleOut(topology, action); // both set the replica count
      case REROUTE -> reroute(topology, action);
      case MIGRATE -> migrate(topology, action, schedule);
      // The simulated cloud models neither QoS classes nor link rates: such runbooks act on live sites.
      case QOS_CHANGE, BANDWIDTH, RESTART -> throw reject("the simulated cloud has no " + action.kind() + " control");
      // A probe changes no route (SimulatedCloud keeps it apart); a restore reaches the cloud as its reroute's rollback.
      case PROBE, RESTORE -> throw reject(action.kind() + " is not a change of routes or placement");
    };
  }

  private static Change scaleOut(Topology topology, Action action) {
    Service s = topology.service(targetId(action, "service:"))
        .orElseThrow(() -> reject("unknown service " + action.target()));
    String raw = param(action, "replicas");
    int replicas;
    try {
      replicas = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw reject("parameter 'replicas' must be an integer, got '" + raw + "'");
    }
    if (replicas <= 0) {
      throw reject("parameter 'replicas' must be > 0, got " + replicas);
    }
    Service next = s.placed(s.site(), s.node(), replicas);
    return new Change(topology.withService(next), List.of(), List.of(s),
        s.resource() + " replicas " + s.replicas() + " -> " + replicas);
  }

  private static Change reroute(Topology topology, Action action) {
    Link link = topology.link(targetId(action, "link:"))
        .orElseThrow(() -> reject("unknown link " + action.target()));
    String avoid = param(action, "avoid");
    if (topology.link(avoid).isEmpty()) {
      throw reject("parameter 'avoid' names unknown link '" + avoid + "'");
    }
    List<Path> crossing = topology.pathsCrossing(link.id());
    if (crossing.isEmpty()) {
      throw reject("no path crosses " + link.resource());
    }
    List<Path> rerouted = new ArrayList<>();
    for (Path p : crossing) {
      List<String> route = Routes.shortest(topology.links(), p.src(), p.dst(), Set.of(avoid))
          .orElseThrow(() -> reject("no route from " + p.src() + " to " + p.dst() + " avoids " + avoid));
      rerouted.add(new Path(p.src(), p.dst(), route));
    }
    Topology after = topology;
    for (Path p : rerouted) {
      after = after.withPath(p);
    }
    return new Change(after, crossing, List.of(), rerouted.size() + " path(s) rerouted around " + avoid);
  }

  private static Change migrate(Topology topology, Action action, FaultSchedule schedule) {
    Node from = topology.node(targetId(action, "node:"))
        .orElseThrow(() -> reject("unknown node " + action.target()));
    String toId = param(action, "to");
    Node to = topology.node(toId).orElseThrow(() -> reject("parameter 'to' names unknown node '" + toId + "'"));
    if (to.equals(from)) {
      throw reject("cannot migrate " + from.id() + " onto itself");
    }
    List<Service> moving = topology.servicesOn(from.id());
    if (moving.isEmpty()) {
      throw reject("no service runs on " + from.resource());
    }
    boolean needsGpu = moving.stream().anyMatch(Service::needsGpu);
    if (needsGpu && !to.hasGpu()) {
      throw reject(to.id() + " has no GPU for " + moving.stream().filter(Service::needsGpu).map(Service::id).toList());
    }
    // Retryable: a failed GPU may come back, unlike a wrong target.
    if (needsGpu && schedule.activeOn(FaultKind.GPU_NODE_FAILURE, to.resource(), action.time()).isPresent()) {
      throw new Rejected("the GPU of " + to.id() + " has failed", true);
    }
    Topology after = topology;
    for (Service s : moving) {
      after = after.withService(s.placed(to.site(), to.id(), s.replicas()));
    }
    return new Change(after, List.of(), moving, moving.size() + " service(s) moved " + from.id() + " -> " + to.id());
  }

  private static String targetId(Action action, String prefix) {
    String target = action.target();
    if (!target.startsWith(prefix) || target.length() == prefix.length()) {
      throw reject(action.kind() + " needs a target '" + prefix + "<id>', got '" + target + "'");
    }
    return target.substring(prefix.length());
  }

  private static String param(Action action, String name) {
    return Optional.ofNullable(action.params().get(name)).filter(v -> !v.isBlank())
        .orElseThrow(() -> reject(action.kind() + " needs parameter '" + name + "'"));
  }

  private static Rejected reject(String reason) {
    return new Rejected(reason, false);
  }
}
