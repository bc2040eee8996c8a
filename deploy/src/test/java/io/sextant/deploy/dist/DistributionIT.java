package io.sextant.deploy.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.codec.JsonCodec;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.sextant.deploy.dist.Distribution.Proc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The distribution as a newcomer gets it: {@code sextant-<version>.tar.gz} unpacked into an empty
 * directory (no checkout, no Maven repository), every command run as a real process from its
 * {@code bin/sextant} with an environment holding only {@code PATH} and {@code JAVA_HOME}.
 *
 * <p>This is the test behind docs/operations.md: every command that page shows is run here, in
 * its order: the database role, grants and database (the same SQL, over JDBC, against an embedded
 * PostgreSQL, since psql's {@code -h/-p} differ per machine; {@link #theOperationsGuideShowsWhatThisTestRuns}
 * checks the page still shows exactly these statements), {@code bin/sextant pulsar},
 * {@code bin/sextant central --config config/local/central.yaml} (here with {@code --jdbc-url}
 * naming the embedded server's port, and {@code --service-url} only if 6650 was taken),
 * {@code bin/sextant edge --config config/local/edge-1.yaml} and {@code edge-2.yaml}, the checks
 * ({@code /healthz}, the TMF642 alarms, {@code bin/sextant alarms ls} and {@code automation status}
 * with {@code --url} naming the port the centre printed); the README's
 * {@code demo} too ({@code lab --sites 3} runs beside it, in {@link DistributionLabIT}). The systemd units are checked for their contract
 * only (systemd cannot run here).
 *
 * <p>Runs after {@code package}: the archive is {@code -Dsextant.distribution}. One unpacked archive
 * and one broker serve every case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
  /** The statements docs/operations.md gives to run as PostgreSQL's superuser, in order. */
  static final List<String> DATABASE_SETUP = List.of(
      "CREATE ROLE sextant LOGIN PASSWORD 'change-me'",
      "CREATE DATABASE sextant OWNER sextant",
      "REVOKE ALL ON DATABASE sextant FROM PUBLIC");
  static final String PASSWORD = Distribution.PASSWORD;
  private static final Duration READY = Duration.ofMinutes(3);

  private Distribution dist;
  private Path root;
  private Path home;
  private Proc pulsar;
  private String serviceUrl;

  @BeforeAll
  void unpack() throws Exception {
    dist = Distribution.unpack();
    root = dist.root;
    home = dist.home;
  }

  @AfterAll
  void stopEverything() throws IOException {
    dist.close();
  }

  @Test
  @Order(1)
  void theArchiveHoldsTheLauncherTheLibrariesTheConfigurationAndTheUnits() throws Exception {
    assertThat(Files.isExecutable(home.resolve("bin/sextant"))).isTrue();
    assertThat(jars(home.resolve("lib"))).isNotEmpty().noneMatch(DistributionIT::brokerOrOldNetty);
    assertThat(jars(home.resolve("lib/pulsar"))).anyMatch(j -> j.contains("pulsar-broker-"))
        .anyMatch(j -> j.matches(".*netty-common-4\\.1\\..*"));
    for (String f : List.of("local/central.yaml", "local/edge-1.yaml", "local/edge-2.yaml", "central-live.yaml",
        "edge-live.yaml", "central.yaml", "edge.yaml")) {
      assertThat(home.resolve("config").resolve(f)).isRegularFile();
    }
    for (String role : List.of("central", "edge")) {
      String unit = Files.readString(home.resolve("systemd/sextant-" + role + ".service"));
      assertThat(unit).contains("User=sextant", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
          "ExecStart=/opt/sextant/bin/sextant " + role + " --config /etc/sextant/" + role + ".yaml");
    }
  }

  /** README: the demo, its short form; every fault handled, no false alarm, as its summary says. */
  @Test
  @Order(2)
  void theDemoHandlesEveryFaultWithoutAFalseAlarm() throws Exception {
    Path report = root.resolve("demo-report.json");
    Proc demo = dist.start("demo", "demo", "--speed", "0", "--quiet", "--report", report.toString());
    assertThat(demo.process.waitFor(10, TimeUnit.MINUTES)).as("demo finished").isTrue();
    assertThat(demo.process.exitValue()).as(demo.tail(40)).isZero();
    assertThat(demo.output()).contains("no false alarm: YES");
    JsonNode json = JsonCodec.get().mapper().readTree(Files.readAllBytes(report));
    assertHandled(json, demo, 4); // the default three and the dependency fault
    for (JsonNode f : json.get("faults")) { // the report's format (was DemoIT's CLI case)
      for (String key : new String[] {"id", "kind", "target", "detected", "located_correctly", "repaired",
          "time_to_detect_s", "time_to_locate_s", "time_to_mitigate_s", "time_to_repair_s"}) {
        assertThat(f.has(key)).as("fault has %s", key).isTrue();
      }
    }
  }

  /** operations.md: {@code bin/sextant pulsar}; the broker answers on its port. Kept for the nodes below. */
  @Test
  @Order(3)
  void pulsarStartsABrokerThatAnswersOnItsPort() throws Exception {
    pulsar = dist.start("pulsar", "pulsar");
    String ready = pulsar.awaitLine("SEXTANT PULSAR READY", READY);
    serviceUrl = ready.substring(ready.indexOf("pulsar://")).split(" ")[0];
    int port = URI.create(serviceUrl).getPort();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(s.isConnected()).isTrue();
    }
    assertThat(classPath(pulsar)).noneMatch(DistributionIT::brokerOrOldNetty);
  }

  /**
   * operations.md: the database, then a live centre and two live edges on the shipped
   * configurations; the centre's API answers and both edges' samples reach it.
   */
  @Test
  @Order(4)
  void aLiveCentreAndTwoEdgesRunOnTheShippedConfigurations() throws Exception {
    assertThat(serviceUrl).as("the broker of the previous case").isNotNull();
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      String admin = "jdbc:postgresql://localhost:" + pg.port() + "/postgres";
      try (Connection c = DriverManager.getConnection(admin, EmbeddedPostgresServer.USER, null);
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE " + EmbeddedPostgresServer.DATABASE); // the embedded server makes one: start from nothing
        for (String sql : DATABASE_SETUP) {
          st.execute(sql);
        }
      }
      String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/sextant";
      List<String> bus = serviceUrl.equals("pulsar://127.0.0.1:6650") ? List.of() : List.of("--service-url", serviceUrl);

      Proc central = dist.start("central", concat(List.of("central", "--config", "config/local/central.yaml",
          "--jdbc-url", jdbcUrl), bus));
      String ready = central.awaitLine("SEXTANT CENTRAL READY", READY);
      String api = ready.substring(ready.indexOf(" api=") + 5).split(" ")[0];
      Proc edge1 = dist.start("edge-1", concat(List.of("edge", "--config", "config/local/edge-1.yaml"), bus));
      Proc edge2 = dist.start("edge-2", concat(List.of("edge", "--config", "config/local/edge-2.yaml"), bus));
      edge1.awaitLine("SEXTANT EDGE READY", READY);
      edge2.awaitLine("SEXTANT EDGE READY", READY);

      for (Proc node : List.of(central, edge1, edge2)) {
        assertThat(classPath(node)).as(node.name + "'s class path").isNotEmpty()
            .noneMatch(DistributionIT::brokerOrOldNetty);
      }
      assertThat(get(api + "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> alarms = get(api + "/tmf-api/alarmManagement/v4/alarm");
      assertThat(alarms.statusCode()).isEqualTo(200);
      assertThat(JsonCodec.get().mapper().readTree(alarms.body()).isArray()).as(alarms.body()).isTrue();
      // The operator CLI against the centre's port (every command of it: OperatorCliIT).
      for (List<String> cli : List.of(List.of("alarms", "ls"), List.of("automation", "status"))) {
        Proc p = dist.start(String.join("-", cli), concat(cli, List.of("--url", api)));
        assertThat(p.process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", cli)).isTrue();
        assertThat(p.process.exitValue()).as(p.tail(20)).isZero();
      }
      // Both edges' host samples (10 s windows) arrive: in the centre's counters and in its store.
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        String metrics = get(api + "/metrics").body();
        assertThat(ingested(metrics, "edge-1")).as(central.tail(20)).isPositive();
        assertThat(ingested(metrics, "edge-2")).as(central.tail(20)).isPositive();
      });
      try (Connection c = DriverManager.getConnection(jdbcUrl, "sextant", PASSWORD);
          PreparedStatement q = c.prepareStatement("SELECT s.site, count(*) FROM samples x JOIN series s "
              + "ON s.series_id = x.series_id GROUP BY s.site")) {
        Map<String, Long> bySite = new java.util.TreeMap<>();
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            bySite.put(rs.getString(1), rs.getLong(2));
          }
        }
        assertThat(bySite).containsKeys("edge-1", "edge-2");
      }
      for (Proc p : List.of(edge1, edge2, central)) {
        p.close();
        assertThat(p.output()).as(p.name + " closed cleanly").doesNotContain("Exception in thread \"main\"");
      }
    }
    pulsar.close();
    assertThat(pulsar.process.isAlive()).isFalse();
  }

  /** Every command of docs/operations.md's walkthrough is one this test runs (see the class comment). */
  @Test
  @Order(6)
  void theOperationsGuideShowsWhatThisTestRuns() throws IOException {
    String guide = Files.readString(Path.of(System.getProperty("sextant.docs", "../docs"), "operations.md"));
    for (String sql : DATABASE_SETUP) {
      assertThat(guide).contains(sql + ";");
    }
    assertThat(guide).contains("bin/sextant pulsar", "bin/sextant central --config config/local/central.yaml",
        "bin/sextant edge --config config/local/edge-1.yaml", "bin/sextant edge --config config/local/edge-2.yaml",
        "bin/sextant demo", "bin/sextant lab --sites 3", "/tmf-api/alarmManagement/v4/alarm", "/healthz",
        "bin/sextant alarms ls", "bin/sextant automation status");
  }

  /**
   * No false alarm and {@code faults} faults, each detected and located, and repaired unless the
   * report says why no runbook repairs it ({@code no_repair_because}: the dependency fault).
   */
  static void assertHandled(JsonNode report, Proc proc, int faults) {
    assertThat(report.get("false_alarms").asInt()).as(proc.tail(40)).isZero();
    assertThat(report.get("faults")).hasSize(faults);
    for (JsonNode f : report.get("faults")) {
      boolean repairExpected = !f.hasNonNull("no_repair_because");
      assertThat(f.get("detected").asBoolean() && f.get("located_correctly").asBoolean()
          && (!repairExpected || f.get("repaired").asBoolean())).as("%s handled", f.get("id")).isTrue();
    }
  }

  private static boolean brokerOrOldNetty(String jar) {
    String name = Path.of(jar).getFileName().toString();
    return name.contains("pulsar-broker") || name.contains("pulsar-client-original")
        || name.matches(".*netty-[a-z0-9-]+-4\\.1\\.[0-9]+.*\\.jar");
  }

  private static List<String> jars(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(Path::toString).filter(n -> n.endsWith(".jar")).toList();
    }
  }

  /** The class path the JVM actually runs on (bin/sextant execs java, so the pid is the JVM's). */
  private static List<String> classPath(Proc p) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process q = new ProcessBuilder(jcmd.toString(), Long.toString(p.process.pid()), "VM.system_properties")
        .redirectErrorStream(true).start();
    String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    q.waitFor(1, TimeUnit.MINUTES);
    return out.lines().filter(l -> l.startsWith("java.class.path=")).findFirst()
        .map(l -> Arrays.asList(l.substring("java.class.path=".length()).replace("\\:", ":").split(":")))
        .orElseThrow(() -> new AssertionError("no java.class.path from jcmd " + p.process.pid() + ":\n" + out));
  }

  private static long ingested(String metrics, String site) {
    return metrics.lines().filter(l -> l.startsWith("sextant_central_samples_ingested") && l.contains("site=\"" + site + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
