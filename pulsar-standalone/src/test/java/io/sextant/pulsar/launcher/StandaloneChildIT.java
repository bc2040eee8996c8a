package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone as a child JVM on the class path the launcher finds (the build-time list of this
 * module's runtime dependencies, not the test class path): it starts, creates the namespaces,
 * stops and restarts with its data ({@link OrphanedChildIT}: and does not outlive a parent killed
 * with SIGKILL).
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
