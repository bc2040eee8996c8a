package io.sextant.actuator.hook;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The hook receiver of {@code src/test/node/receiver.js} (Node and the reference
 * {@code standardwebhooks} package) as a child process, and what it printed. Missing Node or the
 * package fails the test with how to install them: it is never skipped.
 */
final class NodeReceiver implements AutoCloseable {
  static final Path DIR = Path.of("src/test/node");
  private final Process process;
  private final List<JsonNode> seen = new CopyOnWriteArrayList<>();
  final URI url;

  NodeReceiver(String secret, String wrongSecret) throws IOException {
    if (!Files.isDirectory(DIR.resolve("node_modules/standardwebhooks"))) {
      fail("the reference standardwebhooks package is not installed: run scripts/test.sh, or "
          + "npm ci --prefix actuators/src/test/node");
    }
    ProcessBuilder pb = new ProcessBuilder("node", "receiver.js").directory(DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("HOOK_SECRET", secret);
    pb.environment().put("WRONG_SECRET", wrongSecret);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run node (Node 20 is installed by scripts/test.sh): " + e.getMessage(), e);
    }
    Thread reader = new Thread(() -> {
      ObjectMapper json = new ObjectMapper();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          seen.add(json.readTree(line));
        }
      } catch (IOException ignored) {
        // the receiver exited
      }
    }, "node-receiver");
    reader.setDaemon(true);
    reader.start();
    JsonNode listening = await(n -> n.path("kind").asText().equals("listening"));
    url = URI.create("http://127.0.0.1:" + listening.path("port").asInt() + "/sextant");
  }

  JsonNode await(Predicate<JsonNode> p) {
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> seen.stream().anyMatch(p));
    return seen.stream().filter(p).findFirst().orElseThrow();
  }

  /**
   * What matches once at least {@code n} records matched and a moment passed: the receiver prints
   * before it answers, but this JVM reads its output on another thread, a little later.
   */
  List<JsonNode> settled(Predicate<JsonNode> p, int n) throws InterruptedException {
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> seen.stream().filter(p).count() >= n);
    Thread.sleep(200);
    return all(p);
  }

  List<JsonNode> all(Predicate<JsonNode> p) {
    return seen.stream().filter(p).toList();
  }

  static Predicate<JsonNode> kind(String k) {
    return n -> n.path("kind").asText().equals(k);
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
