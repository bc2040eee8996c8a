package io.sextant.node.central.infra;

import io.sextant.common.action.Actuator;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.topology.Topology;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The live cloud: the wall clock, a tick every {@code interval}, the topology of
 * {@code topology-file} (none: no link localization). No infrastructure adapter is wired yet, so a
 * diagnosis is alarmed and audited, and every action refused with the reason.
 */
final class LiveInfrastructure implements Infrastructure {
  private final Clock clock;
  private final Duration step;
  private final Topology topology;

  LiveInfrastructure(CentralConfig config, Clock wall) {
    this.clock = wall;
    this.step = config.interval();
    this.topology = config.topologyFile() == null ? null : TopologyFile.read(config.topologyFile());
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Duration step() {
    return step;
  }

  @Override
  public Instant origin() {
    return Instant.EPOCH;
  }

  @Override
  public Actuator start(MessageBus bus, PostgresStore store) {
    return new UnwiredActuator(topology);
  }

  @Override
  public String describe() {
    return "live interval=" + step.toSeconds() + "s topology="
        + (topology == null ? "none" : topology.links().size() + "-links");
  }

  @Override
  public void close() {}
}
