package io.sextant.alarm.bench;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.api.AlarmApiServer;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.common.match.Matcher;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.InhibitRule;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Alerts accepted per second over HTTP, batches of 1000, Sextant's Alertmanager-compatible intake
 * (dedup, correlation and the notification pipeline's bookkeeping on) side by side with Debian's
 * real Alertmanager given the same bytes in the same run. Rounds alternate between the two so
 * both see the same machine noise. Each round posts every batch once; {@code startsAt} moves
 * each round, so every alert is an update (the heavier path), not a dropped resend.
 *
 * <p>Args: {@code [batches=10] [rounds=9] [warmup=3]}.
 */
public final class IntakeBench {
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  static final int BATCH = 1000;

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Instant base = Instant.now().minusSeconds(3600);
    Instant endsAt = Instant.now().plus(Duration.ofHours(6));

    Router router = new Router(List.of(), Route.to("default", "null", List.of(), List.of("alertname")));
    NotificationPipeline pipeline = new NotificationPipeline(Clock.systemUTC(), router,
        Map.of("null", n -> Outcome.delivered("")), new Suppressions(List.of(new InhibitRule("node-down",
            List.of(Matcher.parse("alertname=NodeDown")), List.of(Matcher.parse("severity=warning")),
            List.of("instance")))), FlapDetector.defaults(), EscalationPolicy.NONE);
    AlarmEngine engine = new AlarmEngine(Clock.systemUTC(), pipeline, AlarmCatalog.defaults());
    // Correlation on: a diagnosed root whose evidence covers a tenth of the instances, so raises
    // look up (and some find) their root.
    List<String> evidence = new ArrayList<>();
    for (int i = 0; i < 500; i += 10) {
      evidence.add("node-" + i + ":9100");
    }
    engine.onDiagnosis(new Diagnosis(null, "central", base, FaultKind.LINK_LOSS, "link:pop-1~pop-2", 0.9, evidence,
        Map.of("loss_ratio", 0.1), "bench"));
    Path dir = Files.createTempDirectory("sextant-bench");
    int amPort = freePort();
    Process am = startAlertmanager(dir, amPort);
    try (AlarmApiServer sextant = AlarmApiServer.start(engine, "127.0.0.1", 0, new AlertIntake(engine))) {
      URI sextantUri = URI.create("http://127.0.0.1:" + sextant.port() + "/api/v2/alerts");
      URI amUri = URI.create("http://127.0.0.1:" + amPort + "/api/v2/alerts");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      waitReady(http, URI.create("http://127.0.0.1:" + amPort + "/-/ready"));
      List<Double> s = new ArrayList<>();
      List<Double> a = new ArrayList<>();
      for (int r = 0; r < warmup + rounds; r++) {
        List<byte[]> payloads = payloads(batches, base.plusSeconds(r), endsAt);
        double sr = round(http, sextantUri, payloads);
        double ar = round(http, amUri, payloads);
        System.out.printf("round %2d%s: sextant %,10.0f alerts/s   alertmanager %,10.0f alerts/s%n", r + 1,
            r < warmup ? " (warm-up)" : "", sr, ar);
        if (r >= warmup) {
          s.add(sr);
          a.add(ar);
        }
      }
      double ms = median(s);
      double ma = median(a);
      // Adjacent rounds share the machine's momentary load: the median of per-round ratios is
      // the steadier comparison on a shared machine.
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        ratios.add(s.get(i) / a.get(i));
      }
      System.out.printf("%nmedian over %d rounds of %d x %d alerts: sextant %,.0f alerts/s, alertmanager 0.25 %,.0f "
          + "alerts/s, ratio of medians %.1fx, median of per-round ratios %.1fx%n", rounds, batches, BATCH, ms, ma,
          ms / ma, median(ratios));
      System.out.printf("sextant open alarms %d%n", engine.open().size());
    } finally {
      am.destroy();
      am.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Posts every batch once, sequentially; returns alerts/s. Any non-2xx aborts the bench. */
  static double round(HttpClient http, URI uri, List<byte[]> payloads) throws IOException, InterruptedException {
    long start = System.nanoTime();
    for (byte[] p : payloads) {
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(p)).build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() / 100 != 2) {
        throw new IllegalStateException(uri + " answered " + res.statusCode() + ": " + res.body());
      }
    }
    return payloads.size() * (double) BATCH / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Alerts as Prometheus sends them: 20 alert names on 500 instances with job, severity and a
   * summary annotation; alert i of batch b is the same alert in every round.
   */
  static List<byte[]> payloads(int batches, Instant startsAt, Instant endsAt) {
    List<byte[]> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      StringBuilder json = new StringBuilder(BATCH * 300).append('[');
      for (int i = 0; i < BATCH; i++) {
        int n = b * BATCH + i;
        if (i > 0) {
          json.append(',');
        }
        String name = n % 97 == 0 ? "NodeDown" : "Alert" + (n % 20);
        json.append("{\"labels\":{\"alertname\":\"").append(name).append("\",\"instance\":\"node-").append(n % 500)
            .append(":9100\",\"job\":\"node\",\"severity\":\"").append(n % 5 == 0 ? "critical" : "warning")
            .append("\",\"shard\":\"").append(n / 10_000).append("\"},\"annotations\":{\"summary\":\"bench alert ")
            .append(n).append("\"},\"startsAt\":\"").append(startsAt).append("\",\"endsAt\":\"").append(endsAt)
            .append("\",\"generatorURL\":\"http://prometheus.example/graph?g0.expr=up\"}");
      }
      out.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static Process startAlertmanager(Path dir, int port) throws IOException {
    if (!Files.isExecutable(ALERTMANAGER)) {
      throw new IllegalStateException("needs Debian's prometheus-alertmanager at " + ALERTMANAGER);
    }
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route:
          receiver: "null"
          group_by: [alertname]
        receivers:
          - name: "null"
        inhibit_rules:
          - source_matchers: [alertname="NodeDown"]
            target_matchers: [severity="warning"]
            equal: [instance]
        """);
    return new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=").redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
  }

  static void waitReady(HttpClient http, URI ready) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("alertmanager not ready at " + ready);
  }

  static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
