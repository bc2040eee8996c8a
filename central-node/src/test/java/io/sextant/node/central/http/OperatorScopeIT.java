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
import io.sextant.common.security.ApiTokens;
import io.sextant.common.time.MutableClock;
import io.sextant.node.central.Central;
import io.sextant.node.central.CentralOptions;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens limited to sites, and the audit's "who" taken from the token, over a real centre (its
 * pipeline, the embedded PostgreSQL, the simulated cloud): an operator of edge-1 acts on edge-1's
 * alarms under its own name whatever the body says, is refused edge-2's (403, the reason), and a
 * viewer of edge-2 lists edge-2's alarms only; the views, KPIs, the TMF642 hub and silence expiry
 * are limited the same way, and every site refusal is counted as {@code reason="site"}.
 */
class OperatorScopeIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OPS1 = "ops-edge-1-token";
  static final String VIEW2 = "viewer-edge-2-token";
  static final String NOC = "noc-token";
  static PostgresStore store;
  static InProcessBus raw;
  static MessageBus bus;
  static Central central;
  static MutableClock clock;
  static URI base;
  static int topologyLinks;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    store = Stores.open(StoreConfig.external(SharedPostgres.fresh("operatorscopeit").jdbcUrl(), SharedPostgres.USER,
        null));
    raw = new InProcessBus();
    bus = new MessageBus(raw);
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(2);
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.none());
    topologyLinks = cloud.topology().links().size();
    clock = new MutableClock(spec.start().plus(spec.warmup()));
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: ops-1, role: operator, sites: [edge-1], sha256: %s}
          - {name: vic-2, role: viewer, sites: [edge-2], sha256: %s}
          - {name: noc-ana, role: admin, sha256: %s}
        """.formatted(ApiTokens.sha256(OPS1), ApiTokens.sha256(VIEW2), ApiTokens.sha256(NOC)));
    central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()), cloud, List.of(),
        AlarmServiceConfig.parse("tickEvery: 0\n"), CentralOptions.defaults(List.of())
            .withHttp(new InetSocketAddress("127.0.0.1", 0)).withTokens(tokens));
    base = URI.create("http://127.0.0.1:" + central.httpPort());
    for (String site : List.of("edge-1", "edge-2")) {
      String resource = "service:" + site + "/web";
      bus.publish(Topic.DETECTIONS, new Detection(null, site, clock.instant(), "ewma", "service_cpu_utilization",
          Labels.of("resource", resource), resource, Detection.State.FIRING, 0.9, 0.3, 9)).join();
    }
    // One diagnosis of each site (their GPU nodes), stored by ingest like the diagnoser's.
    for (String site : List.of("edge-1", "edge-2")) {
      bus.publish(Topic.DIAGNOSES, new Diagnosis(null, "central", clock.instant(), FaultKind.GPU_NODE_FAILURE,
          "node:" + site + "/gpu1", 0.9, List.of("service:" + site + "/web"), Map.of(), "test")).join();
    }
    raw.awaitIdle(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    central.close();
    bus.close();
    store.close();
  }

  static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String alarmOf(String site) throws Exception {
    for (JsonNode a : JSON.readTree(call("GET", "/tmf-api/alarmManagement/v4/alarm", null, NOC).body())) {
      if (a.toString().contains("service:" + site + "/web")) {
        return a.get("id").asText();
      }
    }
    throw new AssertionError("no alarm of " + site);
  }

  @Test
  void anOperatorOfOneSiteActsOnItsAlarmsOnlyAndUnderItsOwnName() throws Exception {
    String mine = alarmOf("edge-1");
    String theirs = alarmOf("edge-2");
    HttpResponse<String> refused = call("POST", "/tmf-api/alarmManagement/v4/alarm/" + theirs + "/ack",
        "{\"userId\":\"ops-1\"}", OPS1);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("may act on sites [edge-1] only").contains("edge-2");

    HttpResponse<String> acked = call("POST", "/tmf-api/alarmManagement/v4/alarm/" + mine + "/ack",
        "{\"userId\":\"someone-else\"}", OPS1);
    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    assertThat(JSON.readTree(acked.body()).get("ackState").asText()).isEqualTo("acknowledged");
    HttpResponse<String> commented = call("POST", "/tmf-api/alarmManagement/v4/alarm/" + mine + "/comment",
        "{\"userId\":\"someone-else\",\"comment\":\"on it\"}", OPS1);
    assertThat(commented.statusCode()).as(commented.body()).isEqualTo(200);
    assertThat(JSON.readTree(commented.body()).get("comment").get(0).get("userId").asText()).isEqualTo("ops-1");
    assertThat(commented.body()).doesNotContain("someone-else");

    // Pausing automation is an admin's: the role check comes first.
    assertThat(call("POST", "/api/v1/automation/pause", "{\"site\":\"edge-1\"}", OPS1).statusCode()).isEqualTo(403);
    // A silence by a site's operator must name that site.
    String silence = "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"x\",\"isRegex\":false}],"
        + "\"endsAt\":\"2099-01-01T00:00:00Z\",\"createdBy\":\"x\",\"comment\":\"works\"}";
    HttpResponse<String> wide = call("POST", "/api/v2/silences", silence, OPS1);
    assertThat(wide.statusCode()).isEqualTo(403);
    assertThat(wide.body()).contains("site=");
  }

  @Test
  void aViewerOfOneSiteListsItsAlarmsOnly() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpResponse<String> list = call("GET", "/tmf-api/alarmManagement/v4/alarm", null, VIEW2);
    assertThat(list.statusCode()).isEqualTo(200);
    JSON.readTree(list.body()).forEach(a -> seen.add(a.toString()));
    assertThat(seen).isNotEmpty().allSatisfy(a -> assertThat(a).contains("edge-2").doesNotContain("service:edge-1"));
    assertThat(call("GET", "/tmf-api/alarmManagement/v4/alarm/" + alarmOf("edge-1"), null, VIEW2).statusCode())
        .isEqualTo(403);
    HttpResponse<String> alerts = call("GET", "/api/v2/alerts", null, VIEW2);
    assertThat(alerts.statusCode()).isEqualTo(200);
    assertThat(alerts.body()).contains("service:edge-2/web").doesNotContain("service:edge-1/web");
    assertThat(call("GET", "/api/v2/alerts", null, NOC).body()).contains("service:edge-1/web");
  }

  @Test
  void theViewsKpisHubAndSilenceExpiryAreLimitedToTheTokensSitesAndEveryRefusalIsCounted() throws Exception {
    double before = refusedForSite();
    // Views: a viewer of edge-2 sees its site, the links and paths touching it, its diagnoses and incidents.
    JsonNode topology = JSON.readTree(call("GET", "/api/v1/topology", null, VIEW2).body());
    assertThat(topology.get("sites").toString()).contains("edge-2").doesNotContain("edge-1");
    assertThat(topology.get("paths")).isNotEmpty().allSatisfy(p -> assertThat(p.get("src").asText() + ">"
        + p.get("dst").asText()).contains("edge-2"));
    int nocLinks = JSON.readTree(call("GET", "/api/v1/topology", null, NOC).body()).get("links").size();
    assertThat(nocLinks).as("a token without sites sees every link").isEqualTo(topologyLinks);
    assertThat(topology.get("links").size()).isPositive().isLessThan(nocLinks);
    String diagnoses = call("GET", "/api/v1/diagnoses", null, VIEW2).body();
    assertThat(diagnoses).contains("node:edge-2/gpu1").doesNotContain("edge-1");
    assertThat(call("GET", "/api/v1/diagnoses", null, NOC).body()).contains("node:edge-1/gpu1");
    assertThat(call("GET", "/api/v1/incidents", null, VIEW2).body()).contains("node:edge-2/gpu1")
        .doesNotContain("edge-1");
    assertThat(call("GET", "/api/v1/kpis/edge-1", null, VIEW2).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/kpis/edge-2", null, VIEW2).statusCode()).isEqualTo(200);

    // Silences: edge-1's operator expires a silence of edge-1, not one of edge-2 (nor one of every site).
    String ofEdge2 = silence("edge-2");
    HttpResponse<String> notTheirs = call("DELETE", "/api/v2/silence/" + ofEdge2, null, OPS1);
    assertThat(notTheirs.statusCode()).isEqualTo(403);
    assertThat(notTheirs.body()).contains("may expire silences of sites [edge-1] only");
    assertThat(call("DELETE", "/api/v2/silence/" + silence("edge-1"), null, OPS1).statusCode()).isEqualTo(200);
    assertThat(call("DELETE", "/api/v2/silence/" + ofEdge2, null, NOC).statusCode()).isEqualTo(200);

    // The TMF642 hub: a listener registered by edge-1's operator hears edge-1's alarms only.
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer listener = com.sun.net.httpserver.HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/events", ex -> {
      heard.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    listener.start();
    try {
      HttpResponse<String> registered = call("POST", "/tmf-api/alarmManagement/v4/hub", "{\"callback\":\""
          + "http://127.0.0.1:" + listener.getAddress().getPort() + "/events\"}", OPS1);
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
      for (String site : List.of("edge-2", "edge-1")) { // edge-1's last: once it is heard, edge-2's was sent
        String resource = "service:" + site + "/hubbed";
        bus.publish(Topic.DETECTIONS, new Detection(null, site, clock.instant(), "ewma", "service_latency_ms",
            Labels.of("resource", resource), resource, Detection.State.FIRING, 90, 30, 9)).join();
      }
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> heard.stream().anyMatch(e -> e.contains("service:edge-1/hubbed")));
      assertThat(heard).noneMatch(e -> e.contains("edge-2"));
    } finally {
      listener.stop(0);
    }

    // Every 403 for a site above is counted: KPIs, the silence, and none for what was let through.
    assertThat(refusedForSite()).isEqualTo(before + 2);
  }

  /** Creates (as the NOC) a silence of {@code site}; returns its id. */
  static String silence(String site) throws Exception {
    HttpResponse<String> created = call("POST", "/api/v2/silences", "{\"matchers\":[{\"name\":\"site\",\"value\":\""
        + site + "\",\"isRegex\":false}],\"endsAt\":\"2099-01-01T00:00:00Z\",\"createdBy\":\"x\","
        + "\"comment\":\"works\"}", NOC);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return JSON.readTree(created.body()).get("silenceID").asText();
  }

  static double refusedForSite() throws Exception {
    String line = call("GET", "/metrics", null, NOC).body().lines()
        .filter(l -> l.startsWith("sextant_central_api_refused_total{reason=\"site\"}")).findFirst().orElse("x 0");
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void anAdminsSwitchIsRecordedUnderItsTokensName() throws Exception {
    HttpResponse<String> paused = call("POST", "/api/v1/automation/pause",
        "{\"site\":\"edge-2\",\"by\":\"claimed\",\"reason\":\"fibre works\"}", NOC);
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(JSON.readTree(paused.body()).get("sites").get("edge-2").get("by").asText()).isEqualTo("noc-ana");
    assertThat(call("POST", "/api/v1/automation/resume", "{\"site\":\"edge-2\"}", NOC).statusCode()).isEqualTo(200);
  }
}
