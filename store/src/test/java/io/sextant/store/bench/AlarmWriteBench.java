package io.sextant.store.bench;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import io.sextant.testkit.bench.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarm-write benchmark, not a test: CPU that PostgreSQL and the writing thread spend per alarm
 * change stored through {@code Store.writeAlarms(changes, docs)}, in group-commit-sized batches, with
 * the intake bench's mix (half the changes raise an alarm from an alert, half clear an open one;
 * one batch in five also raises and clears one alarm in the same batch). One embedded PostgreSQL
 * (fsync on). Usage in docs/benchmarks-alarms.md.
 *
 * <p>Arguments: rounds (after one warm-up round), changes a round, changes a batch. With
 * {@code -Dbench.processes=true} it also prints each PostgreSQL process's CPU ticks at the end.
 */
public final class AlarmWriteBench {
  private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Deque<Alarm> open = new ArrayDeque<>();
  private int next;
  private long clock;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
        PostgresStore store = Stores.open(new StoreConfig(pg.jdbcUrl(), pg.user(), null, 2, null))) {
      ProcessHandle postmaster = ProcessCpu.postmasterOf(store.dataSource());
      new AlarmWriteBench().run(store, postmaster, rounds, perRound, batch);
      if (Boolean.getBoolean("bench.processes")) {
        postmaster.descendants().forEach(p -> System.out.printf("%6d ticks  %s%n", ProcessCpu.ticks(p.pid(), false),
            p.info().commandLine().orElse("?")));
      }
    }
  }

  private void run(PostgresStore store, ProcessHandle postmaster, int rounds, int perRound, int batchSize)
      throws Exception {
    double[] pgUs = new double[rounds];
    double[] encodeUs = new double[rounds];
    double[] writeUs = new double[rounds];
    double[] wallUs = new double[rounds];
    JsonCodec codec = JsonCodec.get();
    for (int r = -1; r < rounds; r++) {
      List<List<Alarm>> batches = new ArrayList<>();
      for (int n = 0; n < perRound; n += batchSize) {
        batches.add(batch(batchSize, batches.size() % 5 == 0));
      }
      long changes = batches.stream().mapToLong(List::size).sum();
      long pg0 = ProcessCpu.postgresNanos(postmaster);
      long encode = 0;
      long write = 0;
      long wall0 = System.nanoTime();
      for (List<Alarm> b : batches) {
        long t0 = threads.getCurrentThreadCpuTime();
        List<byte[]> docs = new ArrayList<>(b.size());
        for (Alarm a : b) {
          docs.add(codec.encode(a));
        }
        long t1 = threads.getCurrentThreadCpuTime();
        store.writeAlarms(b, docs);
        long t2 = threads.getCurrentThreadCpuTime();
        encode += t1 - t0;
        write += t2 - t1;
      }
      long wall = System.nanoTime() - wall0;
      Thread.sleep(300); // the server's background writers settle
      long pg = ProcessCpu.postgresNanos(postmaster) - pg0;
      if (r >= 0) {
        pgUs[r] = pg / 1e3 / changes;
        encodeUs[r] = encode / 1e3 / changes;
        writeUs[r] = write / 1e3 / changes;
        wallUs[r] = wall / 1e3 / changes;
      }
      System.out.printf("round %d: %d changes in batches of %d: PostgreSQL %.1f µs/change, writer encode %.1f + "
          + "store %.1f µs/change, wall %.1f µs/change%s%n", r, changes, batchSize, pg / 1e3 / changes,
          encode / 1e3 / changes, write / 1e3 / changes, wall / 1e3 / changes, r < 0 ? " (warm-up)" : "");
    }
    System.out.printf("median of %d rounds: PostgreSQL CPU %.1f µs/change, writer thread CPU %.1f (encode) + %.1f "
        + "(store call) µs/change, wall %.1f µs/change; doc %d bytes%n", rounds, median(pgUs), median(encodeUs),
        median(writeUs), median(wallUs), codec.encode(raise()).length);
  }

  /** A batch: raises and clears, half each; with {@code raiseAndClear}, one alarm both. */
  List<Alarm> batch(int size, boolean raiseAndClear) {
    List<Alarm> out = new ArrayList<>(size);
    if (raiseAndClear) {
      Alarm a = raise();
      out.add(a);
      out.add(clear(a));
    }
    while (out.size() < size) {
      if (out.size() % 2 == 0 || open.size() < 50) {
        Alarm a = raise();
        open.add(a);
        out.add(a);
      } else {
        out.add(clear(open.poll()));
      }
    }
    return out;
  }

  private Alarm raise() {
    int n = next++;
    Instant at = T0.plusMillis(clock += 7);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", "HighRequestLatency" + (n % 40));
    labels.put("cluster", "eu-west-" + (n % 3));
    labels.put("instance", "10.0." + (n % 250) + "." + (n / 250 % 250) + ":9100");
    labels.put("job", "node-exporter");
    labels.put("namespace", "payments");
    labels.put("service", "svc-" + n);
    labels.put("severity", "critical");
    labels.put("description", "request latency above 500 ms for 5 minutes on svc-" + n);
    labels.put("runbook_url", "https://runbooks.example.net/latency");
    labels.put("summary", "high latency");
    String resource = "alert:" + Integer.toHexString(n * 0x9E3779B1);
    Alarm.State state = Alarm.State.RAISED;
    return new Alarm(Alarm.idFor(resource, "HighRequestLatency", at), "central", at, resource,
        "HighRequestLatency" + (n % 40), "request latency above 500 ms", EventType.QUALITY_OF_SERVICE_ALARM,
        Severity.CRITICAL, state, Alarm.AckState.UNACKNOWLEDGED, false, null, List.of(), at, null, 1,
        "alertmanager", labels);
  }

  private Alarm clear(Alarm a) {
    Instant at = T0.plusMillis(clock += 7);
    return new Alarm(a.id(), a.site(), at, a.resource(), a.probableCause(), a.specificProblem(), a.eventType(),
        Severity.CLEARED, Alarm.State.CLEARED, a.ackState(), a.rootCause(), a.parentAlarmId(),
        a.correlatedAlarmIds(), a.raisedTime(), at, a.count(), a.source(), a.labels());
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
