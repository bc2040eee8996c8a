package io.sextant.bus.pulsar.failure;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.collector.outbox.BusSender;
import io.sextant.collector.outbox.DrainResult;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real edge's uplink: every {@code period} one {@link SampleBatch} of {@code series} series is
 * appended to the SQLite {@link Outbox}, and a drain thread sends the outbox through a
 * {@link BusSender} over a {@link PulsarBus}, as the collector does. Sample times are synthetic
 * (batch n is at {@code T0 + n s}), so every sample has a distinct id and the expected rows per
 * series are exactly the batches produced.
 */
final class TestEdge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestEdge.class);
  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  /** Short, so a drain notices an unreachable broker quickly and retries the entry later. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  final String site;
  private final int series;
  private final Duration period;
  private final PulsarBus.Timeouts timeouts;
  private final Outbox outbox;
  private volatile PulsarBus bus;
  private volatile BusSender sender;
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean producing;
  private volatile boolean running = true;
  private final Thread producer;
  private final Thread drainer;

  TestEdge(String site, Path dir, PulsarBusConfig config, int series, Duration period, PulsarBus.Timeouts timeouts)
      throws Exception {
    this.site = site;
    this.timeouts = timeouts;
    this.series = series;
    this.period = period;
    this.outbox = new Outbox(OutboxConfig.defaults(dir.resolve(site + "-outbox.db")), Clock.systemUTC());
    connect(config);
    this.producer = new Thread(this::produce, "edge-" + site + "-producer");
    this.drainer = new Thread(this::drain, "edge-" + site + "-drainer");
    producer.setDaemon(true);
    drainer.setDaemon(true);
  }

  /** Replaces the edge's Pulsar client (for the fallback where a link cut is a closed client). */
  void connect(PulsarBusConfig config) throws Exception {
    PulsarBus b = PulsarBus.connect(config, timeouts);
    bus = b;
    sender = new BusSender(new MessageBus(b), SEND_TIMEOUT);
  }

  void disconnect() {
    PulsarBus b = bus;
    if (b != null) {
      b.close();
    }
  }

  void start() {
    producing = true;
    producer.start();
    drainer.start();
  }

  void stopProducing() throws InterruptedException {
    producing = false;
    producer.join(10_000);
  }

  private void produce() {
    long next = System.nanoTime();
    while (producing) {
      long n = batches.get();
      Instant t = T0.plusSeconds(n);
      List<Sample> samples = new ArrayList<>(series);
      for (int s = 0; s < series; s++) {
        samples.add(new Sample(site, "kpi", Labels.of("resource", "node:" + site + "/n" + s), t, n));
      }
      outbox.append(SampleBatch.of(site, t, samples));
      batches.incrementAndGet();
      next += period.toNanos();
      long sleep = (next - System.nanoTime()) / 1_000_000;
      if (sleep > 0) {
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void drain() {
    while (running) {
      try {
        DrainResult r = outbox.drain(1000, sender);
        if (r.sent() == 0) {
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("{}: drain failed: {}", site, e.toString());
      }
    }
  }

  long batches() {
    return batches.get();
  }

  Outbox outbox() {
    return outbox;
  }

  /** Samples produced per series id: one per batch for each series. */
  Map<Long, Long> producedPerSeries() {
    Map<Long, Long> out = new HashMap<>();
    for (int s = 0; s < series; s++) {
      Sample probe = new Sample(site, "kpi", Labels.of("resource", "node:" + site + "/n" + s), T0, 0);
      out.put(probe.seriesId(), batches.get());
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    producing = false;
    running = false;
    producer.interrupt();
    drainer.interrupt();
    producer.join(10_000);
    drainer.join(10_000);
    disconnect();
    outbox.close();
  }
}
