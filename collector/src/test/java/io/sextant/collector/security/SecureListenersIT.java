package io.sextant.collector.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.collector.metrics.CollectorMetrics;
import io.sextant.collector.metrics.EdgeMeters;
import io.sextant.collector.metrics.MetricsEndpoint;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.HttpSecurity;
import io.sextant.common.security.JdkListener;
import io.sextant.common.security.RateLimit;
import io.sextant.common.security.TlsFiles;
import io.sextant.common.time.MutableClock;
import io.sextant.testkit.tls.TestCert;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's listeners (OTLP receiver, /metrics) as an edge with {@code http:} set runs them,
 * over real TLS connections: plaintext fails, no token is 401, a viewer sending samples is 403, a
 * flood over the rate limit is 429 with Retry-After, each counted by reason on /metrics.
 */
class SecureListenersIT {
  static final String WRITER = "writer-token";
  static final String VIEWER = "viewer-token";
  static final String OTHER_SITE = "other-site-token";
  static final String BODY = "{\"resourceMetrics\":[]}";

  @TempDir
  static Path dir;
  static TestCert cert;
  static OtlpHttpReceiver otlp;
  static MetricsEndpoint metrics;
  static EdgeMeters meters;
  static final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  static HttpClient tls;
  static final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    cert = TestCert.create(dir, "edge");
    Path tokens = Files.writeString(dir.resolve("tokens.yaml"), """
        tokens:
          - {name: otel-agent, role: writer, sha256: %s}
          - {name: noc-vic, role: viewer, sha256: %s}
          - {name: edge2-agent, role: writer, sites: [edge-2], sha256: %s}
        """.formatted(ApiTokens.sha256(WRITER), ApiTokens.sha256(VIEWER), ApiTokens.sha256(OTHER_SITE)));
    HttpSecurity security = HttpSecurity.read(new org.yaml.snakeyaml.Yaml().load("""
        tokens-file: tokens.yaml
        tls: {certificate: edge-cert.pem, private-key: edge-key.pem}
        rate-limit: {per-second: 1, burst: 3}
        """), dir);
    assertThat(security.tokensFile()).isEqualTo(tokens);
    ApiTokens callers = security.tokens();
    otlp = new OtlpHttpReceiver("edge-1", new InetSocketAddress("127.0.0.1", 0), 1000, security.tls(),
        new JdkListener(security.gate(callers, true, clock, "edge-1")));
    meters = new EdgeMeters();
    CollectorMetrics.bind(meters.registry(), otlp);
    metrics = new MetricsEndpoint(new InetSocketAddress("127.0.0.1", 0), meters, security.tls(),
        new JdkListener(security.gate(callers, false, clock, "edge-1")));
    CollectorMetrics.httpRefusals(meters.registry(), "metrics", metrics::refused);
    tls = HttpClient.newBuilder().sslContext(cert.trusting()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    otlp.close();
    metrics.close();
    meters.close();
  }

  static HttpResponse<String> send(HttpClient client, String scheme, int port, String method, String path,
      String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(BODY));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void noListenerAnswersInPlaintext() {
    assertThatThrownBy(() -> send(plain, "http", otlp.port(), "POST", "/v1/metrics", WRITER))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> send(plain, "http", metrics.port(), "GET", "/metrics", VIEWER))
        .isInstanceOf(IOException.class);
  }

  @Test
  void otlpNeedsAWritersTokenAndKeepsToItsRateLimit() throws Exception {
    HttpResponse<String> none = send(tls, "https", otlp.port(), "POST", "/v1/metrics", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("a bearer token is required");
    assertThat(send(tls, "https", otlp.port(), "POST", "/v1/metrics", "who-knows").statusCode()).isEqualTo(401);
    HttpResponse<String> viewer = send(tls, "https", otlp.port(), "POST", "/v1/metrics", VIEWER);
    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(viewer.body()).contains("noc-vic is a viewer").contains("needs writer");
    HttpResponse<String> elsewhere = send(tls, "https", otlp.port(), "POST", "/v1/metrics", OTHER_SITE);
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.body()).as("a google.rpc.Status, PERMISSION_DENIED").contains("\"code\":7").contains("edge2-agent may call sites [edge-2] only");

    // The burst of 3 passes, the 4th at the same instant is refused until a token refills.
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ok = send(tls, "https", otlp.port(), "POST", "/v1/metrics", WRITER);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
    HttpResponse<String> flood = send(tls, "https", otlp.port(), "POST", "/v1/metrics", WRITER);
    assertThat(flood.statusCode()).isEqualTo(429);
    assertThat(flood.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(flood.body()).contains("rate limit");
    clock.advance(Duration.ofSeconds(1));
    assertThat(send(tls, "https", otlp.port(), "POST", "/v1/metrics", WRITER).statusCode()).isEqualTo(200);
    assertThat(otlp.accepted()).isEqualTo(4);

    String scraped = send(tls, "https", metrics.port(), "GET", "/metrics", VIEWER).body();
    assertThat(scraped)
        .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"missing_token\"} 1.0")
        .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"unknown_token\"} 1.0")
        .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"role\"} 1.0")
        .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"site\"} 1.0")
        .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"rate_limited\"} 1.0");
  }

  @Test
  void metricsNeedAViewerAndAWriterReadsNothing() throws Exception {
    assertThat(send(tls, "https", metrics.port(), "GET", "/metrics", null).statusCode()).isEqualTo(401);
    HttpResponse<String> writer = send(tls, "https", metrics.port(), "GET", "/metrics", WRITER);
    assertThat(writer.statusCode()).isEqualTo(403);
    assertThat(writer.body()).contains("otel-agent is a writer");
    HttpResponse<String> ok = send(tls, "https", metrics.port(), "GET", "/metrics", VIEWER);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("sextant_edge_http_refused_total{listener=\"metrics\",reason=\"role\"}");
  }

  @Test
  void badPemFilesFailWithTheFieldsName() throws Exception {
    Path rsa = Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> new TlsFiles(cert.certificate(), rsa, null).sslContext())
        .hasMessageContaining("tls.private-key").hasMessageContaining("openssl pkcs8 -topk8");
    assertThatThrownBy(() -> new TlsFiles(dir.resolve("absent.pem"), cert.privateKey(), null).sslContext())
        .hasMessageContaining("tls.certificate: cannot read");
    assertThatThrownBy(() -> new RateLimit(0, 1)).hasMessageContaining("rate-limit.per-second");
  }
}
