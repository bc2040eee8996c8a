package io.sextant.node.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.security.ApiTokens;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.testkit.pulsar.SharedPulsar;
import io.sextant.testkit.tls.TestCert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live edge (the node in-process, a real broker) configured with {@code http:} TLS, tokens and
 * a rate limit, called over real connections: its OTLP receiver and /metrics refuse plaintext and
 * calls without a token, a viewer may not send samples, a writer's samples reach the centre's
 * bus, and the refusals are counted on /metrics.
 */
class SecureEdgeIT {
  static final String WRITER = "agent-token";
  static final String VIEWER = "prom-token";

  @Test
  void everyListenerOfTheEdgeTakesTlsAndATokenOnly(@TempDir Path dir) throws Exception {
    String site = "secure-" + UUID.randomUUID().toString().substring(0, 8);
    String serviceUrl = SharedPulsar.withNamespaces(site);
    TestCert cert = TestCert.create(dir, "edge");
    Files.writeString(dir.resolve("tokens.yaml"), """
        tokens:
          - {name: otel-agent, role: writer, sha256: %s}
          - {name: prometheus, role: viewer, sites: [%s], sha256: %s}
        """.formatted(ApiTokens.sha256(WRITER), site, ApiTokens.sha256(VIEWER)));
    EdgeConfig config = EdgeConfigFile.parse("""
        site: %s
        data-dir: %s
        interval: 1s
        bus: {type: pulsar, service-url: %s}
        ports: {metrics: 0}
        http:
          tokens-file: tokens.yaml
          tls: {certificate: edge-cert.pem, private-key: edge-key.pem}
          rate-limit: {per-second: 50, burst: 50}
        sources:
          otlp: {listen: "127.0.0.1:0"}
        """.formatted(site, dir, serviceUrl), dir, null);

    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    HttpClient tls = HttpClient.newBuilder().sslContext(cert.trusting()).connectTimeout(Duration.ofSeconds(10))
        .build();
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try (PulsarBus centre = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, site))) {
      new MessageBus(centre).subscribe(Topic.SAMPLES, "secure-test", batches::add);
      ByteArrayOutputStream ready = new ByteArrayOutputStream();
      try (EdgeNode edge = new EdgeNode(config, Clock.systemUTC())) {
        Thread loop = new Thread(() -> {
          try {
            edge.run(new PrintStream(ready, true, StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "secure-edge");
        loop.start();
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> ready.toString(StandardCharsets.UTF_8)
            .contains("metrics="));
        String line = ready.toString(StandardCharsets.UTF_8);
        URI metrics = URI.create(find(line, "metrics=(\\S+)"));
        assertThat(metrics.getScheme()).isEqualTo("https");
        URI otlp = URI.create("https://127.0.0.1:" + find(line, "otlp=(\\d+)") + "/v1/metrics");

        assertThatThrownBy(() -> send(plain, URI.create("http" + otlp.toString().substring(5)), WRITER))
            .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(plain, URI.create("http" + metrics.toString().substring(5)), VIEWER))
            .isInstanceOf(IOException.class);
        assertThat(send(tls, otlp, null).statusCode()).isEqualTo(401);
        assertThat(send(tls, otlp, VIEWER).statusCode()).isEqualTo(403);
        assertThat(get(tls, metrics, null).statusCode()).isEqualTo(401);
        assertThat(get(tls, metrics, WRITER).statusCode()).isEqualTo(403);

        HttpResponse<String> taken = send(tls, otlp, WRITER);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> batches.stream()
            .flatMap(b -> b.samples().stream()).anyMatch(s -> s.metric().equals("secure_gauge")));

        String scraped = get(tls, metrics, VIEWER).body();
        assertThat(scraped)
            .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"missing_token\"} 1.0")
            .contains("sextant_edge_http_refused_total{listener=\"otlp\",reason=\"role\"} 1.0")
            .contains("sextant_edge_http_refused_total{listener=\"metrics\",reason=\"missing_token\"} 1.0")
            .contains("sextant_edge_http_refused_total{listener=\"metrics\",reason=\"role\"} 1.0");
        edge.stop();
        loop.join(10_000);
      }
    }
  }

  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in " + text).isTrue();
    return m.group(1);
  }

  static HttpResponse<String> send(HttpClient client, URI uri, String token) throws Exception {
    String body = """
        {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"secure.gauge","gauge":{"dataPoints":[
          {"asDouble":1.5,"timeUnixNano":"%d"}]}}]}]}]}
        """.formatted(System.currentTimeMillis() * 1_000_000L);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(HttpClient client, URI uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
