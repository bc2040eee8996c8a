package io.sextant.sim;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.ProbeRequest;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The simulated distributed cloud: produces each site's KPIs for a window, plays a fault
 * schedule, and acts as the {@link Actuator} whose actions change routes and placement.
 *
 * <p>Threading: one lock guards the mutable state (current topology, applied actions, topologies
 * at injection). {@link #collect} only snapshots the immutable topology under the lock and
 * computes outside it, so sites can be collected in parallel while actions are applied; a
 * collect sees the topology as of the moment it started.
 *
 * <p>Samples depend only on (seed, resource, window, fault schedule, topology at collect time):
 * the same calls give bit-identical samples whatever the order or thread.
 */
public final class SimulatedCloud implements Actuator {
  private final CloudSpec spec;
  private final FaultSchedule schedule;
  private final KpiModel model;
  private final Object lock = new Object();
  private Topology topology;
  private final Map<String, Applied> applied = new LinkedHashMap<>();
  private final Map<String, Topology> atInjection = new HashMap<>();
  /** Protection probes asked for ({@link io.sextant.common.model.ActionKind#PROBE}), by action id. */
  private final Map<String, ProbeRequest> probes = new LinkedHashMap<>();

  private record Applied(Action action, Change change) {}

  public SimulatedCloud(CloudSpec spec, FaultSchedule schedule) {
    this(spec, TopologyGenerator.generate(spec), schedule);
  }

  /** A cloud over a hand-made topology (tests of corner cases the generator never produces). */
  public SimulatedCloud(CloudSpec spec, Topology topology, FaultSchedule schedule) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.topology = Objects.requireNonNull(topology, "topology");
    this.model = new KpiModel(spec, topology, schedule);
  }

  /** The default cloud of a spec: generated topology and the default three-fault schedule. */
  public static SimulatedCloud withDefaultFaults(CloudSpec spec) {
    Topology t = TopologyGenerator.generate(spec);
    return new SimulatedCloud(spec, t, FaultSchedule.defaultFor(spec, t));
  }

  /** The demo's cloud: generated topology and {@link FaultSchedule#demoFor the demo's four faults}. */
  public static SimulatedCloud withDemoFaults(CloudSpec spec) {
    Topology t = TopologyGenerator.generate(spec);
    return new SimulatedCloud(spec, t, FaultSchedule.demoFor(spec, t));
  }

  public CloudSpec spec() {
    return spec;
  }

  public FaultSchedule schedule() {
    return schedule;
  }

  @Override
  public Topology topology() {
    synchronized (lock) {
      return topology;
    }
  }

  /**
   * The KPIs of {@code site} for the window ending at {@code t}; {@code t} must lie on the step
   * grid. Throws {@link IllegalArgumentException} for an unknown site or an off-grid time.
   */
  public List<Sample> collect(String site, Instant t) {
    long tick = spec.tickOf(t);
    Topology snapshot;
    List<ProbeRequest> protection;
    synchronized (lock) {
      noteInjections(t);
      snapshot = topology;
      protection = probes.values().stream().filter(p -> p.src().equals(site)).toList();
    }
    if (snapshot.sites().stream().noneMatch(s -> s.id().equals(site))) {
      throw new IllegalArgumentException("unknown site '" + site + "'");
    }
    List<Sample> out = model.collect(snapshot, site, t, tick);
    for (ProbeRequest p : protection) {
      out.add(model.protectionProbe(p, t, tick));
    }
    return out;
  }

  /** Every site's KPIs for the window ending at {@code t}, sites in topology order. */
  public List<Sample> collectAll(Instant t) {
    List<Sample> all = new ArrayList<>();
    for (Site s : topology().sites()) {
      all.addAll(collect(s.id(), t));
    }
    return all;
  }

  /**
   * Idempotent per action id: applying an accepted action again changes nothing. A
   * {@link ActionKind#PROBE} changes no route: its site sends protection probes over the given
   * route from the next window on, until it is rolled back.
   */
  @Override
  public ActionResult apply(Action action) {
    if (action.kind() == ActionKind.PROBE) {
      return startProbe(action);
    }
    synchronized (lock) {
      // The affected set of a fault starting now is what the fault hit, not what the fix left.
      noteInjections(action.time());
      if (applied.containsKey(action.id())) {
        return ActionResult.ok("already applied: " + applied.get(action.id()).change().detail());
      }
      Change change;
      try {
        change = Changes.plan(topology, action, schedule);
      } catch (Changes.Rejected r) {
        return ActionResult.failed(r.getMessage(), r.retryable);
      }
      topology = change.after();
      applied.put(action.id(), new Applied(action, change));
      return ActionResult.ok(change.detail());
    }
  }

  /**
   * Restores the paths or services {@code action} replaced. Actions applied since on the same
   * elements are overwritten: roll back in reverse order when actions overlap.
   */
  @Override
  public ActionResult rollback(Action action) {
    if (action.kind() == ActionKind.PROBE) {
      synchronized (lock) {
        return probes.remove(action.id()) == null
            ? ActionResult.failed("probe " + action.id() + " is not running", false)
            : ActionResult.ok("protection probe stopped on " + action.target());
      }
    }
    synchronized (lock) {
      Applied a = applied.remove(action.id());
      if (a == null) {
        return ActionResult.failed("action " + action.id() + " is not applied (never, or already rolled back)", false);
      }
      topology = a.change().undo(topology);
      return ActionResult.ok("rolled back: " + a.change().detail());
    }
  }

  private ActionResult startProbe(Action action) {
    ProbeRequest p;
    try {
      p = ProbeRequest.of(action);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage(), false);
    }
    synchronized (lock) {
      if (topology.sites().stream().noneMatch(s -> s.id().equals(p.src()))) {
        return ActionResult.failed("unknown probing site '" + p.src() + "'", false);
      }
      for (String l : p.route()) {
        if (topology.link(l).isEmpty()) {
          return ActionResult.failed("probe route names unknown link '" + l + "'", false);
        }
      }
      probes.putIfAbsent(action.id(), p);
    }
    return ActionResult.ok("protection probe " + p.src() + " -> " + p.peer() + " across " + p.link() + " over "
        + p.route());
  }

  /** The protection probes running, in the order they were asked for. */
  public List<ProbeRequest> protectionProbes() {
    synchronized (lock) {
      return List.copyOf(probes.values());
    }
  }

  /** Actions applied and not rolled back, in the order they were applied. */
  public List<Action> appliedActions() {
    synchronized (lock) {
      return applied.values().stream().map(Applied::action).toList();
    }
  }

  /**
   * Ground truth with each fault's affected set taken from the topology the cloud had when it
   * first saw time reach the fault's start; a fault not reached yet uses the current topology.
   */
  public GroundTruth groundTruth() {
    synchronized (lock) {
      Map<String, Topology> seen = Map.copyOf(atInjection);
      Topology now = topology;
      return GroundTruth.of(schedule, f -> seen.getOrDefault(f.id(), now));
    }
  }

  private void noteInjections(Instant t) {
    for (Fault f : schedule.faults()) {
      if (!t.isBefore(f.start())) {
        atInjection.putIfAbsent(f.id(), topology);
      }
    }
  }
}
