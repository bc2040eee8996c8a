package io.sextant.node.central.infra;

import io.sextant.common.action.Actuator;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.sim.SimulatedCloud;
import io.sextant.sim.SimulationSettings;
import io.sextant.sim.replica.BroadcastActuator;
import io.sextant.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The centre's copy of the deployment's simulated cloud, on the shared simulated time. An action
 * goes to every site as a command before it changes the copy ({@link BroadcastActuator}); the
 * edges' local repairs are mirrored into the copy from their action events; a restarted centre
 * rebuilds its copy from the audit log.
 */
final class SimulatedInfrastructure implements Infrastructure {
  private static final Logger log = LoggerFactory.getLogger(SimulatedInfrastructure.class);

  private final SimulatedCloud cloud;
  private final Clock clock;
  private final List<String> sites;
  private BroadcastActuator actuator;
  private Bus.Subscription mirror;
  private int replayed;

  SimulatedInfrastructure(CentralConfig config, Clock wall) {
    SimulationSettings sim = config.simulation();
    this.cloud = sim.cloud();
    this.clock = sim.clock(wall);
    this.sites = config.servedSites();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Duration step() {
    return cloud.spec().step();
  }

  @Override
  public Instant origin() {
    return cloud.spec().start();
  }

  @Override
  public Actuator start(MessageBus bus, PostgresStore store) {
    replayed = replayAudit(store);
    actuator = new BroadcastActuator(cloud, bus, sites);
    mirror = bus.subscribe(Topic.ACTION_EVENTS, "central-mirror", this::mirror);
    String unannounced = actuator.announce(clock.instant());
    if (unannounced != null) {
      log.warn("could not say hello to every site (commands will still be sent): {}", unannounced);
    }
    return actuator;
  }

  /** Rebuilds the copy of the cloud from what the audit log says was applied and rolled back. */
  private int replayAudit(PostgresStore store) {
    int n = 0;
    java.util.Map<String, io.sextant.common.model.Action> applied = new java.util.HashMap<>();
    for (ActionEvent e : store.auditLog()) {
      if (e.action().kind() == ActionKind.RESTORE) {
        // A restore was carried out as its reroute's rollback.
        var reroute = applied.get(e.action().params().get("restores"));
        if (e.state() == ActionState.APPLIED && reroute != null) {
          cloud.rollback(reroute);
          n++;
        }
        continue;
      }
      if (e.state() == ActionState.APPLIED) {
        applied.put(e.action().id(), e.action());
        cloud.apply(e.action());
        n++;
      } else if (e.state() == ActionState.ROLLED_BACK) {
        cloud.rollback(e.action());
        n++;
      }
    }
    return n;
  }

  /**
   * Keeps the copy in step with the edges' local repairs (a scale-out changes placement the centre
   * reasons on). The centre's own actions are already applied.
   */
  private void mirror(ActionEvent e) {
    // A restore reached the copy as its reroute's rollback through the actuator already.
    if (actuator.issued(e.action().id()) || e.action().kind() == ActionKind.RESTORE) {
      return;
    }
    if (e.state() == ActionState.APPLIED) {
      cloud.apply(e.action());
    } else if (e.state() == ActionState.ROLLED_BACK) {
      cloud.rollback(e.action());
    }
  }

  @Override
  public List<Runbook> runbooks() {
    return RunbookLoader.builtIn();
  }

  @Override
  public String describe() {
    return "simulated actions-replayed=" + replayed;
  }

  @Override
  public void close() {
    if (mirror != null) {
      mirror.close();
    }
  }
}
