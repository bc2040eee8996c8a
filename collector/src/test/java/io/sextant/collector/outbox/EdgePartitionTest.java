package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.Collector;
import io.sextant.collector.source.Source;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collector → outbox → bus under steady load, with the link to the bus cut for a while and the
 * edge restarted (outbox closed and reopened) during the cut: every batch and detection arrives
 * exactly once, samples in order per series, and the detection raised during the cut goes up
 * before the sample backlog. (The SIGKILL variant of the restart is {@link OutboxKillIT}; the
 * same test across processes against the central store needs the distributed mode.)
 */
class EdgePartitionTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  @TempDir Path dir;

  /** A bus whose link can be cut: publishing fails while it is. */
  static final class CuttableBus implements Bus {
    final InProcessBus inner = new InProcessBus();
    volatile boolean cut;

    @Override
    public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
      return cut ? CompletableFuture.failedFuture(new java.io.IOException("link to central is down"))
          : inner.publish(topic, key, payload);
    }

    @Override
    public Subscription subscribe(String topic, String subscription, Handler handler) {
      return inner.subscribe(topic, subscription, handler);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void everythingArrivesOnceAndInOrderAfterAPartitionAndARestart() throws Exception {
    MutableClock clock = new MutableClock(T);
    Source source = new Source() {
      @Override
      public String name() {
        return "steady";
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        List<Sample> out = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
          out.add(new Sample("edge-1", "kpi", Labels.of("resource", "node:edge-1/n" + s), windowEnd,
              windowEnd.getEpochSecond() - T.getEpochSecond()));
        }
        return out;
      }
    };
    Collector collector = new Collector("edge-1", List.of(source), clock);
    CuttableBus link = new CuttableBus();
    List<Message> central = Collections.synchronizedList(new ArrayList<>());
    try (MessageBus bus = new MessageBus(link)) {
      bus.subscribe(Topic.SAMPLES, "central", central::add);
      bus.subscribe(Topic.DETECTIONS, "central", central::add);
      BusSender bySend = new BusSender(bus, Duration.ofSeconds(5));
      // The order in which the outbox hands messages to the bus (arrival order across two
      // topics is up to the bus's per-subscription threads).
      List<Message> sendOrder = new ArrayList<>();
      Sender sender = m -> {
        bySend.send(m);
        sendOrder.add(m);
      };
      OutboxConfig config = OutboxConfig.defaults(dir.resolve("outbox.db"));
      Outbox outbox = new Outbox(config, clock);
      Detection raisedDuringCut = null;
      int windows = 60;
      for (int w = 0; w < windows; w++) {
        Instant t = clock.advance(Duration.ofSeconds(5));
        link.cut = w >= 20 && w < 40;
        outbox.append(SampleBatch.of("edge-1", t, collector.collect(t)));
        if (w == 25) {
          raisedDuringCut = Detection.of("edge-1", t, "ewma",
              new Sample("edge-1", "kpi", Labels.of("resource", "node:edge-1/n0"), t, 25), Detection.State.FIRING, 1, 9);
          outbox.append(raisedDuringCut);
        }
        if (w == 30) { // the edge restarts during the cut
          outbox.close();
          outbox = new Outbox(config, clock);
        }
        int before = sendOrder.size();
        DrainResult r = outbox.drain(1000, sender);
        if (link.cut) {
          assertThat(r.sent()).isZero();
          assertThat(outbox.depth()).isPositive();
        }
        if (w == 40) {
          // faults first: the detection of the cut is the first thing through
          assertThat(sendOrder.get(before)).isEqualTo(raisedDuringCut);
          assertThat(sendOrder.subList(before + 1, sendOrder.size())).hasSize(21)
              .allMatch(m -> m instanceof SampleBatch);
        }
      }
      link.inner.awaitIdle(Duration.ofSeconds(5));
      outbox.close();

      List<SampleBatch> batches = central.stream().filter(m -> m instanceof SampleBatch).map(m -> (SampleBatch) m).toList();
      assertThat(batches).hasSize(windows);
      assertThat(batches).extracting(SampleBatch::id).doesNotHaveDuplicates();
      assertThat(central.stream().filter(m -> m instanceof Detection)).containsExactly(raisedDuringCut);
      Map<Long, List<Instant>> perSeries = new HashMap<>();
      batches.forEach(b -> b.samples().forEach(s -> perSeries.computeIfAbsent(s.seriesId(), k -> new ArrayList<>()).add(s.time())));
      assertThat(perSeries).hasSize(3);
      perSeries.values().forEach(times -> assertThat(times).hasSize(windows).isSorted());
    }
  }
}
