package io.sextant.sim.replica;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Action;
import io.sextant.common.model.Command;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The simulated centre's actuator in distributed mode. An action is first sent as a command to every served
 * site (their edges apply it to their copies of the cloud) and, once the broker has persisted
 * every command, applied to the centre's own copy, which the diagnoser reads the topology from.
 * Sending first keeps the centre from reasoning on a topology the edges' measurements do not
 * reflect yet (it would blame the next link on the old routes' loss). A command the broker did
 * not take within {@link #SEND_TIMEOUT} fails the action as retryable and nothing is applied
 * centrally; an edge that then rejects a change the centre also rejects stays consistent, since
 * every copy plans the change on the same topology. Rollbacks go the same way.
 *
 * <p>Threading: called from the closed loop's tick; sends are synchronous, so commands reach the
 * sites in the order the actions were taken (a rollback never overtakes its action).
 */
public final class BroadcastActuator implements Actuator {
  public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final Actuator local;
  private final MessageBus bus;
  private final List<String> sites;
  private final Set<String> issued = ConcurrentHashMap.newKeySet();

  /** @param bus the centre's bus, which routes a command into the namespace of the site it is for */
  public BroadcastActuator(Actuator local, MessageBus bus, List<String> sites) {
    this.local = local;
    this.bus = bus;
    this.sites = List.copyOf(sites);
  }

  @Override
  public ActionResult apply(Action action) {
    issued.add(action.id()); // before the edges' APPLIED echo can reach the mirror
    String failure = send(site -> Command.apply(site, action));
    if (failure != null) {
      return ActionResult.failed(failure, true);
    }
    return local.apply(action);
  }

  @Override
  public ActionResult rollback(Action action) {
    String failure = send(site -> Command.rollback(site, action, action.time()));
    if (failure != null) {
      return ActionResult.failed(failure, true);
    }
    return local.rollback(action);
  }

  @Override
  public Topology topology() {
    return local.topology();
  }

  /** Whether this centre issued {@code actionId} (as opposed to an edge's local repair). */
  public boolean issued(String actionId) {
    return issued.contains(actionId);
  }

  /** Says hello to every site ({@link Command.Kind#HELLO}); null when every site's topic has it, else why not. */
  public String announce(java.time.Instant now) {
    return send(site -> Command.hello(site, now));
  }

  /** Null when every site's commands topic has its command, else why not. */
  private String send(java.util.function.Function<String, Command> command) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (String site : sites) {
      acks.add(bus.publish(Topic.COMMANDS, command.apply(site)));
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while sending the command to the sites";
    } catch (Exception e) {
      return "command not delivered to every site within " + SEND_TIMEOUT + ": " + e;
    }
  }
}
