package io.sextant.node.central.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.RateLimit;
import io.sextant.common.security.RateLimiter;
import io.sextant.common.security.TlsFiles;
import io.sextant.common.time.MutableClock;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.runbook.safety.AutomationSettings;
import io.sextant.testkit.tls.TestCert;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The centre's port over TLS from PEM files, with tokens and the intake's rate limit, over real
 * connections: plaintext fails, the Alertmanager intake takes a writer's alerts and refuses a
 * viewer (403) and a flood (429 with Retry-After), each counted.
 */
class CentralTlsIT {
  static final String WRITER = "writer-token";
  static final String VIEWER = "viewer-token";
  static final String ALERT = "[{\"labels\":{\"alertname\":\"DiskFull\",\"site\":\"edge-1\"}}]";

  @TempDir
  static Path dir;
  static CentralHttp http;
  static TestCert cert;
  static HttpClient tls;
  static final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  static final AlarmEngine engine = new AlarmEngine(clock, a -> { }, AlarmCatalog.defaults());

  @BeforeAll
  static void start() throws Exception {
    cert = TestCert.create(dir, "central");
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: prometheus, role: writer, sha256: %s}
          - {name: noc-vic, role: viewer, sha256: %s}
        """.formatted(ApiTokens.sha256(WRITER), ApiTokens.sha256(VIEWER)));
    http = CentralHttp.start(new InetSocketAddress("127.0.0.1", 0), new TlsFiles(cert.certificate(),
        cert.privateKey(), null), tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        (Readiness) Map::of, new AutomationControl(Clock.systemUTC(), AutomationSettings.defaults()),
        new AlertIntake(engine, clock), new RateLimiter(new RateLimit(1, 2), clock));
    tls = HttpClient.newBuilder().sslContext(cert.trusting()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static HttpResponse<String> call(HttpClient client, URI base, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(ALERT))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePortAnswersOnlyOverTls() throws Exception {
    assertThat(http.uri().getScheme()).isEqualTo("https");
    assertThat(call(tls, http.uri(), "GET", "/healthz", null).statusCode()).isEqualTo(200);
    URI plain = URI.create("http://127.0.0.1:" + http.port());
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> answer;
    try {
      answer = call(client, plain, "GET", "/healthz", null);
    } catch (IOException refused) {
      return; // the connection is closed on the plaintext request: refused
    }
    // Netty may answer a plaintext request with a TLS alert read as garbage, never a 200.
    assertThat(answer.statusCode()).isNotEqualTo(200);
  }

  @Test
  void theAlertsIntakeTakesAWritersAlertsUpToItsRateLimit() throws Exception {
    HttpResponse<String> viewer = call(tls, http.uri(), "POST", "/api/v2/alerts", VIEWER);
    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(viewer.body()).contains("noc-vic is a viewer").contains("needs writer");
    assertThat(call(tls, http.uri(), "POST", "/api/v2/alerts", null).statusCode()).isEqualTo(401);
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> ok = call(tls, http.uri(), "POST", "/api/v2/alerts", WRITER);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
    HttpResponse<String> flood = call(tls, http.uri(), "POST", "/api/v2/alerts", WRITER);
    assertThat(flood.statusCode()).isEqualTo(429);
    assertThat(flood.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(flood.body()).contains("rate_limited");
    // Nothing else is limited: the writer's reads are refused by role, not by rate.
    assertThat(call(tls, http.uri(), "GET", "/metrics", WRITER).statusCode()).isEqualTo(403);
    clock.advance(Duration.ofSeconds(1));
    assertThat(call(tls, http.uri(), "POST", "/api/v2/alerts", WRITER).statusCode()).isEqualTo(200);
    assertThat(engine.open()).isNotEmpty();
    assertThat(call(tls, http.uri(), "GET", "/metrics", VIEWER).body())
        .contains("sextant_central_api_refused_total{reason=\"rate_limited\"} 1.0")
        .contains("sextant_central_api_refused_total{reason=\"role\"} 2.0");
  }

  @Test
  void aMissingKeyFailsTheStartWithTheFieldsName() {
    assertThatThrownBy(() -> CentralHttp.start(new InetSocketAddress("127.0.0.1", 0),
        new TlsFiles(cert.certificate(), dir.resolve("none.pem"), null), ApiTokens.OPEN,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
        .hasMessageContaining("tls.private-key: cannot read");
  }
}
