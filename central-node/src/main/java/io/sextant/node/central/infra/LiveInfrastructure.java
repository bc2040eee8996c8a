package io.sextant.node.central.infra;

import io.sextant.actuator.Actuators;
import io.sextant.actuator.hook.CallbackReceiver;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.topology.Topology;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.runbook.load.Problem;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live cloud: the wall clock, a tick every {@code interval}, the topology of
 * {@code topology-file} (none: no link localization), the central runbooks of the
 * {@code runbooks:} directory (a bad file is left out, logged and counted), and the adapters of
 * {@code actuators:}, whose every call is audited on the centre's action-events topic. An action
 * no step or route sends to an adapter is refused with the reason.
 */
final class LiveInfrastructure implements Infrastructure {
  private static final Logger log = LoggerFactory.getLogger(LiveInfrastructure.class);
  private final CentralConfig config;
  private final Clock clock;
  private final Duration step;
  private final Topology topology;
  private final List<Runbook> runbooks;
  private final List<Problem> refused;
  private Actuators actuators;

  LiveInfrastructure(CentralConfig config, Clock wall) {
    this.config = config;
    this.clock = wall;
    this.step = config.interval();
    this.topology = config.topologyFile() == null ? null : TopologyFile.read(config.topologyFile());
    if (config.runbooks() == null) {
      this.runbooks = List.of();
      this.refused = List.of();
    } else {
      RunbookLoader.Loaded loaded = RunbookLoader.load(config.runbooks());
      this.runbooks = loaded.runbooks();
      this.refused = loaded.problems();
      refused.forEach(p -> log.error("runbook refused: {}", p));
    }
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
    Topology t = topology == null ? UnwiredActuator.empty() : topology;
    actuators = Actuators.open(config.actuators(), config.namespace(), clock, e -> bus.publish(Topic.ACTION_EVENTS, e),
        new UnwiredActuator(topology), () -> t);
    return topology == null ? actuators.actuator() : new ReroutesInPlace(actuators.actuator(), topology);
  }

  @Override
  public List<Runbook> runbooks() {
    return runbooks;
  }

  @Override
  public Optional<CallbackReceiver> hookCallbacks() {
    return Optional.ofNullable(actuators == null ? null : actuators.callbacks());
  }

  @Override
  public Optional<io.sextant.actuator.Counters> actuatorCounters() {
    return Optional.ofNullable(actuators == null ? null : actuators.counters());
  }

  @Override
  public String describe() {
    return "live interval=" + step.toSeconds() + "s topology="
        + (topology == null ? "none" : topology.links().size() + "-links")
        + " runbooks=" + runbooks.stream().map(Runbook::id).toList()
        + (refused.isEmpty() ? "" : " runbooks-refused=" + refused.size())
        + (actuators == null || actuators.callbackPort() < 0 ? "" : " callbacks=" + actuators.callbackPort());
  }

  @Override
  public void close() {
    if (actuators != null) {
      actuators.close();
    }
  }
}
