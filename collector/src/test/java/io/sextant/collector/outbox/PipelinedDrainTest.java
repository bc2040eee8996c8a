package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinedDrainTest {
  static final Duration ACK = Duration.ofSeconds(10);
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(OutboxTest.T);
  final ScheduledExecutorService acks = Executors.newScheduledThreadPool(4);

  @AfterEach
  void stop() {
    acks.shutdownNow();
  }

  /** Detection number {@code i} of series {@code series}: ids differ, keys are per series. */
  static Detection detection(int series, int i) {
    Sample s = new Sample("edge-1", "kpi", Labels.of("resource", "node:edge-1/n" + series), OutboxTest.T.plusSeconds(i), i);
    return Detection.of("edge-1", s.time(), "ewma", s, Detection.State.FIRING, 1, 5);
  }

  Outbox filled(int seriesCount, int perSeries, List<Message> appended) {
    Outbox o = new Outbox(OutboxConfig.defaults(dir.resolve("o.db")), clock);
    for (int i = 0; i < perSeries; i++) {
      for (int s = 0; s < seriesCount; s++) {
        Detection d = detection(s, i);
        appended.add(d);
        o.append(d);
      }
    }
    return o;
  }

  static Map<Long, List<String>> bySeries(List<Message> ms) {
    Map<Long, List<String>> m = new LinkedHashMap<>();
    for (Message x : ms) {
      m.computeIfAbsent(((Detection) x).seriesId(), k -> new ArrayList<>()).add(x.id());
    }
    return m;
  }

  @Test
  void acksArrivingOutOfOrderStillKeepTheOrderPerKey() {
    List<Message> appended = new ArrayList<>();
    List<Message> delivered = Collections.synchronizedList(new ArrayList<>());
    SplittableRandom rng = new SplittableRandom(7);
    try (Outbox o = filled(20, 30, appended)) {
      DrainResult r = o.drain(10_000, m -> {
        CompletableFuture<Void> f = new CompletableFuture<>();
        int delay;
        synchronized (rng) {
          delay = rng.nextInt(3);
        }
        acks.schedule(() -> {
          delivered.add(m); // the bus has it when it acknowledges
          f.complete(null);
        }, delay, TimeUnit.MILLISECONDS);
        return f;
      }, ACK);
      assertThat(r.sent()).isEqualTo(600);
      assertThat(o.depth()).isZero();
      assertThat(bySeries(delivered)).containsExactlyInAnyOrderEntriesOf(bySeries(appended));
      assertThat(o.sent()).isEqualTo(600);
    }
  }

  @Test
  void aFailedSendHoldsBackItsKeyAndEndsTheRoundThenTheNextRoundResumesInOrder() {
    List<Message> appended = new ArrayList<>();
    List<Message> delivered = new ArrayList<>();
    try (Outbox o = filled(3, 4, appended)) {
      String poisonedOnce = detection(1, 1).id();
      boolean[] failedOnce = {false};
      DrainResult first = o.drain(100, m -> {
        if (m.id().equals(poisonedOnce) && !failedOnce[0]) {
          failedOnce[0] = true;
          return CompletableFuture.failedFuture(new java.io.IOException("broker gone"));
        }
        delivered.add(m);
        return CompletableFuture.completedFuture(null);
      }, ACK);
      assertThat(first.failed()).isEqualTo(1);
      // Wave 1 sent every series' first entry; wave 2 failed on series 1: the round stopped there.
      assertThat(delivered).extracting(Message::id).doesNotContain(poisonedOnce, detection(1, 2).id());
      assertThat(o.depth()).isEqualTo(12 - first.sent());

      DrainResult second = o.drain(100, m -> {
        delivered.add(m);
        return CompletableFuture.completedFuture(null);
      }, ACK);
      assertThat(second.failed()).isZero();
      assertThat(o.depth()).isZero();
      assertThat(bySeries(delivered)).containsExactlyInAnyOrderEntriesOf(bySeries(appended));
    }
  }

  @Test
  void anUnansweredSendTimesOutAndKeepsItsEntry() {
    List<Message> appended = new ArrayList<>();
    try (Outbox o = filled(2, 1, appended)) {
      DrainResult r = o.drain(100, m -> m.id().equals(appended.get(0).id())
          ? new CompletableFuture<>() : CompletableFuture.completedFuture(null), Duration.ofMillis(50));
      assertThat(r.sent()).isEqualTo(1);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(o.depth()).isEqualTo(1);
      assertThat(o.sendFailures()).isEqualTo(1);
    }
  }

  @Test
  void maxBoundsTheEntriesSentInARound() {
    List<Message> appended = new ArrayList<>();
    try (Outbox o = filled(10, 10, appended)) {
      List<Message> delivered = new ArrayList<>();
      DrainResult r = o.drain(25, m -> {
        delivered.add(m);
        return CompletableFuture.completedFuture(null);
      }, ACK);
      assertThat(r.sent()).isEqualTo(25);
      assertThat(o.depth()).isEqualTo(75);
      o.drain(1000, m -> {
        delivered.add(m);
        return CompletableFuture.completedFuture(null);
      }, ACK);
      assertThat(bySeries(delivered)).containsExactlyInAnyOrderEntriesOf(bySeries(appended));
    }
  }
}
