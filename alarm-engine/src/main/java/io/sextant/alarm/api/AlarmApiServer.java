package io.sextant.alarm.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.ingest.AlertIntake;
import java.net.URI;
import java.util.Map;

/**
 * Starts the TMF642 API around an engine that already exists (the wiring owns the engine, its
 * listener and its store; the HTTP server only reads and operates on it). Close it to stop the
 * server and its context.
 */
public final class AlarmApiServer implements AutoCloseable {
  private final ApplicationContext context;
  private final EmbeddedServer server;

  private AlarmApiServer(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /** Serves on loopback only; see {@link #start(AlarmEngine, String, int)} to expose it. */
  public static AlarmApiServer start(AlarmEngine engine, int port) {
    return start(engine, "127.0.0.1", port);
  }

  /**
   * @param host the address to bind (e.g. {@code 127.0.0.1}, or {@code 0.0.0.0} for all interfaces)
   * @param port the port, or 0 for any free port (see {@link #port()})
   */
  public static AlarmApiServer start(AlarmEngine engine, String host, int port) {
    return start(engine, host, port, new AlertIntake(engine));
  }

  /**
   * @param beans further singletons for the controllers: an {@link AlertIntake} enables
   *     {@code POST /api/v2/alerts}, a notification pipeline the silence endpoints
   */
  public static AlarmApiServer start(AlarmEngine engine, String host, int port, Object... beans) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    // Micronaut's spelling of "any free port" is -1.
    boolean counted = java.util.Arrays.stream(beans).anyMatch(b -> b instanceof ApiCounters);
    ApplicationContext context = ApplicationContext.builder()
        .singletons(engine)
        .singletons(counted ? new Object[0] : new Object[] {new ApiCounters()})
        .singletons(beans)
        .properties(Map.of("micronaut.server.port", port == 0 ? -1 : port, "micronaut.server.host", host,
            "micronaut.server.max-request-size", io.sextant.alarm.ingest.AlertIntake.MAX_BODY_BYTES))
        .start();
    try {
      return new AlarmApiServer(context, context.getBean(EmbeddedServer.class).start());
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** Rejected requests of the TMF642 and silence endpoints, by reason. */
  public ApiCounters counters() {
    return context.getBean(ApiCounters.class);
  }

  public int port() {
    return server.getPort();
  }

  /** E.g. {@code http://localhost:41234}. */
  public URI uri() {
    return server.getURI();
  }

  @Override
  public void close() {
    server.stop();
    context.close();
  }
}
