package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Which client a target gets: the plain one for http://, the JDK's (with TLS) for https://. */
class ScrapeHttpTest {
  static final Duration T = Duration.ofSeconds(5);

  @Test
  void httpGetsThePlainClientHttpsTheJdkOneOtherSchemesNone() {
    assertThat(ScrapeHttp.forTarget(URI.create("http://127.0.0.1:9100/metrics"), T)).isInstanceOf(PlainHttp.class);
    assertThat(ScrapeHttp.forTarget(URI.create("HTTPS://127.0.0.1:9100/metrics"), T)).isInstanceOf(JdkHttp.class);
    assertThatThrownBy(() -> ScrapeHttp.forTarget(URI.create("ftp://127.0.0.1/metrics"), T))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only http and https");
  }

  @Test
  void anHttpsTargetIsSpokenToInTls() throws Exception {
    // a server that answers in clear text: the JDK client's TLS handshake must fail on it
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept()) {
          s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na 1\n".getBytes(StandardCharsets.US_ASCII));
          s.getInputStream().read();
        } catch (IOException ignored) {
          // the client hung up
        }
      });
      ScrapeHttp https = ScrapeHttp.forTarget(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/"), T);
      assertThatThrownBy(() -> https.get(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/"), T))
          .isInstanceOf(IOException.class);
    }
  }
}
