package io.sextant.collector.bench;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.policy.Upload;
import io.sextant.collector.policy.UploadPolicyEngine;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What keeping the open aggregate windows durable costs per window, split in its parts: the
 * upload policy's filter (which now encodes the changed state), and the outbox commit of the
 * window's batch with and without the state, in the same run. The series are the gauge third of
 * {@code EdgePipelineBench policy} (labels chip, sensor, job), AGGREGATE at 10 s, one window per
 * second. Usage: {@code AggregateStateBench [SERIES]} (default 3,333).
 */
public final class AggregateStateBench {
  static final int ROUNDS = 7;
  static final int WINDOWS = 20;
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private AggregateStateBench() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 3_333;
    Path dir = Files.createTempDirectory("aggstate-bench");
    UploadPolicy policy = new UploadPolicy(null, "edge-1", T0, 1, Mode.RAW,
        List.of(new Rule("bench_temp_*", Map.of(), Mode.AGGREGATE)), List.of(), Duration.ofSeconds(10));
    double[] filterMs = new double[ROUNDS];
    double[] withState = new double[ROUNDS];
    double[] without = new double[ROUNDS];
    long stateBytes = 0;
    try (Outbox a = new Outbox(OutboxConfig.defaults(dir.resolve("a.db")), Clock.systemUTC());
        Outbox b = new Outbox(OutboxConfig.defaults(dir.resolve("b.db")), Clock.systemUTC())) {
      UploadPolicyEngine engine = new UploadPolicyEngine("edge-1", a);
      engine.accept(policy);
      int w = 0;
      for (int round = -3; round < ROUNDS; round++) {
        long f = 0;
        long ws = 0;
        long wo = 0;
        for (int i = 0; i < WINDOWS; i++, w++) {
          Instant t = T0.plusSeconds(w + 1);
          List<Sample> in = window(series, t, w);
          long s0 = System.nanoTime();
          Upload up = engine.filter(t, in, List.of());
          long s1 = System.nanoTime();
          // The same commit twice, into two outboxes: with the state (what the uplink does) and without.
          List<Outbox.Entry> entries = up.samples().isEmpty() ? List.of()
              : List.of(Outbox.Entry.of(SampleBatch.of("edge-1", t, up.samples())));
          a.appendAll(entries, up.state());
          long s2 = System.nanoTime();
          b.appendAll(entries, Map.of());
          long s3 = System.nanoTime();
          f += s1 - s0;
          ws += s2 - s1;
          wo += s3 - s2;
          stateBytes = engine.aggregateStateBytes();
        }
        if (round >= 0) {
          filterMs[round] = f / 1e6 / WINDOWS;
          withState[round] = ws / 1e6 / WINDOWS;
          without[round] = wo / 1e6 / WINDOWS;
        }
        // Keep the outboxes small: only the commit is measured, not a growing file.
        a.drain(Integer.MAX_VALUE, m -> { });
        b.drain(Integer.MAX_VALUE, m -> { });
      }
    }
    System.out.printf("%,d AGGREGATE series (10 s windows, 1 s collector windows), median of %d rounds of %d windows:%n",
        series, ROUNDS, WINDOWS);
    System.out.printf("  state saved each window: %,d bytes (%.0f bytes a series)%n", stateBytes,
        stateBytes / (double) series);
    System.out.printf("  upload policy filter, state encoding included: %.2f ms a window%n", median(filterMs));
    System.out.printf("  outbox commit with the state: %.2f ms a window; without (same run): %.2f ms; ratio %.2f%n",
        median(withState), median(without), median(withState) / median(without));
  }

  static List<Sample> window(int series, Instant t, int w) {
    List<Sample> out = new ArrayList<>(series);
    for (int i = 0; i < series; i++) {
      out.add(new Sample("edge-1", "bench_temp_celsius",
          Labels.of("chip", "c" + i % 50, "sensor", "s" + i, "job", "bench"), t, 20 + (i % 30) * 0.5 + ((w * 7 + i) % 5) * 0.1));
    }
    return out;
  }

  static double median(double[] xs) {
    double[] c = xs.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
