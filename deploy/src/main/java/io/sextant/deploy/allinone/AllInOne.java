package io.sextant.deploy.allinone;

import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.node.central.Central;
import io.sextant.node.central.CentralOptions;
import io.sextant.common.security.ApiTokens;
import io.sextant.node.edge.EdgeSite;
import io.sextant.node.edge.Uplink;
import io.sextant.node.edge.inputs.SimulatedSiteSource;
import io.sextant.runbook.model.Runbook;
import io.sextant.store.PostgresStore;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.SimulatedCloud;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Command;

/**
 * The whole system in one JVM over the in-process bus: an edge pipeline per site (the central
 * cloud is a site too: it has nodes and probes) and the central pipeline. {@link #step()} moves
 * simulated time one window and waits until every message of that window has been handled,
 * which makes a run reproducible for a seed.
 */
public final class AllInOne implements AutoCloseable {
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private final MutableClock clock;
  private final SimulatedCloud cloud;
  private final InProcessBus rawBus = new InProcessBus();
  private final MessageBus bus = new MessageBus(rawBus);
  private final Central central;
  private final List<EdgeSite> edges = new ArrayList<>();
  private ModelLoop models;
  private final Bus.Subscription commands;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AllInOne.class);

  /**
   * The alarm service of the all-in-one: no HTTP port of its own, and notifications driven by
   * the centre's tick on the simulated clock.
   */
  public static final AlarmServiceConfig ALARMS = AlarmServiceConfig.parse("api: {port: -1}\ntickEvery: 0\n");

  public AllInOne(MutableClock clock, SimulatedCloud cloud, PostgresStore store, List<Runbook> runbooks) {
    this(clock, cloud, store, runbooks, null, ApiTokens.OPEN);
  }

  /**
   * @param http where the centre's HTTP port listens ({@code demo --serve}); null for none
   * @param tokens who may call it
   */
  public AllInOne(MutableClock clock, SimulatedCloud cloud, PostgresStore store, List<Runbook> runbooks,
      InetSocketAddress http, ApiTokens tokens) {
    this.clock = clock;
    this.cloud = cloud;
    this.central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()), cloud, runbooks,
        ALARMS, CentralOptions.defaults(cloud.spec().siteIds()).withHttp(http).withTokens(tokens));
    for (String site : cloud.spec().siteIds()) {
      edges.add(EdgeSite.assemble(site, new SimulatedSiteSource(cloud, site), cloud, clock, runbooks,
          Uplink.direct(bus)));
    }
    // The edges share the one simulated cloud, so one consumer carries out the centre's commands to
    // any site (today: link protection's probes), as each edge process does with its own copy.
    commands = bus.subscribe(Topic.COMMANDS, "all-in-one-edges", this::command);
  }

  private void command(Command c) {
    if (c.kind() == Command.Kind.HELLO) {
      return;
    }
    var r = c.kind() == Command.Kind.ROLLBACK ? cloud.rollback(c.action()) : cloud.apply(c.action());
    if (!r.ok()) {
      log.warn("site {}: command {} {} {} refused: {}", c.site(), c.kind(), c.action().kind(), c.action().target(),
          r.detail());
    }
  }

  /** Advances one window: every site collects and reasons, central ingests, locates and verifies. */
  public Instant step() {
    Instant t = clock.advance(cloud.spec().step());
    for (EdgeSite e : edges) {
      e.window(t);
    }
    settle();
    central.tick();
    settle();
    return t;
  }

  private void settle() {
    try {
      if (!rawBus.awaitIdle(SETTLE)) {
        throw new IllegalStateException("bus did not drain within " + SETTLE + " (a consumer keeps failing?)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the bus", e);
    }
  }

  /**
   * Starts the model loop: the centre's model service on {@code store} and a model runner at every
   * edge, which from now on scores each window with the models released to its site.
   */
  public ModelLoop startModels(PostgresStore store) {
    if (models == null) {
      models = new ModelLoop(store, bus, clock, edges, cloud.spec().siteIds());
    }
    return models;
  }

  /** Waits until every message published so far has been handled (releases loaded, say). */
  public void awaitQuiet() {
    settle();
  }

  public MessageBus bus() {
    return bus;
  }

  public Central central() {
    return central;
  }

  public List<EdgeSite> edges() {
    return edges;
  }

  public SimulatedCloud cloud() {
    return cloud;
  }

  public MutableClock clock() {
    return clock;
  }

  @Override
  public void close() {
    if (models != null) {
      models.close();
    }
    commands.close();
    central.close();
    bus.close();
  }
}
