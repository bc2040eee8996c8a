package io.sextant.sim;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.time.ScaledClock;
import static io.sextant.common.config.Keys.key;
import static io.sextant.common.config.YamlFields.choice;
import static io.sextant.common.config.YamlFields.duration;
import static io.sextant.common.config.YamlFields.instant;
import static io.sextant.common.config.YamlFields.integer;
import static io.sextant.common.config.YamlFields.known;
import static io.sextant.common.config.YamlFields.number;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The simulated cloud every process of one deployment builds for itself: the same seed, sites and
 * fault schedule give every process the same cloud, and the same {@code epoch}, {@code startWall}
 * and speeds give them the same simulated time (see {@link ScaledClock}). Each edge process emits
 * only its own site's samples from its copy.
 *
 * @param warmup fault-free simulated time the detectors learn from before the schedule starts
 * @param warmupSpeed simulated seconds per wall second during the warm-up
 * @param speed simulated seconds per wall second afterwards
 * @param faultSpeed simulated seconds per wall second for {@link #FOCUS} from each fault's start:
 *     detection, localization, repair and verification happen then, and a slower pace leaves the
 *     processes and the bus more wall time per simulated second (0: same as {@code speed})
 * @param startWall the wall-clock instant at which simulated time is {@code epoch}; identical in
 *     every process of the deployment
 * @param runFor simulated time after {@code epoch} at which edges stop producing windows; null
 *     means never (a deployment left running)
 */
public record SimulationSettings(long seed, int edgeSites, Duration warmup, double warmupSpeed, double speed,
    double faultSpeed, Instant epoch, Instant startWall, Faults faults, Duration runFor) {

  /** Which fault schedule the cloud plays. */
  public enum Faults { DEFAULT, NONE }

  public static final long DEFAULT_SEED = 1;
  public static final Duration DEFAULT_WARMUP = Duration.ofMinutes(30);
  public static final double DEFAULT_WARMUP_SPEED = 120;
  public static final double DEFAULT_SPEED = 60;
  public static final double DEFAULT_FAULT_SPEED = 0;
  /** Simulated time from a fault's start that runs at {@code faultSpeed}. */
  public static final Duration FOCUS = Duration.ofMinutes(3);

  public SimulationSettings {
    if (edgeSites < 1 || edgeSites > CloudSpec.MAX_EDGE_SITES) {
      throw new ConfigException("simulation.edge-sites: must be 1.." + CloudSpec.MAX_EDGE_SITES + ", got " + edgeSites);
    }
    if (warmup == null || warmup.isNegative()) {
      throw new ConfigException("simulation.warmup: must be a duration >= 0");
    }
    if (!(warmupSpeed > 0) || !(speed > 0) || Double.isInfinite(warmupSpeed) || Double.isInfinite(speed)) {
      throw new ConfigException("simulation.speed and simulation.warmup-speed: must be > 0 (simulated seconds per "
          + "wall second), got " + speed + " and " + warmupSpeed);
    }
    if (faultSpeed < 0 || Double.isNaN(faultSpeed) || Double.isInfinite(faultSpeed)) {
      throw new ConfigException("simulation.fault-speed: must be > 0, or 0 for the same as speed; got " + faultSpeed);
    }
    faultSpeed = faultSpeed == 0 ? speed : faultSpeed;
    epoch = epoch == null ? CloudSpec.DEFAULT_START : epoch;
    if (startWall == null) {
      throw new ConfigException("simulation.start-wall: required, the same instant in every process (e.g. "
          + "2026-11-23T18:00:00Z); or pass --start-wall");
    }
    faults = faults == null ? Faults.DEFAULT : faults;
    if (runFor != null && (runFor.isNegative() || runFor.isZero())) {
      throw new ConfigException("simulation.run-for: must be positive, got " + runFor);
    }
  }

  /** The keys of a configuration file's {@code simulation:} section, documented. */
  public static final Keys KEYS = Keys.of("simulation", "The simulated cloud as the node's source and actuator "
      + "(the demo's and the lab's); identical in every process of a deployment. Absent: the node is live.",
      key("seed", "whole number", String.valueOf(DEFAULT_SEED), "the seeded cloud: topology, KPIs, fault schedule"),
      key("edge-sites", "1.." + CloudSpec.MAX_EDGE_SITES, "3", "edge sites besides the central site"),
      key("warmup", "duration", "30m", "fault-free simulated time the detectors learn from"),
      key("warmup-speed", "number", String.valueOf((int) DEFAULT_WARMUP_SPEED), "simulated seconds per wall second "
          + "during the warm-up"),
      key("speed", "number", String.valueOf((int) DEFAULT_SPEED), "simulated seconds per wall second afterwards"),
      key("fault-speed", "number", "speed", "simulated seconds per wall second for 3 minutes from each fault's start"),
      key("faults", "default or none", "default", "the fault schedule"),
      key("epoch", "ISO-8601 instant", CloudSpec.DEFAULT_START.toString(), "simulated time at start-wall"),
      key("start-wall", "ISO-8601 instant", "required", "the wall-clock instant simulated time starts at, the same "
          + "in every process (--start-wall overrides)"),
      key("run-for", "duration", "—", "simulated time after which edges stop producing; absent: until stopped"));

  /** Reads a configuration file's {@code simulation:} section; {@code prefix} names it in errors. */
  public static SimulationSettings read(Map<String, Object> s, String prefix) {
    known(s, KEYS.names(), prefix);
    return new SimulationSettings(
        integer(s, "seed", prefix, DEFAULT_SEED),
        (int) integer(s, "edge-sites", prefix, 3),
        duration(s, "warmup", prefix, DEFAULT_WARMUP),
        number(s, "warmup-speed", prefix, DEFAULT_WARMUP_SPEED),
        number(s, "speed", prefix, DEFAULT_SPEED),
        number(s, "fault-speed", prefix, DEFAULT_FAULT_SPEED),
        instant(s, "epoch", prefix),
        instant(s, "start-wall", prefix),
        choice(s, "faults", prefix, "default", "default", "none").equals("none") ? Faults.NONE : Faults.DEFAULT,
        duration(s, "run-for", prefix, null));
  }

  public SimulationSettings withStartWall(Instant t) {
    return new SimulationSettings(seed, edgeSites, warmup, warmupSpeed, speed, faultSpeed, epoch, t, faults, runFor);
  }

  public SimulationSettings withRunFor(Duration d) {
    return new SimulationSettings(seed, edgeSites, warmup, warmupSpeed, speed, faultSpeed, epoch, startWall, faults, d);
  }

  public SimulationSettings withFaults(Faults f) {
    return new SimulationSettings(seed, edgeSites, warmup, warmupSpeed, speed, faultSpeed, epoch, startWall, f, runFor);
  }

  public CloudSpec spec() {
    return CloudSpec.defaults().withSeed(seed).withEdgeSites(edgeSites).withWarmup(warmup).withStart(epoch);
  }

  /** A fresh copy of the deployment's cloud (each call builds a new one with no action applied). */
  public SimulatedCloud cloud() {
    CloudSpec spec = spec();
    return faults == Faults.DEFAULT ? SimulatedCloud.withDefaultFaults(spec)
        : new SimulatedCloud(spec, FaultSchedule.none());
  }

  /**
   * The shared simulated time: {@code warmupSpeed} during the warm-up, {@code faultSpeed} for
   * {@link #FOCUS} from each fault's start, {@code speed} otherwise. Every process derives the same
   * segments from the same settings (the schedule is part of the seeded cloud).
   */
  public ScaledClock clock(Clock wall) {
    Instant live = epoch.plus(warmup);
    TreeSet<Instant> bounds = new TreeSet<>(List.of(epoch, live));
    List<Fault> faultList = cloud().schedule().faults();
    for (Fault f : faultList) {
      bounds.add(f.start());
      bounds.add(f.start().plus(FOCUS));
    }
    List<ScaledClock.Segment> segments = new ArrayList<>();
    for (Instant b : bounds) {
      if (b.isBefore(epoch)) {
        continue;
      }
      boolean focus = faultList.stream().anyMatch(f -> !b.isBefore(f.start()) && b.isBefore(f.start().plus(FOCUS)));
      double v = focus ? faultSpeed : b.isBefore(live) ? warmupSpeed : speed;
      if (segments.isEmpty() || segments.get(segments.size() - 1).speed() != v) {
        segments.add(new ScaledClock.Segment(b, v));
      }
    }
    return new ScaledClock(wall, startWall, segments);
  }

  /** The last window edges produce, or null when they run until stopped. */
  public Instant end() {
    return runFor == null ? null : epoch.plus(runFor);
  }
}
