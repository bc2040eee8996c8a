package io.sextant.sim;

import io.sextant.common.action.ProbeRequest;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Computes one site's KPIs for one window from a topology snapshot and the faults active then.
 * Stateless apart from the profiles fixed at construction, so it runs outside the cloud's lock.
 * Every resource draws its noise from its own (seed, resource, tick) stream, always the same
 * number of draws, so a fault changes only the KPIs it is meant to change.
 */
final class KpiModel {
  /**
   * Loss of a healthy link. Not 0.0005: with 200 probes over 3-4 links that gives a window with
   * 5+ lost probes (loss 0.025, past the detector's +0.02 effect) a few times a day per cloud,
   * i.e. false alarms; at 0.0002 that is about once in twenty days.
   */
  static final double HEALTHY_LINK_LOSS = 0.0002;
  static final double DAILY_AMPLITUDE = 0.3;
  static final long PEAK_SHIFT_SECONDS = 6 * 3600;
  static final double DEMAND_NOISE = 0.03;
  static final double MAX_UTIL = 0.98;
  static final double BASE_LATENCY_MS = 20;
  static final double MAX_LATENCY_MS = 2000;
  static final double HEALTHY_ERROR_RATIO = 0.001;
  /**
   * Share of a caller's requests that call each of its dependencies: that share of the
   * dependency's latency adds to the caller's, and of its failures fail the caller's requests.
   */
  static final double CALL_SHARE = 0.8;
  /** A replica's CPU limit in cores: how much of its node one fully busy replica uses. */
  static final double REPLICA_CORES = 0.5;

  private final long seed;
  private final int probes;
  private final FaultSchedule schedule;
  /** Read-only after construction, so concurrent collects need no lock. */
  private final Map<String, ServiceProfile> profiles;

  KpiModel(CloudSpec spec, Topology initial, FaultSchedule schedule) {
    this.seed = spec.seed();
    this.probes = spec.probesPerWindow();
    this.schedule = schedule;
    Map<String, ServiceProfile> p = new HashMap<>();
    initial.services().forEach(s -> p.put(s.id(), ServiceProfile.of(seed, s)));
    this.profiles = Map.copyOf(p);
  }

  private record Load(Service service, double rps, double util, double latency, double errors, double gpu) {}

  List<Sample> collect(Topology topology, String site, Instant t, long tick) {
    double cycle = cycle(t);
    Map<String, List<Load>> byNode = new HashMap<>();
    List<Load> loads = new ArrayList<>();
    Map<String, Load> known = new HashMap<>();
    for (Service s : topology.servicesAt(site)) {
      Load l = load(topology, s, t, tick, cycle, known, new HashSet<>());
      loads.add(l);
      byNode.computeIfAbsent(s.node(), n -> new ArrayList<>()).add(l);
    }
    List<Sample> out = new ArrayList<>();
    for (Node n : topology.nodesAt(site)) {
      node(out, n, byNode.getOrDefault(n.id(), List.of()), site, t, tick);
    }
    for (Load l : loads) {
      Service s = l.service();
      // A service's KPI series must survive a migration, so placement is not part of their
      // identity; only the replica count says where the service runs.
      var labels = Labels.of(Sample.RESOURCE, s.resource(), "service", s.id());
      out.add(new Sample(site, Kpis.SERVICE_RPS, labels, t, l.rps()));
      out.add(new Sample(site, Kpis.SERVICE_CPU, labels, t, l.util()));
      out.add(new Sample(site, Kpis.SERVICE_LATENCY, labels, t, l.latency()));
      out.add(new Sample(site, Kpis.SERVICE_ERROR_RATIO, labels, t, l.errors()));
      out.add(new Sample(site, Kpis.SERVICE_REPLICAS, Labels.of(Sample.RESOURCE, s.resource(), "service", s.id(),
          "node", s.node()), t, s.replicas()));
    }
    for (Path p : topology.pathsFrom(site)) {
      probe(out, topology, p, site, t, tick);
    }
    return out;
  }

  /** 1 + 0.3 sin(2π (secondOfDay − 6 h) / 24 h): trough at 00:00 UTC, peak at 12:00. */
  static double cycle(Instant t) {
    long secondOfDay = Math.floorMod(t.getEpochSecond(), 86_400L);
    return 1 + DAILY_AMPLITUDE * StrictMath.sin(2 * StrictMath.PI * (secondOfDay - PEAK_SHIFT_SECONDS) / 86_400.0);
  }

  /**
   * A service's load with what its dependencies add: a share {@link #CALL_SHARE} of its requests
   * wait for each dependency and fail with it, so a slow or failing dependency (its own fault, or
   * one of its dependencies') shows in its callers. A dependency at another site is computed the
   * same way (its KPIs are its own site's). {@code visiting} guards against a cycle, which the
   * topology file refuses anyway.
   */
  private Load load(Topology topology, Service s, Instant t, long tick, double cycle, Map<String, Load> known,
      Set<String> visiting) {
    Load cached = known.get(s.id());
    if (cached != null) {
      return cached;
    }
    visiting.add(s.id());
    Load own = ownLoad(s, t, tick, cycle);
    double latency = own.latency();
    double ok = 1 - own.errors();
    for (String id : s.dependsOn()) {
      Optional<Service> dep = topology.service(id);
      if (dep.isEmpty() || visiting.contains(id)) {
        continue;
      }
      Load d = load(topology, dep.get(), t, tick, cycle, known, visiting);
      latency += CALL_SHARE * d.latency();
      ok *= 1 - CALL_SHARE * d.errors();
    }
    visiting.remove(s.id());
    Load l = new Load(s, own.rps(), own.util(), Math.min(MAX_LATENCY_MS, latency), 1 - ok, own.gpu());
    known.put(s.id(), l);
    return l;
  }

  private Load ownLoad(Service s, Instant t, long tick, double cycle) {
    Noise noise = new Noise(seed, s.resource(), tick);
    double gDemand = noise.gaussian();
    double gLatency = noise.gaussian();
    double gErrors = noise.gaussian();
    double uErrors = noise.uniform();
    ServiceProfile p = profiles.get(s.id());
    if (p == null) {
      p = ServiceProfile.of(seed, s);
    }
    double surge = magnitude(FaultKind.CPU_SATURATION, s.resource(), t).orElse(1.0);
    double factor = cycle * (1 + DEMAND_NOISE * gDemand) * surge;
    double util = Math.min(MAX_UTIL, p.baseDemand() * factor / s.replicas());
    // The service is hurt by a GPU failure only while it still sits on the failed node.
    Optional<Double> gpuDown = magnitude(FaultKind.GPU_NODE_FAILURE, "node:" + s.node(), t);
    double slow = magnitude(FaultKind.SERVICE_SLOW, s.resource(), t).orElse(1.0);
    double latency = BASE_LATENCY_MS / (1 - util) * (1 + 0.04 * gLatency) * gpuDown.orElse(1.0) * slow;
    double errors = gpuDown.isPresent()
        ? 0.3 + 0.2 * uErrors
        : Math.max(0, HEALTHY_ERROR_RATIO * (1 + 0.2 * gErrors));
    Optional<Double> failing = magnitude(FaultKind.SERVICE_ERRORS, s.resource(), t);
    if (failing.isPresent()) {
      errors = Math.min(1, Math.max(errors, failing.get() * (0.9 + 0.2 * uErrors)));
    }
    return new Load(s, p.baseRps() * factor, util, Math.min(MAX_LATENCY_MS, latency), errors,
        p.gpuLoad() * cycle * (1 + DEMAND_NOISE * gDemand));
  }

  private void node(List<Sample> out, Node n, List<Load> hosted, String site, Instant t, long tick) {
    SplittableRandom profile = Seeds.rng(seed, "profile:" + n.resource(), 0);
    double background = 0.06 + 0.04 * profile.nextDouble();
    double memoryBase = 0.35 + 0.15 * profile.nextDouble();
    Noise noise = new Noise(seed, n.resource(), tick);
    double gCpu = noise.gaussian();
    double gMemory = noise.gaussian();
    double gGpu = noise.gaussian();
    double cores = 0;
    int replicas = 0;
    double gpuLoad = 0;
    for (Load l : hosted) {
      cores += l.service().replicas() * l.util() * REPLICA_CORES;
      replicas += l.service().replicas();
      gpuLoad += l.gpu();
    }
    var labels = Labels.of(Sample.RESOURCE, n.resource(), "node", n.id());
    out.add(new Sample(site, Kpis.NODE_CPU, labels, t, clamp(background + cores / n.cpus() + 0.01 * gCpu)));
    out.add(new Sample(site, Kpis.NODE_MEMORY, labels, t, clamp(memoryBase + 0.02 * replicas + 0.005 * gMemory)));
    if (n.hasGpu()) {
      boolean failed = schedule.activeOn(FaultKind.GPU_NODE_FAILURE, n.resource(), t).isPresent();
      double idle = gpuLoad == 0 ? 0.01 + 0.005 * Math.abs(gGpu) : 0.01 * gGpu;
      out.add(new Sample(site, Kpis.NODE_GPU_UP, labels, t, failed ? 0 : 1));
      out.add(new Sample(site, Kpis.NODE_GPU_UTILIZATION, labels, t, failed ? 0 : clamp(gpuLoad + idle)));
    }
  }

  private void probe(List<Sample> out, Topology topology, Path p, String site, Instant t, long tick) {
    Noise noise = new Noise(seed, p.resource(), tick);
    double delivered = 1;
    double latency = 0;
    for (String id : p.links()) {
      delivered *= 1 - magnitude(FaultKind.LINK_LOSS, "link:" + id, t).orElse(HEALTHY_LINK_LOSS);
      latency += topology.link(id).map(Link::latencyMs).orElse(0.0);
    }
    int lost = noise.binomial(probes, 1 - delivered);
    double gRtt = noise.gaussian();
    double gJitter = noise.gaussian();
    var labels = Labels.of(Sample.RESOURCE, p.resource(), "src", p.src(), "dst", p.dst());
    out.add(new Sample(site, Kpis.PROBE_LOSS, labels, t, (double) lost / probes));
    out.add(new Sample(site, Kpis.PROBE_SENT, labels, t, probes));
    out.add(new Sample(site, Kpis.PROBE_RTT, labels, t, 2 * latency + 0.2 + 0.15 * Math.abs(gRtt)));
    out.add(new Sample(site, Kpis.PROBE_JITTER, labels, t, 0.05 + 0.03 * latency * (1 + 0.2 * Math.abs(gJitter))));
  }

  /**
   * A protection probe's loss for the window: its probes cross its pinned route whatever the
   * current topology routes the path over, so a rerouted link stays measured. Its own noise stream.
   */
  Sample protectionProbe(ProbeRequest p, Instant t, long tick) {
    double delivered = 1;
    for (String id : p.route()) {
      delivered *= 1 - magnitude(FaultKind.LINK_LOSS, "link:" + id, t).orElse(HEALTHY_LINK_LOSS);
    }
    Noise noise = new Noise(seed, "protect:" + p.link() + ":" + p.src() + ">" + p.peer(), tick);
    int lost = noise.binomial(p.probes(), 1 - delivered);
    return new Sample(p.src(), ProbeRequest.METRIC, Labels.of(Sample.RESOURCE, "link:" + p.link(), "src", p.src(),
        "dst", p.peer()), t, (double) lost / p.probes());
  }

  private Optional<Double> magnitude(FaultKind kind, String target, Instant t) {
    return schedule.activeOn(kind, target, t).map(Fault::magnitude);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
