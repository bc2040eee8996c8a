package io.sextant.node.central.bench;

import io.sextant.alarm.persist.GroupCommit;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.central.liveness.NoDataSettings;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.node.central.Central;
import io.sextant.node.central.CentralOptions;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.bench.SideBySide;
import io.sextant.testkit.peer.AlertmanagerPeer;
import io.sextant.testkit.postgres.SharedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager v2 intake through the centre's own HTTP port, as {@code sextant central} runs it
 * ({@link Central} on its one Micronaut port, the whole alarm service: dedup, topology and
 * time-window correlation, the notification pipeline, the TMF642 hub, every alarm change written
 * to PostgreSQL before anyone else sees it, an embedded PostgreSQL with its production durability
 * (fsync and synchronous commit on), side by side with Debian's Alertmanager given the same
 * bytes in the same run.
 *
 * <p>Each round is {@code evaluations} Prometheus evaluations of {@link AlertWorkload} (re-sent
 * firing alerts, new ones, resolved ones; 100 alerts a POST) posted by {@code senders}
 * concurrent HTTP/1.1 clients in a JVM of their own ({@link SenderProcess}); rounds alternate
 * Sextant / Alertmanager with the same payloads, so both see the machine's momentary load.
 * Sextant's time runs until its last change is committed, so its rate is the rate it sustains (a
 * batched POST is answered before its commit). Prints alerts/s per round, the medians and the
 * ratio.
 *
 * <p>Args: {@code [rounds=15] [warmup=5] [senders=4] [hosts=2000] [evaluations=30]}: 30 evaluations
 * are ~160,000 alerts a round, over a second for Sextant, so the intake's lag bound
 * ({@code intake.maxDelay}) and the commits' pace set its rate; in rounds of 3 evaluations (~0.1 s)
 * a fixed commit latency weighed on the rate as much as the work did.
 * {@code -Dbench.intake=commit|batched} picks the intake's durability; {@code -Dbench.churn=0}
 * sends resends only; {@code -Dbench.root=false} runs without the diagnosed root.
 * Run it with the JVM options {@code bin/sextant} gives {@code sextant central} (the header says
 * whether it does, {@link LauncherOptions}); it reports the collections' pauses beside the CPU.
 * Not a test (a main class, run by hand): see docs/benchmarks-alarms.md.
 */
public final class CentralIntakeBench {
  /**
   * {@link AlertmanagerPeer#BENCH_CONFIG}'s routing in Sextant's terms: group by alert name, a null
   * receiver, NodeDown mutes its instance's warnings.
   */
  static final String SEXTANT_ALARMS = """
      receivers:
        - {name: "null", type: none}
      route:
        receiver: "null"
        groupBy: [alertname]
      inhibitRules:
        - name: node-down-mutes-its-warnings
          source: ['alertname="NodeDown"']
          target: ['severity="warning"']
          equal: [instance]
      """;

  public static void main(String[] args) throws Exception {
    int rounds = arg(args, 0, 15);
    int warmup = arg(args, 1, 5);
    int senders = arg(args, 2, 4);
    int hosts = arg(args, 3, 2000);
    int evaluations = arg(args, 4, 30);
    // -Dbench.durable=false: the test suite's shared PostgreSQL (no fsync, asynchronous commit), to
    // tell the cost of durability from the rest of the path.
    boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
    // -Dbench.intake=commit|batched: when a POST is answered (alarms.intake.durability; default: the service's).
    String intake = System.getProperty("bench.intake", "");
    AlarmServiceConfig alarms = AlarmServiceConfig.parse(SEXTANT_ALARMS
        + (intake.isEmpty() ? "" : "intake: {durability: " + intake + "}\n"));
    PostgresStore store = Stores.open(durable ? StoreConfig.embedded(null)
        : StoreConfig.external(SharedPostgres.fresh("intakebench").jdbcUrl(), SharedPostgres.USER, null));
    InProcessBus raw = new InProcessBus();
    MessageBus bus = new MessageBus(raw);
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(2);
    Clock clock = Clock.systemUTC();
    // -Dbench.churn=0: resends only (dedup alone); 1: the workload's mix of new and resolved alerts.
    double churn = Double.parseDouble(System.getProperty("bench.churn", "1"));
    Instant firingSince = clock.instant().minusSeconds(3600);
    // CPU microseconds an alert, per measured round: Sextant's server side (this JVM, plus
    // PostgreSQL) and Alertmanager's process.
    List<Double> sextantCpu = new ArrayList<>();
    List<Double> referenceCpu = new ArrayList<>();
    List<Double> clientCpu = new ArrayList<>();
    List<Double> postgresCpu = new ArrayList<>();
    // Over every measured round, not their medians: a round that holds a full collection counts.
    double[] totals = new double[5]; // alerts, Sextant seconds, Alertmanager seconds, Sextant CPU s, Alertmanager CPU s
    Map<String, List<Double>> groupCpu = new java.util.LinkedHashMap<>();
    try (SenderProcess load = SenderProcess.start(hosts, 42, firingSince, churn, senders,
            java.nio.file.Files.createTempFile("intake-bench-senders", ".log"));
        AlertmanagerPeer am = AlertmanagerPeer.start(AlertmanagerPeer.BENCH_CONFIG);
        Central central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()),
            new SimulatedCloud(spec, FaultSchedule.none()), List.of(), alarms,
            new CentralOptions(AlarmCatalog.defaults(), List.of(), NoDataSettings.defaults(),
                new InetSocketAddress("127.0.0.1", 0), null, null, null))) {
      // -Dbench.root=false: no diagnosed root, so no raise finds one (to tell the root's cost).
      if (Boolean.parseBoolean(System.getProperty("bench.root", "true"))) {
        correlationOn(central, hosts, clock.instant());
      }
      CpuMeter cpu = new CpuMeter(CpuMeter.postmasterOf(store.dataSource()), load::cpuNanos);
      URI sextant = URI.create("http://127.0.0.1:" + central.httpPort() + "/api/v2/alerts");
      URI alertmanager = am.uri().resolve("/api/v2/alerts");
      System.out.printf("%d possible alerts (%d hosts), %d senders (a JVM of their own), %d evaluations a round, "
          + "%d alerts a POST, churn %.2f, PostgreSQL %s, intake durability %s, nproc %d%n",
          new AlertWorkload(hosts, 42, firingSince).population(), hosts, senders, evaluations,
          AlertWorkload.BATCH, churn, durable ? "durable (fsync, synchronous commit)" : "without fsync",
          alarms.intake(), Runtime.getRuntime().availableProcessors());
      System.out.println(LauncherOptions.check());
      GcPauses gc = new GcPauses();
      int[] gcMark = {-1};
      jitWarmup(load, evaluations, clock, sextant, alertmanager);
      SideBySide.Result result = SideBySide.run(warmup, rounds, "alertmanager", r -> {
        int[] mix = load.generate(clock.instant(), evaluations);
        int alerts = mix[0] + mix[1] + mix[2];
        if (r == warmup) {
          gcMark[0] = gc.mark();
        }
        Map<String, Long> g0 = CpuMeter.byGroup();
        CpuMeter.Reading c0 = cpu.read();
        // Sextant's round ends when every change it answered is committed: with batched durability
        // a POST is answered before its changes are, and a round that stopped the clock at the last
        // answer would leave their commits to run in Alertmanager's round, on its cores.
        long t0 = System.nanoTime();
        load.post(sextant);
        central.alarmService().groupCommit().ifPresent(GroupCommit::awaitCommitted);
        double sr = alerts / ((System.nanoTime() - t0) / 1e9);
        CpuMeter.Reading c1 = cpu.read();
        double ar = alerts / load.post(alertmanager);
        CpuMeter.Reading c2 = cpu.read();
        Map<String, Long> g2 = CpuMeter.byGroup();
        // Each side over the whole round: work it does after its last answer (Sextant's trailing
        // commits and ticks, Alertmanager's aggregation) counts as its own.
        double sCpu = c2.minus(c0).sextantServer() / 1e3 / alerts;
        double aCpu = c2.minus(c0).reference() / 1e3 / alerts;
        double cCpu = c1.minus(c0).client() / 1e3 / alerts;
        double pCpu = c2.minus(c0).postgres() / 1e3 / alerts;
        double jit = (g2.get("JIT") - g0.get("JIT")) / 1e3 / alerts;
        if (r >= warmup) {
          totals[0] += alerts;
          totals[1] += alerts / sr;
          totals[2] += alerts / ar;
          totals[3] += sCpu * alerts / 1e6;
          totals[4] += aCpu * alerts / 1e6;
          sextantCpu.add(sCpu);
          referenceCpu.add(aCpu);
          clientCpu.add(cCpu);
          postgresCpu.add(pCpu);
          g2.forEach((g, ns) -> groupCpu.computeIfAbsent(g, k -> new ArrayList<>())
              .add((ns - g0.getOrDefault(g, 0L)) / 1e3 / alerts));
        }
        return new SideBySide.Rates(sr, ar, String.format("%,6d alerts (new %,d, re-sent %,d, resolved %,d) in %d POSTs, "
            + "CPU µs/alert sextant %.1f (PostgreSQL %.1f, JIT %.1f) alertmanager %.1f (sender %.1f), load %.1f",
            alerts, mix[0], mix[1], mix[2], mix[3], sCpu, pCpu, jit, aCpu, cCpu, load()));
      }, System.out);
      System.out.printf("%nmedian over %d rounds: sextant (central HTTP port, PostgreSQL) %,.0f alerts/s, "
          + "alertmanager %,.0f alerts/s, ratio of medians %.2fx, median of per-round ratios %.2fx%n", rounds,
          result.sextantMedian(), result.referenceMedian(), result.ratioOfMedians(), result.medianOfRatios());
      System.out.printf("over all %d rounds: sextant %,.0f alerts/s, alertmanager %,.0f alerts/s, ratio %.2fx; "
          + "CPU per alert sextant %.1f µs, alertmanager %.1f µs, ratio %.2fx%n", rounds, totals[0] / totals[1],
          totals[0] / totals[2], totals[2] / totals[1], totals[3] / totals[0] * 1e6, totals[4] / totals[0] * 1e6,
          totals[4] / totals[3]);
      double sc = SideBySide.median(sextantCpu);
      double ac = SideBySide.median(referenceCpu);
      System.out.printf("median CPU per alert: sextant (server JVM + PostgreSQL) %.1f µs (PostgreSQL %.1f µs), "
          + "alertmanager %.1f µs, ratio %.2fx (alertmanager / sextant); the senders %.1f µs; load average %.1f%n", sc,
          SideBySide.median(postgresCpu), ac, ac / sc, SideBySide.median(clientCpu), load());
      // The JVM's part of Sextant's side by thread group (medians of each, so they need not add up).
      StringBuilder groups = new StringBuilder("median CPU per alert in Sextant's JVM by thread group:");
      groupCpu.forEach((g, xs) -> groups.append(String.format(" %s %.1f µs,", g, SideBySide.median(xs))));
      System.out.println(groups.substring(0, groups.length() - 1));
      System.out.println("Sextant's JVM's collections over the measured rounds: " + gc.since(Math.max(0, gcMark[0])));
      System.out.printf("sextant open alarms %d, alarms in the store %d%n", central.alarms().open().size(),
          store.alarms().size());
      central.alarmService().groupCommit().ifPresent(c -> System.out.printf(
          "alarm changes stored %,d in %,d transactions (%.1f a commit; %,d appended without the redelivery rules); "
          + "POSTs held by the intake's bound %,d%n",
          c.written(), c.commits(), c.written() / (double) Math.max(1, c.commits()), c.appends(), c.lagWaits()));
      tableActivity(store.dataSource());
    } finally {
      bus.close();
      store.close();
    }
  }

  /**
   * A centre that has run for a few minutes has compiled its hot paths; a round measured while
   * the JIT still compiles (on a busy 2-core machine, for minutes) charges Sextant for its start,
   * which Alertmanager, compiled ahead of time, never pays. So unmeasured rounds go to both sides
   * (the senders in their own JVM warm up alongside) until the compiler threads are quiet: under
   * {@code bench.jitQuiet} µs an alert (default 2) three rounds running, at most 200 rounds.
   * {@code -Dbench.jitQuiet=0} skips it.
   */
  static void jitWarmup(SenderProcess load, int evaluations, Clock clock, URI sextant, URI alertmanager)
      throws Exception {
    double quiet = Double.parseDouble(System.getProperty("bench.jitQuiet", "2"));
    if (quiet <= 0) {
      return;
    }
    int calm = 0;
    List<String> trail = new ArrayList<>();
    int round = 0;
    for (; round < 200 && calm < 3; round++) {
      int[] mix = load.generate(clock.instant(), evaluations);
      long j0 = CpuMeter.byGroup().get("JIT");
      load.post(sextant);
      // The senders' own JVM warms up alongside, for both targets.
      load.post(alertmanager);
      double jit = (CpuMeter.byGroup().get("JIT") - j0) / 1e3 / (mix[0] + mix[1] + mix[2]);
      calm = jit < quiet ? calm + 1 : 0;
      trail.add(String.format("%.0f", jit));
    }
    System.out.printf("JIT warm-up: %d rounds until its compiler threads took under %.1f µs an alert "
        + "three rounds running (µs an alert, round by round: %s)%n", round, quiet, String.join(" ", trail));
  }

  /** A diagnosed root whose evidence covers a tenth of the hosts, so raises look up (and some find) their root. */
  static void correlationOn(Central central, int hosts, Instant at) {
    List<String> evidence = new ArrayList<>();
    for (int h = 0; h < hosts; h += 10) {
      evidence.add("node-" + h + ":9100");
    }
    central.alarms().onDiagnosis(new Diagnosis(null, "central", at, FaultKind.LINK_LOSS, "link:pop-0~pop-1", 0.9,
        evidence, Map.of("loss_ratio", 0.1), "bench"));
  }

  /** What PostgreSQL did over the run, table by table: where its share of the CPU went. */
  static void tableActivity(javax.sql.DataSource data) throws java.sql.SQLException {
    try (var c = data.getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_live_tup, "
            + "autovacuum_count, autoanalyze_count, pg_relation_size(relid), pg_indexes_size(relid), "
            + "pg_total_relation_size(relid) FROM pg_stat_user_tables "
            + "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY n_tup_ins + n_tup_upd DESC")) {
      System.out.println("PostgreSQL tables written (inserted, updated (HOT), deleted, live, autovacuums, autoanalyzes; "
          + "MB: heap, indexes, total with TOAST):");
      while (rs.next()) {
        System.out.printf("  %-28s %,9d %,9d (%,d) %,9d %,9d %3d %3d; %,d %,d %,d%n", rs.getString(1), rs.getLong(2),
            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
            rs.getLong(9) >> 20, rs.getLong(10) >> 20, rs.getLong(11) >> 20);
      }
    }
    try (var c = data.getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT avg(pg_column_size(doc)), avg(octet_length(doc::text)), "
            + "max(octet_length(doc::text)), max(cardinality(correlated_alarm_ids)), "
            + "count(*) FILTER (WHERE cardinality(correlated_alarm_ids) > 0), "
            + "(SELECT avg(octet_length(doc::text)) FROM alarm_history) FROM alarms")) {
      rs.next();
      System.out.printf("alarm documents: %.0f bytes stored, %.0f as JSON text (largest %,d; history rows %.0f); "
          + "alarms with correlated alarms %,d, the most ids in one %,d%n", rs.getDouble(1), rs.getDouble(2),
          rs.getLong(3), rs.getDouble(6), rs.getLong(5), rs.getLong(4));
    }
    try (var c = data.getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT checkpoints_timed + checkpoints_req, buffers_checkpoint, buffers_backend, "
            + "pg_current_wal_lsn() - '0/0'::pg_lsn FROM pg_stat_bgwriter")) {
      rs.next();
      System.out.printf("PostgreSQL checkpoints %d (%,d buffers written), buffers written by backends %,d, WAL %,d MB%n",
          rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4) >> 20);
    }
    try (var c = data.getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT wal_records, wal_fpi, wal_bytes, wal_write, wal_sync FROM pg_stat_wal")) {
      rs.next();
      System.out.printf("PostgreSQL WAL: %,d records, %,d full-page images, %,d MB, %,d writes, %,d syncs%n",
          rs.getLong(1), rs.getLong(2), rs.getLong(3) >> 20, rs.getLong(4), rs.getLong(5));
    }
  }

  static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }
}
