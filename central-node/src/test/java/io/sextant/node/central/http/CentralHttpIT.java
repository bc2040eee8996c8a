package io.sextant.node.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Path;
import io.sextant.node.central.Central;
import io.sextant.actuator.Counters;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.hook.CallbackReceiver;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The centre's one HTTP port over a real pipeline (in-process bus, embedded PostgreSQL, the
 * simulated cloud as what it acts on): the node's own endpoints, the OpenAPI document covering
 * every route, an action held for approval that an operator approves and one denied, a false
 * alarm that becomes a label, and the read views.
 */
class CentralHttpIT {
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

  static final Counters counters = new Counters();
  static PostgresStore store;
  static InProcessBus raw;
  static MessageBus bus;
  static SimulatedCloud cloud;
  static MutableClock clock;
  static Central central;
  static URI base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    store = Stores.open(StoreConfig.external(SharedPostgres.fresh("centralhttpit").jdbcUrl(), SharedPostgres.USER, null));
    raw = new InProcessBus();
    bus = new MessageBus(raw);
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(2);
    cloud = new SimulatedCloud(spec, FaultSchedule.none());
    clock = new MutableClock(spec.start().plus(spec.warmup()));
    central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()), cloud,
        List.of(CAREFUL_REROUTE), AlarmServiceConfig.parse("tickEvery: 0\n"),
        new CentralOptions(io.sextant.alarm.raise.AlarmCatalog.defaults(), List.of(),
            io.sextant.central.liveness.NoDataSettings.defaults(), new InetSocketAddress("127.0.0.1", 0), null,
            new CallbackReceiver(URI.create("http://127.0.0.1:9"), clock, new CallLog(clock, e -> { }), counters),
            counters));
    base = URI.create("http://127.0.0.1:" + central.httpPort());
  }

  @AfterAll
  static void stop() {
    central.close();
    bus.close();
    store.close();
  }

  @Test
  void theNodeAnswersForItself() throws Exception {
    assertThat(get("/healthz").body()).contains("ok");
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("ready");
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body()).contains("sextant_central_alarms_open", "sextant_central_actions_awaiting_approval",
        "jvm_memory_used_bytes");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocumentDescribesEveryRouteOnThePort() throws Exception {
    HttpResponse<String> doc = get("/openapi.yaml");
    assertThat(doc.statusCode()).isEqualTo(200);
    Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(doc.body()).get("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach((path, ops) -> ((Map<String, Object>) ops).keySet()
        .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
    assertThat(documented).as("every route served is documented, and nothing else")
        .containsExactlyInAnyOrderElementsOf(central.http().routes());
  }

  @Test
  void anOperatorApprovesOneHeldActionAndDeniesAnother() throws Exception {
    Path crossed = cloud.topology().paths().stream().filter(p -> !p.links().isEmpty()).findFirst().orElseThrow();
    String first = crossed.links().get(0);
    Diagnosis lossy = new Diagnosis(null, "central", clock.instant(), FaultKind.LINK_LOSS, "link:" + first, 0.9,
        List.of(crossed.resource()), Map.of("estimatedLoss", 0.1), "test");
    bus.publish(Topic.DIAGNOSES, lossy).join();
    raw.awaitIdle(Duration.ofSeconds(10));

    JsonNode pending = json(get("/api/v1/actions?pending=true"));
    assertThat(pending).hasSize(1);
    String id = pending.get(0).get("id").asText();
    assertThat(pending.get(0).get("state").asText()).isEqualTo("PROPOSED");
    assertThat(post("/api/v1/actions/" + id + "/approve", "{}").statusCode()).as("no 'by'").isEqualTo(400);
    HttpResponse<String> approved = post("/api/v1/actions/" + id + "/approve", "{\"by\":\"noc-ana\"}");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(json(approved).get("state").asText()).isEqualTo("APPLIED");
    assertThat(json(approved).get("steps").toString()).contains("approved by noc-ana");
    assertThat(post("/api/v1/actions/" + id + "/approve", "{\"by\":\"noc-ana\"}").statusCode())
        .as("approved already").isEqualTo(409);
    assertThat(post("/api/v1/actions/nope/deny", "{\"by\":\"noc-ana\"}").statusCode()).isEqualTo(404);

    // A second located link, denied.
    Path other = cloud.topology().paths().stream().filter(p -> p.links().stream().anyMatch(l -> !l.equals(first)))
        .findFirst().orElseThrow();
    String second = other.links().stream().filter(l -> !l.equals(first)).findFirst().orElseThrow();
    bus.publish(Topic.DIAGNOSES, new Diagnosis(null, "central", clock.instant(), FaultKind.LINK_LOSS, "link:" + second,
        0.9, List.of(other.resource()), Map.of(), "test")).join();
    raw.awaitIdle(Duration.ofSeconds(10));
    String held = json(get("/api/v1/actions?pending=true")).get(0).get("id").asText();
    HttpResponse<String> denied = post("/api/v1/actions/" + held + "/deny",
        "{\"by\":\"noc-ana\",\"reason\":\"change freeze\"}");
    assertThat(json(denied).get("state").asText()).isEqualTo("REJECTED");
    assertThat(json(get("/api/v1/actions?pending=true"))).isEmpty();
    assertThat(json(get("/api/v1/actions"))).hasSizeGreaterThanOrEqualTo(2);

    JsonNode topology = json(get("/api/v1/topology"));
    assertThat(topology.get("links").toString()).contains("\"id\":\"" + first + "\",").contains("REROUTED");
    JsonNode moved = null;
    for (JsonNode p : topology.get("paths")) {
      if (p.get("id").asText().equals(crossed.id())) {
        moved = p;
      }
    }
    assertThat(moved).as("the path that crossed the rerouted link").isNotNull();
    assertThat(moved.get("rerouted").asBoolean()).isTrue();
    assertThat(moved.get("usualLinks").toString()).contains("\"" + first + "\"");
    assertThat(moved.get("links").toString()).doesNotContain("\"" + first + "\"");
    assertThat(json(get("/api/v1/diagnoses")).toString()).contains("link:" + first);
    assertThat(json(get("/api/v1/incidents")).toString()).contains("link:" + first);
  }

  @Test
  void aSitesKpisAreChartedWithTheirDetectionsUpToTheCentresNow() throws Exception {
    Instant now = clock.instant();
    List<Sample> samples = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      for (String host : List.of("edge-2/n1", "edge-2/n2")) {
        samples.add(new Sample("edge-2", "console_chart_cpu", Labels.of("resource", "node:" + host),
            now.minusSeconds(600 - 20L * i), i == 25 ? 0.97 : 0.3));
      }
    }
    store.writeSamples("kpi-chart-" + now, samples);
    store.writeDetection(new Detection("kpi-chart-det", "edge-2", now.minusSeconds(100), "ewma", "console_chart_cpu",
        Labels.of("resource", "node:edge-2/n1"), "node:edge-2/n1", Detection.State.FIRING, 0.97, 0.3, 8));

    assertThat(json(get("/api/v1/kpis/edge-2")).toString()).contains("\"console_chart_cpu\"");
    JsonNode chart = json(get("/api/v1/kpis/edge-2/console_chart_cpu?minutes=15"));
    assertThat(chart.get("lines")).hasSize(2);
    assertThat(chart.get("lines").get(0).get("points").size()).isBetween(25, 30);
    assertThat(chart.get("to").asText()).isEqualTo(now.toString());
    assertThat(chart.get("detections")).hasSize(1);
    assertThat(chart.get("detections").get(0).get("observed").asDouble()).isEqualTo(0.97);
    assertThat(json(get("/api/v1/kpis/edge-2/console_chart_cpu?minutes=5")).get("detections")).hasSize(1);
    assertThat(json(get("/api/v1/kpis/edge-2/console_chart_cpu?minutes=1")).get("detections")).isEmpty();
    HttpResponse<String> bad = get("/api/v1/kpis/edge-2/console_chart_cpu?minutes=0");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("minutes");
  }

  @Test
  void theConsoleIsServedFromTheJarWithAPolicyAgainstInjectedScripts() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("script-src 'self'");
    assertThat(page.body()).contains("/console/app.js").doesNotContain("http://", "https://");
    for (String f : ConsoleController.FILES) {
      HttpResponse<String> file = get("/console/" + f);
      assertThat(file.statusCode()).as(f).isEqualTo(200);
      // The SVG namespace is a name, not an address fetched.
      assertThat(file.body().replace("http://www.w3.org/2000/svg", "")).as(f + " fetches nothing from another origin")
          .doesNotContain("https://", "http://");
      assertThat(file.body()).as(f + " writes no markup from data").doesNotContain("innerHTML", "outerHTML",
          "insertAdjacentHTML", "document.write");
    }
    assertThat(get("/console/nope.js").statusCode()).isEqualTo(404);
    assertThat(json(get("/api/v1/whoami")).get("role").asText()).isEqualTo("ADMIN");
  }

  @Test
  void aFalseAlarmBecomesATrainingLabel() throws Exception {
    bus.publish(Topic.DETECTIONS, new Detection(null, "edge-1", clock.instant(), "ewma", "service_cpu_utilization",
        Labels.of("resource", "service:edge-1/web"), "service:edge-1/web", Detection.State.FIRING, 0.9, 0.3, 9)).join();
    raw.awaitIdle(Duration.ofSeconds(10));
    JsonNode alarms = json(get("/tmf-api/alarmManagement/v4/alarm"));
    String alarmId = null;
    for (JsonNode a : alarms) {
      if (a.toString().contains("service:edge-1/web")) {
        alarmId = a.get("id").asText();
      }
    }
    assertThat(alarmId).isNotNull();
    HttpResponse<String> label = post("/api/v1/feedback/false-alarm",
        "{\"alarmId\":\"" + alarmId + "\",\"by\":\"noc-ana\",\"note\":\"planned load test\"}");
    assertThat(label.statusCode()).isEqualTo(200);
    assertThat(json(label).get("kind").asText()).isEqualTo("NORMAL");
    assertThat(json(label).get("resource").asText()).isEqualTo("service:edge-1/web");
    assertThat(post("/api/v1/feedback/false-alarm", "{\"alarmId\":\"nope\",\"by\":\"x\"}").statusCode()).isEqualTo(404);
  }

  @Test
  void theSafetySwitchesAreThrownAndShown() throws Exception {
    assertThat(json(get("/api/v1/automation")).get("dryRun").asBoolean()).isFalse();
    assertThat(json(post("/api/v1/automation/dry-run", "{\"on\":true,\"by\":\"noc-ana\"}")).get("dryRun")
        .asBoolean()).isTrue();
    post("/api/v1/automation/dry-run", "{\"on\":false,\"by\":\"noc-ana\"}");
    JsonNode paused = json(post("/api/v1/automation/pause", "{\"site\":\"edge-1\",\"by\":\"noc-ana\","
        + "\"reason\":\"fibre works\"}"));
    assertThat(paused.get("sites").get("edge-1").get("by").asText()).isEqualTo("noc-ana");
    assertThat(json(post("/api/v1/automation/resume", "{\"site\":\"edge-1\",\"by\":\"noc-ana\"}")).get("sites"))
        .isEmpty();
    HttpResponse<String> frozen = post("/api/v1/automation/freezes", "{\"id\":\"xmas\",\"sites\":[\"edge-2\"],"
        + "\"from\":\"2026-12-20T00:00:00Z\",\"until\":\"2027-01-02T00:00:00Z\",\"by\":\"noc-ana\"}");
    assertThat(frozen.statusCode()).isEqualTo(201);
    assertThat(json(frozen).get("freezes").toString()).contains("xmas");
    assertThat(send("DELETE", "/api/v1/automation/freezes/xmas", null).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/api/v1/automation/freezes/xmas", null).statusCode()).isEqualTo(404);
    assertThat(post("/api/v1/automation/pause", "{}").statusCode()).as("who, required").isEqualTo(400);
    assertThat(post("/api/v1/automation/freezes", "{\"by\":\"x\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void anUnsignedHookCallbackIsRefusedAndCounted() throws Exception {
    HttpResponse<String> r = post("/hooks/sdn/act-1", "{\"outcome\":\"done\"}");
    assertThat(r.statusCode()).isBetween(400, 499);
    assertThat(counters.snapshot()).isNotEmpty();
    assertThat(get("/metrics").body()).contains("sextant_central_actuator_events_total{reason=");
  }

  @Test
  void theIntakeCachesCountOnMetricsAResentAlertAsAHit() throws Exception {
    String alert = "[{\"labels\":{\"alertname\":\"CacheCount\",\"instance\":\"node-cache\"},"
        + "\"annotations\":{\"summary\":\"counted\"}}]";
    double hits = metric("sextant_central_alert_intake_cache_hits_total{cache=\"labels\"}");
    double misses = metric("sextant_central_alert_intake_cache_misses_total{cache=\"labels\"}");

    assertThat(post("/api/v2/alerts", alert).statusCode()).isEqualTo(200);
    assertThat(post("/api/v2/alerts", alert).statusCode()).isEqualTo(200);

    // The first post decodes its labels (a miss, then kept), the re-send finds them.
    assertThat(metric("sextant_central_alert_intake_cache_misses_total{cache=\"labels\"}")).isEqualTo(misses + 1);
    assertThat(metric("sextant_central_alert_intake_cache_hits_total{cache=\"labels\"}")).isEqualTo(hits + 1);
    assertThat(metric("sextant_central_alert_intake_cache_hits_total{cache=\"annotations\"}")).isPositive();
    assertThat(metric("sextant_central_alert_intake_cache_entries{cache=\"labels\"}")).isPositive();
    assertThat(metric("sextant_central_alert_intake_cache_bytes{cache=\"labels\"}")).isPositive();
  }

  @Test
  void callsLearnedFromTracesAndBadCallSamplesAreOnMetrics() throws Exception {
    double held = metric("sextant_central_learned_calls");
    double bad = metric("sextant_central_learned_call_samples_bad_total");
    java.time.Instant at = clock.instant();
    bus.publish(Topic.SAMPLES, io.sextant.common.model.SampleBatch.of("edge-1", at, List.of(
        new io.sextant.common.model.Sample("edge-1", "service_calls", Map.of("caller", "checkout-metrics",
            "callee", "payments-metrics"), at, 12),
        new io.sextant.common.model.Sample("edge-1", "service_calls", Map.of("caller", "checkout-metrics"), at, 3))))
        .join();

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (metric("sextant_central_learned_call_samples_bad_total") < bad + 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(metric("sextant_central_learned_call_samples_bad_total")).isEqualTo(bad + 1);
    assertThat(metric("sextant_central_learned_calls")).isEqualTo(held + 1);
    assertThat(metric("sextant_central_learned_call_samples_dropped_total")).isZero();
  }

  @Test
  void symptomsJoiningARootAreCountedAsRelinksAndReadBackFromTheirLinks() throws Exception {
    double relinks = metric("sextant_central_alarm_store_relinks_total");
    List<String> nodes = List.of("node-relink-1:9100", "node-relink-2:9100", "node-relink-3:9100");
    assertThat(post("/api/v2/alerts", nodeDown(nodes.get(0))).statusCode()).isEqualTo(200);
    central.alarms().onDiagnosis(new Diagnosis(null, "central", clock.instant(), FaultKind.LINK_LOSS,
        "link:relink-a~relink-b", 0.9, nodes, Map.of("loss_ratio", 0.1), "test"));
    // Each joins the open root: the root's change is passed on, not stored; the symptom's holds the link.
    assertThat(post("/api/v2/alerts", nodeDown(nodes.get(1))).statusCode()).isEqualTo(200);
    assertThat(post("/api/v2/alerts", nodeDown(nodes.get(2))).statusCode()).isEqualTo(200);

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (metric("sextant_central_alarm_store_relinks_total") < relinks + 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(metric("sextant_central_alarm_store_relinks_total")).isEqualTo(relinks + 2);
    io.sextant.common.model.Alarm root = central.alarms().open().stream()
        .filter(a -> a.resource().equals("link:relink-a~relink-b")).findFirst().orElseThrow();
    assertThat(root.correlatedAlarmIds()).hasSize(3);
    assertThat(new io.sextant.store.RestartReads(store.dataSource()).openAlarms()).as("what a restart reads back")
        .filteredOn(a -> a.id().equals(root.id())).singleElement()
        .extracting(io.sextant.common.model.Alarm::correlatedAlarmIds).isEqualTo(root.correlatedAlarmIds());
  }

  @Test
  void commitsAfterTheFirstAreAppendedWithoutTheRedeliveryRules() throws Exception {
    for (String node : List.of("node-append-1:9100", "node-append-2:9100")) {
      double commits = metric("sextant_central_alarm_store_commits_total");
      assertThat(post("/api/v2/alerts", nodeDown(node)).statusCode()).isEqualTo(200);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (metric("sextant_central_alarm_store_commits_total") == commits && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }

    double commits = metric("sextant_central_alarm_store_commits_total");
    double appends = metric("sextant_central_alarm_store_appends_total");
    assertThat(appends).as("the second post's commit at least").isPositive();
    assertThat(commits - appends).as("through the rules: the first commit, and one after each failed write")
        .isBetween(1.0, 1.0 + metric("sextant_central_alarm_store_failures_total"));
  }

  private static String nodeDown(String instance) {
    return "[{\"labels\":{\"alertname\":\"NodeDown\",\"instance\":\"" + instance + "\",\"severity\":\"critical\"}}]";
  }

  /** One sample's value from {@code /metrics}, by its name and labels as Prometheus' text format writes them. */
  private double metric(String series) throws Exception {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(series + " is not on /metrics");
  }

  @Test
  void aBodyOverTheLimitGets413AndIsCountedAndTheNextBodyIsTaken() throws Exception {
    String alert = "{\"labels\":{\"alertname\":\"BigBatch\",\"instance\":\"node-413\"}}";
    StringBuilder big = new StringBuilder("[").append(alert);
    while (big.length() <= io.sextant.alarm.ingest.AlertIntake.MAX_BODY_BYTES) {
      big.append(',').append(alert);
    }
    String body = big.append(']').toString();
    long acceptedBefore = central.alarmService().intake().counters().accepted();

    HttpResponse<String> refused = post("/api/v2/alerts", body);

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(json(refused).get("message").asText()).contains("over the intake's limit of 10485760 bytes");
    assertThat(central.alarmService().intake().counters().rejected("body_too_large")).isEqualTo(1);
    assertThat(get("/metrics").body()).contains("sextant_central_api_requests_total{status=\"413\"}");
    assertThat(central.alarmService().intake().counters().accepted()).isEqualTo(acceptedBefore);
    // Nothing else affected: the same port takes the next body, and the alert was not taken from the big one.
    assertThat(post("/api/v2/alerts", "[" + alert.replace("BigBatch", "AfterBigBatch") + "]").statusCode())
        .isEqualTo(200);
    assertThat(central.alarms().open()).extracting(a -> a.probableCause()).contains("AfterBigBatch")
        .doesNotContain("BigBatch");
  }

  @Test
  void tmf642TasksPatchHistoryAndTheHubWork() throws Exception {
    java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer listener = com.sun.net.httpserver.HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/events", ex -> {
      events.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    listener.start();
    try {
      HttpResponse<String> hub = post("/tmf-api/alarmManagement/v4/hub", "{\"callback\":\"http://127.0.0.1:"
          + listener.getAddress().getPort() + "/events\",\"query\":\"perceivedSeverity=major\"}");
      assertThat(hub.statusCode()).isEqualTo(201);
      String hubId = json(hub).get("id").asText();
      assertThat(post("/tmf-api/alarmManagement/v4/hub", "{\"callback\":\"ftp://x\"}").statusCode()).isEqualTo(400);

      String resource = "path:edge-2>central";
      bus.publish(Topic.DETECTIONS, new Detection(null, "edge-2", clock.instant(), "ewma", "probe_loss_ratio",
          Labels.of("resource", resource), resource, Detection.State.FIRING, 0.2, 0.001, 9)).join();
      raw.awaitIdle(Duration.ofSeconds(10));
      String pattern = "\"alarmPattern\":[{\"alarmedObject\":{\"id\":\"" + resource + "\"}}]";

      HttpResponse<String> acked = post("/tmf-api/alarmManagement/v4/ackAlarms",
          "{\"ackUserId\":\"noc-ana\"," + pattern + "}");
      assertThat(acked.statusCode()).isEqualTo(201);
      assertThat(json(acked).get("state").asText()).isEqualTo("done");
      assertThat(json(acked).get("ackedAlarm")).hasSize(1);
      String alarmId = json(acked).get("ackedAlarm").get(0).get("id").asText();
      assertThat(json(post("/tmf-api/alarmManagement/v4/ackAlarms", "{\"ackUserId\":\"noc-ana\"," + pattern + "}"))
          .get("ackedAlarm")).as("acknowledged already").isEmpty();
      assertThat(post("/tmf-api/alarmManagement/v4/ackAlarms", "{\"ackUserId\":\"x\",\"alarmPattern\":[{}]}")
          .statusCode()).as("an empty pattern would match everything").isEqualTo(400);
      assertThat(json(post("/tmf-api/alarmManagement/v4/commentAlarms",
          "{\"comment\":{\"comment\":\"fibre crew on site\",\"userId\":\"noc-ana\"}," + pattern + "}"))
          .get("commentedAlarm")).hasSize(1);

      HttpResponse<String> refused = send("PATCH", "/tmf-api/alarmManagement/v4/alarm/" + alarmId,
          "{\"perceivedSeverity\":\"minor\"}");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("perceivedSeverity");
      HttpResponse<String> unacked = send("PATCH", "/tmf-api/alarmManagement/v4/alarm/" + alarmId,
          "{\"ackState\":\"unacknowledged\",\"ackUserId\":\"noc-ana\"}");
      assertThat(json(unacked).get("ackState").asText()).isEqualTo("unacknowledged");
      HttpResponse<String> cleared = post("/tmf-api/alarmManagement/v4/clearAlarms",
          "{\"clearUserId\":\"noc-ana\"," + pattern + "}");
      assertThat(json(cleared).get("clearedAlarm")).hasSize(1);
      assertThat(json(get("/tmf-api/alarmManagement/v4/alarm/" + alarmId)).get("state").asText()).isEqualTo("cleared");

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> json(get("/tmf-api/alarmManagement/v4/alarm/" + alarmId + "/history")).size() >= 4);
      JsonNode history = json(get("/tmf-api/alarmManagement/v4/alarm/" + alarmId + "/history"));
      assertThat(history.get(0).get("state").asText()).isEqualTo("raised");
      assertThat(history.get(history.size() - 1).get("state").asText()).isEqualTo("cleared");
      assertThat(get("/tmf-api/alarmManagement/v4/alarm/nope/history").statusCode()).isEqualTo(404);

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= 4);
      assertThat(events.get(0)).contains("\"eventType\":\"AlarmCreateEvent\"", resource);
      assertThat(String.join("", events)).contains("AlarmAttributeValueChangeEvent", "AlarmStateChangeEvent");
      assertThat(send("DELETE", "/tmf-api/alarmManagement/v4/hub/" + hubId, null).statusCode()).isEqualTo(204);
      assertThat(get("/tmf-api/alarmManagement/v4/hub/" + hubId).statusCode()).isEqualTo(404);
    } finally {
      listener.stop(0);
    }
  }

  static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/merge-patch+json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
