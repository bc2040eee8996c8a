package io.sextant.node.central.infra;

import io.sextant.common.action.Actuator;
import io.sextant.common.bus.MessageBus;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.sextant.runbook.model.Runbook;

/**
 * What the centre reasons on and acts on: the live cloud ({@link LiveInfrastructure}: the topology
 * file, the wall clock) or the deployment's simulated cloud ({@link SimulatedInfrastructure}: the
 * centre's copy, on the shared simulated time). The centre is the same code either way; this
 * interface is the only place the two differ.
 */
public interface Infrastructure extends AutoCloseable {
  /** The live cloud, or the simulated one when the configuration has {@code simulation:}. */
  static Infrastructure open(CentralConfig config, Clock wall) {
    return config.simulation() != null ? new SimulatedInfrastructure(config, wall) : new LiveInfrastructure(config, wall);
  }

  /** The centre's clock: the time of the samples it reasons on. */
  Clock clock();

  /** The period of the centre's tick (the edges' window). */
  Duration step();

  /** Windows end at {@code origin + k * step}; the centre ticks half a window after each. */
  Instant origin();

  /**
   * Prepares to act and returns the actuator the closed loop acts through ({@code bus} is the
   * centre's, which routes a command into its site's namespace; {@code store} holds the audit log).
   */
  Actuator start(MessageBus bus, PostgresStore store);

  /** The runbooks the closed loop runs: the built-in ones on the simulated cloud, the configured directory's live. */
  List<Runbook> runbooks();

  /** The receiver of hook callbacks, for the centre's HTTP server to mount; empty when none is configured. */
  default java.util.Optional<io.sextant.actuator.hook.CallbackReceiver> hookCallbacks() {
    return java.util.Optional.empty();
  }

  /** The adapters' refusal, failure and callback counters by reason; empty when the centre has no adapters. */
  default java.util.Optional<io.sextant.actuator.Counters> actuatorCounters() {
    return java.util.Optional.empty();
  }

  /** One line for the ready message. */
  String describe();

  @Override
  void close();
}
