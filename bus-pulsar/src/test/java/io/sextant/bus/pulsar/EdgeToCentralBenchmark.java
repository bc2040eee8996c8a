package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Edge → central over the bus as the collector and central ingest use it: three edge publishers
 * each send one {@link SampleBatch} every {@value #PERIOD_MS} ms ({@value #RATE} samples/s in
 * total), through {@link MessageBus} (JSON encoding included), and the centre decodes them on one
 * subscription. Latency is from just before the edge hands the batch to the bus to just after
 * the centre has decoded it; throughput is samples decoded per second in the measured window.
 * Then a burst: every edge publishes {@value #BURST_BATCHES} batches as fast as it can, timed
 * until the centre has decoded all of them. A first, unreported burst warms up the JIT and the
 * connections, and is drained before the steady phase starts. Pulsar (the standalone in a child
 * JVM, a namespace per site, the centre on one multi-topic Key_Shared subscription) beside the
 * in-process bus, same run.
 * No store: its ingest is measured in benchmarks-store.md.
 *
 * <p>Not part of the suite (the name matches neither *Test nor *IT):
 * {@code ./mvnw -B -ntp -q -o test -pl bus-pulsar -Dtest=EdgeToCentralBenchmark}
 */
class EdgeToCentralBenchmark {
  static final List<String> SITES = List.of("site-1", "site-2", "site-3");
  static final int RATE = 50_000;
  static final int PERIOD_MS = 100;
  static final int PER_BATCH = RATE / SITES.size() / (1000 / PERIOD_MS);
  static final Duration WARMUP = Duration.ofSeconds(5);
  static final Duration MEASURE = Duration.ofSeconds(30);
  static final int BURST_BATCHES = 200;
  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void pulsarBesideInProcess() throws Exception {
    List<String> namespaces = new ArrayList<>(SITES);
    namespaces.add("central");
    try (InProcessBus bus = new InProcessBus()) {
      List<Bus> edges = List.of(bus, bus, bus);
      run("in-process", edges, bus, "samples");
    }
    try (BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, namespaces))) {
      List<Bus> edges = new ArrayList<>();
      for (String site : SITES) {
        edges.add(PulsarBus.connect(PulsarBusConfig.of(pulsar.serviceUrl(), site)));
      }
      try (PulsarBus central = PulsarBus.connect(PulsarBusConfig.of(pulsar.serviceUrl(), "central"))) {
        run("pulsar", edges, central, central.config().everySite(SITES, "samples"));
      } finally {
        edges.forEach(Bus::close);
      }
    }
  }

  private static void run(String name, List<Bus> edgeBuses, Bus centralBus, String centralTopic) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    AtomicLong handledSamples = new AtomicLong();
    AtomicLong handledBatches = new AtomicLong();
    long[] latencies = new long[1_000_000];
    AtomicLong recorded = new AtomicLong();
    AtomicLong recording = new AtomicLong(); // 1 while measuring
    MessageBus central = new MessageBus(centralBus);
    central.subscribe(Topic.SAMPLES.withName(centralTopic), "central-ingest", b -> {
      long now = System.nanoTime();
      Long sent = sentAt.remove(b.id());
      handledSamples.addAndGet(b.samples().size());
      handledBatches.incrementAndGet();
      if (sent != null && recording.get() == 1) {
        int i = (int) recorded.getAndIncrement();
        if (i < latencies.length) {
          latencies[i] = now - sent;
        }
      }
    });
    List<MessageBus> edges = edgeBuses.stream().map(MessageBus::new).toList();
    AtomicLong[] seq = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    // Warm-up (JIT, producers, connections): a burst, not reported, drained before measuring.
    burst(edges, seq, handledBatches);

    // Steady load: one thread per edge, one batch per period.
    List<Thread> threads = new ArrayList<>();
    long end = System.nanoTime() + WARMUP.plus(MEASURE).toNanos();
    for (int e = 0; e < SITES.size(); e++) {
      int edge = e;
      Thread t = new Thread(() -> {
        long next = System.nanoTime();
        while (next < end) {
          SampleBatch b = batch(SITES.get(edge), seq[edge].getAndIncrement());
          sentAt.put(b.id(), System.nanoTime());
          edges.get(edge).publish(Topic.SAMPLES, b.site(), b);
          next += TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            try {
              TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException ex) {
              return;
            }
          }
        }
      }, "bench-edge-" + e);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    Thread.sleep(WARMUP.toMillis());
    long samplesAtStart = handledSamples.get();
    recording.set(1);
    long t0 = System.nanoTime();
    Thread.sleep(MEASURE.toMillis());
    recording.set(0);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long samplesInWindow = handledSamples.get() - samplesAtStart;
    for (Thread t : threads) {
      t.join();
    }
    long published = Arrays.stream(seq).mapToLong(AtomicLong::get).sum();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (handledBatches.get() < published && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(handledBatches.get()).as("every steady batch handled").isEqualTo(published);
    int n = (int) Math.min(recorded.get(), latencies.length);
    long[] lat = Arrays.copyOf(latencies, n);
    Arrays.sort(lat);

    double burstSeconds = burst(edges, seq, handledBatches);
    long burstTotal = (long) BURST_BATCHES * SITES.size();

    System.out.printf(Locale.ROOT,
        "BENCH %s steady: offered %d samples/s (a batch of %d samples every %d ms from each of %d edges), handled %.0f samples/s; "
            + "latency ms p50=%.1f p99=%.1f max=%.1f (n=%d) | burst: %d samples in %.2f s = %.0f samples/s%n",
        name, RATE, PER_BATCH, PERIOD_MS, SITES.size(), samplesInWindow / seconds,
        pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, lat.length,
        burstTotal * PER_BATCH, burstSeconds, burstTotal * PER_BATCH / burstSeconds);
  }

  /** Every edge publishes BURST_BATCHES batches as fast as it can; seconds until all are handled. */
  private static double burst(List<MessageBus> edges, AtomicLong[] seq, AtomicLong handledBatches) throws Exception {
    long start = handledBatches.get();
    long b0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int e = 0; e < SITES.size(); e++) {
      int edge = e;
      threads.add(new Thread(() -> {
        for (int i = 0; i < BURST_BATCHES; i++) {
          SampleBatch b = batch(SITES.get(edge), seq[edge].getAndIncrement());
          edges.get(edge).publish(Topic.SAMPLES, b.site(), b);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    long total = (long) BURST_BATCHES * SITES.size();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (handledBatches.get() - start < total && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(handledBatches.get() - start).as("every burst batch handled").isEqualTo(total);
    return (System.nanoTime() - b0) / 1e9;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
  }

  private static SampleBatch batch(String site, long n) {
    Instant t = T0.plusMillis(n * PERIOD_MS);
    List<Sample> samples = new ArrayList<>(PER_BATCH);
    for (int s = 0; s < PER_BATCH; s++) {
      samples.add(new Sample(site, "kpi", Labels.of("resource", "node:" + site + "/n" + s), t, s + n));
    }
    return SampleBatch.of(site, t, samples);
  }
}
