package io.sextant.alarm.compat;

import io.sextant.testkit.peer.Peers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.service.AlarmService;
import io.sextant.alarm.service.AlarmServiceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Debian's real Alertmanager and Sextant's alarm service, on loopback, given the same alerts and
 * silences: their v2 answers are compared field by field (alerts with and without filters, groups,
 * silences, receivers, the status's shape), and Debian's {@code amtool} lists alerts and adds,
 * queries and expires a silence against Sextant. Differences Sextant keeps on purpose are
 * asserted as such here and listed in docs/alarm-engine.md.
 */
class AlertmanagerCompatIT {
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  static final Path AMTOOL = Path.of("/usr/bin/amtool");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static Path dir;
  static Process am;
  static AlarmService sextant;
  static URI amUri;
  static URI sxUri;

  @BeforeAll
  static void start() throws Exception {
    Peers.require(ALERTMANAGER, "prometheus-alertmanager");
    Peers.require(AMTOOL, "prometheus-alertmanager");
    dir = Files.createTempDirectory("am-compat");
    Files.writeString(dir.resolve("am.yml"), """
        route:
          receiver: noc
          group_by: [alertname]
          routes:
            - receiver: on-call
              matchers: ['severity="critical"']
              continue: true
        receivers:
          - name: noc
          - name: on-call
        """);
    int port = freePort();
    am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + dir.resolve("am.yml"),
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
    amUri = URI.create("http://127.0.0.1:" + port);
    sextant = AlarmService.builder(AlarmServiceConfig.parse("""
        api: {host: 127.0.0.1, port: 0}
        receivers:
          - {name: noc, type: none}
          - {name: on-call, type: none}
        route:
          receiver: noc
          groupBy: [alertname]
          routes:
            - {name: critical, matchers: ['severity="critical"'], receiver: on-call, continue: true}
        tickEvery: 0
        """)).sleeper(d -> { }).start();
    sxUri = URI.create("http://127.0.0.1:" + sextant.apiPort());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        if (get(amUri, "/-/ready").statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline || !am.isAlive()) {
        fail("Alertmanager did not become ready; its log: " + Files.readString(dir.resolve("am.log")));
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (sextant != null) {
      sextant.close();
    }
    if (am != null) {
      am.destroy();
      if (!am.waitFor(10, TimeUnit.SECONDS)) {
        am.destroyForcibly();
      }
    }
  }

  @Test
  void theSameAlertsAndSilencesGetTheSameAnswers() throws Exception {
    String alerts = """
        [{"labels":{"alertname":"CompatDiskFull","instance":"db-1:9100","severity":"critical"},
          "annotations":{"summary":"disk full"},"startsAt":"%1$s","endsAt":"%2$s",
          "generatorURL":"http://prometheus:9090/graph?g0.expr=disk"},
         {"labels":{"alertname":"CompatDiskFull","instance":"db-2:9100","severity":"warning"},
          "annotations":{"summary":"disk filling"},"startsAt":"%3$s"},
         {"labels":{"alertname":"CompatLinkDown","instance":"r1","severity":"major"},
          "startsAt":"%4$s","endsAt":"%2$s"},
         {"labels":{"alertname":"CompatGone","instance":"x"},"startsAt":"%5$s","endsAt":"%4$s"}]
        """.formatted(T.minusSeconds(600), T.plusSeconds(3600), T.minusSeconds(300), T.minusSeconds(60),
        T.minusSeconds(3600));
    long posting = System.nanoTime();
    for (URI base : List.of(amUri, sxUri)) {
      assertThat(post(base, "/api/v2/alerts", alerts).statusCode()).as("POST alerts to %s", base).isEqualTo(200);
    }
    // Each server defaults endsAt from its own receipt time: they differ by at most the two POSTs' span.
    Duration receiptGap = Duration.ofNanos(System.nanoTime() - posting);
    String silence = """
        {"matchers":[{"name":"alertname","value":"CompatLinkDown","isRegex":false,"isEqual":true}],
         "startsAt":"%s","endsAt":"%s","createdBy":"noc-ana","comment":"fibre works"}
        """.formatted(T.minusSeconds(1), T.plusSeconds(7200));
    String amSilence = JSON.readTree(post(amUri, "/api/v2/silences", silence).body()).get("silenceID").asText();
    String sxSilence = JSON.readTree(post(sxUri, "/api/v2/silences", silence).body()).get("silenceID").asText();
    // Alertmanager shows new alerts as "unprocessed" until its dispatcher has seen them.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (json(get(amUri, "/api/v2/alerts")).toString().contains("unprocessed") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Map<String, String> silenceIds = Map.of(amSilence, "S1", sxSilence, "S1");

    for (String query : List.of("", "?filter=" + enc("alertname=\"CompatDiskFull\""),
        "?filter=" + enc("severity=~\"crit.*|major\""), "?filter=" + enc("severity!=\"major\"") + "&filter=" + enc("alertname=~\"Compat.*\""),
        "?silenced=false", "?active=false", "?inhibited=false&unprocessed=false", "?receiver=on-call",
        "?receiver=" + enc("no.*"), "?receiver=nobody")) {
      JsonNode amAlerts = json(get(amUri, "/api/v2/alerts" + query));
      JsonNode sxAlerts = json(get(sxUri, "/api/v2/alerts" + query));
      assertThat(normalize(sxAlerts, silenceIds)).as("GET /api/v2/alerts%s", query)
          .isEqualTo(normalize(amAlerts, silenceIds));
      compareTimes(amAlerts, sxAlerts, receiptGap);
    }
    JsonNode all = json(get(sxUri, "/api/v2/alerts"));
    assertThat(all).hasSize(3);
    assertThat(all.toString()).doesNotContain("CompatGone").contains("http://prometheus:9090/graph?g0.expr=disk");
    assertThat(json(get(sxUri, "/api/v2/alerts?filter=" + enc("{alertname=~\"Compat.*\",severity!=\"major\"}"))))
        .as("Sextant also takes a braced list in one filter (Alertmanager 0.25 does not)").hasSize(2);

    assertThat(groups(json(get(sxUri, "/api/v2/alerts/groups")))).as("GET /api/v2/alerts/groups")
        .isEqualTo(groups(json(get(amUri, "/api/v2/alerts/groups"))));
    assertThat(groups(json(get(sxUri, "/api/v2/alerts/groups?filter=severity%3D%22critical%22"))))
        .isEqualTo(groups(json(get(amUri, "/api/v2/alerts/groups?filter=severity%3D%22critical%22"))));

    JsonNode amSilences = json(get(amUri, "/api/v2/silences"));
    JsonNode sxSilences = json(get(sxUri, "/api/v2/silences"));
    assertThat(normalizeSilences(sxSilences)).as("GET /api/v2/silences").isEqualTo(normalizeSilences(amSilences));
    assertThat(normalizeSilence(json(get(sxUri, "/api/v2/silence/" + sxSilence))))
        .isEqualTo(normalizeSilence(json(get(amUri, "/api/v2/silence/" + amSilence))));
    String unknown = "/api/v2/silence/00000000-0000-0000-0000-000000000000";
    assertThat(get(sxUri, unknown).statusCode()).isEqualTo(get(amUri, unknown).statusCode()).isEqualTo(404);
    String filtered = "/api/v2/silences?filter=" + enc("alertname=\"CompatLinkDown\"");
    assertThat(json(get(sxUri, filtered))).hasSize(json(get(amUri, filtered)).size()).hasSize(1);
    String none = "/api/v2/silences?filter=" + enc("alertname=\"Other\"");
    assertThat(json(get(sxUri, none))).hasSize(json(get(amUri, none)).size()).isEmpty();

    assertThat(names(json(get(sxUri, "/api/v2/receivers")))).isEqualTo(names(json(get(amUri, "/api/v2/receivers"))));

    JsonNode amStatus = json(get(amUri, "/api/v2/status"));
    JsonNode sxStatus = json(get(sxUri, "/api/v2/status"));
    assertThat(fieldNames(sxStatus)).isEqualTo(fieldNames(amStatus));
    assertThat(fieldNames(sxStatus.get("versionInfo"))).isEqualTo(fieldNames(amStatus.get("versionInfo")));
    assertThat(sxStatus.get("cluster").get("status").asText()).isEqualTo("disabled");
    Instant.parse(sxStatus.get("uptime").asText());
    Map<String, Object> config = new Yaml().load(sxStatus.get("config").get("original").asText());
    assertThat(config).containsKeys("route", "receivers");
    assertThat(((Map<?, ?>) config.get("route")).get("receiver")).isEqualTo("noc");

    // Bad input: both refuse an invalid matcher; Sextant also refuses what Alertmanager ignores.
    String bad = "/api/v2/alerts?filter=" + enc("alertname=~\"(\"");
    assertThat(get(sxUri, bad).statusCode()).isEqualTo(get(amUri, bad).statusCode()).isEqualTo(400);
    assertThat(get(sxUri, bad).body()).contains("invalid regex");
    assertThat(get(sxUri, "/api/v2/alerts?silenced=maybe").statusCode()).isEqualTo(400);
    assertThat(get(sxUri, "/api/v2/alerts?sort=name").statusCode()).as("unknown parameter").isEqualTo(400);
    assertThat(get(amUri, "/api/v2/alerts?sort=name").statusCode()).as("Alertmanager ignores it").isEqualTo(200);
    HttpResponse<String> extra = post(sxUri, "/api/v2/silences", silence.replace("\"comment\"", "\"owner\":1,\"comment\""));
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(extra.body()).contains("unknown field [owner]");
    HttpResponse<String> huge = post(sxUri, "/api/v2/silences", silence.replace("CompatLinkDown", "x".repeat(1 << 20)));
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(huge.body()).contains("over the limit");
    assertThat(sextant.apiCounters().rejectedByReason()).containsKeys("invalid_matcher", "invalid_parameter",
        "unknown_parameter", "unknown_field", "matcher_too_large");
  }

  @Test
  void amtoolListsAlertsAndAddsQueriesAndExpiresSilencesOnSextant() throws Exception {
    String alert = """
        [{"labels":{"alertname":"CompatAmtool","instance":"edge-7:9100","severity":"warning"},
          "annotations":{"summary":"seen by amtool"},"startsAt":"%s","endsAt":"%s"}]
        """.formatted(T.minusSeconds(120), T.plusSeconds(3600));
    assertThat(post(sxUri, "/api/v2/alerts", alert).statusCode()).isEqualTo(200);
    assertThat(post(amUri, "/api/v2/alerts", alert).statusCode()).isEqualTo(200);

    String listed = amtool(sxUri, "alert", "query", "alertname=CompatAmtool");
    assertThat(listed).contains("CompatAmtool", "seen by amtool");
    assertThat(amtool(sxUri, "alert", "query", "-o", "extended", "alertname=CompatAmtool"))
        .contains("instance=\"edge-7:9100\"", "severity=\"warning\"");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String onAm;
    do {
      onAm = amtool(amUri, "alert", "query", "alertname=CompatAmtool");
    } while (!onAm.equals(listed) && System.nanoTime() < deadline);
    assertThat(listed).as("amtool prints the same for both").isEqualTo(onAm);

    String id = amtool(sxUri, "silence", "add", "alertname=CompatAmtool", "instance=edge-7:9100", "-c", "reboot",
        "-a", "noc-ana", "-d", "1h").strip();
    assertThat(id).matches("[0-9a-f-]{36}");
    JsonNode silenced = json(get(sxUri, "/api/v2/alerts?filter=" + enc("alertname=\"CompatAmtool\""))).get(0);
    assertThat(silenced.get("status").get("state").asText()).isEqualTo("suppressed");
    assertThat(silenced.get("status").get("silencedBy")).extracting(JsonNode::asText).containsExactly(id);
    assertThat(amtool(sxUri, "silence", "query", "-q")).contains(id);
    assertThat(amtool(sxUri, "silence", "query", "alertname=CompatAmtool")).contains(id, "noc-ana", "reboot");
    assertThat(amtool(sxUri, "alert", "query", "alertname=CompatAmtool")).as("amtool hides silenced alerts")
        .doesNotContain("CompatAmtool");
    assertThat(amtool(sxUri, "alert", "query", "--silenced", "alertname=CompatAmtool")).contains("CompatAmtool");

    amtool(sxUri, "silence", "expire", id);
    assertThat(amtool(sxUri, "silence", "query", "-q")).doesNotContain(id);
    assertThat(amtool(sxUri, "silence", "query", "--expired", "-q")).contains(id);
    JsonNode active = json(get(sxUri, "/api/v2/alerts?filter=" + enc("alertname=\"CompatAmtool\""))).get(0);
    assertThat(active.get("status").get("state").asText()).isEqualTo("active");
    assertThat(active.get("status").get("silencedBy")).isEmpty();
  }

  // ---- comparison: what must be equal, with the ids and clocks of each side mapped away ----

  /** Alerts by fingerprint with everything but their times; silence ids mapped to shared names. */
  static Map<String, String> normalize(JsonNode alerts, Map<String, String> silenceIds) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode a : alerts) {
      List<String> silencedBy = new ArrayList<>();
      a.get("status").get("silencedBy").forEach(s -> silencedBy.add(silenceIds.getOrDefault(s.asText(), s.asText())));
      out.put(a.get("fingerprint").asText(), String.join(" | ", a.get("labels").toString(),
          a.get("annotations").toString(), String.valueOf(a.path("generatorURL").asText("")),
          new TreeSet<>(names(a.get("receivers"))).toString(), a.get("status").get("state").asText(),
          silencedBy.toString(), a.get("status").get("inhibitedBy").toString(), a.get("startsAt") == null ? "no startsAt"
              : "startsAt " + Instant.parse(a.get("startsAt").asText())));
    }
    return out;
  }

  /**
   * endsAt equal (within 2 s, plus the time between the two POSTs, where the servers defaulted
   * it from their receipt times); updatedAt recent on both.
   */
  static void compareTimes(JsonNode amAlerts, JsonNode sxAlerts, Duration receiptGap) {
    Map<String, JsonNode> byFp = new TreeMap<>();
    amAlerts.forEach(a -> byFp.put(a.get("fingerprint").asText(), a));
    for (JsonNode s : sxAlerts) {
      JsonNode a = byFp.get(s.get("fingerprint").asText());
      Instant amEnd = Instant.parse(a.get("endsAt").asText());
      Instant sxEnd = Instant.parse(s.get("endsAt").asText());
      assertThat(Duration.between(amEnd, sxEnd).abs()).as("endsAt of %s", s.get("labels")).isLessThan(Duration.ofSeconds(2).plus(receiptGap));
      assertThat(Duration.between(Instant.parse(a.get("updatedAt").asText()), Instant.parse(s.get("updatedAt").asText()))
          .abs()).isLessThan(Duration.ofSeconds(30));
    }
  }

  static Map<String, List<String>> groups(JsonNode groups) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode g : groups) {
      List<String> fps = new ArrayList<>();
      g.get("alerts").forEach(a -> fps.add(a.get("fingerprint").asText()));
      fps.sort(null);
      out.put(g.get("receiver").get("name").asText() + " " + g.get("labels"), fps);
    }
    return out;
  }

  static List<String> normalizeSilences(JsonNode silences) {
    List<String> out = new ArrayList<>();
    silences.forEach(s -> out.add(normalizeSilence(s)));
    return out;
  }

  static String normalizeSilence(JsonNode s) {
    assertThat(fieldNames(s)).containsExactlyInAnyOrder("id", "matchers", "startsAt", "endsAt", "updatedAt",
        "createdBy", "comment", "status");
    List<Map<?, ?>> matchers = new ArrayList<>();
    s.get("matchers").forEach(m -> matchers.add(new TreeMap<>(JSON.convertValue(m, Map.class))));
    // Both start a silence given a past start at their own now (a second or more apart on a busy
    // machine): the start must be a moment of this run, not the past one it was given.
    Instant start = Instant.parse(s.get("startsAt").asText());
    return String.join(" | ", matchers.toString(),
        !start.isBefore(T) && start.isBefore(Instant.now().plusSeconds(1)) ? "started when posted" : start.toString(),
        Instant.parse(s.get("endsAt").asText()).toString(), s.get("createdBy").asText(), s.get("comment").asText(),
        s.get("status").toString());
  }

  static List<String> names(JsonNode receivers) {
    List<String> out = new ArrayList<>();
    receivers.forEach(r -> out.add(r.get("name").asText()));
    out.sort(null);
    return out;
  }

  static TreeSet<String> fieldNames(JsonNode n) {
    TreeSet<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  // ---- plumbing ----

  static String amtool(URI base, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=" + base));
    cmd.addAll(List.of(args));
    // Standard error apart: amtool warns there that Sextant's version is not its own.
    Path err = Files.createTempFile(dir, "amtool", ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s said: %s%s", cmd, out, Files.readString(err)).isZero();
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as("%s: %s", r.uri(), r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(URI base, String path, String body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
