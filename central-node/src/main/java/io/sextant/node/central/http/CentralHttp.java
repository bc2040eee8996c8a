package io.sextant.node.central.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.TlsFiles;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The centre's one HTTP port (Micronaut): the alarm engine's TMF642 and Alertmanager-compatible
 * endpoints, the operators' actions, feedback and views, and the node's own health, readiness,
 * metrics and OpenAPI document. It serves the objects it is given (the wiring owns them); closing
 * it stops the server and its context. With TLS it serves HTTPS only: Micronaut's SSL port is the
 * one port, and no plaintext port is opened beside it.
 */
public final class CentralHttp implements AutoCloseable {
  private final ApplicationContext context;
  private final EmbeddedServer server;

  private CentralHttp(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /**
   * @param listen the address to bind; port 0 for any free port ({@link #port()} tells)
   * @param beans the singletons the controllers use (a controller whose beans are missing is off)
   */
  public static CentralHttp start(InetSocketAddress listen, Object... beans) {
    return start(listen, null, beans);
  }

  /** As {@link #start(InetSocketAddress, Object...)}, over TLS when {@code tls} is set. */
  public static CentralHttp start(InetSocketAddress listen, TlsFiles tls, Object... beans) {
    // Micronaut's spelling of "any free port" is -1.
    int port = listen.getPort() == 0 ? -1 : listen.getPort();
    Map<String, Object> props = new HashMap<>(Map.of("micronaut.server.port", port,
        "micronaut.server.host", listen.getHostString(),
        "micronaut.server.max-request-size", AlertIntake.MAX_BODY_BYTES,
        // Empty lists and maps are answers too ("no site paused"); only absent values are left out.
        "micronaut.serde.serialization.inclusion", "NON_NULL"));
    if (tls != null) {
      props.putAll(tls(tls, port));
    }
    ApplicationContext context = ApplicationContext.builder().singletons(beans).properties(props).start();
    try {
      return new CentralHttp(context, context.getBean(EmbeddedServer.class).start());
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /**
   * Micronaut's SSL settings from the PEM files, read by the same code as the edge's listeners
   * ({@link TlsFiles}): the key and chain, and the client CA, handed over as in-memory PKCS#12
   * stores under a password made for this start.
   */
  private static Map<String, Object> tls(TlsFiles tls, int port) {
    String password = ApiTokens.newToken();
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.ssl.enabled", true);
    p.put("micronaut.server.ssl.port", port);
    p.put("micronaut.server.dual-protocol", false);
    p.put("micronaut.server.ssl.key-store.path", "base64:" + Base64.getEncoder().encodeToString(
        TlsFiles.pkcs12(tls.keyStore(password.toCharArray()), password.toCharArray())));
    p.put("micronaut.server.ssl.key-store.type", "PKCS12");
    p.put("micronaut.server.ssl.key-store.password", password);
    p.put("micronaut.server.ssl.key.password", password);
    if (tls.clientCa() != null) {
      p.put("micronaut.server.ssl.trust-store.path", "base64:" + Base64.getEncoder().encodeToString(
          TlsFiles.pkcs12(tls.trustStore(), password.toCharArray())));
      p.put("micronaut.server.ssl.trust-store.type", "PKCS12");
      p.put("micronaut.server.ssl.trust-store.password", password);
      p.put("micronaut.server.ssl.client-authentication", "NEED");
    }
    return p;
  }

  /** Every route on the port, as {@code METHOD /path/{var}}, for the OpenAPI document's test. */
  public List<String> routes() {
    // Micronaut answers HEAD wherever it answers GET; the document lists the GETs.
    return context.getBean(Router.class).uriRoutes().filter(r -> !"HEAD".equals(r.getHttpMethod().name()))
        .map(r -> r.getHttpMethod() + " " + r.getUriMatchTemplate().toPathString().replace("{+", "{"))
        .sorted().distinct().toList();
  }

  public int port() {
    return server.getPort();
  }

  public URI uri() {
    return URI.create(server.getScheme() + "://" + server.getHost() + ":" + server.getPort());
  }

  @Override
  public void close() {
    server.stop();
    context.close();
  }
}
