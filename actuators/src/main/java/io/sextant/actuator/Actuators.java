package io.sextant.actuator;

import io.sextant.actuator.command.CommandAdapter;
import io.sextant.actuator.hook.CallbackReceiver;
import io.sextant.actuator.hook.CallbackServer;
import io.sextant.actuator.hook.HookAdapter;
import io.sextant.actuator.kubernetes.KubernetesAdapter;
import io.sextant.actuator.routing.RoutingAdapter;
import io.sextant.actuator.shaping.ShapingAdapter;
import io.sextant.common.action.Actuator;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.YamlFields;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a node's {@code actuators:} section opens, assembled in one place: the callback
 * receiver and its server, the hooks, the Kubernetes client, the command allow-list, the routing
 * adapter, and the
 * {@link ActuatorDispatcher} over them. Closed with the node.
 */
public final class Actuators implements AutoCloseable {
  private final ActuatorDispatcher dispatcher;
  private final Counters counters;
  private final CallbackReceiver callbacks;
  private final CallbackServer server;
  private final List<AutoCloseable> opened;

  private Actuators(ActuatorDispatcher dispatcher, Counters counters, CallbackReceiver callbacks,
      CallbackServer server, List<AutoCloseable> opened) {
    this.dispatcher = dispatcher;
    this.counters = counters;
    this.callbacks = callbacks;
    this.server = server;
    this.opened = opened;
  }

  /**
   * @param node this node's name (the hooks' event source)
   * @param audit the node's audit sink: every adapter call and callback goes there
   * @param fallback what acts on an action no step or route sends elsewhere
   */
  public static Actuators open(ActuatorSettings s, String node, Clock clock, Consumer<ActionEvent> audit,
      Actuator fallback, Supplier<Topology> topology) {
    Counters counters = new Counters();
    CallLog log = new CallLog(clock, audit);
    List<AutoCloseable> opened = new ArrayList<>();
    boolean ok = false;
    try {
      CallbackServer server = null;
      CallbackReceiver receiver = null;
      if (s.callbacks() != null) {
        try {
          server = new CallbackServer(s.callbacks().listen());
        } catch (IOException e) {
          throw new ConfigException("actuators.callbacks.listen: cannot listen on " + s.callbacks().listen() + ": "
              + e.getMessage(), e);
        }
        opened.add(server);
        URI url = s.callbacks().url() != null ? s.callbacks().url()
            : URI.create("http://" + s.callbacks().listen().getHostString() + ":" + server.port());
        receiver = new CallbackReceiver(url, clock, log, counters);
        server.mount(receiver);
      }
      AdapterSet adapters = new AdapterSet();
      for (Map.Entry<String, ActuatorSettings.Hook> e : s.hooks().entrySet()) {
        String field = "actuators.hooks." + e.getKey();
        String secret = YamlFields.readSecret(e.getValue().settings().secretFile(), field + ".secret-file");
        try {
          adapters.hook(e.getKey(), new HookAdapter(e.getValue().settings(), secret, node, receiver, log, counters,
              clock, d -> Thread.sleep(d.toMillis())), e.getValue().sites());
        } catch (IOException | IllegalArgumentException ex) {
          throw new ConfigException(field + ": " + ex.getMessage(), ex);
        }
      }
      if (s.kubernetes() != null) {
        try {
          KubernetesAdapter k = KubernetesAdapter.connect(s.kubernetes().settings(), log, counters);
          opened.add(k);
          adapters.kubernetes(k, s.kubernetes().sites());
        } catch (IOException | RuntimeException ex) {
          throw new ConfigException("actuators.kubernetes: " + ex.getMessage(), ex);
        }
      }
      if (s.commands() != null) {
        CommandAdapter c = new CommandAdapter(s.commands().allow(), s.commands().timeout(), log, counters);
        adapters.commands(c, s.commands().sites(), c::allows);
      }
      if (s.routing() != null) {
        RoutingAdapter r = new RoutingAdapter(s.routing(), clock, log, counters);
        adapters.routing(r, s.routing().sites(), r::allows);
      }
      if (s.tc() != null) {
        ShapingAdapter t = new ShapingAdapter(s.tc(), log, counters);
        adapters.tc(t, s.tc().sites(), t::allows);
      }
      ActuatorDispatcher d = new ActuatorDispatcher(adapters, s.routes(), fallback, topology, counters);
      ok = true;
      return new Actuators(d, counters, receiver, server, opened);
    } finally {
      if (!ok) {
        closeAll(opened);
      }
    }
  }

  public Actuator actuator() {
    return dispatcher;
  }

  public Counters counters() {
    return counters;
  }

  /** The callback receiver, to mount on another HTTP server too; null without {@code actuators.callbacks}. */
  public CallbackReceiver callbacks() {
    return callbacks;
  }

  /** The callback server's port, or -1. */
  public int callbackPort() {
    return server == null ? -1 : server.port();
  }

  @Override
  public void close() {
    closeAll(opened);
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        // closing on the way out: nothing more to do
      }
    }
  }
}
