package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ticker on real time: delivers without anyone calling tick, and survives a throwing receiver. */
class NotificationTickerTest {
  @Test
  void deliversOnItsOwnAndKeepsGoingAfterAFailure() throws Exception {
    Recorder noc = new Recorder();
    AtomicInteger calls = new AtomicInteger();
    Notifier throwsOnce = n -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("receiver bug");
      }
      return noc.send(n);
    };
    Route route = Route.to("default", "noc", List.of(), List.of())
        .timings(Duration.ZERO, Duration.ofMillis(50), Duration.ofHours(1));
    NotificationPipeline pipeline = new NotificationPipeline(Clock.systemUTC(), new Router(List.of(), route),
        Map.of("noc", throwsOnce), Suppressions.none(), FlapDetector.defaults(), EscalationPolicy.NONE);
    AlarmEngine engine = new AlarmEngine(Clock.systemUTC(), pipeline, AlarmCatalog.defaults());

    try (NotificationTicker ticker = NotificationTicker.start(pipeline, Duration.ofMillis(20))) {
      engine.onDetection(new Detection(null, "edge-1", Clock.systemUTC().instant(), "ewma", "probe_loss_ratio",
          Labels.of("resource", "path:a"), "path:a", Detection.State.FIRING, 0.1, 0.0, 5));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (noc.sent.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }

    assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    assertThat(noc.sent).hasSize(1);
    assertThat(pipeline.deliveries().get(0).outcome().detail()).contains("receiver threw");
  }
}
