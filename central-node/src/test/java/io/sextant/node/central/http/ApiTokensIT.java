package io.sextant.node.central.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sextant.common.config.ConfigException;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.ApiTokens.Role;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.runbook.safety.AutomationSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The centre's port with tokens configured, over real HTTP: no token, an unknown or an expired one is 401, a
 * role too small is 403, each with its reason and counted; probes stay open.
 */
class ApiTokensIT {
  static final String VIEWER = "viewer-token-1";
  static final String OPERATOR = "operator-token-2";
  static final String ADMIN = "admin-token-3";
  static final String LAPSED = "lapsed-token-4";
  static CentralHttp http;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: noc-vic, role: viewer, sha256: %s}
          - {name: noc-ana, role: operator, sha256: %s}
          - {name: root-ada, role: admin, sha256: %s}
          - {name: contractor, role: admin, expires: 2020-01-01T00:00:00Z, sha256: %s}
        """.formatted(ApiTokens.sha256(VIEWER), ApiTokens.sha256(OPERATOR), ApiTokens.sha256(ADMIN),
        ApiTokens.sha256(LAPSED)));
    http = CentralHttp.start(new InetSocketAddress("127.0.0.1", 0), tokens,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), (Readiness) Map::of,
        new AutomationControl(Clock.systemUTC(), AutomationSettings.defaults()));
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.uri() + path))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{\"by\":\"test\",\"reason\":\"maintenance\"}"))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutAKnownTokenEveryCallButTheProbesIs401WithItsReason() throws Exception {
    assertThat(call("GET", "/healthz", null).statusCode()).isEqualTo(200);
    HttpResponse<String> none = call("GET", "/metrics", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("a bearer token is required");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    HttpResponse<String> unknown = call("GET", "/metrics", "not-a-token");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).contains("not known");
    assertThat(call("POST", "/api/v1/automation/pause", null).statusCode()).isEqualTo(401);
    HttpResponse<String> lapsed = call("POST", "/api/v1/automation/pause", LAPSED);
    assertThat(lapsed.statusCode()).as("an admin's token past its expiry opens nothing").isEqualTo(401);
    assertThat(lapsed.body()).contains("the bearer token of contractor expired at 2020-01-01T00:00:00Z");

    String metrics = call("GET", "/metrics", VIEWER).body();
    assertThat(metrics).contains("sextant_central_api_refused_total{reason=\"missing_token\"}")
        .contains("sextant_central_api_refused_total{reason=\"unknown_token\"}")
        .contains("sextant_central_api_refused_total{reason=\"expired_token\"}");
  }

  @Test
  void aRoleTooSmallIs403AndEachRoleDoesWhatItMay() throws Exception {
    assertThat(call("GET", "/api/v1/automation", VIEWER).statusCode()).isEqualTo(200);
    HttpResponse<String> viewer = call("POST", "/api/v1/automation/pause", VIEWER);
    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(viewer.body()).contains("noc-vic is a viewer").contains("needs admin");
    assertThat(call("POST", "/api/v1/automation/pause", OPERATOR).statusCode()).isEqualTo(403);
    HttpResponse<String> admin = call("POST", "/api/v1/automation/pause", ADMIN);
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/automation/resume", ADMIN).statusCode()).isEqualTo(200);
    assertThat(Authenticate.needed(io.micronaut.http.HttpMethod.POST, "/tmf-api/alarmManagement/v4/ackAlarms"))
        .isEqualTo(Role.OPERATOR);
  }

  @Test
  void theConsolesFilesNeedNoTokenButItsDataDoesAndWhoamiNamesTheRole() throws Exception {
    for (String path : List.of("/", "/console/app.js", "/console/console.css")) {
      assertThat(call("GET", path, null).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(call("GET", "/console/nope.js", null).statusCode()).as("not a console file").isEqualTo(401);
    assertThat(call("POST", "/", null).statusCode()).as("only reading is open").isEqualTo(401);
    assertThat(call("GET", "/api/v1/whoami", null).statusCode()).isEqualTo(401);
    HttpResponse<String> viewer = call("GET", "/api/v1/whoami", VIEWER);
    assertThat(viewer.statusCode()).isEqualTo(200);
    assertThat(viewer.body()).contains("\"name\":\"noc-vic\"", "\"role\":\"VIEWER\"");
    assertThat(call("GET", "/api/v1/whoami", OPERATOR).body()).contains("\"role\":\"OPERATOR\"");
  }

  @Test
  void aTokensFileHoldsHashesOnly() {
    assertThatThrownBy(() -> ApiTokens.parse("tokens:\n  - {name: a, role: admin, sha256: secret}\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not the token itself");
    assertThatThrownBy(() -> ApiTokens.parse("tokens:\n  - {name: a, role: root, sha256: " + "0".repeat(64) + "}\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("viewer or operator or admin");
    assertThat(ApiTokens.parse("").open()).isTrue();
  }
}
