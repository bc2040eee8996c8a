package io.sextant.node.central.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.sextant.alarm.ingest.AlertIntake;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The centre's one HTTP port (Micronaut): the alarm engine's TMF642 and Alertmanager-compatible
 * endpoints, the operators' actions, feedback and views, and the node's own health, readiness,
 * metrics and OpenAPI document. It serves the objects it is given (the wiring owns them); closing
 * it stops the server and its context.
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
    ApplicationContext context = ApplicationContext.builder()
        .singletons(beans)
        // Micronaut's spelling of "any free port" is -1.
        .properties(Map.of("micronaut.server.port", listen.getPort() == 0 ? -1 : listen.getPort(),
            "micronaut.server.host", listen.getHostString(),
            "micronaut.server.max-request-size", AlertIntake.MAX_BODY_BYTES,
            // Empty lists and maps are answers too ("no site paused"); only absent values are left out.
            "micronaut.serde.serialization.inclusion", "NON_NULL"))
        .start();
    try {
      return new CentralHttp(context, context.getBean(EmbeddedServer.class).start());
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
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
    return URI.create("http://" + server.getHost() + ":" + server.getPort());
  }

  @Override
  public void close() {
    server.stop();
    context.close();
  }
}
