package io.sextant.testkit.peer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Alertmanager as the benches run it beside Sextant: on loopback at a free port, no
 * cluster listener (it would open 9094 on every interface), its data in a temporary directory
 * removed by {@link #close}. Not for tests: they use {@link Peers#require} to skip or fail.
 */
public final class AlertmanagerPeer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  /** The benches' routing: group by alert name, a null receiver, NodeDown mutes its instance's warnings. */
  public static final String BENCH_CONFIG = """
      route:
        receiver: "null"
        group_by: [alertname]
      receivers:
        - name: "null"
      inhibit_rules:
        - source_matchers: [alertname="NodeDown"]
          target_matchers: [severity="warning"]
          equal: [instance]
      """;

  private final Path dir;
  private final Process process;
  private final URI uri;

  private AlertmanagerPeer(Path dir, Process process, URI uri) {
    this.dir = dir;
    this.process = process;
    this.uri = uri;
  }

  /** Starts it with this configuration file's text and returns once {@code /-/ready} answers 200. */
  public static AlertmanagerPeer start(String configYaml) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("needs Debian's prometheus-alertmanager at " + BINARY);
    }
    Path dir = Files.createTempDirectory("sextant-alertmanager");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, configYaml);
    int port = freePort();
    Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
    AlertmanagerPeer peer = new AlertmanagerPeer(dir, process, URI.create("http://127.0.0.1:" + port));
    try {
      peer.awaitReady(Duration.ofSeconds(30));
      return peer;
    } catch (RuntimeException | InterruptedException e) {
      peer.close();
      throw e;
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return uri;
  }

  private void awaitReady(Duration within) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(HttpRequest.newBuilder(uri.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("alertmanager not ready at " + uri + "; its log: "
        + Files.readString(dir.resolve("alertmanager.log")));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
