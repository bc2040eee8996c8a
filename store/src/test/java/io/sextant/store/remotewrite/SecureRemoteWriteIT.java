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

  /**
   * A refusal answered before the body is read must leave the kept-alive connection usable: the
   * next write on it is answered, not lost in the server's TLS buffer (it used to time out, or fail
   * on a closed connection past 64 KiB).
   */
  @Test
  void aWriteAfterARefusalOnTheSameConnectionIsAnswered(@TempDir Path dir) throws Exception {
    TestCert server = TestCert.create(dir, "central");
    ApiTokens tokens = ApiTokens.parse("""
        tokens:
          - {name: prometheus, role: writer, sha256: %s}
          - {name: noc-vic, role: viewer, sha256: %s}
        """.formatted(ApiTokens.sha256("w"), ApiTokens.sha256("v")));
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    HttpSecurity security = new HttpSecurity(new TlsFiles(server.certificate(), server.privateKey(), null), null,
        new RateLimit(1000, 1000));
    try (RemoteWriteReceiver r = RemoteWriteReceiver.start(new InetSocketAddress("127.0.0.1", 0), security.tls(),
        new JdkListener(security.gate(tokens, true, clock, null)), b -> b.size(), new SampleMapping("central", "site"), 1)) {
      URI uri = URI.create("https://127.0.0.1:" + r.port() + RemoteWriteReceiver.PATH);
      byte[] small = Snappy.compress(WriteRequests.writeRequest(WriteRequests.series(
          Map.of("__name__", "up", "site", "edge-1"), new long[] {1_700_000_000_000L}, new double[] {1})));
      // under and over the 64 KiB the JDK's server drains by itself after an answer
      byte[][] refused = {new byte[40_000], new byte[300_000]};
      new java.util.Random(1).nextBytes(refused[0]);
      new java.util.Random(2).nextBytes(refused[1]);
      HttpClient client = HttpClient.newBuilder().sslContext(server.trusting())
          .connectTimeout(Duration.ofSeconds(10)).build();
      for (int i = 0; i < 30; i++) {
        assertThat(post(client, uri, refused[i / 2 % 2], i % 2 == 0 ? "v" : null, 5).statusCode()).isIn(401, 403);
        assertThat(post(client, uri, small, "w", 5).statusCode()).as("write %d after a refusal", i).isEqualTo(204);
      }
    }
  }

  static HttpResponse<String> post(HttpClient client, URI uri, byte[] body, String token) throws Exception {
    return post(client, uri, body, token, 20);
  }

  static HttpResponse<String> post(HttpClient client, URI uri, byte[] body, String token, int timeoutSeconds)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
