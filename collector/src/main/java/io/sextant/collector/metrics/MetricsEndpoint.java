package io.sextant.collector.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sextant.common.security.ApiTokens.Role;
import io.sextant.common.security.JdkListener;
import io.sextant.common.security.TlsFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code GET /metrics} in the Prometheus text format 0.0.4 from the {@link EdgeMeters}:
 * over TLS when the edge has it, to a viewer's token when it has tokens (Prometheus sends one
 * with {@code authorization: {credentials_file: ...}}).
 */
public final class MetricsEndpoint implements AutoCloseable {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final EdgeMeters meters;
  private final JdkListener listener;

  /** In plaintext, to anyone. */
  public MetricsEndpoint(InetSocketAddress address, EdgeMeters meters) throws IOException {
    this(address, meters, null, JdkListener.open());
  }

  public MetricsEndpoint(InetSocketAddress address, EdgeMeters meters, TlsFiles tls, JdkListener listener)
      throws IOException {
    this.meters = meters;
    this.listener = listener;
    this.server = JdkListener.bind(address, 16, tls);
    server.createContext("/", this::handle);
    server.start(); // the default executor: one thread, scrapes are rare and short
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!listener.admit(ex, Role.VIEWER)) {
        return;
      }
      if (!ex.getRequestURI().getPath().equals("/metrics")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(200, -1);
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  /** Scrapes refused for want of a token or a role, by reason. */
  public java.util.Map<String, Long> refused() {
    return listener.refused();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
