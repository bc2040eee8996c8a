package io.sextant.deploy.process;

import io.sextant.testkit.peer.Peers;
import io.sextant.node.edge.EdgeNode;
import io.sextant.node.central.CentralNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.central.model.ModelService;
import io.sextant.central.model.ModelSettings;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.deploy.cli.TrainCommand;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.SimulatedCloud;
import io.sextant.testkit.postgres.SharedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.sextant.deploy.lab.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live edges with real sources, as an operator runs them: {@code sextant central} and two
 * {@code sextant edge} child JVMs, configured by YAML only, over a real Pulsar and PostgreSQL.
 * edge-1 reads the host's /proc and /sys, scrapes Debian's real prometheus-node-exporter, receives
 * OTLP metrics and two services' spans from the real OpenTelemetry SDK (this JVM exports to it;
 * the spans become the calls it learned) and probes edge-2; edge-2 reads its
 * host and probes edge-1. When the exporter is stopped, the centre raises the "scrape target down"
 * alarm on its instance. The centre publishes an upload policy that keeps edge-2's network
 * counters at its site, and trains, signs and pushes models on stored history; edge-1, killed and
 * restarted while cut off, scores with its last good model at once. Everything else is checked
 * where it lands: in the central store.
 */
class LiveEdgeIT {
  static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");

  @Test
  void realSourcesAtTwoLiveEdgesReachTheCentralStore(@TempDir Path dir) throws Exception {
    Peers.require(NODE_EXPORTER, "prometheus-node-exporter");
    List<AutoCloseable> open = new ArrayList<>();
    SharedPostgres.Database pg = SharedPostgres.fresh("live_edge");
    try {
      int nodePort = freePort();
      Process exporter = new ProcessBuilder(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + nodePort,
          "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.loadavg")
          .redirectErrorStream(true).redirectOutput(dir.resolve("node-exporter.log").toFile()).start();
      open.add(exporter::destroyForcibly);
      BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT,
          CloudSpec.defaults().withEdgeSites(2).siteIds()).withLog(dir.resolve("pulsar.log")));
      open.add(pulsar);
      String serviceUrl = pulsar.serviceUrl();

      int otlpPort = freePort();
      int metrics1 = freePort();
      int metrics2 = freePort();
      int udp1 = freePort();
      int udp2 = freePort();
      int tcp2 = freePort();
      Files.writeString(dir.resolve("policies.yaml"), """
          sites:
            edge-2:
              version: 1
              rules:
                - metric: "host_network_*"
                  mode: local_only
          """);
      // History for the centre's training job: the simulated cloud's, ending a minute ago.
      Duration history = seedHistory(pg);
      Instant live = Instant.now();
      Path central = write(dir.resolve("central.yaml"), """
          site: central
          sites: [edge-1, edge-2]
          interval: 2s
          policy-file: policies.yaml
          bus: {type: pulsar, service-url: %s}
          store: {jdbc-url: "%s"}
          models: {key-dir: keys, every: 10s, training-window: %ds, release: all}
          http: {listen: "127.0.0.1:0"}  # not the default 9093: DistributionIT's shipped centre may hold it
          """.formatted(serviceUrl, pg.jdbcUrl(), history.plusHours(1).toSeconds()));
      Path edge1 = write(dir.resolve("edge-1.yaml"), """
          site: edge-1
          data-dir: %s
          interval: 2s
          bus: {type: pulsar, service-url: %s}
          ports: {metrics: %d}
          models: {trusted-keys: [keys/release.pub]}
          sources:
            host: {node: gw-1}
            scrape:
              - name: node
                url: http://127.0.0.1:%d/metrics
                labels: {job: node}
            otlp: {listen: "127.0.0.1:%d"}
            probes:
              listen: "127.0.0.1:%d"
              count: 5
              interval: 10ms
              timeout: 500ms
              peers:
                - {site: edge-2, udp: "127.0.0.1:%d", tcp: "127.0.0.1:%d"}
          """.formatted(dir.resolve("data"), serviceUrl, metrics1, nodePort, otlpPort, udp1, udp2, tcp2));
      Path edge2 = write(dir.resolve("edge-2.yaml"), """
          site: edge-2
          data-dir: %s
          interval: 2s
          bus: {type: pulsar, service-url: %s}
          ports: {metrics: %d}
          sources:
            host: true
            probes:
              listen: "127.0.0.1:%d"
              tcp-listen: "127.0.0.1:%d"
              count: 5
              interval: 10ms
              timeout: 500ms
              peers:
                - {site: edge-1, udp: "127.0.0.1:%d"}
          """.formatted(dir.resolve("data"), serviceUrl, metrics2, udp2, tcp2, udp1));

      ChildProcess c = ChildProcess.start("central", "384m", dir.resolve("central.log"),
          List.of("central", "--config", central.toString()));
      open.add(c);
      assertThat(c.awaitLine(CentralNode.READY, Duration.ofMinutes(3))).contains("mode=live", "policies=[edge-2]");
      ChildProcess e2 = ChildProcess.start("edge-2", "128m", dir.resolve("edge-2.log"),
          List.of("edge", "--config", edge2.toString()));
      open.add(e2);
      assertThat(e2.awaitLine(EdgeNode.READY, Duration.ofMinutes(3))).contains("mode=live", "host", "probe");
      ChildProcess e1 = ChildProcess.start("edge-1", "128m", dir.resolve("edge-1.log"),
          List.of("edge", "--config", edge1.toString()));
      open.add(e1);
      assertThat(e1.awaitLine(EdgeNode.READY, Duration.ofMinutes(3)))
          .contains("mode=live", "otlp=" + otlpPort, "node", "probe");

      // The real OpenTelemetry SDK exports a counter and a histogram to edge-1 every second.
      OtlpHttpMetricExporter otlp = OtlpHttpMetricExporter.builder()
          .setEndpoint("http://127.0.0.1:" + otlpPort + "/v1/metrics").build();
      SdkMeterProvider provider = SdkMeterProvider.builder()
          .registerMetricReader(PeriodicMetricReader.builder(otlp).setInterval(Duration.ofSeconds(1)).build()).build();
      open.add(provider::close);
      Meter meter = provider.get("live-edge-it");
      LongCounter requests = meter.counterBuilder("app.requests").build();
      DoubleHistogram latency = meter.histogramBuilder("app.latency").setUnit("s").build();
      Thread load = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          requests.add(10, Attributes.empty());
          latency.record(0.02, Attributes.empty());
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      load.setDaemon(true);
      load.start();
      open.add(load::interrupt);

      // Two services' spans, each exported by its own SDK, parent and child in different exports:
      // edge-1 learns that shop calls payments and uploads the calls.
      io.opentelemetry.sdk.trace.SdkTracerProvider shop = tracer("shop", otlpPort);
      io.opentelemetry.sdk.trace.SdkTracerProvider payments = tracer("payments", otlpPort);
      open.add(shop::close);
      open.add(payments::close);
      io.opentelemetry.api.trace.Span call = shop.get("live-edge-it").spanBuilder("charge").startSpan();
      payments.get("live-edge-it").spanBuilder("POST /charge")
          .setParent(io.opentelemetry.context.Context.root().with(call)).startSpan().end();
      call.end();

      List<ChildProcess> children = List.of(c, e1, e2);
      Store store = new Store(pg, live); // live samples only, not the seeded history
      // Each source of each edge, stored centrally.
      awaitTrue("edge-1 host KPIs", children, () -> store.count("edge-1", "host_memory_used_ratio") > 0
          && store.count("edge-1", "host_cpu_busy_ratio") > 0);
      awaitTrue("edge-1 node-exporter scrape", children, () -> store.count("edge-1", "node_load1") > 0
          && store.labelled("edge-1", "node_load1", "job", "node"));
      awaitTrue("edge-1 OTLP from the SDK", children, () -> store.countLike("edge-1", "app_requests%") > 0
          && store.countLike("edge-1", "app_latency%") > 0);
      awaitTrue("edge-1 service calls from the SDK's spans", children,
          () -> store.labelled("edge-1", "service_calls", "callee", "edge-1/payments"));
      awaitTrue("probes both ways", children, () -> store.count("edge-1", "probe_loss_ratio") > 0
          && store.count("edge-2", "probe_loss_ratio") > 0);
      assertThat(store.max("edge-1", "probe_loss_ratio")).as("loopback loses nothing").isZero();
      assertThat(store.max("edge-1", "probe_tcp_up")).as("edge-2's TCP responder answers").isEqualTo(1.0);
      assertThat(store.labelled("edge-1", "probe_loss_ratio", "resource", "path:edge-1>edge-2")).isTrue();

      // The centre's upload policy reached edge-2: its network counters stay at the site from then on.
      awaitTrue("policy applied at edge-2", children,
          () -> scrape(metrics2).contains("sextant_upload_policy_version 1"));
      Thread.sleep(5000); // windows taken before the policy arrived drain first
      long edge2Network = store.countLike("edge-2", "host_network%");
      long edge1Network = store.countLike("edge-1", "host_network%");
      Thread.sleep(8000);
      assertThat(store.countLike("edge-2", "host_network%")).as("edge-2 network series after local_only")
          .isEqualTo(edge2Network);
      assertThat(store.countLike("edge-1", "host_network%")).as("edge-1 still uploads them").isGreaterThan(edge1Network);
      assertThat(value(scrape(metrics2), "sextant_upload_samples_total{mode=\"local_only\"}")).isPositive();

      // The edge's own metrics describe its sources.
      String m1 = scrape(metrics1);
      assertThat(value(m1, "sextant_otlp_requests_accepted_total")).isPositive();
      assertThat(value(m1, "sextant_scrape_total{target=\"node\"}")).isPositive();
      assertThat(value(m1, "sextant_scrape_failures_total{target=\"node\"}")).isZero();
      assertThat(value(m1, "process_resident_memory_bytes")).isPositive();
      assertThat(heapUsed(m1)).as("Micrometer's heap pools summed").isPositive();
      assertThat(store.labelled("edge-1", "up", "job", "node")).as("the target's up series").isTrue();
      assertThat(value(scrape(metrics2), "sextant_probe_tcp_accepted_total")).isPositive();
      assertThat(value(scrape(metrics2), "sextant_probe_responder_answered_total")).isPositive();
      // The nodes' own health series are stored like any KPI: each edge's with its windows, the centre's at its ticks.
      awaitTrue("health series stored", children, () -> store.count("edge-1", "sextant_outbox_depth") > 0
          && store.count("edge-2", "sextant_process_resident_memory_bytes") > 0
          && store.count("central", "sextant_central_samples_ingested_total") > 0);

      // The scraped target goes down: edge-1's built-in threshold fires on up = 0 at once (no
      // warm-up to configure away), the centre raises the alarm on the target's instance.
      exporter.destroy();
      String instance = "instance:edge-1/127.0.0.1:" + nodePort;
      awaitTrue("an alarm for the target down", children, () -> store.alarms(instance, "connectionEstablishmentError") > 0);
      assertThat(store.labelled("edge-1", "up", "resource", instance)).isTrue();

      // The centre trains on the stored history, signs and pushes; edge-1 verifies and scores with
      // the probe model (its service model is refused: edge-1 collects no service KPIs).
      awaitTrue("the probe model running at edge-1", children,
          () -> scrape(metrics1).contains("sextant_edge_model_version{model=\"probe-kpis\"}"));
      double version = value(scrape(metrics1), "sextant_edge_model_version{model=\"probe-kpis\"}");
      assertThat(version).isPositive();
      assertThat(value(scrape(metrics1), "sextant_edge_models_refused_total")).isPositive();

      // Autonomy: cut off (the broker frozen), edge-1 is killed and restarted, and scores with its
      // last good model at once, from its disk.
      signal("STOP", pulsar.pid());
      try {
        e1.kill();
        ChildProcess again = ChildProcess.start("edge-1b", "128m", dir.resolve("edge-1b.log"),
            List.of("edge", "--config", edge1.toString()));
        open.add(again);
        again.awaitLine(EdgeNode.READY, Duration.ofMinutes(3));
        awaitTrue("the model restored while cut off", List.of(again),
            () -> valueOrNaN(scrape(metrics1), "sextant_edge_model_version{model=\"probe-kpis\"}") == version);
      } finally {
        signal("CONT", pulsar.pid());
      }
      System.out.printf("LiveEdgeIT: stored %d edge-1 and %d edge-2 samples; probe model v%.0f restored while cut off%n",
          store.count("edge-1", null), store.count("edge-2", null), version);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        AutoCloseable a = open.get(i);
        try {
          a.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  /** Writes the simulated cloud's history (and its fault labels) so that it ends a minute ago; returns its length. */
  private static Duration seedHistory(SharedPostgres.Database pg) {
    CloudSpec probe = CloudSpec.defaults();
    Duration length = Duration.between(probe.start(),
        SimulatedCloud.withDefaultFaults(probe).schedule().end().orElseThrow());
    CloudSpec spec = probe.withStart(Instant.now().minus(length).minusSeconds(60).truncatedTo(ChronoUnit.MINUTES));
    try (PostgresStore store = Stores.open(StoreConfig.external(pg.jdbcUrl(), SharedPostgres.USER, null));
        InProcessBus raw = new InProcessBus(); MessageBus bus = new MessageBus(raw);
        ModelService labels = new ModelService(store, store.dataSource(), bus, SigningKey.ephemeral(), spec.siteIds(),
            Clock.systemUTC(), ModelSettings.defaults())) {
      TrainCommand.seedFromSimulation(store, labels, spec, TrainingProgress.NONE);
    }
    return length;
  }

  private static io.opentelemetry.sdk.trace.SdkTracerProvider tracer(String service, int port) {
    return io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
        .setResource(io.opentelemetry.sdk.resources.Resource.create(Attributes.of(
            io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
            io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/v1/traces").build()))
        .build();
  }

  private static void signal(String sig, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).as("kill -%s %d", sig, pid).isZero();
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitTrue(String what, List<ChildProcess> children, BooleanSupplier ok) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!ok.getAsBoolean()) {
      for (ChildProcess p : children) {
        if (!p.isAlive()) {
          throw new AssertionError(p.name() + " died while waiting for " + what + ":\n" + p.tail(40));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(500);
    }
  }

  private static String scrape(int port) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static double valueOrNaN(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** The value of one exposition line ({@code name{labels} value}); fails when absent. */
  /** The heap in use: Micrometer's jvm_memory_used_bytes has one series per pool, {area, id}. */
  private static double heapUsed(String exposition) {
    Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$").matcher(exposition);
    double sum = 0;
    boolean any = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
      any = true;
    }
    assertThat(any).as("jvm_memory_used_bytes{area=\"heap\",...} in:%n%s", exposition).isTrue();
    return sum;
  }

  private static double value(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
    assertThat(m.find()).as("%s in:%n%s", series, exposition).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** Reads what the centre stored. */
  private record Store(SharedPostgres.Database pg, Instant since) {
    long count(String site, String metric) {
      return query("SELECT count(*) FROM samples s JOIN series r USING (series_id) WHERE s.time > ? AND r.site = ?"
          + (metric == null ? "" : " AND r.metric = ?"), site, metric);
    }

    long countLike(String site, String pattern) {
      return query("SELECT count(*) FROM samples s JOIN series r USING (series_id) WHERE s.time > ? AND r.site = ?"
          + " AND r.metric LIKE ?", site, pattern);
    }

    boolean labelled(String site, String metric, String label, String value) {
      return query("SELECT count(*) FROM samples s JOIN series r USING (series_id) WHERE s.time > ? AND r.site = ?"
          + " AND r.metric = ? AND r.labels ->> '" + label + "' = ?", site, metric, value) > 0;
    }

    double max(String site, String metric) {
      try (Connection c = pg.dataSource().getConnection();
          PreparedStatement q = c.prepareStatement("SELECT max(s.value) FROM samples s JOIN series r USING (series_id)"
              + " WHERE s.time > ? AND r.site = ? AND r.metric = ?")) {
        q.setTimestamp(1, java.sql.Timestamp.from(since));
        q.setString(2, site);
        q.setString(3, metric);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          return rs.getDouble(1);
        }
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
    }

    long alarms(String resource, String probableCause) {
      return query("SELECT count(*) FROM alarms WHERE raised_time > ? AND resource = ? AND probable_cause = ?",
          resource, probableCause);
    }

    private long query(String sql, String... args) {
      try (Connection c = pg.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
        q.setTimestamp(1, java.sql.Timestamp.from(since));
        int i = 2;
        for (String a : args) {
          if (a != null) {
            q.setString(i++, a);
          }
        }
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
    }
  }
}
