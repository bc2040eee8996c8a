package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Throughput and round-trip latency of the Pulsar bus beside the in-process bus, in one run. Not
 * part of the test suite (the name matches neither *Test nor *IT); run it with
 * {@code ./mvnw -B -ntp -q -o test -pl bus-pulsar -Dtest=PulsarBusBenchmark}. Figures go to
 * docs/benchmarks-pulsar.md.
 */
class PulsarBusBenchmark {
  static final int MESSAGES = 100_000;
  static final int PAYLOAD = 200;
  static final int KEYS = 100;
  static final int ROUND_TRIPS = 1_000;
  static final int RUNS = 3;

  @Test
  void pulsarBesideInProcess() throws Exception {
    try (BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of("sextant", "bench"))) {
      Supplier<Bus> pulsarBus = () -> {
        try {
          return PulsarBus.connect(PulsarBusConfig.of(pulsar.serviceUrl(), "bench"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      report("in-process", InProcessBus::new);
      report("pulsar", pulsarBus);
    }
  }

  private static void report(String name, Supplier<Bus> buses) throws Exception {
    throughput(buses); // warm-up
    double[] rates = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      rates[i] = throughput(buses);
    }
    long[] rtt = roundTrips(buses);
    System.out.printf(Locale.ROOT, "BENCH %s throughput msg/s runs=%s median=%.0f | round trip us p50=%d p99=%d%n", name,
        Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()), median(rates),
        rtt[rtt.length / 2] / 1000, rtt[(int) (rtt.length * 0.99)] / 1000);
  }

  /** Publishes MESSAGES keyed messages without waiting and times until the subscriber has them all. */
  private static double throughput(Supplier<Bus> buses) throws Exception {
    try (Bus bus = buses.get()) {
      String topic = "tput-" + UUID.randomUUID();
      CountDownLatch all = new CountDownLatch(MESSAGES);
      bus.subscribe(topic, "bench", d -> all.countDown());
      bus.publish(topic, "warm", new byte[PAYLOAD]).get(); // creates the producer outside the timing
      byte[] payload = new byte[PAYLOAD];
      long t0 = System.nanoTime();
      List<CompletableFuture<Void>> last = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        CompletableFuture<Void> f = bus.publish(topic, "k" + (i % KEYS), payload);
        if (i >= MESSAGES - 10) {
          last.add(f);
        }
      }
      CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      double persisted = (System.nanoTime() - t0) / 1e9;
      assertThat(all.await(120, TimeUnit.SECONDS)).as("all delivered").isTrue();
      double total = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "BENCH   run: all published and persisted after %.2f s, all handled after %.2f s%n",
          persisted, total);
      return MESSAGES / total;
    }
  }

  /** One message at a time: publish, wait for the handler, next. Sorted nanoseconds. */
  private static long[] roundTrips(Supplier<Bus> buses) throws Exception {
    try (Bus bus = buses.get()) {
      String topic = "rtt-" + UUID.randomUUID();
      AtomicReference<CountDownLatch> got = new AtomicReference<>();
      AtomicLong latency = new AtomicLong();
      bus.subscribe(topic, "bench", d -> {
        latency.set(System.nanoTime() - ByteBuffer.wrap(d.payload()).getLong());
        got.get().countDown();
      });
      long[] out = new long[ROUND_TRIPS];
      for (int i = -100; i < ROUND_TRIPS; i++) { // the first 100 warm up
        CountDownLatch latch = new CountDownLatch(1);
        got.set(latch);
        bus.publish(topic, "k", ByteBuffer.allocate(PAYLOAD).putLong(0, System.nanoTime()).array());
        assertThat(latch.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        if (i >= 0) {
          out[i] = latency.get();
        }
      }
      Arrays.sort(out);
      return out;
    }
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
