package io.sextant.node.central.bench;

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
import io.sextant.testkit.postgres.SharedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * concurrent HTTP/1.1 clients; rounds alternate Sextant / Alertmanager with the same payloads, so
 * both see the machine's momentary load. Prints alerts/s per round, the medians and the ratio.
 *
 * <p>Args: {@code [rounds=15] [warmup=5] [senders=4] [hosts=2000] [evaluations=3]}. Not a test
 * (a main class, run by hand): see docs/benchmarks-alarms.md.
 */
public final class CentralIntakeBench {
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");

  /** The same routing for both: group by alert name, a null receiver, NodeDown mutes its instance's warnings. */
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
  static final String ALERTMANAGER_CONFIG = """
      route:
        receiver: "null"
        group_by: [alertname]
      receivers:
        - name: "null"
      inhibit_rules:
        - source_matchers: [alertname="NodeDown"]
          target_matchers: [severity="warning"]
          equal: [instance]
      """;

  public static void main(String[] args) throws Exception {
    int rounds = arg(args, 0, 15);
    int warmup = arg(args, 1, 5);
    int senders = arg(args, 2, 4);
    int hosts = arg(args, 3, 2000);
    int evaluations = arg(args, 4, 3);
    Path dir = Files.createTempDirectory("sextant-central-bench");
    int amPort = freePort();
    Process am = startAlertmanager(dir, amPort);
    // -Dbench.durable=false: the test suite's shared PostgreSQL (no fsync, asynchronous commit), to
    // tell the cost of durability from the rest of the path.
    boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
    PostgresStore store = Stores.open(durable ? StoreConfig.embedded(null)
        : StoreConfig.external(SharedPostgres.fresh("intakebench").jdbcUrl(), SharedPostgres.USER, null));
    InProcessBus raw = new InProcessBus();
    MessageBus bus = new MessageBus(raw);
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(2);
    Clock clock = Clock.systemUTC();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try (Central central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()),
        new SimulatedCloud(spec, FaultSchedule.none()), List.of(), AlarmServiceConfig.parse(SEXTANT_ALARMS),
        new CentralOptions(AlarmCatalog.defaults(), List.of(), NoDataSettings.defaults(),
            new InetSocketAddress("127.0.0.1", 0), null, null, null))) {
      correlationOn(central, hosts, clock.instant());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      waitReady(http, URI.create("http://127.0.0.1:" + amPort + "/-/ready"), am);
      URI sextant = URI.create("http://127.0.0.1:" + central.httpPort() + "/api/v2/alerts");
      URI alertmanager = URI.create("http://127.0.0.1:" + amPort + "/api/v2/alerts");
      AlertWorkload workload = new AlertWorkload(hosts, 42, clock.instant().minusSeconds(3600));
      System.out.printf("%d possible alerts (%d hosts), %d senders, %d evaluations a round, %d alerts a POST, "
          + "PostgreSQL %s, nproc %d%n", workload.population(), hosts, senders, evaluations, AlertWorkload.BATCH,
          durable ? "durable (fsync, synchronous commit)" : "without fsync", Runtime.getRuntime().availableProcessors());
      List<Double> s = new ArrayList<>();
      List<Double> a = new ArrayList<>();
      for (int r = 0; r < warmup + rounds; r++) {
        int[] mix = new int[3];
        List<byte[]> payloads = new ArrayList<>();
        Instant now = clock.instant();
        for (int e = 0; e < evaluations; e++) {
          payloads.addAll(workload.evaluate(now.plusMillis(e), mix));
        }
        int alerts = mix[0] + mix[1] + mix[2];
        double sr = round(http, pool, senders, sextant, payloads, alerts);
        double ar = round(http, pool, senders, alertmanager, payloads, alerts);
        System.out.printf("round %2d%s: %,6d alerts (new %,d, re-sent %,d, resolved %,d) in %d POSTs: "
            + "sextant %,9.0f alerts/s   alertmanager %,9.0f alerts/s   %.2fx%n", r + 1, r < warmup ? " (warm-up)" : "",
            alerts, mix[0], mix[1], mix[2], payloads.size(), sr, ar, sr / ar);
        if (r >= warmup) {
          s.add(sr);
          a.add(ar);
        }
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        ratios.add(s.get(i) / a.get(i));
      }
      double ms = median(s);
      double ma = median(a);
      System.out.printf("%nmedian over %d rounds: sextant (central HTTP port, PostgreSQL) %,.0f alerts/s, "
          + "alertmanager %,.0f alerts/s, ratio of medians %.2fx, median of per-round ratios %.2fx%n", rounds, ms, ma,
          ms / ma, median(ratios));
      System.out.printf("sextant open alarms %d, alarms in the store %d%n", central.alarms().open().size(),
          store.alarms().size());
    } finally {
      pool.shutdownNow();
      am.destroy();
      am.waitFor(10, TimeUnit.SECONDS);
      bus.close();
      store.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
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

  /** Posts every payload once from {@code senders} clients taking the next from a shared index; alerts/s. */
  static double round(HttpClient http, ExecutorService pool, int senders, URI uri, List<byte[]> payloads, int alerts)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      running.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < payloads.size(); i = next.getAndIncrement()) {
          HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(payloads.get(i))).build(), HttpResponse.BodyHandlers.ofString());
          if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException(uri + " answered " + res.statusCode() + ": " + res.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    return alerts / ((System.nanoTime() - start) / 1e9);
  }

  static Process startAlertmanager(Path dir, int port) throws IOException {
    if (!Files.isExecutable(ALERTMANAGER)) {
      throw new IllegalStateException("needs Debian's prometheus-alertmanager at " + ALERTMANAGER);
    }
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, ALERTMANAGER_CONFIG);
    return new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=").redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
  }

  static void waitReady(HttpClient http, URI ready, Process am) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && am.isAlive()) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("alertmanager not ready at " + ready);
  }

  static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
