package io.sextant.sim;

import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.ServiceCalls;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What each fault really affected, for scoring detection, localization and false alarms. The
 * affected set is fixed at injection: a path rerouted away later still counts as affected.
 */
public final class GroundTruth {
  private final List<Fault> faults;
  private final Map<String, Set<String>> affected;

  private GroundTruth(List<Fault> faults, Map<String, Set<String>> affected) {
    this.faults = faults;
    this.affected = affected;
  }

  /** Ground truth when every fault hits the same topology (no actions in between). */
  public static GroundTruth of(FaultSchedule schedule, Topology topology) {
    return of(schedule, f -> topology);
  }

  public static GroundTruth of(FaultSchedule schedule, Function<Fault, Topology> atInjection) {
    Map<String, Set<String>> affected = new LinkedHashMap<>();
    for (Fault f : schedule.faults()) {
      affected.put(f.id(), affectedResources(f, atInjection.apply(f)));
    }
    return new GroundTruth(schedule.faults(), Map.copyOf(affected));
  }

  /**
   * LINK_LOSS: the link and every path crossing it; GPU_NODE_FAILURE: the node and the services
   * on it; CPU_SATURATION, SERVICE_SLOW, SERVICE_ERRORS: the service and the services that call it,
   * directly or not (its latency and errors reach them). Sorted, so reports are stable.
   */
  public static Set<String> affectedResources(Fault fault, Topology atInjection) {
    TreeSet<String> out = new TreeSet<>();
    out.add(fault.target());
    switch (fault.kind()) {
      case LINK_LOSS -> out.addAll(atInjection.pathsCrossing(fault.targetId()).stream().map(Path::resource).toList());
      case GPU_NODE_FAILURE -> atInjection.servicesOn(fault.targetId()).stream()
          .map(Service::resource).forEach(out::add);
      case CPU_SATURATION, SERVICE_SLOW, SERVICE_ERRORS -> ServiceCalls.callersOf(atInjection.services(),
          fault.targetId()).forEach(id -> out.add("service:" + id));
    }
    return Set.copyOf(out);
  }

  public List<Fault> faults() {
    return faults;
  }

  public Set<String> affected(Fault fault) {
    Set<String> set = affected.get(fault.id());
    if (set == null) {
      throw new IllegalArgumentException("fault " + fault.id() + " is not in this ground truth");
    }
    return set;
  }

  /**
   * The fault an alarm on {@code resource} raised at {@code raisedAt} belongs to: one that
   * affected the resource and was active then, or had ended less than {@code grace} before
   * (recovery lags a fix). An active fault wins over an ended one, then the latest started.
   * Empty means a false alarm.
   */
  public Optional<Fault> explain(String resource, Instant raisedAt, Duration grace) {
    return faults.stream()
        .filter(f -> affected.get(f.id()).contains(resource))
        .filter(f -> !raisedAt.isBefore(f.start()) && raisedAt.isBefore(f.end().plus(grace)))
        .max(Comparator.comparing((Fault f) -> f.isActiveAt(raisedAt)).thenComparing(Fault::start));
  }
}
