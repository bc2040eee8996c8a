package io.sextant.deploy.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sextant.deploy.dist.Distribution.Proc;
import io.sextant.testkit.peer.Peers;
import io.sextant.testkit.postgres.SharedPostgres;
import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NOC's notification path end to end, on real processes and real peers: the packaged
 * {@code bin/sextant pulsar}, {@code central} and {@code edge} over an embedded PostgreSQL; the
 * centre's receivers are this test's HTTP server (webhook v4, Slack, PagerDuty Events v2,
 * CloudEvents 1.0) and python3's {@code smtpd} debugging server (SMTP); Debian's {@code amtool}
 * and {@code prometheus} talk to the centre's port as they would to an Alertmanager.
 *
 * <p>The story, in order: amtool adds a silence for {@code PromSilenced}; Prometheus fires
 * {@code PromAlwaysFiring} and {@code PromSilenced} into the intake (both served by
 * {@code /api/v2/alerts}, the second suppressed by the silence); the edge's scrape target goes away
 * and the edge's built-in {@code up == 0} rule raises "scrape target down" at the centre, which
 * amtool lists; every receiver gets one notification per alarm group within the repeat interval
 * and none for the silenced alert; the operator acknowledges and clears the edge's alarm over
 * TMF642 and every receiver is told it resolved; the edge is killed and the centre raises "no data
 * from site edge-1"; the Prometheus alarm's group is notified again once its repeat interval passed.
 */
class NocEndToEndIT {
  static final Path AMTOOL = Path.of("/usr/bin/amtool");
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Duration READY = Duration.ofMinutes(3);
  static final Duration REPEAT = Duration.ofSeconds(30);
  static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
  static final String TMF = "/tmf-api/alarmManagement/v4";
  static final String SCRAPE_DOWN = "connectionEstablishmentError";
  static final String NO_DATA = "communicationsSubsystemFailure";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");

  final HttpClient http = HttpClient.newHttpClient();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final List<Proc> procs = new ArrayList<>();
  final List<Process> peers = new ArrayList<>();
  final List<Path> peerLogs = new ArrayList<>();

  /** One request to a receiver endpoint of this test's server. */
  record Received(String path, String contentType, JsonNode body, Instant at) {}

  /** One mail the SMTP server printed. */
  record Mail(String subject, String from, String to, String text) {}

  @Test
  void aFaultAtTheEdgeReachesEveryReceiverAndTheOperatorsTools(@TempDir Path dir) throws Exception {
    Peers.require(AMTOOL, "prometheus-alertmanager");
    Peers.require(PROMETHEUS, "prometheus");
    long started = System.nanoTime();
    HttpServer receivers = receivers();
    HttpServer target = target(0);
    int smtpPort = freePort();
    Path smtpLog = dir.resolve("smtpd.log");
    peer(smtpLog, "python3", "-u", "-m", "smtpd", "-n", "-c", "DebuggingServer", "127.0.0.1:" + smtpPort);
    SharedPostgres.Database pg = SharedPostgres.fresh("noc");
    try (Distribution dist = Distribution.unpack()) {
      // A free port, not 6650: DistributionIT starts the shipped broker on 6650 beside this test.
      Proc pulsar = dist.start("pulsar", "pulsar", "--port", "0");
      procs.add(pulsar);
      String ready = pulsar.awaitLine("SEXTANT PULSAR READY", READY);
      String serviceUrl = ready.substring(ready.indexOf("pulsar://")).split(" ")[0];

      int apiPort = freePort();
      String api = "http://127.0.0.1:" + apiPort;
      String hooks = "http://127.0.0.1:" + receivers.getAddress().getPort();
      Path central = write(dir.resolve("central.yaml"), """
          site: central
          sites: [edge-1]
          interval: 2s
          bus: {type: pulsar, service-url: "%s"}
          store: {jdbc-url: "%s", user: %s}
          http: {listen: "127.0.0.1:%d"}
          no-data: {after: 8s, samples-after: 10m}
          alarms:
            receivers:
              - {name: noc-webhook, type: webhook, url: "%s/webhook", externalUrl: "http://sextant.test"}
              - {name: noc-slack, type: slack, url: "%s/slack"}
              - {name: on-call, type: pagerduty, url: "%s/pagerduty", routingKey: %s}
              - {name: events, type: cloudevents, url: "%s/events", source: /sextant/central}
              - {name: mail, type: email, host: 127.0.0.1, port: %d, from: sextant@example.net, to: [noc@example.net]}
            route:
              receiver: noc-webhook
              groupBy: [alertname]
              groupWait: 1s
              groupInterval: 2s
              repeatInterval: %ds
              routes:
                - {name: slack, matchers: ['alertname=~".+"'], receiver: noc-slack, continue: true}
                - {name: pagerduty, matchers: ['alertname=~".+"'], receiver: on-call, continue: true}
                - {name: cloudevents, matchers: ['alertname=~".+"'], receiver: events, continue: true}
                - {name: mail, matchers: ['alertname=~".+"'], receiver: mail, continue: true}
                - {name: webhook, matchers: ['alertname=~".+"'], receiver: noc-webhook}
          """.formatted(serviceUrl, pg.jdbcUrl(), SharedPostgres.USER, apiPort, hooks, hooks, hooks,
          ROUTING_KEY, hooks, smtpPort, REPEAT.toSeconds()));
      int targetPort = target.getAddress().getPort();
      Path edge = write(dir.resolve("edge-1.yaml"), """
          site: edge-1
          data-dir: "%s"
          interval: 2s
          bus: {type: pulsar, service-url: "%s"}
          sources:
            scrape:
              - url: http://127.0.0.1:%d/metrics
          """.formatted(dir.resolve("edge-data"), serviceUrl, targetPort));

      // The edge starts beside the centre (it needs only the broker), so the centre does not
      // take a slow edge start for silence.
      Proc centre = dist.start("central", "central", "--config", central.toString());
      procs.add(centre);
      Proc edge1 = dist.start("edge-1", "edge", "--config", edge.toString());
      procs.add(edge1);
      String centreReady = centre.awaitLine("SEXTANT CENTRAL READY", READY);
      assertThat(centreReady).contains("api=" + api);
      edge1.awaitLine("SEXTANT EDGE READY", READY);
      log("nodes ready", started);

      // amtool adds a silence before the alert it matches exists.
      String silenceId = amtool(api, "silence", "add", "alertname=PromSilenced", "--author=noc",
          "--comment=e2e", "--duration=1h").trim();
      assertThat(silenceId).as("amtool silence add prints the id").matches("[0-9a-f-]{36}");

      // Debian's Prometheus fires two alerts into the centre's intake.
      startPrometheus(dir, apiPort);
      JsonNode alerts = await("both Prometheus alerts served by GET /api/v2/alerts", () -> {
        JsonNode all = getJson(api + "/api/v2/alerts");
        return alert(all, "PromAlwaysFiring").isPresent() && alert(all, "PromSilenced").isPresent() ? all : null;
      });
      JsonNode firing = alert(alerts, "PromAlwaysFiring").orElseThrow();
      assertThat(firing.at("/status/state").asText()).isEqualTo("active");
      assertThat(firing.at("/labels/severity").asText()).isEqualTo("critical");
      JsonNode silenced = alert(alerts, "PromSilenced").orElseThrow();
      assertThat(silenced.at("/status/state").asText()).isEqualTo("suppressed");
      assertThat(silenced.at("/status/silencedBy").toString()).contains(silenceId);
      JsonNode promAlarm = await("the Prometheus alarm in the TMF642 list",
          () -> openAlarm(api, a -> a.path("probableCause").asText().equals("PromAlwaysFiring")).orElse(null));
      assertThat(promAlarm.path("perceivedSeverity").asText()).isEqualTo("critical");
      log("prometheus alerts in", started);

      // The fault: the edge's scrape target goes away; up == 0 at the edge, an alarm at the centre.
      target.stop(0);
      JsonNode down = await("the 'scrape target down' alarm on edge-1's target",
          () -> openAlarm(api, a -> a.path("probableCause").asText().equals(SCRAPE_DOWN)
              && a.at("/alarmedObject/id").asText().startsWith("instance:edge-1/")).orElse(null));
      assertThat(down.at("/alarmedObject/id").asText()).isEqualTo("instance:edge-1/127.0.0.1:" + targetPort);
      assertThat(down.path("specificProblem").asText()).contains("scrape target down");
      assertThat(down.path("ackState").asText()).isEqualTo("unacknowledged");
      String downId = down.path("id").asText();
      log("scrape target down raised", started);
      await("amtool alert query lists the edge's alarm",
          () -> amtool(api, "alert", "query").contains(SCRAPE_DOWN) ? true : null);
      assertThat(amtool(api, "alert", "query", "alertname=" + SCRAPE_DOWN)).contains("scrape target down");

      // Every receiver: one firing notification per group within the repeat interval, none for the silenced alert.
      await("a firing notification for both groups at every receiver", () ->
          List.of("PromAlwaysFiring", SCRAPE_DOWN).stream().allMatch(g -> List.of("/webhook", "/slack", "/pagerduty",
              "/events").stream().allMatch(p -> !firing(p, g).isEmpty())
              && mails(smtpLog).stream().anyMatch(m -> m.subject().contains("FIRING") && m.subject().contains(g)))
              ? true : null);
      Thread.sleep(6_000); // three group intervals: a second notification would have come by now
      for (String group : List.of("PromAlwaysFiring", SCRAPE_DOWN)) {
        for (String path : List.of("/webhook", "/slack", "/pagerduty", "/events")) {
          List<Received> got = firing(path, group);
          Instant first = got.get(0).at();
          assertThat(got.stream().filter(r -> r.at().isBefore(first.plus(REPEAT).minusSeconds(1))))
              .as("%s notifications for %s within the repeat interval: %s", path, group, got).hasSize(1);
        }
        assertThat(mails(smtpLog)).as("mails for %s", group)
            .filteredOn(m -> m.subject().contains("FIRING") && m.subject().contains(group)).hasSize(1);
      }
      assertThat(received).as("nothing notified for the silenced alert")
          .noneMatch(r -> r.body().toString().contains("PromSilenced"));
      assertThat(mails(smtpLog)).noneMatch(m -> m.text().contains("PromSilenced"));
      checkFormats(firing("/webhook", SCRAPE_DOWN).get(0), firing("/slack", SCRAPE_DOWN).get(0),
          firing("/pagerduty", SCRAPE_DOWN).get(0), firing("/events", SCRAPE_DOWN).get(0), downId);
      Mail mail = mails(smtpLog).stream().filter(m -> m.subject().contains(SCRAPE_DOWN)).findFirst().orElseThrow();
      assertThat(mail.from()).isEqualTo("sextant@example.net");
      assertThat(mail.to()).isEqualTo("noc@example.net");
      assertThat(mail.subject()).startsWith("[FIRING:1]");
      assertThat(mail.text()).contains(downId, "instance:edge-1/127.0.0.1:" + targetPort);
      log("notifications checked", started);

      // TMF642: the operator acknowledges, then clears the edge's alarm.
      HttpResponse<String> ack = send(HttpRequest.newBuilder(URI.create(api + TMF + "/alarm/" + downId))
          .header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"ackState\":\"acknowledged\",\"ackUserId\":\"noc\"}")));
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      assertThat(getJson(api + TMF + "/alarm/" + downId).path("ackState").asText()).isEqualTo("acknowledged");
      HttpResponse<String> clear = send(HttpRequest.newBuilder(URI.create(api + TMF + "/clearAlarms"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"clearUserId\":\"noc\",\"alarmPattern\":[{\"id\":\"" + downId + "\"}]}")));
      assertThat(clear.statusCode()).as(clear.body()).isEqualTo(201);
      assertThat(JSON.readTree(clear.body()).path("clearedAlarm").toString()).contains(downId);
      JsonNode cleared = getJson(api + TMF + "/alarm/" + downId);
      assertThat(cleared.path("state").asText()).isEqualTo("cleared");
      assertThat(cleared.path("alarmClearedTime").asText()).matches(RFC3339);
      await("a resolved notification for the cleared alarm at every receiver", () ->
          !resolved("/webhook", downId).isEmpty() && !resolved("/slack", downId).isEmpty()
              && !resolved("/pagerduty", downId).isEmpty() && !resolved("/events", downId).isEmpty()
              && mails(smtpLog).stream().anyMatch(m -> m.subject().contains("RESOLVED") && m.text().contains(downId))
              ? true : null);
      Thread.sleep(4_000);
      for (String path : List.of("/webhook", "/slack", "/pagerduty", "/events")) {
        assertThat(resolved(path, downId)).as("%s resolved notifications", path).hasSize(1);
      }
      assertThat(mails(smtpLog)).filteredOn(m -> m.subject().contains("RESOLVED") && m.text().contains(downId))
          .hasSize(1);
      JsonNode resolve = resolved("/pagerduty", downId).get(0).body();
      assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
      assertThat(resolve.path("dedup_key").asText())
          .isEqualTo(firing("/pagerduty", SCRAPE_DOWN).get(0).body().path("dedup_key").asText());
      log("ack and clear checked", started);

      // No data: the edge is killed (SIGKILL); the centre raises the alarm on its silence.
      Instant killed = Instant.now();
      edge1.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      JsonNode noData = await("the 'no data from site edge-1' alarm", () -> openAlarm(api,
          a -> a.path("probableCause").asText().equals(NO_DATA) && a.at("/alarmedObject/id").asText().equals("edge:edge-1")
              && Instant.parse(a.path("alarmRaisedTime").asText()).isAfter(killed.minusSeconds(1))).orElse(null));
      assertThat(noData.path("specificProblem").asText()).startsWith("no data from site edge-1 since ");
      await("the no-data alarm notified", () -> firing("/webhook", NO_DATA).isEmpty() ? null : true);
      log("no data raised", started);

      // The Prometheus alarm's group, still firing, is notified again once its repeat interval passed.
      Instant firstProm = firing("/webhook", "PromAlwaysFiring").get(0).at();
      await("a repeat of the Prometheus group", () -> firing("/webhook", "PromAlwaysFiring").size() >= 2 ? true : null);
      Instant second = firing("/webhook", "PromAlwaysFiring").get(1).at();
      assertThat(Duration.between(firstProm, second)).as("repeat after the repeat interval")
          .isGreaterThanOrEqualTo(REPEAT.minusSeconds(2));
      log("repeat seen", started);
    } finally {
      for (Process p : peers) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      receivers.stop(0);
      target.stop(0);
    }
  }

  /** Each receiver's body against its published format, for one firing notification of one alarm. */
  private void checkFormats(Received webhook, Received slack, Received pagerduty, Received event, String alarmId) {
    // Alertmanager webhook v4.
    JsonNode w = webhook.body();
    assertThat(webhook.contentType()).startsWith("application/json");
    assertThat(w.path("version").asText()).isEqualTo("4");
    assertThat(w.path("groupKey").asText()).isNotBlank();
    assertThat(w.path("status").asText()).isEqualTo("firing");
    assertThat(w.path("receiver").asText()).isEqualTo("noc-webhook");
    assertThat(w.path("groupLabels").path("alertname").asText()).isEqualTo(SCRAPE_DOWN);
    assertThat(w.path("commonLabels").path("alertname").asText()).isEqualTo(SCRAPE_DOWN);
    assertThat(w.path("commonAnnotations").isObject()).isTrue();
    assertThat(w.path("externalURL").asText()).isEqualTo("http://sextant.test");
    assertThat(w.path("truncatedAlerts").isInt()).isTrue();
    assertThat(w.path("alerts")).hasSize(1);
    JsonNode a = w.path("alerts").get(0);
    assertThat(a.path("status").asText()).isEqualTo("firing");
    assertThat(a.path("labels").path("site").asText()).isEqualTo("edge-1");
    assertThat(a.path("labels").path("severity").asText()).isEqualTo("major");
    assertThat(a.path("annotations").path("summary").asText()).contains("scrape target down");
    assertThat(a.path("startsAt").asText()).matches(RFC3339);
    assertThat(a.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(a.path("generatorURL").asText()).startsWith("http://sextant.test/");
    assertThat(a.path("fingerprint").asText()).isEqualTo(alarmId);

    // Slack incoming webhook: text (mrkdwn) and legacy attachments with color/title/text.
    JsonNode s = slack.body();
    assertThat(slack.contentType()).startsWith("application/json");
    assertThat(s.path("text").isTextual() && !s.path("text").asText().isBlank()).as("slack text: %s", s).isTrue();
    assertThat(s.path("attachments").isArray()).isTrue();
    for (JsonNode at : s.path("attachments")) {
      assertThat(at.path("color").asText()).matches("good|warning|danger|#[0-9a-fA-F]{6}");
      assertThat(at.path("title").asText()).isNotBlank();
      assertThat(at.path("text").isTextual()).isTrue();
      assertThat(at.path("ts").isNumber()).isTrue();
    }

    // PagerDuty Events API v2 (trigger).
    JsonNode p = pagerduty.body();
    assertThat(p.path("routing_key").asText()).isEqualTo(ROUTING_KEY).hasSize(32);
    assertThat(p.path("event_action").asText()).isEqualTo("trigger");
    assertThat(p.path("dedup_key").asText()).isNotBlank().hasSizeLessThanOrEqualTo(255);
    assertThat(p.at("/payload/summary").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
    assertThat(p.at("/payload/source").asText()).isNotBlank();
    assertThat(p.at("/payload/severity").asText()).isIn("critical", "error", "warning", "info").isEqualTo("error");
    assertThat(p.at("/payload/timestamp").asText()).matches(RFC3339);
    assertThat(p.at("/payload/custom_details").isObject()).isTrue();

    // CloudEvents 1.0, structured content mode.
    JsonNode e = event.body();
    assertThat(event.contentType()).startsWith("application/cloudevents+json");
    assertThat(e.path("specversion").asText()).isEqualTo("1.0");
    assertThat(e.path("id").asText()).isNotBlank();
    assertThat(e.path("source").asText()).isEqualTo("/sextant/central");
    assertThat(e.path("type").asText()).isNotBlank();
    assertThat(e.path("time").asText()).matches(RFC3339);
    assertThat(e.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(e.at("/data/version").asText()).isEqualTo("4");
    assertThat(e.at("/data/alerts/0/fingerprint").asText()).isEqualTo(alarmId);
  }

  // --- what the receivers got -------------------------------------------------------------------

  /** Firing notifications of one group (alertname) to one endpoint, oldest first. */
  private List<Received> firing(String path, String alertname) {
    return received.stream().filter(r -> r.path().equals(path) && about(r, alertname) && isFiring(r)).toList();
  }

  /**
   * Resolved notifications of one alarm to one endpoint (PagerDuty's resolve event names the
   * alarm by its dedup key only: resource and probable cause).
   */
  private List<Received> resolved(String path, String alarmId) {
    return received.stream().filter(r -> r.path().equals(path) && !isFiring(r)
        && (path.equals("/pagerduty") ? about(r, SCRAPE_DOWN) : r.body().toString().contains(alarmId))).toList();
  }

  private static boolean about(Received r, String alertname) {
    JsonNode b = r.body();
    return switch (r.path()) {
      case "/webhook" -> b.at("/groupLabels/alertname").asText().equals(alertname);
      case "/events" -> b.at("/data/groupLabels/alertname").asText().equals(alertname);
      case "/pagerduty" -> b.path("dedup_key").asText().endsWith("|" + alertname);
      default -> b.path("text").asText().contains(alertname);
    };
  }

  private static boolean isFiring(Received r) {
    JsonNode b = r.body();
    return switch (r.path()) {
      case "/webhook" -> b.path("status").asText().equals("firing");
      case "/events" -> b.at("/data/status").asText().equals("firing");
      case "/pagerduty" -> b.path("event_action").asText().equals("trigger");
      default -> b.path("text").asText().startsWith("[FIRING");
    };
  }

  /** The mails python's DebuggingServer printed to its standard output. */
  static List<Mail> mails(Path log) {
    List<Mail> mails = new ArrayList<>();
    String out;
    try {
      out = Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return mails;
    }
    for (String chunk : out.split("---------- MESSAGE FOLLOWS ----------")) {
      int end = chunk.indexOf("------------ END MESSAGE ------------");
      if (end < 0) {
        continue;
      }
      // Python 3.11's DebuggingServer prints each line as a bytes literal: b'Subject: ...'
      String text = chunk.substring(0, end).lines()
          .map(l -> l.length() >= 3 && l.startsWith("b") && l.charAt(1) == l.charAt(l.length() - 1)
              && (l.charAt(1) == '\'' || l.charAt(1) == '"') ? l.substring(2, l.length() - 1) : l)
          .collect(java.util.stream.Collectors.joining("\n"));
      mails.add(new Mail(header(text, "Subject"), header(text, "From"), header(text, "To"), text));
    }
    return mails;
  }

  private static String header(String text, String name) {
    return text.lines().filter(l -> l.startsWith(name + ": ")).findFirst().map(l -> l.substring(name.length() + 2).trim())
        .orElse("");
  }

  // --- peers and servers --------------------------------------------------------------------------

  /** The receivers' endpoints: every request recorded, answered 200. */
  private HttpServer receivers() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (String path : List.of("/webhook", "/slack", "/pagerduty", "/events")) {
      server.createContext(path, ex -> {
        byte[] body = ex.getRequestBody().readAllBytes();
        JsonNode json;
        try {
          json = JSON.readTree(body);
        } catch (IOException e) {
          json = JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
        System.out.printf("NocEndToEndIT: %s %s %s%n", Instant.now(), path, json.toString().substring(0, Math.min(80, json.toString().length())));
        received.add(new Received(path, String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")), json,
            Instant.now()));
        byte[] ok = path.equals("/pagerduty") ? "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8)
            : "ok".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(path.equals("/pagerduty") ? 202 : 200, ok.length);
        ex.getResponseBody().write(ok);
        ex.close();
      });
    }
    server.start();
    return server;
  }

  /** The edge's scrape target: a Prometheus text endpoint. */
  private static HttpServer target(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/metrics", ex -> {
      byte[] body = "# TYPE e2e_value gauge\ne2e_value 1\n".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server;
  }

  private void startPrometheus(Path dir, int apiPort) throws IOException {
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: e2e
            interval: 1s
            rules:
              - alert: PromAlwaysFiring
                expr: vector(1)
                for: 0s
                labels: {severity: critical, instance: "app-1:9100", site: external}
                annotations: {summary: "fires at once"}
              - alert: PromSilenced
                expr: vector(1)
                for: 0s
                labels: {severity: warning, instance: "app-2:9100", site: external}
                annotations: {summary: "silenced by amtool"}
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
        """.formatted(apiPort));
    // resend-delay 1s: the first send usually goes before the notifier has discovered its target.
    peer(dir.resolve("prometheus.log"), PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--rules.alert.resend-delay=1s",
        "--web.listen-address=127.0.0.1:" + freePort());
  }

  private Process peer(Path log, String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    peers.add(p);
    peerLogs.add(log);
    return p;
  }

  private String amtool(String api, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=" + api));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("amtool %s", List.of(args)).isTrue();
    assertThat(p.exitValue()).as("amtool %s: %s", List.of(args), out).isZero();
    return out;
  }

  // --- the centre's API -----------------------------------------------------------------------

  private Optional<JsonNode> openAlarm(String api, Predicate<JsonNode> which) throws Exception {
    for (JsonNode a : getJson(api + TMF + "/alarm")) {
      if (!a.path("state").asText().equals("cleared") && which.test(a)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> alert(JsonNode alerts, String alertname) {
    for (JsonNode a : alerts) {
      if (a.at("/labels/alertname").asText().equals(alertname)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private JsonNode getJson(String url) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  // --- waiting ----------------------------------------------------------------------------------

  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls until the probe answers non-null; fails with every process's log tail. */
  private <T> T await(String what, Probe<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (Exception | AssertionError e) {
        last = e;
      }
      Thread.sleep(500);
    }
    StringBuilder m = new StringBuilder("no " + what + " within 90 s");
    if (last != null) {
      m.append(" (last error: ").append(last).append(')');
    }
    m.append("\nreceived: ").append(received.stream().map(r -> r.path() + " " + r.body()).toList());
    for (Proc p : procs) {
      m.append("\n--- ").append(p.name).append(":\n").append(p.tail(30));
    }
    for (Path log : peerLogs) {
      m.append("\n--- ").append(log.getFileName()).append(":\n").append(tail(log, 15));
    }
    throw new AssertionError(m.toString(), last);
  }

  private static String tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }

  private static void log(String step, long started) {
    System.out.printf("NocEndToEndIT: %s after %d s%n", step, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

}
