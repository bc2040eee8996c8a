package io.sextant.node.edge.state;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.outbox.SeriesStateStore;
import io.sextant.common.model.Sample;
import io.sextant.edge.detect.DetectorKind;
import io.sextant.edge.detect.DetectorRule;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.node.edge.config.DetectorStateSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The cost of the detectors' checkpoint at the edge: 10,000 series past their warm-up, each
 * checkpoint written through {@link DetectorCheckpoints} into a real SQLite outbox file (the
 * production path, one transaction), then restored into fresh detectors. Per kind: median wall time
 * of a checkpoint and of a restore over the rounds, bytes of state, bytes allocated by the
 * checkpointing thread (what the garbage collector sees) and the file's size. One window of fresh
 * points is fed between checkpoints, so every record changes as on a live edge; its time through
 * the detectors (building the samples included) is the reference beside the checkpoint's.
 *
 * <pre>
 * java -Xmx64m -XX:+UseSerialGC -cp $CP io.sextant.node.edge.state.DetectorCheckpointBench [series] [rounds] [kinds]
 * </pre>
 */
public final class DetectorCheckpointBench {
  private DetectorCheckpointBench() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    List<DetectorKind> kinds = args.length > 2
        ? Arrays.stream(args[2].split(",")).map(DetectorKind::named).toList() : List.of(DetectorKind.values());
    System.out.printf("DetectorCheckpointBench: %d series, %d rounds, %s; nproc %d, max heap %d MB, %s%n", series,
        rounds, kinds, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.version"));
    for (DetectorKind kind : kinds) {
      run(kind, series, rounds);
    }
  }

  private static void run(DetectorKind kind, int series, int rounds) throws Exception {
    DetectorRule rule = DetectorRule.of("bench_latency_seconds", DetectorRule.Direction.UP, 0, 0.5)
        .withDetector(kind);
    int warmUp = rule.warmUpPoints() + 10;
    DetectorRules rules = DetectorRules.of(rule);
    SeriesDetectors detectors = new SeriesDetectors(rules);
    List<Sample> window = new ArrayList<>(series);
    SplittableRandom random = new SplittableRandom(1);
    Instant t = Instant.parse("2026-12-06T00:00:00Z");
    for (int i = 0; i < series; i++) {
      window.add(new Sample("edge-1", rule.metric(), Map.of("resource", "service:edge-1/gw-" + i), t, 0));
    }
    for (int p = 0; p < warmUp; p++) {
      t = feed(detectors, window, random, t);
    }
    Path dir = Files.createTempDirectory("checkpoint-bench-");
    Path file = dir.resolve("outbox.db");
    long[] checkpointNanos = new long[rounds];
    long[] allocated = new long[rounds];
    long[] restoreNanos = new long[rounds];
    long[] windowNanos = new long[rounds];
    SeriesStateStore.Written written = null;
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    try (Outbox outbox = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
      SeriesStateStore store = new SeriesStateStore(outbox);
      Clock clock = Clock.fixed(t, ZoneOffset.UTC);
      DetectorCheckpoints checkpoints = new DetectorCheckpoints("edge-1", detectors, store, clock,
          DetectorStateSettings.defaults());
      for (int r = 0; r < rounds; r++) {
        long w0 = System.nanoTime();
        t = feed(detectors, window, random, t);
        windowNanos[r] = System.nanoTime() - w0;
        long a0 = threads.getThreadAllocatedBytes(self);
        long n0 = System.nanoTime();
        checkpoints.checkpoint();
        checkpointNanos[r] = System.nanoTime() - n0;
        allocated[r] = threads.getThreadAllocatedBytes(self) - a0;
        written = checkpoints.lastWritten();
        if (checkpoints.failures() > 0) {
          throw new IllegalStateException("checkpoint failed");
        }

        SeriesDetectors fresh = new SeriesDetectors(rules);
        DetectorCheckpoints back = new DetectorCheckpoints("edge-1", fresh, store, clock,
            DetectorStateSettings.defaults());
        long n1 = System.nanoTime();
        back.restore();
        restoreNanos[r] = System.nanoTime() - n1;
        if (back.restored() != series || fresh.warmingUp().get(rule.metric()) != 0) {
          throw new IllegalStateException("restored " + back.restored() + " of " + series);
        }
      }
    }
    long fileBytes = Files.size(file) + sizeOrZero(dir.resolve("outbox.db-wal"));
    System.out.printf("%-9s checkpoint %7.1f ms (median of %d; min %.1f, max %.1f), %,d records, %,d B of state "
            + "(%.0f B a series), allocated %.1f MB a checkpoint; restore %7.1f ms; file + WAL %.1f MB; reference: one "
            + "window of %,d points through the detectors %.1f ms%n",
        kind.configName(), median(checkpointNanos) / 1e6, rounds, Arrays.stream(checkpointNanos).min().orElse(0) / 1e6,
        Arrays.stream(checkpointNanos).max().orElse(0) / 1e6, written.records(), written.bytes(),
        (double) written.bytes() / written.records(), median(allocated) / 1048576.0, median(restoreNanos) / 1e6,
        fileBytes / 1048576.0, series, median(windowNanos) / 1e6);
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Instant feed(SeriesDetectors detectors, List<Sample> window, SplittableRandom random, Instant t) {
    Instant next = t.plus(Duration.ofSeconds(1));
    List<Sample> points = new ArrayList<>(window.size());
    for (Sample s : window) {
      points.add(new Sample(s.site(), s.metric(), s.labels(), next, 0.02 * (1 + 0.05 * random.nextGaussian())));
    }
    detectors.observe(points, "edge-1");
    return next;
  }

  private static long sizeOrZero(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.size(p) : 0;
  }

  private static double median(long[] values) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
