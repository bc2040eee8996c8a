package io.sextant.node.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.central.liveness.NoDataSettings;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.StoreSettings;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live central node on a real broker and a real PostgreSQL, in the test's JVM: what an edge
 * publishes into its namespace is stored once however often it is re-sent (the message-id ledger),
 * and a detection becomes an alarm that the node's alarm HTTP API serves, beside the Pulsar client.
 */
class CentralNodeIT {
  static SharedPostgres.Database pg;
  static String serviceUrl;
  static String site;
  static String centre;

  @BeforeAll
  static void start() throws Exception {
    pg = SharedPostgres.fresh("centralnodeit");
    String run = UUID.randomUUID().toString().substring(0, 8);
    site = "cn-" + run + "-edge";
    centre = "cn-" + run + "-central";
    serviceUrl = SharedPulsar.withNamespaces(site, centre);
  }

  /** Runs the node's tick loop on a thread of its own until the node stops. */
  static Thread run(CentralNode node) {
    Thread loop = new Thread(() -> {
      try {
        node.run(System.out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "central-node");
    loop.start();
    return loop;
  }

  static SampleBatch window(String site, Instant t) {
    return SampleBatch.of(site, t, List.of(Heartbeat.sample(site, t),
        new Sample(site, "host_cpu_busy_ratio", Labels.of("resource", "node:" + site + "/gw"), t, 0.5)));
  }

  /** Samples stored for {@code site}. */
  static long stored(PostgresStore store, String site) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT count(*) FROM samples s JOIN series r USING (series_id) WHERE r.site = ?")) {
      q.setString(1, site);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The newest stored value of one of the centre's health series (with the label given, if any); NaN if none. */
  static double health(PostgresStore store, String metric, String label, String value) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT s.value FROM samples s JOIN series r USING (series_id) WHERE r.site = ? AND r.metric = ?"
            + " AND r.labels->>'resource' = ? AND (?::text IS NULL OR r.labels->>?::text = ?::text)"
            + " ORDER BY s.time DESC LIMIT 1")) {
      q.setString(1, Central.SITE);
      q.setString(2, metric);
      q.setString(3, HealthSeries.resource(Central.SITE, HealthSeries.CENTRE));
      q.setString(4, label);
      q.setString(5, label);
      q.setString(6, value);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getDouble(1) : Double.NaN;
      }
    }
  }

  @Test
  void aSiteWhoseSamplesStopRaisesTheNoDataAlarmInTheConfiguredTimeAndClearsWhenTheyComeBack() throws Exception {
    String quiet = site + "-q";
    SharedPulsar.withNamespaces(quiet);
    Duration after = Duration.ofSeconds(4);
    CentralConfig config = new CentralConfig(centre, List.of(quiet), BusSettings.pulsar(serviceUrl),
        new StoreSettings(pg.jdbcUrl(), pg.user(), null, null), null, Duration.ofSeconds(1), null, null, null, null,
        AlarmServiceConfig.parse("bus: {subscription: alarms-q}\n"), 2, new java.net.InetSocketAddress("127.0.0.1", 0),
        null, new NoDataSettings(after, null, Duration.ofMinutes(2), 3, true), null, null, null);
    String resource = Heartbeat.resource(quiet);
    try (CentralNode node = new CentralNode(config, Clock.systemUTC());
        PulsarBus edge = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, quiet));
        PostgresStore store = Stores.open(StoreConfig.external(pg.jdbcUrl(), pg.user(), null))) {
      Thread loop = run(node);
      MessageBus up = new MessageBus(edge);
      Instant first = Instant.now();
      for (int i = 0; i < 4; i++) { // the edge's windows, then it goes quiet
        up.publish(Topic.SAMPLES, window(quiet, first.plusMillis(500L * i))).get(60, TimeUnit.SECONDS);
        Thread.sleep(500);
      }
      long lastSent = System.nanoTime();
      Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
          store.alarms().stream().anyMatch(a -> a.resource().equals(resource) && !a.cleared()));
      double tookSeconds = (System.nanoTime() - lastSent) / 1e9;
      Alarm raised = store.alarms().stream().filter(a -> a.resource().equals(resource)).findFirst().orElseThrow();
      assertThat(raised.probableCause()).isEqualTo("communicationsSubsystemFailure");
      assertThat(raised.specificProblem()).startsWith("no data from site " + quiet + " since ");
      assertThat(raised.site()).isEqualTo(quiet);
      // Raised once the silence reached 'after', at a one-second tick: not before, and not much later.
      assertThat(tookSeconds).as("seconds from the last batch to the alarm").isBetween(after.toSeconds() - 0.5,
          after.toSeconds() + 5.0);
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.apiPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).as("the centre's /metrics shows what the watch judges on")
          .contains("sextant_central_site_silent_seconds{site=\"" + quiet + "\"}")
          .contains("sextant_central_ingest_lag_seconds{site=\"" + quiet + "\"}");

      // The edge was cut off and buffered: its outbox sends the oldest window first, which clears it.
      up.publish(Topic.SAMPLES, window(quiet, first.plusSeconds(3))).get(60, TimeUnit.SECONDS);
      Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
          store.alarms().stream().anyMatch(a -> a.id().equals(raised.id()) && a.cleared()));
      node.stop();
      loop.join(10_000);
    }
  }

  @Test
  void storesEachBatchOnceAndServesItsAlarmsOverHttp() throws Exception {
    CentralConfig config = new CentralConfig(centre, List.of(site), BusSettings.pulsar(serviceUrl),
        new StoreSettings(pg.jdbcUrl(), pg.user(), null, null), null, Duration.ofSeconds(1), null, null, null, null,
        AlarmServiceConfig.parse(""), 2, new java.net.InetSocketAddress("127.0.0.1", 0), null, null, null, null, null);
    Instant t = Instant.now().minusSeconds(60);
    SampleBatch batch = SampleBatch.of(site, t, List.of(
        new Sample(site, "probe_loss_ratio", Labels.of("resource", "path:" + site + ">central"), t, 0.2),
        new Sample(site, "host_cpu_busy_ratio", Labels.of("resource", "node:" + site + "/gw"), t, 0.5)));
    Detection loss = new Detection(null, site, t, "ewma", "probe_loss_ratio",
        Labels.of("resource", "path:" + site + ">central"), "path:" + site + ">central", Detection.State.FIRING,
        0.2, 0.001, 9);
    try (CentralNode node = new CentralNode(config, Clock.systemUTC());
        PulsarBus edge = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, site));
        PostgresStore store = Stores.open(StoreConfig.external(pg.jdbcUrl(), pg.user(), null))) {
      Thread loop = new Thread(() -> {
        try {
          node.run(System.out);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "central-node");
      loop.start();
      MessageBus up = new MessageBus(edge);
      for (int i = 0; i < 3; i++) { // an edge re-sending after a lost acknowledgement
        up.publish(Topic.SAMPLES, batch).get(60, TimeUnit.SECONDS);
      }
      up.publish(Topic.DETECTIONS, loss).get(60, TimeUnit.SECONDS);

      URI alarms = URI.create("http://127.0.0.1:" + node.apiPort() + "/tmf-api/alarmManagement/v4/alarm");
      HttpClient http = HttpClient.newHttpClient();
      Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(alarms).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("path:" + site + ">central");
      });
      Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> stored(store, site) >= 2);
      Thread.sleep(1000); // the re-sent copies, if they were to be written, would be by now
      assertThat(stored(store, site)).as("three copies of one batch, stored once").isEqualTo(2);
      assertThat(store.alarms()).extracting(a -> a.resource()).contains("path:" + site + ">central");

      // The centre stores its own health series every tick, as its site, beside the edges' KPIs.
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> health(store, "sextant_central_samples_ingested_total",
          "site", site) >= 2 && health(store, "sextant_central_api_requests_total", "status", "200") > 0);
      assertThat(health(store, HealthSeries.RSS, null, null)).isPositive();
      assertThat(health(store, HealthSeries.HEAP_USED, null, null)).isPositive();
      assertThat(health(store, "sextant_central_ingest_lag_seconds", "site", site)).isPositive();
      node.stop();
      loop.join(10_000);
      assertThat(loop.isAlive()).isFalse();
    }
  }

  @Test
  void aCentreConfiguredWithTlsAndTokensAnswersNoPlaintextAndNoStranger(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    io.sextant.testkit.tls.TestCert cert = io.sextant.testkit.tls.TestCert.create(dir, "central");
    java.nio.file.Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  - {name: noc-vic, role: viewer, sha256: "
        + io.sextant.common.security.ApiTokens.sha256("viewer-token") + "}\n");
    CentralConfig config = io.sextant.node.central.config.CentralConfigFile.parse("""
        site: %s
        sites: [%s]
        interval: 1s
        bus: {service-url: '%s'}
        store: {jdbc-url: '%s', user: %s, remote-write-listen: '127.0.0.1:0'}
        alarms: {bus: {subscription: alarms-tls}}
        http:
          listen: '127.0.0.1:0'
          tokens-file: tokens.yaml
          tls: {certificate: central-cert.pem, private-key: central-key.pem}
          rate-limit: {per-second: 100}
        """.formatted(centre, site, serviceUrl, pg.jdbcUrl(), pg.user()), dir);
    try (CentralNode node = new CentralNode(config, Clock.systemUTC())) {
      java.io.ByteArrayOutputStream ready = new java.io.ByteArrayOutputStream();
      Thread loop = new Thread(() -> {
        try {
          node.run(new java.io.PrintStream(ready, true, java.nio.charset.StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "central-node");
      loop.start();
      HttpClient tls = HttpClient.newBuilder().sslContext(cert.trusting()).connectTimeout(Duration.ofSeconds(10))
          .build();
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      URI api = URI.create("https://127.0.0.1:" + node.apiPort());
      URI write = URI.create("https://127.0.0.1:" + node.remoteWritePort() + "/api/v1/write");
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> ready.toString().contains(" api=https://"));

      assertThat(send(tls, api.resolve("/healthz"), null, null).statusCode()).isEqualTo(200);
      assertThat(send(tls, api.resolve("/tmf-api/alarmManagement/v4/alarm"), null, null).statusCode()).isEqualTo(401);
      assertThat(send(tls, api.resolve("/tmf-api/alarmManagement/v4/alarm"), "viewer-token", null).statusCode())
          .isEqualTo(200);
      assertThat(send(tls, write, null, new byte[] {1}).statusCode()).isEqualTo(401);
      assertThat(send(tls, write, "viewer-token", new byte[] {1}).statusCode()).isEqualTo(403);
      for (URI u : List.of(api.resolve("/healthz"), write)) {
        URI insecure = URI.create("http" + u.toString().substring(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> send(plain, insecure, "viewer-token", null))
            .as(insecure.toString()).isInstanceOf(java.io.IOException.class);
      }
      assertThat(send(tls, api.resolve("/metrics"), "viewer-token", null).body())
          .contains("sextant_central_remote_write_refused_total{reason=\"missing_token\"} 1.0")
          .contains("sextant_central_remote_write_refused_total{reason=\"role\"} 1.0")
          .contains("sextant_central_api_refused_total{reason=\"missing_token\"} 1.0");
      node.stop();
      loop.join(10_000);
    }
  }

  static HttpResponse<String> send(HttpClient client, URI uri, String token, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
        .method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
