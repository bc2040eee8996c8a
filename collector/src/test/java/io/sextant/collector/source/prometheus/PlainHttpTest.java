package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The plain HTTP/1.1 scrape client against the JDK's HTTP server (lengths, chunks, statuses) and
 * against a socket that answers by hand (what that server never does: a body to the end of the
 * connection, chunk extensions and trailers, 100 Continue, stalls and answers cut short).
 */
class PlainHttpTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  final PlainHttp http = new PlainHttp();

  static String read(ScrapeResponse r) throws IOException {
    try (r) {
      return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsBodiesByLengthAndChunkedFromTheJdkServerAndSendsTheRequestHeaders() throws Exception {
    String big = "m{k=\"é\"} 1\n".repeat(50_000); // over many reads and chunks
    AtomicReference<String> accept = new AtomicReference<>();
    AtomicReference<String> query = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/", ex -> {
      accept.set(ex.getRequestHeaders().getFirst("Accept"));
      query.set(ex.getRequestURI().getRawQuery());
      byte[] b = big.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      boolean chunked = ex.getRequestURI().getPath().equals("/chunked");
      int status = ex.getRequestURI().getPath().equals("/missing") ? 404 : 200;
      ex.sendResponseHeaders(status, chunked ? 0 : b.length); // 0: chunked
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      ScrapeResponse fixed = http.get(URI.create(base + "/metrics?x=a%20b"), TIMEOUT);
      assertThat(fixed.status()).isEqualTo(200);
      assertThat(fixed.contentType()).isEqualTo("text/plain; version=0.0.4");
      assertThat(read(fixed)).isEqualTo(big);
      assertThat(accept.get()).isEqualTo(Format.ACCEPT);
      assertThat(query.get()).isEqualTo("x=a%20b");
      assertThat(read(http.get(URI.create(base + "/chunked"), TIMEOUT))).isEqualTo(big);
      assertThat(http.get(URI.create(base + "/missing"), TIMEOUT).status()).isEqualTo(404);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void readsABodyToTheEndOfTheConnectionAndChunksWithExtensionsAndTrailersAfter100Continue() throws Exception {
    assertThat(read(answer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\na 1\nb 2\n"))).isEqualTo("a 1\nb 2\n");
    ScrapeResponse chunked = answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n"
        + "content-type: application/openmetrics-text; version=1.0.0\r\n\r\n"
        + "4;ext=1\r\na 1\n\r\n4\r\nb 2\n\r\n0\r\nX-Trailer: t\r\n\r\n");
    assertThat(chunked.status()).isEqualTo(200);
    assertThat(Format.fromContentType(chunked.contentType())).isEqualTo(Format.OPENMETRICS);
    assertThat(read(chunked)).isEqualTo("a 1\nb 2\n");
  }

  @Test
  void anAnswerCutShortOrMalformedIsAnError() throws Exception {
    assertThatThrownBy(() -> read(answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\na 1\n")))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> read(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\na 1\n")))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> answer("SSH-2.0-OpenSSH_9.2\r\n\r\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("not an HTTP/1.x status line");
    assertThatThrownBy(() -> answer("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("bad Content-Length");
  }

  @Test
  void aTargetThatStallsHalfWayFailsAtTheScrapeTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept()) {
          s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\na 1\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          s.getInputStream().readAllBytes(); // holds the connection open until the client gives up
        } catch (IOException ignored) {
          // the client closed it
        }
      });
      long t0 = System.nanoTime();
      ScrapeResponse r = http.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), Duration.ofMillis(500));
      assertThatThrownBy(() -> read(r)).isInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
    }
  }

  @Test
  void theEdgesOwnWorkBetweenReadsDoesNotCountAgainstTheTimeout() throws Exception {
    byte[] body = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept()) {
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body); // all of it at once, then the connection stays open
          s.getInputStream().readAllBytes();
        } catch (IOException ignored) {
          // the client closed it
        }
      });
      long t0 = System.nanoTime();
      try (ScrapeResponse r = http.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), Duration.ofMillis(500))) {
        byte[] piece = new byte[4096];
        int total = 0;
        for (int n; (n = r.body().read(piece)) > 0; total += n) {
          Thread.sleep(50); // a slow parse: 16 pieces, 0.8 s in all
        }
        assertThat(total).isEqualTo(body.length);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(500));
    }
  }

  @Test
  void aRefusedConnectionIsAnIOException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> http.get(URI.create("http://127.0.0.1:" + port + "/metrics"), TIMEOUT))
        .isInstanceOf(IOException.class);
  }

  /** Serves {@code raw} once, as written, to the first connection, then closes it. */
  ScrapeResponse answer(String raw) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          byte[] head = new byte[4];
          while (!new String(head, StandardCharsets.US_ASCII).equals("\r\n\r\n")) { // the whole request first
            System.arraycopy(head, 1, head, 0, 3);
            head[3] = (byte) in.read();
          }
          s.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      ScrapeResponse r = http.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/metrics"), TIMEOUT);
      served.get();
      return r;
    }
  }
}
