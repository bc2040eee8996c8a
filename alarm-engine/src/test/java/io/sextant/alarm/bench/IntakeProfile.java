package io.sextant.alarm.bench;

import io.sextant.alarm.AlarmEngine;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The intake without HTTP, same workload and engine set-up as {@link IntakeBench}: for profiling
 * (run under JFR) and to see how much of a round is the engine rather than the server.
 *
 * <p>Args: {@code [rounds=200]}.
 */
public final class IntakeProfile {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Instant base = Instant.now().minusSeconds(3600);
    Instant endsAt = Instant.now().plus(Duration.ofHours(6));
    Router router = new Router(List.of(), Route.to("default", "null", List.of(), List.of("alertname")));
    NotificationPipeline pipeline = new NotificationPipeline(Clock.systemUTC(), router,
        Map.of("null", n -> Outcome.delivered("")), new Suppressions(List.of(new InhibitRule("node-down",
            List.of(Matcher.parse("alertname=NodeDown")), List.of(Matcher.parse("severity=warning")),
            List.of("instance")))), FlapDetector.defaults(), EscalationPolicy.NONE);
    AlarmEngine engine = new AlarmEngine(Clock.systemUTC(), pipeline, AlarmCatalog.defaults());
    List<String> evidence = new ArrayList<>();
    for (int i = 0; i < 500; i += 10) {
      evidence.add("node-" + i + ":9100");
    }
    engine.onDiagnosis(new Diagnosis(null, "central", base, FaultKind.LINK_LOSS, "link:pop-1~pop-2", 0.9, evidence,
        Map.of("loss_ratio", 0.1), "bench"));
    AlertIntake intake = new AlertIntake(engine);
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      List<byte[]> payloads = IntakeBench.payloads(10, base.plusSeconds(r), endsAt);
      long start = System.nanoTime();
      for (byte[] p : payloads) {
        if (!intake.post(p).ok()) {
          throw new IllegalStateException("rejected");
        }
      }
      rates.add(payloads.size() * (double) IntakeBench.BATCH / ((System.nanoTime() - start) / 1e9));
    }
    List<Double> last = rates.subList(rates.size() / 2, rates.size());
    System.out.printf("in-process intake, median of the last %d rounds: %,.0f alerts/s%n", last.size(),
        IntakeBench.median(last));
  }
}
