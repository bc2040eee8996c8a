package io.sextant.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Sample;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The centre's remote-write receiver as {@code http:} secures it, over real mutual-TLS
 * connections: a client without a certificate the CA signed cannot connect, Prometheus with its
 * certificate and a writer's token writes, a viewer is 403, a flood is 429 with Retry-After.
 */
class SecureRemoteWriteIT {
  @Test
  void aPrometheusWithItsCertificateAndAWritersTokenWritesAndNoOneElse(@TempDir Path dir) throws Exception {
    TestCert server = TestCert.create(dir, "central");
    TestCert prometheus = TestCert.create(dir, "prometheus");
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: prometheus, role: writer, sha256: %s}
          - {name: noc-vic, role: viewer, sha256: %s}
        """.formatted(ApiTokens.sha256("w"), ApiTokens.sha256("v")));
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    HttpSecurity security = new HttpSecurity(new TlsFiles(server.certificate(), server.privateKey(),
        prometheus.certificate()), null, new RateLimit(1, 2));
    List<Sample> written = new CopyOnWriteArrayList<>();
    try (RemoteWriteReceiver r = RemoteWriteReceiver.start(new InetSocketAddress("127.0.0.1", 0), security.tls(),
        new JdkListener(security.gate(tokens, true, clock, null)), b -> {
          written.addAll(b);
          return b.size();
        }, new SampleMapping("central", "site"), 1)) {
      URI uri = URI.create("https://127.0.0.1:" + r.port() + RemoteWriteReceiver.PATH);
      byte[] body = Snappy.compress(WriteRequests.writeRequest(WriteRequests.series(
          Map.of("__name__", "up", "site", "edge-1"), new long[] {1_700_000_000_000L}, new double[] {1})));
      HttpClient withCert = HttpClient.newBuilder().sslContext(server.trusting(prometheus))
          .connectTimeout(Duration.ofSeconds(10)).build();
      HttpClient withoutCert = HttpClient.newBuilder().sslContext(server.trusting())
          .connectTimeout(Duration.ofSeconds(10)).build();
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

      assertThatThrownBy(() -> post(withoutCert, uri, body, "w")).as("no client certificate")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> post(plain, URI.create("http" + uri.toString().substring(5)), body, "w"))
          .isInstanceOf(IOException.class);
      assertThat(post(withCert, uri, body, null).statusCode()).isEqualTo(401);
      HttpResponse<String> viewer = post(withCert, uri, body, "v");
      assertThat(viewer.statusCode()).isEqualTo(403);
      assertThat(viewer.body()).contains("noc-vic is a viewer");
      assertThat(post(withCert, uri, body, "w").statusCode()).isEqualTo(204);
      assertThat(post(withCert, uri, body, "w").statusCode()).isEqualTo(204);
      HttpResponse<String> flood = post(withCert, uri, body, "w");
      assertThat(flood.statusCode()).isEqualTo(429);
      assertThat(flood.headers().firstValue("Retry-After")).hasValue("1");
      clock.advance(Duration.ofSeconds(1));
      assertThat(post(withCert, uri, body, "w").statusCode()).isEqualTo(204);
      assertThat(written).hasSize(3);
      assertThat(r.refused()).containsEntry("missing_token", 1L).containsEntry("role", 1L)
          .containsEntry("rate_limited", 1L);
    }
  }

  static HttpResponse<String> post(HttpClient client, URI uri, byte[] body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
