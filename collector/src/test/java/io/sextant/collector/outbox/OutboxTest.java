package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  final MutableClock clock = new MutableClock(T);
  @TempDir Path dir;

  static SampleBatch batch(String site, int i) {
    return SampleBatch.of(site, T.plusSeconds(i),
        List.of(new Sample(site, "cpu", Labels.of("resource", "node:" + site + "/n1"), T.plusSeconds(i), i)));
  }

  static Detection detection(int i) {
    Sample s = new Sample("edge-1", "latency_ms", Labels.of("resource", "service:edge-1/web"), T.plusSeconds(i), i);
    return Detection.of("edge-1", T.plusSeconds(i), "ewma", s, Detection.State.FIRING, 1, 5);
  }

  Outbox open(OutboxConfig c) {
    return new Outbox(c, clock);
  }

  OutboxConfig config() {
    return OutboxConfig.defaults(dir.resolve("outbox.db"));
  }

  @Test
  void drainsEventsBeforeSamplesAndEachClassInAppendOrder() {
    try (Outbox box = open(config())) {
      box.append(batch("edge-1", 1));
      box.append(detection(1));
      box.append(batch("edge-1", 2));
      box.append(detection(2));
      List<Message> got = new ArrayList<>();
      DrainResult r = box.drain(100, got::add);
      assertThat(r.sent()).isEqualTo(4);
      assertThat(got).containsExactly(detection(1), detection(2), batch("edge-1", 1), batch("edge-1", 2));
      assertThat(box.depth()).isZero();
      assertThat(box.bytes()).isZero();
    }
  }

  @Test
  void failedSendKeepsTheEntryAndHoldsBackOnlyItsKey() {
    try (Outbox box = open(config())) {
      box.append(batch("edge-1", 1));
      box.append(batch("edge-2", 1));
      box.append(batch("edge-1", 2));
      List<Message> got = new ArrayList<>();
      DrainResult r = box.drain(100, m -> {
        if (m.site().equals("edge-1")) {
          throw new IllegalStateException("bus down for edge-1");
        }
        got.add(m);
      });
      assertThat(r).isEqualTo(new DrainResult(1, 1, 1, 0));
      assertThat(got).containsExactly(batch("edge-2", 1));
      assertThat(box.depth(Priority.SAMPLES)).isEqualTo(2);
      assertThat(box.sendFailures()).isEqualTo(1);

      List<Message> later = new ArrayList<>();
      box.drain(100, later::add);
      assertThat(later).containsExactly(batch("edge-1", 1), batch("edge-1", 2));
    }
  }

  @Test
  void survivesReopen() {
    try (Outbox box = open(config())) {
      box.append(detection(1));
      box.append(batch("edge-1", 1));
    }
    try (Outbox box = open(config())) {
      assertThat(box.depth()).isEqualTo(2);
      List<Message> got = new ArrayList<>();
      box.drain(10, got::add);
      assertThat(got).containsExactly(detection(1), batch("edge-1", 1));
    }
  }

  @Test
  void sizeBoundDropsRawSamplesBeforeEvents() {
    long one;
    try (Outbox probe = open(OutboxConfig.defaults(dir.resolve("probe.db")))) {
      probe.append(batch("edge-1", 0));
      one = probe.bytes();
    }
    // Room for about ten sample batches.
    try (Outbox box = open(config().withMaxBytes(one * 10))) {
      for (int i = 0; i < 5; i++) {
        box.append(detection(i));
      }
      for (int i = 0; i < 30; i++) {
        box.append(batch("edge-1", i));
      }
      assertThat(box.bytes()).isLessThanOrEqualTo(one * 10)
          .isGreaterThan(one * 8); // drops only what it must: the oldest covering the excess
      assertThat(box.depth(Priority.EVENT)).isEqualTo(5);
      assertThat(box.dropped(Priority.EVENT)).isZero();
      assertThat(box.dropped(Priority.SAMPLES, DropReason.SIZE)).isPositive();
      assertThat(box.depth(Priority.SAMPLES) + box.dropped(Priority.SAMPLES)).isEqualTo(30);
      List<Message> got = new ArrayList<>();
      box.drain(100, got::add);
      // What is left of the samples is the newest, still in order.
      List<Message> samples = got.subList(5, got.size());
      assertThat(samples).last().isEqualTo(batch("edge-1", 29));
      assertThat(samples).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
    }
  }

  @Test
  void ageBoundDropsOldSamplesButKeepsEventsLonger() {
    try (Outbox box = open(config().withMaxAges(Duration.ofMinutes(10), Duration.ofHours(1)))) {
      box.append(batch("edge-1", 1));
      box.append(detection(1));
      clock.advance(Duration.ofMinutes(5));
      assertThat(box.oldestAge(Priority.SAMPLES)).contains(Duration.ofMinutes(5));
      clock.advance(Duration.ofMinutes(6));
      box.append(batch("edge-1", 2));
      assertThat(box.dropped(Priority.SAMPLES, DropReason.AGE)).isEqualTo(1);
      assertThat(box.depth(Priority.EVENT)).isEqualTo(1);
      assertThat(box.oldestAge(Priority.EVENT)).contains(Duration.ofMinutes(11));
      assertThat(box.oldestAge(Priority.ALARM)).isEmpty();
    }
  }

  @Test
  void alarmsGoFirst() {
    try (Outbox box = open(config())) {
      box.append(batch("edge-1", 1));
      box.append(detection(1));
      Alarm alarm = new Alarm(Alarm.idFor("service:edge-1/web", "thresholdCrossed", T), "edge-1", T, "service:edge-1/web", "thresholdCrossed", "latency",
          io.sextant.common.model.EventType.QUALITY_OF_SERVICE_ALARM, io.sextant.common.model.Severity.MAJOR,
          Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, false, null, List.of(), T, null, 1, "ewma", Labels.of());
      box.append(alarm);
      List<Message> got = new ArrayList<>();
      box.drain(1, got::add);
      assertThat(got).hasSize(1);
      assertThat(got.get(0)).isInstanceOf(Alarm.class);
    }
  }

  @Test
  void appendsGoOnWhileASlowSenderIsWaitedFor() throws Exception {
    try (Outbox box = open(config())) {
      box.append(batch("edge-1", 1));
      java.util.concurrent.CountDownLatch inSend = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      List<Message> got = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread drainer = new Thread(() -> box.drain(10, m -> {
        inSend.countDown();
        release.await();
        got.add(m);
      }));
      drainer.start();
      assertThat(inSend.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      box.append(batch("edge-1", 2)); // would deadlock if the sender held the outbox lock
      assertThat(box.depth()).isEqualTo(2);
      release.countDown();
      drainer.join(5000);
      box.drain(10, got::add);
      assertThat(got).containsExactly(batch("edge-1", 1), batch("edge-1", 2));
      assertThat(box.depth()).isZero();
    }
  }
}
