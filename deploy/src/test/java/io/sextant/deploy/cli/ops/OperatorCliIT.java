package io.sextant.deploy.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.actuator.hook.CallbackReceiver;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Path;
import io.sextant.deploy.cli.SextantCommand;
import io.sextant.node.central.Central;
import io.sextant.node.central.CentralOptions;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The operators' CLI against a real centre's HTTP port (in-process bus, embedded PostgreSQL, the
 * simulated cloud to act on): an alarm raised on the bus is listed, acknowledged, commented and
 * cleared; a silence is added, listed and expired; an action held for approval is approved; a
 * false alarm is labelled; the safety switches are thrown. Each effect is checked through the
 * API, not through the CLI's own output alone. Errors exit 1 with the server's message.
 */
class OperatorCliIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Runbook CAREFUL_REROUTE = RunbookLoader.parse("test", """
      id: careful-reroute
      description: Reroute around a lossy link, once a person approves.
      scope: central
      trigger:
        diagnosis: LINK_LOSS
      action:
        kind: REROUTE
      guard: {maxActions: 5, window: 1h, maxBlastRadius: 20, requireApproval: true}
      verify: {within: 5m, stableFor: 30s, rollback: true}
      """);

  static PostgresStore store;
  static InProcessBus raw;
  static MessageBus bus;
  static SimulatedCloud cloud;
  static MutableClock clock;
  static Central central;
  static URI base;
  static final HttpClient http = HttpClient.newHttpClient();

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() {
    store = Stores.open(StoreConfig.external(SharedPostgres.fresh("operatorcliit").jdbcUrl(), SharedPostgres.USER, null));
    raw = new InProcessBus();
    bus = new MessageBus(raw);
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(2);
    cloud = new SimulatedCloud(spec, FaultSchedule.none());
    clock = new MutableClock(spec.start().plus(spec.warmup()));
    Counters counters = new Counters();
    central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()), cloud,
        List.of(CAREFUL_REROUTE), AlarmServiceConfig.parse("tickEvery: 0\n"),
        new CentralOptions(io.sextant.alarm.raise.AlarmCatalog.defaults(), List.of(),
            io.sextant.central.liveness.NoDataSettings.defaults(), new InetSocketAddress("127.0.0.1", 0), null,
            new CallbackReceiver(URI.create("http://127.0.0.1:9"), clock, new CallLog(clock, e -> { }), counters),
            counters));
    base = URI.create("http://127.0.0.1:" + central.httpPort());
    ApiOptions.env = name -> name.equals("SEXTANT_URL") ? base.toString() : null;
  }

  @AfterAll
  static void stop() {
    ApiOptions.env = System::getenv;
    central.close();
    bus.close();
    store.close();
  }

  @Test
  void anOperatorWorksAnAlarmFromTheCommandLine() throws Exception {
    bus.publish(Topic.DETECTIONS, new Detection(null, "edge-1", clock.instant(), "ewma", "service_cpu_utilization",
        Labels.of("resource", "service:edge-1/cli"), "service:edge-1/cli", Detection.State.FIRING, 0.9, 0.3, 9)).join();
    raw.awaitIdle(Duration.ofSeconds(10));

    Run ls = sextant("alarms", "ls");
    assertThat(ls.exit()).isZero();
    assertThat(ls.out()).startsWith("ID").contains("service:edge-1/cli", "raised", "unacknowledged");
    String id = null;
    for (JsonNode a : JSON.readTree(sextant("alarms", "ls", "-o", "json").out())) {
      if (a.path("alarmedObject").path("id").asText().equals("service:edge-1/cli")) {
        id = a.get("id").asText();
      }
    }
    assertThat(id).isNotNull();

    assertThat(sextant("alarms", "ack", id, "--by", "noc-ana").out()).contains(id, "acknowledged");
    assertThat(alarm(id).get("ackState").asText()).isEqualTo("acknowledged");
    assertThat(sextant("alarms", "comment", id, "fibre", "crew", "on", "site", "--by", "noc-ana").exit()).isZero();
    assertThat(alarm(id).get("comment").toString()).contains("fibre crew on site", "noc-ana");

    Run label = sextant("feedback", "false-alarm", id, "--by", "noc-ana", "--note", "load test");
    assertThat(label.exit()).as(label.err()).isZero();
    assertThat(label.out()).contains("NORMAL", "service:edge-1/cli");

    assertThat(sextant("alarms", "clear", id, "--by", "noc-ana").out()).contains("cleared");
    assertThat(alarm(id).get("state").asText()).isEqualTo("cleared");

    Run unknown = sextant("alarms", "ack", "no-such-alarm");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("HTTP 404", "no-such-alarm");
    assertThat(unknown.out()).isEmpty();
  }

  @Test
  void silencesAreAddedListedAndExpired() throws Exception {
    Run add = sextant("silences", "add", "CliDiskFull", "instance=~db-.*", "-c", "disk swap", "-d", "2h", "--by", "noc-ana");
    assertThat(add.exit()).as(add.err()).isZero();
    String id = add.out().strip();
    assertThat(id).matches("[0-9a-f-]{36}");
    JsonNode silence = JSON.readTree(get("/api/v2/silence/" + id).body());
    assertThat(silence.get("createdBy").asText()).isEqualTo("noc-ana");
    assertThat(silence.get("matchers").toString()).contains("alertname", "CliDiskFull", "\"isRegex\":true");

    assertThat(sextant("silences", "ls").out()).contains(id, "alertname=\"CliDiskFull\" instance=~\"db-.*\"", "active");
    assertThat(sextant("silences", "ls", "alertname=Other").out()).doesNotContain(id);
    assertThat(sextant("silences", "expire", id, "--by", "noc-ana").out()).contains("expired " + id);
    assertThat(JSON.readTree(get("/api/v2/silence/" + id).body()).get("status").get("state").asText())
        .isEqualTo("expired");
    assertThat(sextant("silences", "ls").out()).doesNotContain(id);
    assertThat(sextant("silences", "ls", "--expired").out()).contains(id);

    Run bad = sextant("silences", "add", "alertname=~(", "-c", "x");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("invalid regex");
    assertThat(sextant("silences", "add", "X").exit()).as("--comment is required").isEqualTo(2);
  }

  @Test
  void anOperatorApprovesAHeldActionAndThrowsTheSafetySwitches() throws Exception {
    Path crossed = cloud.topology().paths().stream().filter(p -> !p.links().isEmpty()).findFirst().orElseThrow();
    bus.publish(Topic.DIAGNOSES, new Diagnosis(null, "central", clock.instant(), FaultKind.LINK_LOSS,
        "link:" + crossed.links().get(0), 0.9, List.of(crossed.resource()), Map.of("estimatedLoss", 0.1), "test"))
        .join();
    raw.awaitIdle(Duration.ofSeconds(10));
    Run pending = sextant("actions", "ls", "--pending");
    assertThat(pending.out()).contains("PROPOSED", "REROUTE", "careful-reroute");
    String action = JSON.readTree(sextant("actions", "ls", "--pending", "-o", "json").out()).get(0).get("id").asText();
    Run approved = sextant("actions", "approve", action, "--by", "noc-ana", "--reason", "checked the link");
    assertThat(approved.exit()).as(approved.err()).isZero();
    assertThat(approved.out()).contains(action, "APPLIED");
    assertThat(JSON.readTree(get("/api/v1/actions/" + action).body()).get("steps").toString())
        .contains("approved by noc-ana");
    Run again = sextant("actions", "approve", action, "--by", "noc-ana");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("HTTP 409");

    assertThat(sextant("automation", "dry-run", "on", "--by", "noc-ana").out()).contains("dry run", "on");
    assertThat(JSON.readTree(get("/api/v1/automation").body()).get("dryRun").asBoolean()).isTrue();
    sextant("automation", "dry-run", "off", "--by", "noc-ana");
    assertThat(sextant("automation", "pause", "--site", "edge-1", "--reason", "fibre works", "--by", "noc-ana").out())
        .contains("site edge-1", "paused", "fibre works");
    assertThat(JSON.readTree(get("/api/v1/automation").body()).get("sites").has("edge-1")).isTrue();
    assertThat(sextant("automation", "status").out()).contains("site edge-1");
    sextant("automation", "resume", "--site", "edge-1", "--by", "noc-ana");
    assertThat(JSON.readTree(get("/api/v1/automation").body()).get("sites").isEmpty()).isTrue();
    assertThat(JSON.readTree(sextant("automation", "status", "-o", "json").out()).get("dryRun").asBoolean()).isFalse();
  }

  @Test
  void theTokenIsSentAndUnreachableOrBadUrlsAreClearErrors() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer fake = com.sun.net.httpserver.HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", ex -> {
      authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "{\"status\":401,\"message\":\"token expired\"}".getBytes();
      ex.sendResponseHeaders(401, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    fake.start();
    try {
      java.nio.file.Path file = Files.createTempFile("token", ".txt");
      Files.writeString(file, "s3cret\n");
      String url = "http://127.0.0.1:" + fake.getAddress().getPort();
      Run refused = sextant("alarms", "ls", "--url", url, "--token-file", file.toString());
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("HTTP 401", "token expired");
      sextant("actions", "ls", "--url", url + "/", "--token", "abc");
      assertThat(authorizations).containsExactly("Bearer s3cret", "Bearer abc");
      Files.delete(file);
    } finally {
      fake.stop(0);
    }
    Run down = sextant("alarms", "ls", "--url", "http://127.0.0.1:1");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("cannot reach http://127.0.0.1:1");
    assertThat(sextant("alarms", "ls", "--url", "ftp://x").err()).contains("must start with http://");
  }

  static Run sextant(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SextantCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(new ArrayList<>(List.of(args)).toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  static JsonNode alarm(String id) throws Exception {
    return JSON.readTree(get("/tmf-api/alarmManagement/v4/alarm/" + id).body());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
