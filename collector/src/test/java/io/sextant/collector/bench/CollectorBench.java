package io.sextant.collector.bench;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.sextant.collector.Collector;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.source.Source;
import io.sextant.collector.source.otlp.OtlpMetricsMapper;
import io.sextant.collector.source.prometheus.ExpositionParser;
import io.sextant.collector.source.prometheus.Format;
import io.sextant.collector.source.prometheus.ParseResult;
import io.sextant.collector.source.prometheus.ScrapeConverter;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Throughput and footprint figures for docs/benchmarks-collector.md. Single-threaded, so the
 * rates are per core. Each figure is the median of several timed rounds after warm-up, printed
 * next to a reference measured in the same run. Usage: {@code CollectorBench [parse|otlp|outbox|footprint SECONDS]}.
 */
public final class CollectorBench {
  static final int SERIES = 10_000;
  static final int ROUNDS = 7;

  private CollectorBench() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    if (what.equals("all") || what.equals("parse")) {
      parse();
    }
    if (what.equals("all") || what.equals("otlp")) {
      otlp();
    }
    if (what.equals("all") || what.equals("outbox")) {
      outbox();
    }
    if (what.equals("footprint")) {
      footprint(args.length > 1 ? Integer.parseInt(args[1]) : 60);
    }
  }

  /** A node-exporter-like exposition: 1/3 gauges, 1/3 counters, 1/3 histogram series. */
  static String exposition(int series, long counterBase) {
    StringBuilder sb = new StringBuilder(series * 80);
    int third = series / 3;
    sb.append("# HELP bench_temp_celsius A gauge.\n# TYPE bench_temp_celsius gauge\n");
    for (int i = 0; i < third; i++) {
      sb.append("bench_temp_celsius{chip=\"c").append(i % 50).append("\",sensor=\"s").append(i).append("\"} ")
          .append(20 + (i % 30) * 0.5).append('\n');
    }
    sb.append("# HELP bench_bytes_total A counter.\n# TYPE bench_bytes_total counter\n");
    for (int i = 0; i < third; i++) {
      sb.append("bench_bytes_total{device=\"eth").append(i % 8).append("\",queue=\"").append(i).append("\"} ")
          .append(counterBase + i * 1000L).append('\n');
    }
    sb.append("# HELP bench_latency_seconds A histogram.\n# TYPE bench_latency_seconds histogram\n");
    int hist = series - 2 * third;
    String[] le = {"0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"};
    for (int i = 0; i < hist; ) {
      int route = i / (le.length + 2);
      for (int b = 0; b < le.length && i < hist; b++, i++) {
        sb.append("bench_latency_seconds_bucket{route=\"/r").append(route).append("\",le=\"").append(le[b]).append("\"} ")
            .append(counterBase / 1000 + b * 10).append('\n');
      }
      if (i < hist) {
        sb.append("bench_latency_seconds_sum{route=\"/r").append(route).append("\"} ").append(counterBase / 7).append('\n');
        i++;
      }
      if (i < hist) {
        sb.append("bench_latency_seconds_count{route=\"/r").append(route).append("\"} ").append(counterBase / 1000 + 80)
            .append('\n');
        i++;
      }
    }
    return sb.toString();
  }

  static double median(double[] xs) {
    double[] c = xs.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  static void parse() {
    String[] texts = {exposition(SERIES, 1_000_000), exposition(SERIES, 2_000_000)};
    ExpositionParser parser = new ExpositionParser();
    double[] parseRate = new double[ROUNDS];
    double[] fullRate = new double[ROUNDS];
    double[] scanRate = new double[ROUNDS];
    long sink = 0;
    int reps = 20;
    for (int round = -3; round < ROUNDS; round++) {
      // reference: only finding the line ends (the least any text parser must do)
      long t0 = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        String s = texts[r & 1];
        int lines = 0;
        for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
          lines++;
        }
        sink += lines;
      }
      long t1 = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        sink += parser.parse(texts[r & 1], Format.TEXT_0_0_4).samples().size();
      }
      long t2 = System.nanoTime();
      ScrapeConverter conv = new ScrapeConverter();
      for (int r = 0; r < reps; r++) {
        ParseResult p = parser.parse(texts[r & 1], Format.TEXT_0_0_4);
        sink += conv.convert("edge-1", p, Instant.ofEpochSecond(1_700_000_000L + r), Map.of("job", "node")).size();
      }
      long t3 = System.nanoTime();
      if (round >= 0) {
        scanRate[round] = reps * (double) SERIES / ((t1 - t0) / 1e9);
        parseRate[round] = reps * (double) SERIES / ((t2 - t1) / 1e9);
        fullRate[round] = reps * (double) SERIES / ((t3 - t2) / 1e9);
      }
    }
    System.out.printf("prometheus text, %d series, %d KB:%n", SERIES, texts[0].length() / 1024);
    System.out.printf("  line scan only (reference)      %,12.0f lines/s%n", median(scanRate));
    System.out.printf("  parse                           %,12.0f samples/s  (%.1fx slower than the scan)%n",
        median(parseRate), median(scanRate) / median(parseRate));
    System.out.printf("  parse + rates/staleness         %,12.0f samples/s%n", median(fullRate));
    System.out.println("  (sink " + (sink % 10) + ")");
  }

  static ExportMetricsServiceRequest otlpRequest(int series, long t, long base) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    int half = series / 2;
    Gauge.Builder g = Gauge.newBuilder();
    for (int i = 0; i < half; i++) {
      g.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(20 + i % 30)
          .addAttributes(kv("sensor", "s" + i)).addAttributes(kv("chip", "c" + i % 50)));
    }
    scope.addMetrics(Metric.newBuilder().setName("bench.temp").setGauge(g));
    Sum.Builder s = Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (int i = 0; i < series - half; i++) {
      s.addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(t).setAsInt(base + i)
          .addAttributes(kv("queue", "q" + i)).addAttributes(kv("device", "eth" + i % 8)));
    }
    scope.addMetrics(Metric.newBuilder().setName("bench.bytes").setSum(s));
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(kv("service.name", "bench")))
        .addScopeMetrics(scope)).build();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  static void otlp() throws Exception {
    byte[][] bodies = new byte[20][];
    for (int r = 0; r < bodies.length; r++) {
      bodies[r] = otlpRequest(SERIES, (1_700_000_000L + r) * 1_000_000_000L, 1_000_000L * (r + 1)).toByteArray();
    }
    double[] decode = new double[ROUNDS];
    double[] full = new double[ROUNDS];
    long sink = 0;
    for (int round = -3; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      for (byte[] b : bodies) {
        sink += ExportMetricsServiceRequest.parseFrom(b).getResourceMetricsCount();
      }
      long t1 = System.nanoTime();
      OtlpMetricsMapper mapper = new OtlpMetricsMapper();
      for (byte[] b : bodies) {
        sink += mapper.map("edge-1", ExportMetricsServiceRequest.parseFrom(b)).size();
      }
      long t2 = System.nanoTime();
      if (round >= 0) {
        decode[round] = bodies.length * (double) SERIES / ((t1 - t0) / 1e9);
        full[round] = bodies.length * (double) SERIES / ((t2 - t1) / 1e9);
      }
    }
    System.out.printf("OTLP protobuf, %d points, %d KB a request:%n", SERIES, bodies[0].length / 1024);
    System.out.printf("  protobuf decode only (reference) %,12.0f points/s%n", median(decode));
    System.out.printf("  decode + map to samples          %,12.0f samples/s  (%.1fx the decode time)%n",
        median(full), median(decode) / median(full));
    System.out.println("  (sink " + (sink % 10) + ")");
  }

  static List<Message> messages(int n, int samplesEach) {
    List<Message> out = new ArrayList<>(n);
    Instant t0 = Instant.parse("2026-01-05T10:00:00Z");
    for (int i = 0; i < n; i++) {
      List<Sample> s = new ArrayList<>(samplesEach);
      for (int k = 0; k < samplesEach; k++) {
        s.add(new Sample("edge-1", "m" + k, Labels.of("resource", "node:edge-1/n" + k), t0.plusSeconds(i), i + k));
      }
      out.add(SampleBatch.of("edge-1", t0.plusSeconds(i), s));
    }
    return out;
  }

  static void outbox() throws Exception {
    int n = 2000;
    List<Message> msgs = messages(n, 10);
    List<Outbox.Entry> entries = msgs.stream().map(Outbox.Entry::of).toList();
    int bytesEach = JsonCodec.get().encode(msgs.get(0)).length;
    double[] single = new double[5];
    double[] batched = new double[5];
    double[] drain = new double[5];
    double[] rawSingle = new double[5];
    Path dir = Files.createTempDirectory("outbox-bench");
    for (int round = -1; round < 5; round++) {
      Path f = dir.resolve("o" + round + ".db");
      try (Outbox box = new Outbox(OutboxConfig.defaults(f), Clock.systemUTC())) {
        long t0 = System.nanoTime();
        for (Message m : msgs) {
          box.append(m);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i += 100) {
          box.appendAll(entries.subList(i, i + 100));
        }
        long t2 = System.nanoTime();
        long[] got = {0};
        while (box.drain(10_000, m -> got[0]++).sent() > 0) {
          // until empty
        }
        long t3 = System.nanoTime();
        if (round >= 0) {
          single[round] = n / ((t1 - t0) / 1e9);
          batched[round] = n / ((t2 - t1) / 1e9);
          drain[round] = got[0] / ((t3 - t2) / 1e9);
        }
      }
      // reference: the same rows through plain JDBC inserts, one commit each, same pragmas
      Path raw = dir.resolve("raw" + round + ".db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + raw)) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA journal_mode=WAL");
          st.execute("PRAGMA synchronous=NORMAL");
          st.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload BLOB)");
        }
        byte[] payload = new byte[bytesEach];
        long t0 = System.nanoTime();
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO t (payload) VALUES (?)")) {
          for (int i = 0; i < n; i++) {
            ins.setBytes(1, payload);
            ins.executeUpdate();
          }
        }
        if (round >= 0) {
          rawSingle[round] = n / ((System.nanoTime() - t0) / 1e9);
        }
      }
    }
    System.out.printf("outbox (SQLite WAL, synchronous=NORMAL), sample batches of 10 samples, %d B each:%n", bytesEach);
    System.out.printf("  raw SQLite insert, commit each (reference) %,10.0f rows/s%n", median(rawSingle));
    System.out.printf("  append, commit each                        %,10.0f messages/s (%.0f samples/s)%n",
        median(single), median(single) * 10);
    System.out.printf("  appendAll, 100 per commit                  %,10.0f messages/s (%.0f samples/s)%n",
        median(batched), median(batched) * 10);
    System.out.printf("  drain to a sender                          %,10.0f messages/s%n", median(drain));
    // A site sends one SampleBatch per window holding all its samples: the samples/s that matter.
    List<Message> big = messages(50, 1000);
    double[] bigAppend = new double[5];
    double[] bigDrain = new double[5];
    double[] encode = new double[5];
    for (int round = -1; round < 5; round++) {
      long t0 = System.nanoTime();
      long sink = 0;
      for (Message m : big) {
        sink += JsonCodec.get().encode(m).length;
      }
      long t1 = System.nanoTime();
      try (Outbox box = new Outbox(OutboxConfig.defaults(dir.resolve("big" + round + ".db")), Clock.systemUTC())) {
        long t2 = System.nanoTime();
        for (Message m : big) {
          box.append(m);
        }
        long t3 = System.nanoTime();
        while (box.drain(10_000, m -> { }).sent() > 0) {
          // until empty
        }
        long t4 = System.nanoTime();
        if (round >= 0) {
          encode[round] = 50_000 / ((t1 - t0) / 1e9);
          bigAppend[round] = 50_000 / ((t3 - t2) / 1e9);
          bigDrain[round] = 50_000 / ((t4 - t3) / 1e9);
        }
      }
      if (sink == 42) {
        System.out.print("");
      }
    }
    System.out.printf("  batches of 1000 samples (%d KB): JSON encode only (reference) %,10.0f samples/s%n",
        JsonCodec.get().encode(big.get(0)).length / 1024, median(encode));
    System.out.printf("  append, commit each                                          %,10.0f samples/s%n",
        median(bigAppend));
    System.out.printf("  drain (decode + remove)                                      %,10.0f samples/s%n",
        median(bigDrain));
  }

  /**
   * One edge process collecting 10,000 series at 1 Hz: every second a 10k-series exposition is
   * parsed, converted, validated by the collector, appended to the outbox as one batch and drained
   * to a sender that only counts. Prints heap after GC and RSS at the end.
   */
  static void footprint(int seconds) throws Exception {
    System.gc();
    long heap0 = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss0 = rss();
    ExpositionParser parser = new ExpositionParser();
    ScrapeConverter conv = new ScrapeConverter();
    long[] tick = {0};
    Source source = new Source() {
      @Override
      public String name() {
        return "bench";
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        String text = exposition(SERIES, 1_000_000 + tick[0]++ * 1000);
        return conv.convert("edge-1", parser.parse(text, Format.TEXT_0_0_4), windowEnd, Map.of("job", "bench"));
      }
    };
    Collector collector = new Collector("edge-1", List.of(source), Clock.systemUTC());
    Path dir = Files.createTempDirectory("footprint");
    long sent = 0;
    double busyMs = 0;
    double firstMs = 0;
    try (Outbox box = new Outbox(OutboxConfig.defaults(dir.resolve("o.db")), Clock.systemUTC())) {
      long next = System.nanoTime();
      for (int s = 0; s < seconds; s++) {
        long t0 = System.nanoTime();
        List<Sample> got = collector.collect(Instant.now());
        box.append(SampleBatch.of("edge-1", Instant.now(), got));
        long[] n = {0};
        box.drain(100, m -> n[0] += ((SampleBatch) m).samples().size());
        sent += n[0];
        busyMs += (System.nanoTime() - t0) / 1e6;
        if (s == 0) {
          firstMs = busyMs;
        }
        next += 1_000_000_000L;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
    }
    System.gc();
    Thread.sleep(200);
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss = rss();
    System.out.printf("footprint: %d s at 1 Hz, %d series: %d samples sent, mean busy %.0f ms per second"
        + " (first second %.0f ms)%n", seconds, SERIES, sent, (busyMs - firstMs) / (seconds - 1), firstMs);
    System.out.printf("  before collecting (reference): heap used after GC %.1f MB, RSS %.1f MB%n", heap0 / 1048576.0,
        rss0 / 1048576.0);
    System.out.printf("  after %d s:                    heap used after GC %.1f MB, RSS %.1f MB (max heap %.0f MB)%n",
        seconds, heap / 1048576.0, rss / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  static long rss() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
