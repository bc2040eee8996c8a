package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone as a child JVM on the class path the launcher finds (the build-time list of this
 * module's runtime dependencies, not the test class path): it starts, creates the namespaces,
 * stops and restarts with its data, and does not outlive a parent killed with SIGKILL.
 */
class StandaloneChildIT {
  @TempDir Path dir;

  @Test
  void theChildStartsStopsAndRestartsItsBrokerWithItsData() throws Exception {
    try (BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of("sextant", "central", "site-1")
        .withListener("wan").withUrlFile(dir.resolve("urls")).withLog(dir.resolve("pulsar.log")))) {
      System.out.printf("STANDALONE-CHILD ready in %d ms: %s%n", pulsar.startedIn().toMillis(), pulsar.ready().format());
      assertThat(namespaces(pulsar)).contains("sextant/central", "sextant/site-1");
      assertThat(pulsar.listenerUrl("wan")).startsWith("pulsar://127.0.0.1:");
      assertThat(java.nio.file.Files.readAllLines(dir.resolve("urls")))
          .containsExactly(pulsar.serviceUrl(), pulsar.webServiceUrl());
      assertThat(answers(pulsar.brokerPort())).isTrue();

      pulsar.stopBroker();
      assertThat(answers(pulsar.brokerPort())).isFalse();
      pulsar.restartBroker();
      assertThat(answers(pulsar.brokerPort())).isTrue();
      assertThat(namespaces(pulsar)).contains("sextant/central", "sextant/site-1");

      pulsar.close();
      assertThat(pulsar.isAlive()).isFalse();
      assertThat(java.nio.file.Files.readString(dir.resolve("pulsar.log"))).contains("Pulsar standalone: stopped");
    }
  }

  @Test
  void aStartThatFailsQuotesTheChildsOutput() {
    assertThatThrownBy(() -> BrokerProcess.start(BrokerProcess.Options.of("sextant")
        .withTokenSecretKeyFile(dir.resolve("no-such-key"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited with 2")
        .hasMessageContaining("no-such-key");
  }

  @Test
  void theChildDoesNotOutliveAParentKilledWithSigkill() throws Exception {
    Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Parent.class.getName(), dir.resolve("parent-pulsar.log").toString())
        .redirectErrorStream(true).start();
    try {
      long brokerPid;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("BROKER PID ")) {
          System.out.println("parent: " + line);
        }
        assertThat(line).as("the parent started a broker").isNotNull();
        brokerPid = Long.parseLong(line.substring("BROKER PID ".length()));
        Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
        assertThat(broker).isPresent();
        parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        broker.get().onExit().get(60, TimeUnit.SECONDS);
        System.out.printf("STANDALONE-CHILD gone %d ms after its parent was killed%n", (System.nanoTime() - t0) / 1_000_000);
      }
      assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    } finally {
      parent.destroyForcibly();
    }
  }

  /** A parent JVM that starts a broker and waits to be killed. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of("sextant", "central").withLog(Path.of(args[0])));
      System.out.println("BROKER PID " + pulsar.pid());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
  }

  private static List<String> namespaces(BrokerProcess pulsar) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(pulsar.webServiceUrl() + "/admin/v2/namespaces/sextant")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return List.of(r.body().replaceAll("[\\[\\]\"]", "").split(","));
  }

  private static boolean answers(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }
}
