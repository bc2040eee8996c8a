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
import io.sextant.testkit.bench.SideBySide;
import io.sextant.testkit.peer.AlertmanagerPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (AlertmanagerPeer am = AlertmanagerPeer.start(AlertmanagerPeer.BENCH_CONFIG);
        AlarmApiServer sextant = AlarmApiServer.start(engine, "127.0.0.1", 0, new AlertIntake(engine))) {
      URI sextantUri = URI.create("http://127.0.0.1:" + sextant.port() + "/api/v2/alerts");
      URI amUri = am.uri().resolve("/api/v2/alerts");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      SideBySide.Result result = SideBySide.run(warmup, rounds, "alertmanager", r -> {
        List<byte[]> payloads = payloads(batches, base.plusSeconds(r), endsAt);
        double alerts = payloads.size() * (double) BATCH;
        // One client, sequential requests, as before.
        return new SideBySide.Rates(alerts / SideBySide.postAll(http, pool, 1, sextantUri, payloads),
            alerts / SideBySide.postAll(http, pool, 1, amUri, payloads), "");
      }, System.out);
      System.out.printf("%nmedian over %d rounds of %d x %d alerts: sextant %,.0f alerts/s, alertmanager 0.25 %,.0f "
          + "alerts/s, ratio of medians %.1fx, median of per-round ratios %.1fx%n", rounds, batches, BATCH,
          result.sextantMedian(), result.referenceMedian(), result.ratioOfMedians(), result.medianOfRatios());
      System.out.printf("sextant open alarms %d%n", engine.open().size());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Alerts as Prometheus sends them: 20 alert names on 500 instances with job, severity and a
   * summary annotation; alert i of batch b is the same alert in every round.
   */
  static List<byte[]> payloads(int batches, Instant startsAt, Instant endsAt) {
    return payloads(batches, startsAt, endsAt, false);
  }

  /**
   * As {@link #payloads(int, Instant, Instant)}; with {@code ownStarts} each alert has a
   * {@code startsAt} of its own (alert n started n ms after {@code startsAt}), as the firing alerts
   * of a real Prometheus do: they began firing at different evaluations.
   */
  static List<byte[]> payloads(int batches, Instant startsAt, Instant endsAt, boolean ownStarts) {
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
            .append(n).append("\"},\"startsAt\":\"").append(ownStarts ? startsAt.plusMillis(n) : startsAt).append("\",\"endsAt\":\"").append(endsAt)
            .append("\",\"generatorURL\":\"http://prometheus.example/graph?g0.expr=up\"}");
      }
      out.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static double median(List<Double> xs) {
    return SideBySide.median(xs);
  }
}
