package io.sextant.deploy.demo;

import io.sextant.deploy.allinone.AllInOne;
import io.sextant.deploy.allinone.ModelLoop;
import io.sextant.common.security.ApiTokens;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.store.PostgresStore;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.store.registry.LabelTable;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.GroundTruth;
import io.sextant.sim.SimulatedCloud;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Runs the all-in-one system on the simulated cloud: a warm-up in which the detectors learn their
 * baselines (as fast as the machine goes), then the fault schedule paced at {@code speed}
 * simulated seconds per wall second, printing the timeline, and finally the scored summary.
 */
public final class Demo {
  /**
   * Demo settings; {@code speed} 0 means as fast as possible. With {@code serve}, the centre's HTTP
   * port listens there and the system keeps running after the schedule, at real time, until
   * stopped; with a {@code token}, every call but the probes needs it (an admin's), which is
   * printed, or said to be in {@code tokenFile} when the CLI wrote it there; a {@code viewerToken}
   * reads only (printed beside it, or in {@code tokenFile}.viewer). With {@code holdForApproval}
   * the central runbooks (reroute, migrate) wait for a person's approval, as a careful operator
   * would set them: their faults then score as unrepaired unless approved within the minute.
   */
  public record Options(long seed, int edgeSites, double speed, Duration warmup, boolean quiet,
      InetSocketAddress serve, String token, java.nio.file.Path tokenFile, String viewerToken,
      boolean holdForApproval) {
    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_SPEED = 120;
    public static final Duration DEFAULT_WARMUP = Duration.ofMinutes(30);
    public static final int DEFAULT_HTTP_PORT = 8642;

    public Options {
      if (speed < 0 || Double.isNaN(speed)) {
        throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
      }
    }

    public Options(long seed, int edgeSites, double speed, Duration warmup, boolean quiet) {
      this(seed, edgeSites, speed, warmup, quiet, null, null, null);
    }

    public Options(long seed, int edgeSites, double speed, Duration warmup, boolean quiet, InetSocketAddress serve,
        String token, java.nio.file.Path tokenFile) {
      this(seed, edgeSites, speed, warmup, quiet, serve, token, tokenFile, null, false);
    }

    ApiTokens tokens() {
      if (token == null) {
        return ApiTokens.OPEN;
      }
      ApiTokens admin = ApiTokens.single("demo-admin", ApiTokens.Role.ADMIN, token);
      return viewerToken == null ? admin : admin.plus("demo-viewer", ApiTokens.Role.VIEWER, viewerToken);
    }
  }

  /**
   * How long the demo goes on after the schedule's quiet tail: the last fault's scale-out is given
   * back after the scale-back hold (as long as the tail) and verified within its runbook's 40 s,
   * and the alarms on the service clear in the windows after; the run ends with that seen.
   */
  public static final Duration AFTER_SCHEDULE = Duration.ofMinutes(2);

  /** How long an action held for approval waits in a demo that holds them. */
  static final Duration HELD_FOR = Duration.ofDays(1);

  /** Printed once the demo serves its port after the schedule: {@code SEXTANT DEMO SERVING <url>}. */
  public static final String SERVING = "SEXTANT DEMO SERVING";

  private Demo() {}

  public static DemoReport run(Options o, PostgresStore store, PrintStream out) {
    return run(o, store, out, () -> false);
  }

  /**
   * Runs the demo; with {@link Options#serve()} it then goes on at real time, serving the centre's
   * port, while {@code serving} says so (the CLI turns it off on Ctrl-C).
   */
  public static DemoReport run(Options o, PostgresStore store, PrintStream out, BooleanSupplier serving) {
    CloudSpec spec = CloudSpec.defaults().withSeed(o.seed()).withEdgeSites(o.edgeSites()).withWarmup(o.warmup());
    SimulatedCloud cloud = SimulatedCloud.withDemoFaults(spec);
    MutableClock clock = new MutableClock(spec.start());
    Instant live = spec.start().plus(spec.warmup());
    Instant end = cloud.schedule().end().map(e -> e.plus(AFTER_SCHEDULE)).orElse(live.plus(Duration.ofMinutes(30)));
    try (AllInOne system = new AllInOne(clock, cloud, store, runbooks(o.holdForApproval()), o.serve(), o.tokens());
        Timeline timeline = new Timeline(system.bus(), spec.start())) {
      if (o.holdForApproval()) {
        // The schedule runs faster than a person reads: a held action waits a simulated day, not
        // the default quarter of an hour, so it is still open when someone opens the console.
        system.central().loop().executor().approvalTimeout(HELD_FOR);
      }
      say(o, out, String.format(Locale.ROOT, "Simulated cloud: seed %d, central + %d edge sites, %d nodes, %d links,"
          + " %d probe paths, %d services; window %ds", o.seed(), o.edgeSites(), cloud.topology().nodes().size(),
          cloud.topology().links().size(), cloud.topology().paths().size(), cloud.topology().services().size(),
          spec.step().toSeconds()));
      for (Fault f : cloud.schedule().faults()) {
        say(o, out, "  scheduled: " + timeline.offset(f.start()) + " " + f.kind() + " on " + f.target());
      }
      long wallStart = System.nanoTime();
      while (clock.instant().isBefore(live)) {
        system.step();
        timeline.drain().forEach(line -> say(o, out, line));
      }
      say(o, out, String.format(Locale.ROOT, "Warm-up: %d min simulated in %.1f s, baselines learned for %d series;"
          + " now live at %s", spec.warmup().toMinutes(), (System.nanoTime() - wallStart) / 1e9,
          system.edges().stream().mapToInt(e -> e.reasoner().detectors().seriesCount()).sum(),
          o.speed() == 0 ? "full speed" : String.format(Locale.ROOT, "%.0fx real time", o.speed())));
      trainAndRelease(system, store, spec.start(), live, o, out);
      recordGroundTruth(cloud, store, clock);
      long paceStart = System.nanoTime();
      Instant paceFrom = clock.instant();
      while (clock.instant().isBefore(end)) {
        Instant before = clock.instant();
        Instant t = system.step();
        for (Fault f : cloud.schedule().faults()) {
          if (f.start().isAfter(before) && !f.start().isAfter(t)) {
            timeline.add(f.start(), 0, "FAULT INJECTED " + f.kind() + " on " + f.target() + " (magnitude "
                + f.magnitude() + ")");
          }
          if (f.end().isAfter(before) && !f.end().isAfter(t)) {
            timeline.add(f.end(), 0, "FAULT ENDED    " + f.kind() + " on " + f.target());
          }
        }
        timeline.drain().forEach(line -> say(o, out, line));
        pace(o.speed(), paceStart, Duration.between(paceFrom, t));
      }
      // The demo's store does not run the maintenance schedule: bring the rollups up to date so
      // that dashboards over long ranges (which read samples_1m / samples_1h) see the whole run.
      store.refreshRollups(clock.instant());
      DemoReport report = Scorer.score(o.seed(), o.edgeSites(), cloud.groundTruth(), store);
      out.println();
      out.print(Summary.format(report, store.sampleCount(), (System.nanoTime() - wallStart) / 1e9));
      for (var a : system.central().alarms().open()) {
        out.println("  still open: " + a.id() + " " + a.perceivedSeverity() + " " + a.probableCause() + " on "
            + a.resource() + (a.rootCause() ? " (root cause)" : ""));
      }
      if (o.serve() != null) {
        serve(system, timeline, o, out, serving);
      }
      return report;
    }
  }

  /** The built-in runbooks; with {@code hold}, the central ones require a person's approval. */
  static List<Runbook> runbooks(boolean hold) {
    List<Runbook> builtIn = RunbookLoader.builtIn();
    if (!hold) {
      return builtIn;
    }
    return builtIn.stream().map(r -> r.scope() != Runbook.Scope.CENTRAL ? r : new Runbook(r.id(), r.description(),
        r.scope(), r.trigger(), r.action(), r.options(), r.steps(), new GuardPolicy(r.guard().maxActions(),
            r.guard().window(), r.guard().maxBlastRadius(), r.guard().allow(), r.guard().deny(), true), r.verify()))
        .toList();
  }

  /**
   * Keeps the whole system running at real time after the schedule (no more faults), so its API
   * shows a live cloud, until {@code serving} turns false.
   */
  private static void serve(AllInOne system, Timeline timeline, Options o, PrintStream out, BooleanSupplier serving) {
    String url = "http://" + o.serve().getHostString() + ":" + system.central().httpPort() + "/";
    out.println();
    out.println("The console (open it in a browser) and the API (TMF642, Alertmanager v2, actions, views) are at "
        + url + " ; the system goes on at real time. Ctrl-C to stop.");
    if (o.token() != null && o.tokenFile() == null) {
      out.println("Admin token (log in to the console with it, or send it as 'Authorization: Bearer TOKEN'; "
          + "sextant alarms ls --token TOKEN): " + o.token());
      if (o.viewerToken() != null) {
        out.println("Viewer token (reads only): " + o.viewerToken());
      }
    } else if (o.token() != null) {
      out.println("Admin token written to " + o.tokenFile() + " (sextant alarms ls --token-file " + o.tokenFile() + ")"
          + (o.viewerToken() != null ? ", a viewer's (reads only) to " + o.tokenFile() + ".viewer" : ""));
    }
    long held = system.central().loop().executor().awaitingApproval().size();
    if (held > 0) {
      out.println(held + " action(s) await approval: approve or deny them in the console's Actions tab.");
    }
    out.println(SERVING + " " + url);
    out.flush();
    Duration step = system.cloud().spec().step();
    long due = System.nanoTime() + step.toNanos();
    while (serving.getAsBoolean()) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(Math.min(wait / 1_000_000 + 1, 200)); // short naps: Ctrl-C is seen at once
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        continue;
      }
      system.step();
      timeline.drain().forEach(line -> say(o, out, line));
      due += step.toNanos();
    }
  }

  /**
   * The centre trains its multivariate models on the warm-up history in the store, signs them and
   * pushes them to every edge, which verifies and loads them before the faults start.
   */
  private static void trainAndRelease(AllInOne system, PostgresStore store, Instant from, Instant to, Options o,
      PrintStream out) {
    long t0 = System.nanoTime();
    ModelLoop models = system.startModels(store);
    List<ModelLoop.Released> released = models.trainAndRelease(from, to);
    system.awaitQuiet();
    for (ModelLoop.Released r : released) {
      say(o, out, String.format(Locale.ROOT, "Model %s v%d (%s) trained centrally on %d min of stored history,"
          + " signed (Ed25519 key %s), released to %d sites: verified and loaded at %d", r.modelId(), r.version(),
          r.trainer(), Duration.between(from, to).toMinutes(), models.keyId(), r.sites(),
          models.sitesRunning(r.modelId(), r.version())));
    }
    say(o, out, String.format(Locale.ROOT, "Models ready in %.1f s; edges now score each window with them too",
        (System.nanoTime() - t0) / 1e9));
  }

  /**
   * The ground truth as FAULT labels, one per affected resource (source {@code simulation}, as
   * {@code sextant train} records it): what an incident review would record, so the store can
   * measure time to detect from each fault's start (the NOC dashboard's incidents) and a later
   * training learns from the faults. Written before the first fault starts.
   */
  private static void recordGroundTruth(SimulatedCloud cloud, PostgresStore store, MutableClock clock) {
    GroundTruth truth = cloud.groundTruth();
    List<FeedbackLabel> labels = truth.faults().stream()
        .flatMap(f -> truth.affected(f).stream().map(resource -> FeedbackLabel.fault(siteOf(resource), resource,
            f.start(), f.end(), f.kind().name(), "simulation")))
        .toList();
    new LabelTable(store.dataSource(), clock).addAll(labels);
  }

  /**
   * The site a resource reports from: a path's source, the site a node or service id starts with;
   * a link is seen and located centrally.
   */
  private static String siteOf(String resource) {
    int colon = resource.indexOf(':');
    String id = resource.substring(colon + 1);
    if (resource.startsWith("path:") && id.contains(">")) {
      return id.substring(0, id.indexOf('>'));
    }
    int slash = id.indexOf('/');
    return resource.startsWith("link:") || slash < 0 ? CloudSpec.CENTRAL : id.substring(0, slash);
  }

  private static void pace(double speed, long wallStartNanos, Duration simulated) {
    if (speed == 0) {
      return;
    }
    long due = wallStartNanos + (long) (simulated.toNanos() / speed);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void say(Options o, PrintStream out, String line) {
    if (!o.quiet()) {
      out.println(line);
    }
  }
}
