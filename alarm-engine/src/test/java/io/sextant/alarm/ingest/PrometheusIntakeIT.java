package io.sextant.alarm.ingest;

import io.sextant.testkit.peer.Peers;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.api.AlarmApiServer;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Prometheus evaluates a rule that fires at once and sends the alert to Sextant's
 * Alertmanager-compatible intake on loopback; the alarm must appear in the engine. Bad bodies
 * posted over the same HTTP endpoint get 400 with a message and are counted.
 */
class PrometheusIntakeIT {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir Path dir;
  AlarmEngine engine;
  AlertIntake intake;
  AlarmApiServer server;
  Process prometheus;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    engine = new AlarmEngine(Clock.systemUTC(), a -> {}, AlarmCatalog.defaults());
    intake = new AlertIntake(engine);
    server = AlarmApiServer.start(engine, "127.0.0.1", 0, intake);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    server.close();
  }

  @Test
  void aRuleFiringInRealPrometheusRaisesAnAlarm() throws Exception {
    Peers.require(PROMETHEUS, "prometheus");
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: sextant
            interval: 1s
            rules:
              - alert: SextantAlwaysFiring
                expr: vector(1) > 0
                for: 0s
                labels: {severity: critical, instance: "edge-3:9100"}
                annotations: {summary: "fires at once"}
        """);
    Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          evaluation_interval: 1s
        rule_files: [rules.yml]
        alerting:
          alertmanagers:
            - api_version: v2
              static_configs:
                - targets: ['127.0.0.1:%d']
        """.formatted(server.port()));
    prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        // The first send usually happens before the notifier has discovered its target and is
        // dropped; the default resend delay (1 m) would then keep the test waiting.
        "--rules.alert.resend-delay=1s", "--web.listen-address=127.0.0.1:" + freePort())
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

    Optional<Alarm> alarm = Optional.empty();
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (alarm.isEmpty() && System.nanoTime() < deadline && prometheus.isAlive()) {
      Thread.sleep(200);
      alarm = engine.open().stream().filter(a -> a.probableCause().equals("SextantAlwaysFiring")).findFirst();
    }

    assertThat(alarm).as("alarm from Prometheus; its log: %s", Files.readString(dir.resolve("prometheus.log")))
        .hasValueSatisfying(a -> {
          assertThat(a.resource()).isEqualTo("edge-3:9100");
          assertThat(a.perceivedSeverity()).isEqualTo(Severity.CRITICAL);
          assertThat(a.specificProblem()).isEqualTo("SextantAlwaysFiring: fires at once");
          assertThat(a.source()).contains("http");
        });
    assertThat(intake.counters().accepted()).isPositive();
    assertThat(intake.counters().rejectedByReason()).isEmpty();
  }

  @Test
  void badBodiesOverHttpGet400WithAMessageAndAreCounted() throws Exception {
    HttpResponse<String> invalid = post("[{\"labels\":");
    HttpResponse<String> noLabels = post("[{\"annotations\":{\"x\":\"y\"},\"unknownField\":true}]");
    HttpResponse<String> huge = post("[{\"labels\":{\"alertname\":\"A\",\"v\":\"" + "x".repeat(1 << 20) + "\"}}]");
    HttpResponse<String> good = post("[{\"labels\":{\"alertname\":\"A\",\"instance\":\"i\"},\"unknownField\":1}]");

    assertThat(List.of(invalid.statusCode(), noLabels.statusCode(), huge.statusCode())).containsOnly(400);
    assertThat(invalid.body()).contains("not valid JSON");
    assertThat(noLabels.body()).contains("labels are required");
    assertThat(huge.body()).contains("labels.v is 1048576 characters");
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(intake.counters().rejectedByReason())
        .containsEntry("invalid_json", 1L).containsEntry("missing_labels", 1L).containsEntry("label_too_large", 1L);
    assertThat(engine.open()).extracting(Alarm::probableCause).containsExactly("A");
  }

  HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v2/alerts"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
