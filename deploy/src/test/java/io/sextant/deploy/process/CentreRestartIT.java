package io.sextant.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.deploy.lab.ChildProcess;
import io.sextant.node.central.CentralNode;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.testkit.postgres.SharedPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sextant central} SIGKILLed during an incident and started again on the same store: a real
 * centre in a child JVM over a real Pulsar and PostgreSQL, notifying this test's HTTP webhook. Before
 * the kill the centre has an open alarm the webhook was told of and an operator acknowledged, a
 * silence that keeps another alert quiet, an action its runbook holds for approval and an applied
 * one under verification (an allow-listed command). After the restart the alarm is open with the
 * same id and its ack, the silence still holds, the held action still waits and can be approved,
 * the applied one is still being verified, and the webhook hears nothing again before the repeat
 * interval.
 */
class CentreRestartIT {
  static final Duration READY = Duration.ofMinutes(3);
  /** Long enough that a restart under load ends well inside it. */
  static final Duration REPEAT = Duration.ofMinutes(3);
  static final String TMF = "/tmf-api/alarmManagement/v4";
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newHttpClient();
  /** Webhook bodies received, with their arrival time. */
  final List<Received> received = new CopyOnWriteArrayList<>();

  record Received(JsonNode body, Instant at) {}

  @Test
  void aKilledCentreComesBackWithItsAlarmsSilencesApprovalsAndNotificationLog(@TempDir Path dir) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    SharedPostgres.Database pg = SharedPostgres.fresh("centre_restart");
    HttpServer webhook = webhook();
    open.add(() -> webhook.stop(0));
    try {
      BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT,
          List.of("central", "edge-1")).withLog(dir.resolve("pulsar.log")));
      open.add(pulsar);
      int apiPort = freePort();
      String api = "http://127.0.0.1:" + apiPort;
      Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
      Files.writeString(runbooks.resolve("restart-on-disk-full.yaml"), """
          id: restart-on-disk-full
          description: Restart what fills its disk, once a person agrees.
          scope: central
          trigger:
            alarm: DiskFull
          action:
            kind: RESTART
            options:
              unit: filler.service
          steps:
            - command: noop
          guard:
            requireApproval: true
          verify:
            kpi: [up]
            within: 10m
          """);
      // Applied at once and then verified: nothing reports the fan's KPI, so it stays under verification.
      Files.writeString(runbooks.resolve("restart-fan.yaml"), """
          id: restart-fan
          description: Restart the fan controller.
          scope: central
          trigger:
            alarm: FanFailed
          action:
            kind: RESTART
            options:
              unit: fan.service
          steps:
            - command: noop
          verify:
            kpi: [up]
            within: 10m
            rollback: false
          """);
      Path config = Files.writeString(dir.resolve("central.yaml"), """
          site: central
          sites: [edge-1]
          interval: 2s
          bus: {type: pulsar, service-url: "%s"}
          store: {jdbc-url: "%s", user: %s}
          http: {listen: "127.0.0.1:%d"}
          no-data: {after: 1h, samples-after: 1h}
          runbooks: "%s"
          automation: {dry-run: false}
          actuators:
            commands:
              allow:
                noop: {run: [/bin/true]}
          alarms:
            receivers:
              - {name: noc-webhook, type: webhook, url: "http://127.0.0.1:%d/webhook"}
            route:
              receiver: noc-webhook
              groupBy: [alertname]
              groupWait: 1s
              groupInterval: 2s
              repeatInterval: %ds
          """.formatted(pulsar.serviceUrl(), pg.jdbcUrl(), SharedPostgres.USER, apiPort, runbooks, webhook.getAddress()
          .getPort(), REPEAT.toSeconds()));

      ChildProcess first = ChildProcess.start("central", "384m", dir.resolve("central.log"),
          List.of("central", "--config", config.toString()));
      open.add(first);
      first.awaitLine(CentralNode.READY, READY);

      // The incident: a silence, then two alerts into the Alertmanager intake; one is silenced.
      String silenceId = JSON.readTree(post(api + "/api/v2/silences", """
          {"matchers": [{"name": "alertname", "value": "Muted", "isRegex": false, "isEqual": true}],
           "startsAt": "%s", "endsAt": "%s", "createdBy": "noc", "comment": "known, being fixed"}
          """.formatted(Instant.now(), Instant.now().plus(Duration.ofHours(1))), 200)).path("silenceID").asText();
      assertThat(silenceId).isNotBlank();
      postAlerts(api);
      JsonNode alarm = await("the DiskFull alarm", () -> openAlarm(api, "DiskFull"));
      String alarmId = alarm.path("id").asText();
      await("the webhook told of DiskFull", () -> firing("DiskFull").isEmpty() ? null : true);
      Instant firstNotified = firing("DiskFull").get(0).at();
      JsonNode pending = await("the runbook's action held for approval", () -> {
        JsonNode actions = getJson(api + "/api/v1/actions?pending=true");
        return actions.size() == 1 ? actions.get(0) : null;
      });
      String actionId = pending.path("id").asText();
      await("the fan's action applied and under verification",
          () -> metric(api, "sextant_central_actions_in_flight") == 1 ? true : null);
      send(HttpRequest.newBuilder(URI.create(api + TMF + "/alarm/" + alarmId))
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"ackState\":\"acknowledged\",\"ackUserId\":\"noc\"}")),
          200);

      // SIGKILL: nothing is flushed at a stop; what survives was written as it happened.
      first.kill();
      int before = received.size();
      ChildProcess second = ChildProcess.start("central-again", "384m", dir.resolve("central-again.log"),
          List.of("central", "--config", config.toString()));
      open.add(second);
      second.awaitLine(CentralNode.READY, READY);
      Instant ready = Instant.now();

      JsonNode back = getJson(api + TMF + "/alarm/" + alarmId);
      assertThat(back.path("state").asText()).as(back.toString()).isNotEqualTo("cleared");
      assertThat(back.path("ackState").asText()).isEqualTo("acknowledged");
      assertThat(openAlarm(api, "DiskFull").path("id").asText()).as("the same alarm, not a new one").isEqualTo(alarmId);
      JsonNode silence = getJson(api + "/api/v2/silence/" + silenceId);
      assertThat(silence.at("/status/state").asText()).isEqualTo("active");
      JsonNode stillPending = getJson(api + "/api/v1/actions?pending=true");
      assertThat(stillPending).hasSize(1);
      assertThat(stillPending.get(0).path("id").asText()).isEqualTo(actionId);
      assertThat(stillPending.get(0).path("requestedAt").asText()).isEqualTo(pending.path("requestedAt").asText());
      assertThat(metric(api, "sextant_central_actions_awaiting_approval")).isEqualTo(1);
      assertThat(metric(api, "sextant_central_actions_in_flight")).as("the fan's action, still under verification")
          .isEqualTo(1);

      // Prometheus sends its firing alerts again, as it does every evaluation.
      postAlerts(api);
      JsonNode resent = await("the resent alert taken into the same alarm", () -> {
        JsonNode a = getJson(api + TMF + "/alarm/" + alarmId);
        return a.path("ackState").asText().equals("acknowledged") ? a : null;
      });
      assertThat(resent.path("id").asText()).isEqualTo(alarmId);
      // Group wait 1 s, group interval 2 s: a restart that forgot would have re-sent by now.
      Thread.sleep(10_000);
      assertThat(Duration.between(firstNotified, Instant.now())).as("the check ran inside the repeat interval")
          .isLessThan(REPEAT);
      assertThat(received.subList(before, received.size())).as("notifications after the restart, %s after ready",
          Duration.between(ready, Instant.now())).isEmpty();
      assertThat(firing("DiskFull")).hasSize(1);
      assertThat(received).as("the silenced alert was never notified")
          .noneMatch(r -> r.body().toString().contains("Muted"));

      // The approval taken back is a real one: approving it runs the action (a dry run here).
      JsonNode approved = JSON.readTree(post(api + "/api/v1/actions/" + actionId + "/approve", "{\"by\": \"noc\"}",
          200));
      assertThat(approved.path("pending").asBoolean()).isFalse();
      assertThat(approved.path("state").asText()).isEqualTo("APPLIED");
      assertThat(metric(api, "sextant_central_actions_in_flight")).isEqualTo(2);
      assertThat(metric(api, "sextant_central_notification_log_failures_total")).isZero();
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private void postAlerts(String api) throws Exception {
    post(api + "/api/v2/alerts", """
        [{"labels": {"alertname": "DiskFull", "instance": "host-1", "severity": "critical"},
          "annotations": {"summary": "disk full on host-1"}, "startsAt": "%1$s"},
         {"labels": {"alertname": "FanFailed", "instance": "host-3", "severity": "major"},
          "annotations": {"summary": "fan failed on host-3"}, "startsAt": "%1$s"},
         {"labels": {"alertname": "Muted", "instance": "host-2", "severity": "warning"},
          "annotations": {"summary": "muted"}, "startsAt": "%1$s"}]
        """.formatted(Instant.now().minusSeconds(30)), 200);
  }

  private List<Received> firing(String alertname) {
    return received.stream().filter(r -> r.body().path("status").asText().equals("firing"))
        .filter(r -> r.body().at("/groupLabels/alertname").asText().equals(alertname)).toList();
  }

  private HttpServer webhook() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/webhook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(JSON.readTree(body), Instant.now()));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    return server;
  }

  private JsonNode openAlarm(String api, String probableCause) throws Exception {
    for (JsonNode a : getJson(api + TMF + "/alarm")) {
      if (!a.path("state").asText().equals("cleared") && a.path("probableCause").asText().equals(probableCause)) {
        return a;
      }
    }
    return null;
  }

  /** One unlabelled sample of the centre's /metrics. */
  private long metric(String api, String name) throws Exception {
    for (String line : send(HttpRequest.newBuilder(URI.create(api + "/metrics")).GET(), 200).split("\n")) {
      if (line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError(name + " not on /metrics");
  }

    private JsonNode getJson(String url) throws Exception {
    return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url)).GET(), 200));
  }

  private String post(String url, String json, int expected) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), expected);
  }

  private String send(HttpRequest.Builder request, int expected) throws Exception {
    HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as("%s: %s", r.uri(), r.body()).isEqualTo(expected);
    return r.body();
  }

  private static <T> T await(String what, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      T got = probe.call();
      if (got != null) {
        return got;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
