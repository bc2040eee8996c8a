package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picks a backup node for the services of a failed node: a healthy GPU node (when a service needs
 * one) at the same site, fewest services first, else one at the central cloud. {@code healthy}
 * says which nodes are fit to receive work (no open fault on them).
 */
public final class MigratePlanner implements ActionPlanner {
  private final Predicate<String> healthy;

  public MigratePlanner(Predicate<String> healthyNodeResource) {
    this.healthy = healthyNodeResource;
  }

  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String nodeId = trigger.resourceId("node");
    Optional<Node> failed = topology.node(nodeId);
    if (failed.isEmpty()) {
      return new Plan.Unplannable("unknown node " + nodeId);
    }
    List<Service> moving = topology.servicesOn(nodeId);
    if (moving.isEmpty()) {
      return new Plan.Unplannable("no service runs on " + nodeId);
    }
    boolean needsGpu = moving.stream().anyMatch(Service::needsGpu);
    String site = failed.get().site();
    String central = topology.sites().stream().filter(s -> s.kind() == Site.Kind.CENTRAL).map(Site::id)
        .findFirst().orElse(site);
    boolean sameSiteFirst = !"central".equals(runbook.option("prefer", "same-site"));
    Comparator<Node> order = Comparator
        .comparing((Node n) -> n.site().equals(site) == sameSiteFirst ? 0 : 1)
        .thenComparingInt(n -> topology.servicesOn(n.id()).size())
        .thenComparing(Node::id);
    Optional<Node> backup = topology.nodes().stream()
        .filter(n -> !n.id().equals(nodeId))
        .filter(n -> n.site().equals(site) || n.site().equals(central))
        .filter(n -> !needsGpu || n.hasGpu())
        .filter(n -> healthy.test(n.resource()))
        .min(order);
    if (backup.isEmpty()) {
      return new Plan.Unplannable("no healthy " + (needsGpu ? "GPU " : "") + "node at " + site + " or " + central);
    }
    List<String> verify = moving.stream().map(Service::resource).toList();
    Action action = new Action(null, site, now, ActionKind.MIGRATE, trigger.resource(),
        Map.of("to", backup.get().id(), "services", Integer.toString(moving.size())), runbook.id(), trigger.id(),
        null);
    return new Plan.Planned(action, moving.size(), verify);
  }
}
