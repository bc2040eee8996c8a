package io.sextant.actuator.hook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link CallbackReceiver} on the JDK's HTTP server at an address from the node's
 * configuration ({@code actuators.callbacks.listen}). An edge runs its own, so an edge cut off from
 * the centre still takes the outcomes of the hooks it called.
 */
public final class CallbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);
  private final HttpServer server;
  private final ExecutorService threads;

  /** Binds and starts serving; {@link #mount} the receiver once its public URL (this port) is known. */
  public CallbackServer(InetSocketAddress listen) throws IOException {
    this.server = HttpServer.create(listen, 16);
    this.threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "hook-callbacks");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.start();
  }

  public CallbackServer mount(CallbackReceiver receiver) {
    server.createContext(CallbackReceiver.PREFIX, ex -> serve(ex, receiver));
    log.info("taking hook callbacks on {}", server.getAddress());
    return this;
  }

  private static void serve(HttpExchange ex, CallbackReceiver receiver) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(HookAdapter.MAX_BODY + 1);
      }
      CallbackReceiver.Response r = receiver.handle(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          name -> ex.getRequestHeaders().getFirst(name.toLowerCase(Locale.ROOT)), body);
      byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", r.body().startsWith("{") ? "application/json" : "text/plain");
      ex.sendResponseHeaders(r.status(), out.length);
      ex.getResponseBody().write(out);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
