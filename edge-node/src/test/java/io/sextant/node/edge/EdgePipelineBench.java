package io.sextant.node.edge;

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
import io.sextant.collector.outbox.DrainResult;
import io.sextant.collector.source.Source;
import io.sextant.collector.source.otlp.OtlpMetricsMapper;
import io.sextant.collector.source.prometheus.ExpositionParser;
import io.sextant.collector.source.prometheus.Format;
import io.sextant.collector.source.prometheus.ScrapeConverter;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import io.sextant.edge.EdgeReasoner;
import io.sextant.edge.detect.DetectorRule;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Samples/s through the edge pipeline on one thread (one core): parse → collector validation →
 * edge reasoner (a baseline detector on every series, local repair) → uplink (upload policy +
 * SQLite outbox append), and the uplink's drain to the bus. 10,000 series per window, one window
 * per simulated second; each figure is the median of 7 rounds of 20 windows after 4 warm-up
 * rounds (which also get the detectors past their 60-point warm-up).
 *
 * <pre>
 * java -cp ... io.sextant.node.edge.EdgePipelineBench prom|otlp|policy|events|all
 * java -Xmx64m -cp ... io.sextant.node.edge.EdgePipelineBench footprint 60
 * </pre>
 */
public final class EdgePipelineBench {
  static final int SERIES = 10_000;
  static final int WINDOWS = 20;
  static final int WARMUP_ROUNDS = 4;
  static final int ROUNDS = 7;
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String SITE = "edge-1";

  private EdgePipelineBench() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    if (what.equals("all") || what.equals("prom")) {
      prometheus();
    }
    if (what.equals("all") || what.equals("otlp")) {
      otlp();
    }
    if (what.equals("all") || what.equals("policy")) {
      policy();
    }
    if (what.equals("all") || what.equals("events")) {
      events();
    }
    if (what.equals("footprint")) {
      footprint(args.length > 1 ? Integer.parseInt(args[1]) : 60);
    }
  }

  /**
   * One edge pipeline in real time: every second a 10,000-series exposition is parsed, validated,
   * run through the reasoner (a detector on every series, local repair) and the uplink (policy,
   * outbox, drain thread to an in-process bus). Prints heap after GC and RSS at the end, and the
   * same process before collecting as the reference.
   */
  static void footprint(int seconds) throws Exception {
    System.gc();
    long heap0 = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss0 = rss();
    java.time.Clock clock = java.time.Clock.systemUTC();
    ExpositionParser parser = new ExpositionParser();
    ScrapeConverter converter = new ScrapeConverter();
    int[] tick = {0};
    Source source = new Source() {
      @Override
      public String name() {
        return "bench";
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        String text = exposition(SERIES, tick[0]++);
        return converter.convert(SITE, parser.parse(text, Format.TEXT_0_0_4), windowEnd, Map.of("job", "bench"));
      }
    };
    Collector collector = new Collector(SITE, List.of(source), clock);
    DetectorRules rules = DetectorRules.of(List.of("bench_temp_celsius", "bench_bytes_total:rate",
            "bench_latency_seconds_bucket:rate", "bench_latency_seconds_sum:rate", "bench_latency_seconds_count:rate",
            "up").stream()
        .map(m -> DetectorRule.of(m, DetectorRule.Direction.UP, 0.1, 0)).toArray(DetectorRule[]::new));
    SimulatedCloud actuator = new SimulatedCloud(CloudSpec.defaults().withEdgeSites(1), FaultSchedule.none());
    Path dir = Files.createTempDirectory("edge-footprint");
    InProcessBus raw = new InProcessBus();
    MessageBus bus = new MessageBus(raw);
    raw.subscribe("samples", "centre", d -> { });
    EdgeUplink[] uplink = new EdgeUplink[1];
    LocalRepair repair = new LocalRepair(clock, actuator, RunbookLoader.builtIn(), e -> uplink[0].audit(e));
    EdgeReasoner reasoner = new EdgeReasoner(SITE, new SeriesDetectors(rules), repair);
    double busyMs = 0;
    double firstMs = 0;
    long samples = 0;
    uplink[0] = EdgeUplink.builder(SITE, bus, dir.resolve("outbox.db")).clock(clock).subscribePolicies(false).start();
    try {
      long next = System.nanoTime();
      for (int sec = 0; sec < seconds; sec++) {
        long t0 = System.nanoTime();
        Instant t = clock.instant();
        List<Sample> got = collector.collect(t);
        uplink[0].window(t, got, reasoner.observe(got));
        samples += got.size();
        busyMs += (System.nanoTime() - t0) / 1e6;
        if (sec == 0) {
          firstMs = busyMs;
        }
        next += 1_000_000_000L;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
    } finally {
      uplink[0].close();
    }
    System.gc();
    Thread.sleep(200);
    long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss = rss();
    System.out.printf("footprint with detection: %d s at 1 Hz, %d series, %,d samples, %,d sent, outbox left %d;"
        + " mean busy %.0f ms per second on the window thread (first second %.0f ms)%n", seconds, SERIES, samples,
        uplink[0].outbox().sent(), uplink[0].outbox().depth(), (busyMs - firstMs) / (seconds - 1), firstMs);
    System.out.printf("  before collecting (reference): heap used after GC %.1f MB, RSS %.1f MB%n", heap0 / 1048576.0,
        rss0 / 1048576.0);
    System.out.printf("  after %d s (detectors, outbox, reasoner live): heap used after GC %.1f MB, RSS %.1f MB"
        + " (max heap %.0f MB)%n", seconds, heap / 1048576.0, rss / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
    if (reasoner.detectors() == null) {
      System.out.print(""); // keep the reasoner reachable until after the measurement
    }
    bus.close();
  }

  static long rss() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /**
   * Alarms and events are single small messages: the uplink's append (one commit each, as local
   * repair's audit does) and its drain through the real BusSender to an in-process bus with one
   * subscriber, in messages/s. Reference in the same run: the drain to a sender that only counts.
   */
  static void events() throws Exception {
    int n = 5000;
    double[] append = new double[5];
    double[] drain = new double[5];
    double[] drainNoBus = new double[5];
    Path dir = Files.createTempDirectory("edge-bench-events");
    for (int round = -2; round < 5; round++) {
      MutableClock clock = new MutableClock(T0);
      InProcessBus raw = new InProcessBus();
      MessageBus bus = new MessageBus(raw);
      raw.subscribe("detections", "centre", d -> { });
      List<Detection> ds = new java.util.ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Sample x = new Sample(SITE, "service_cpu_utilization", Map.of("resource", "service:edge-1/s" + (i % 50)),
            T0.plusSeconds(i), 0.9);
        ds.add(Detection.of(SITE, x.time(), "ewma-baseline", x, Detection.State.FIRING, 0.4, 7));
      }
      try (EdgeUplink up = EdgeUplink.builder(SITE, bus, dir.resolve("e" + round + ".db")).clock(clock)
          .subscribePolicies(false).drainBatch(n).build()) {
        long t0 = System.nanoTime();
        for (Detection d : ds) {
          up.send(d);
        }
        long t1 = System.nanoTime();
        DrainResult r = up.drainOnce();
        long t2 = System.nanoTime();
        for (Detection d : ds) {
          up.send(d);
        }
        long t3 = System.nanoTime();
        long[] got = {0};
        up.outbox().drain(n, m -> got[0]++);
        long t4 = System.nanoTime();
        if (r.sent() != n || got[0] != n) {
          throw new IllegalStateException("sent " + r.sent() + " and " + got[0] + " of " + n);
        }
        if (round >= 0) {
          append[round] = n / ((t1 - t0) / 1e9);
          drain[round] = n / ((t2 - t1) / 1e9);
          drainNoBus[round] = n / ((t4 - t3) / 1e9);
        }
      } finally {
        bus.close();
      }
    }
    System.out.printf("events (detections, one a message, %d per round, median of 5 rounds):%n", n);
    System.out.printf("  uplink append, one commit each                      %,10.0f messages/s%n", median(append));
    System.out.printf("  uplink drain: BusSender → in-process bus, acked     %,10.0f messages/s%n", median(drain));
    System.out.printf("  outbox drain to a counting sender (reference)       %,10.0f messages/s%n", median(drainNoBus));
    rtt(Duration.ofMillis(10));
  }

  /**
   * The drain over a bus that acknowledges {@code rtt} after a publish (Pulsar's p50 round trip is
   * ~12 ms): one send at a time (the outbox's synchronous drain through {@link io.sextant.collector.outbox.BusSender})
   * against the uplink's pipelined drain (one send in flight per key), 500 detections of 50 series.
   */
  static void rtt(Duration rtt) throws Exception {
    int n = 500;
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newScheduledThreadPool(1);
    io.sextant.common.bus.Bus slow = new io.sextant.common.bus.Bus() {
      final InProcessBus inner = new InProcessBus();

      @Override
      public java.util.concurrent.CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
        java.util.concurrent.CompletableFuture<Void> ack = new java.util.concurrent.CompletableFuture<>();
        inner.publish(topic, key, payload).thenRun(() ->
            timer.schedule(() -> ack.complete(null), rtt.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        return ack;
      }

      @Override
      public Subscription subscribe(String topic, String subscription, Handler handler) {
        return inner.subscribe(topic, subscription, handler);
      }

      @Override
      public void close() {
        inner.close();
      }
    };
    MessageBus bus = new MessageBus(slow);
    Path dir = Files.createTempDirectory("edge-bench-rtt");
    double[] sync = new double[3];
    double[] piped = new double[3];
    io.sextant.collector.outbox.BusSender sender = new io.sextant.collector.outbox.BusSender(bus, Duration.ofSeconds(10));
    for (int round = -1; round < 3; round++) {
      try (io.sextant.collector.outbox.Outbox box = new io.sextant.collector.outbox.Outbox(
          io.sextant.collector.outbox.OutboxConfig.defaults(dir.resolve("r" + round + ".db")), new MutableClock(T0))) {
        List<io.sextant.collector.outbox.Outbox.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
          Sample x = new Sample(SITE, "service_cpu_utilization", Map.of("resource", "service:edge-1/s" + (i % 50)),
              T0.plusSeconds(i), 0.9);
          entries.add(io.sextant.collector.outbox.Outbox.Entry.of(
              Detection.of(SITE, x.time(), "ewma-baseline", x, Detection.State.FIRING, 0.4, 7)));
        }
        box.appendAll(entries);
        long t0 = System.nanoTime();
        int a = box.drain(n, sender).sent();
        long t1 = System.nanoTime();
        box.appendAll(entries);
        long t2 = System.nanoTime();
        int b = box.drain(n, sender, Duration.ofSeconds(10)).sent();
        long t3 = System.nanoTime();
        if (a != n || b != n) {
          throw new IllegalStateException("sent " + a + " and " + b + " of " + n);
        }
        if (round >= 0) {
          sync[round] = n / ((t1 - t0) / 1e9);
          piped[round] = n / ((t3 - t2) / 1e9);
        }
      }
    }
    timer.shutdownNow();
    bus.close();
    System.out.printf("drain over a bus acknowledging after %d ms, %d detections of 50 series (median of 3):%n",
        rtt.toMillis(), n);
    System.out.printf("  one send at a time                                  %,10.0f messages/s%n", median(sync));
    System.out.printf("  pipelined, one in flight per key (the uplink's)     %,10.0f messages/s (%.0fx)%n",
        median(piped), median(piped) / median(sync));
  }

  /** Parses one window's input into samples (the source-specific stage). */
  interface Parse {
    List<Sample> parse(int window, Instant t) throws Exception;
  }

  /** Nanoseconds per stage, summed over a round. */
  static final class Stages {
    long parse;
    long validate;
    long reason;
    long upload;
    long drain;
    long samples;
    long detections;
  }

  static void prometheus() throws Exception {
    ExpositionParser parser = new ExpositionParser();
    ScrapeConverter converter = new ScrapeConverter();
    String[] texts = new String[(WARMUP_ROUNDS + ROUNDS) * WINDOWS];
    for (int w = 0; w < texts.length; w++) {
      texts[w] = exposition(SERIES, w);
    }
    run("Prometheus text 0.0.4 (" + texts[0].length() / 1024 + " KB a window)", (w, t) ->
        converter.convert(SITE, parser.parse(texts[w], Format.TEXT_0_0_4), t, Map.of("job", "bench")),
        List.of("bench_temp_celsius", "bench_bytes_total:rate", "bench_latency_seconds_bucket:rate",
            "bench_latency_seconds_sum:rate", "bench_latency_seconds_count:rate", "up"), null);
  }

  static void otlp() throws Exception {
    OtlpMetricsMapper mapper = new OtlpMetricsMapper();
    byte[][] bodies = new byte[(WARMUP_ROUNDS + ROUNDS) * WINDOWS][];
    for (int w = 0; w < bodies.length; w++) {
      bodies[w] = otlpRequest(SERIES, T0.plusSeconds(w + 1).toEpochMilli() * 1_000_000L, w).toByteArray();
    }
    run("OTLP/HTTP protobuf body (" + bodies[0].length / 1024 + " KB a window)", (w, t) ->
        mapper.map(SITE, ExportMetricsServiceRequest.parseFrom(bodies[w])),
        List.of("bench_temp", "bench_bytes:rate"), null);
  }

  /** The same Prometheus pipeline with a policy that aggregates a third, keeps a third local and redacts a label. */
  static void policy() throws Exception {
    ExpositionParser parser = new ExpositionParser();
    ScrapeConverter converter = new ScrapeConverter();
    String[] texts = new String[(WARMUP_ROUNDS + ROUNDS) * WINDOWS];
    for (int w = 0; w < texts.length; w++) {
      texts[w] = exposition(SERIES, w);
    }
    UploadPolicy p = new UploadPolicy(null, SITE, T0, 1, Mode.RAW, List.of(
        new Rule("bench_temp_*", Map.of(), Mode.AGGREGATE),
        new Rule("bench_latency_*", Map.of(), Mode.LOCAL_ONLY)), List.of("queue"), Duration.ofSeconds(10));
    run("Prometheus text with an upload policy (1/3 aggregate 10 s, 1/3 local only, 1 label redacted)", (w, t) ->
        converter.convert(SITE, parser.parse(texts[w], Format.TEXT_0_0_4), t, Map.of("job", "bench")),
        List.of("bench_temp_celsius", "bench_bytes_total:rate", "bench_latency_seconds_bucket:rate",
            "bench_latency_seconds_sum:rate", "bench_latency_seconds_count:rate", "up"), p);
  }

  static void run(String title, Parse parse, List<String> monitored, UploadPolicy policy) throws Exception {
    MutableClock clock = new MutableClock(T0);
    Path dir = Files.createTempDirectory("edge-bench");
    InProcessBus raw = new InProcessBus(); // no subscriber: a publish is taken at once (the bus cost is not measured)
    MessageBus bus = new MessageBus(raw);
    List<Sample>[] pending = new List[1];
    Source source = new Source() {
      @Override
      public String name() {
        return "bench";
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        return pending[0];
      }
    };
    Collector collector = new Collector(SITE, List.of(source), clock);
    DetectorRules rules = DetectorRules.of(monitored.stream()
        .map(m -> DetectorRule.of(m, DetectorRule.Direction.UP, 0.1, 0)).toArray(DetectorRule[]::new));
    SimulatedCloud actuator = new SimulatedCloud(CloudSpec.defaults().withEdgeSites(1), FaultSchedule.none());
    EdgeUplink[] uplink = new EdgeUplink[1];
    LocalRepair repair = new LocalRepair(clock, actuator, RunbookLoader.builtIn(), e -> uplink[0].audit(e));
    EdgeReasoner reasoner = new EdgeReasoner(SITE, new SeriesDetectors(rules), repair);
    uplink[0] = EdgeUplink.builder(SITE, bus, dir.resolve("outbox.db")).clock(clock).subscribePolicies(false)
        .drainBatch(10_000).build();
    if (policy != null) {
      uplink[0].policy().accept(policy);
    }
    double[] total = new double[ROUNDS];
    double[][] share = new double[ROUNDS][5];
    double[] drainRate = new double[ROUNDS];
    long uploadedPerWindow = 0;
    long[] detectionsTotal = {0};
    int w = 0;
    try {
      for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
        Stages s = new Stages();
        for (int i = 0; i < WINDOWS; i++, w++) {
          Instant t = clock.advance(Duration.ofSeconds(1));
          long a = System.nanoTime();
          pending[0] = parse.parse(w, t);
          long b = System.nanoTime();
          List<Sample> samples = collector.collect(t);
          long c = System.nanoTime();
          List<Detection> detections = reasoner.observe(samples);
          long d = System.nanoTime();
          uplink[0].window(t, samples, detections);
          long e = System.nanoTime();
          DrainResult r = uplink[0].drainOnce();
          long f = System.nanoTime();
          s.parse += b - a;
          s.validate += c - b;
          s.reason += d - c;
          s.upload += e - d;
          s.drain += f - e;
          s.samples += samples.size();
          s.detections += detections.size();
          detectionsTotal[0] += detections.size();
          if (r.failed() > 0) {
            throw new IllegalStateException("drain failed: " + r);
          }
        }
        if (round >= 0) {
          long pipeline = s.parse + s.validate + s.reason + s.upload;
          total[round] = s.samples / (pipeline / 1e9);
          share[round] = new double[] {s.parse / (double) pipeline, s.validate / (double) pipeline,
              s.reason / (double) pipeline, s.upload / (double) pipeline, s.drain / (double) pipeline};
          drainRate[round] = s.samples / (s.drain / 1e9);
          uploadedPerWindow = s.samples / WINDOWS;
        }
      }
      System.out.printf("%s, %,d samples a window:%n", title, uploadedPerWindow);
      System.out.printf("  parse → validate → reason → policy + outbox append: %,10.0f samples/s (median of %d rounds; "
          + "min %,.0f, max %,.0f)%n", median(total), ROUNDS, Arrays.stream(total).min().orElse(0),
          Arrays.stream(total).max().orElse(0));
      String[] names = {"parse", "validate", "reason", "policy + append", "drain (extra)"};
      StringBuilder sb = new StringBuilder("  share of the pipeline's time:");
      for (int k = 0; k < names.length; k++) {
        final int kk = k;
        sb.append(String.format(" %s %.0f%%", names[k], 100 * median(Arrays.stream(share).mapToDouble(x -> x[kk]).toArray())));
      }
      System.out.println(sb);
      System.out.printf("  uplink drain to the in-process bus (publish as stored + remove): %,10.0f samples/s%n",
          median(drainRate));
      System.out.printf("  upload policy: raw %,d aggregate %,d local-only %,d samples; aggregates emitted %,d%n",
          uplink[0].policy().samples(Mode.RAW), uplink[0].policy().samples(Mode.AGGREGATE),
          uplink[0].policy().samples(Mode.LOCAL_ONLY), uplink[0].policy().aggregatesEmitted());
      System.out.printf("  detections %,d, outbox entries sent %,d, rejected samples %s%n", detectionsTotal[0],
          uplink[0].outbox().sent(), collector.rejectedByReason());
    } finally {
      uplink[0].close();
      bus.close();
    }
  }

  static double median(double[] xs) {
    double[] c = xs.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  /** A node-exporter-like exposition: 1/3 gauges, 1/3 counters, 1/3 histogram series; window {@code w}. */
  static String exposition(int series, int w) {
    StringBuilder sb = new StringBuilder(series * 80);
    int third = series / 3;
    long base = 1_000_000L + w * 5_000L;
    sb.append("# HELP bench_temp_celsius A gauge.\n# TYPE bench_temp_celsius gauge\n");
    for (int i = 0; i < third; i++) {
      sb.append("bench_temp_celsius{chip=\"c").append(i % 50).append("\",sensor=\"s").append(i).append("\"} ")
          .append(20 + (i % 30) * 0.5 + ((w * 7 + i) % 5) * 0.1).append('\n');
    }
    sb.append("# HELP bench_bytes_total A counter.\n# TYPE bench_bytes_total counter\n");
    for (int i = 0; i < third; i++) {
      sb.append("bench_bytes_total{device=\"eth").append(i % 8).append("\",queue=\"").append(i).append("\"} ")
          .append(base + i * 1000L + (w * 13L + i) % 97).append('\n');
    }
    sb.append("# HELP bench_latency_seconds A histogram.\n# TYPE bench_latency_seconds histogram\n");
    int hist = series - 2 * third;
    String[] le = {"0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"};
    for (int i = 0; i < hist; ) {
      int route = i / (le.length + 2);
      for (int b = 0; b < le.length && i < hist; b++, i++) {
        sb.append("bench_latency_seconds_bucket{route=\"/r").append(route).append("\",le=\"").append(le[b]).append("\"} ")
            .append(base / 1000 + b * 10L + w * (b + 1)).append('\n');
      }
      if (i < hist) {
        sb.append("bench_latency_seconds_sum{route=\"/r").append(route).append("\"} ").append(base / 7).append('\n');
        i++;
      }
      if (i < hist) {
        sb.append("bench_latency_seconds_count{route=\"/r").append(route).append("\"} ").append(base / 1000 + 80 + w * 8L)
            .append('\n');
        i++;
      }
    }
    return sb.toString();
  }

  /** Half gauges, half cumulative monotonic sums; window {@code w}. */
  static ExportMetricsServiceRequest otlpRequest(int series, long timeNanos, int w) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    int half = series / 2;
    Gauge.Builder g = Gauge.newBuilder();
    for (int i = 0; i < half; i++) {
      g.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(20 + i % 30 + ((w + i) % 5) * 0.1)
          .addAttributes(kv("sensor", "s" + i)).addAttributes(kv("chip", "c" + i % 50)));
    }
    scope.addMetrics(Metric.newBuilder().setName("bench.temp").setGauge(g));
    Sum.Builder s = Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (int i = 0; i < series - half; i++) {
      s.addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(timeNanos)
          .setAsInt(1_000_000L * (w + 1) + i + (w * 13L + i) % 97)
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
}
