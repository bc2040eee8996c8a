package io.sextant.common.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.sextant.common.security.ApiTokens.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A listener on the JDK's HTTP server (the edge's OTLP receiver and /metrics, the centre's remote
 * write) with its {@link Gate}: bound over TLS when the node has it (an HttpsServer answers no
 * plaintext: a plaintext request fails its handshake), and each exchange admitted or answered
 * with its refusal, counted by reason. Thread-safe.
 */
public final class JdkListener {
  /** The most of an unneeded request body read before answering; beyond it the connection closes. */
  public static final long DRAIN_LIMIT = 1 << 20;

  private final Gate gate;
  private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

  public JdkListener(Gate gate) {
    this.gate = gate;
  }

  /** A listener that lets every call in, as before any security is configured. */
  public static JdkListener open() {
    return new JdkListener(new Gate(ApiTokens.OPEN, null));
  }

  /** Binds {@code address}: HTTPS when {@code tls} is set (asking for a client certificate with a client CA). */
  public static HttpServer bind(InetSocketAddress address, int backlog, TlsFiles tls) throws IOException {
    if (tls == null) {
      return HttpServer.create(address, backlog);
    }
    SSLContext ctx = tls.sslContext();
    HttpsServer server = HttpsServer.create(address, backlog);
    boolean clientCerts = tls.clientCa() != null;
    server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        var ssl = ctx.getDefaultSSLParameters();
        ssl.setNeedClientAuth(clientCerts);
        params.setSSLParameters(ssl);
      }
    });
    return server;
  }

  /**
   * Admits {@code ex} or answers it with its refusal as JSON ({@code {"status","reason","message"}})
   * and counts it. The caller's handler goes on only when this returns true.
   */
  public boolean admit(HttpExchange ex, Role needed) throws IOException {
    Gate.Admission a = check(ex, needed);
    if (a.admitted()) {
      return true;
    }
    Refusal r = a.refusal();
    String body = "{\"status\":" + r.status() + ",\"reason\":\"" + r.reason() + "\",\"message\":\""
        + r.message().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    headers(ex, r);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(r.status(), bytes.length);
    ex.getResponseBody().write(bytes);
    return false;
  }

  /**
   * Checks {@code ex} and counts a refusal, for a listener that writes refusals in its own
   * protocol (OTLP's {@code google.rpc.Status}); it must then send {@link #headers}.
   */
  public Gate.Admission check(HttpExchange ex, Role needed) {
    InetSocketAddress from = ex.getRemoteAddress();
    Gate.Admission a = gate.admit(ex.getRequestHeaders().getFirst("Authorization"), needed,
        ex.getRequestMethod() + " " + ex.getRequestURI().getPath(),
        from == null ? "unknown" : from.getAddress().getHostAddress());
    if (!a.admitted()) {
      refused.computeIfAbsent(a.refusal().reason(), k -> new AtomicLong()).incrementAndGet();
      drain(ex);
    }
    return a;
  }

  /**
   * Reads what is left of the request body (up to {@link #DRAIN_LIMIT}) before an answer that did
   * not need it. Answering first lets the client send its next request on the kept-alive connection
   * while the server still drains the old body; over TLS the JDK's server can then decrypt that
   * request into its buffer unseen, and it waits forever (a refused write followed by a 20 s
   * timeout on the next one). A longer body is not read: the connection closes instead.
   */
  public static void drain(HttpExchange ex) {
    try {
      InputStream in = ex.getRequestBody();
      byte[] buf = new byte[8192];
      long left = DRAIN_LIMIT;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
        left -= n;
      }
      if (left <= 0 && in.read() >= 0) {
        ex.getResponseHeaders().set("Connection", "close");
      }
    } catch (IOException e) {
      ex.getResponseHeaders().set("Connection", "close");
    }
  }

  /** The headers a refusal carries: WWW-Authenticate on a 401, Retry-After on a 429. */
  public static void headers(HttpExchange ex, Refusal r) {
    if (r.status() == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sextant\"");
    } else if (r.status() == 429) {
      ex.getResponseHeaders().set("Retry-After", r.retryAfterSeconds());
    }
  }


  /** Refusals so far, by reason. */
  public Map<String, Long> refused() {
    Map<String, Long> out = new TreeMap<>();
    refused.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
