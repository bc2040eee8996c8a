package io.sextant.deploy.bench;

import com.sun.net.httpserver.HttpServer;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.deploy.lab.ChildProcess;
import io.sextant.node.edge.EdgeNode;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.sim.CloudSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's footprint, measured on the real process: ONE live {@code sextant edge} child JVM
 * (configured by YAML only, as an operator runs it) scrapes 10,000 series at 1 Hz from a
 * Prometheus text target served by this JVM, runs a detector on every one of them and uploads
 * through its SQLite outbox to a real Pulsar ({@code sextant pulsar} child). After a warm-up it is
 * sampled from outside: live heap after a forced full GC (class histogram), RSS, CPU, GC counts
 * and its own /metrics; this JVM subscribes to the site's samples topic to count what actually
 * arrived. A {@code main}, not a test: it runs for minutes and its figures are for a human.
 *
 * <pre>
 * java -cp ... io.sextant.deploy.bench.EdgeProcessFootprint [--heaps 64m,48m] [--warmup 120]
 *     [--measure 180] [--every 20] [--detector baseline|novelty] [--gauges 80] [--counters 20]
 *     [--values 100] [--dir DIR] [--launcher DIST/bin/sextant]
 * </pre>
 *
 * With {@code --launcher}, the edge is started as an operator starts it, by an unpacked
 * distribution's {@code bin/sextant edge} with that launcher's JVM options and class path
 * ({@code --heaps} is then ignored: the launcher's heap is measured). Without it, the edge child
 * gets what {@link ChildProcess} passes: {@code -Xmx<heap> -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
 * on this JVM's class path.
 */
public final class EdgeProcessFootprint {
  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
  private static final String SITE = "edge-1";
  private static final String TARGET = "bench";
  /** Children still running, closed by a shutdown hook when this JVM is stopped early. */
  private static final List<ChildProcess> CHILDREN = new java.util.concurrent.CopyOnWriteArrayList<>();

  private EdgeProcessFootprint() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    Path launcher = opt.containsKey("launcher") ? Path.of(opt.get("launcher")).toAbsolutePath() : null;
    List<String> heaps = launcher != null ? List.of("launcher") : List.of(opt.getOrDefault("heaps", "64m").split(","));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "120"));
    int measure = Integer.parseInt(opt.getOrDefault("measure", "180"));
    int every = Integer.parseInt(opt.getOrDefault("every", "20"));
    String detector = opt.getOrDefault("detector", "baseline");
    int gauges = Integer.parseInt(opt.getOrDefault("gauges", "80"));
    int counters = Integer.parseInt(opt.getOrDefault("counters", "20"));
    int values = Integer.parseInt(opt.getOrDefault("values", "100"));
    Path dir = opt.containsKey("dir") ? Files.createDirectories(Path.of(opt.get("dir")))
        : Files.createTempDirectory("edge-footprint-");
    Exposition exposition = new Exposition(gauges, counters, values);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(ChildProcess::close), "close-children"));
    System.out.printf("EdgeProcessFootprint: %d series (%d gauges + %d counters x %d label values), %s detector on"
            + " every metric, heaps %s, warm-up %ds, measure %ds every %ds; nproc %d, %s; logs in %s%n",
        exposition.series(), gauges, counters, values, detector, heaps, warmup, measure, every,
        Runtime.getRuntime().availableProcessors(), memTotal(), dir);

    HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    target.createContext("/metrics", x -> {
      byte[] body = exposition.scrape().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    });
    target.setExecutor(Executors.newSingleThreadExecutor());
    target.start();
    try (BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT,
        CloudSpec.defaults().withEdgeSites(1).siteIds()).withLog(dir.resolve("pulsar.log")))) {
      String serviceUrl = pulsar.serviceUrl();
      // What reached the bus, by window (epoch second), decoded as the centre would decode it.
      Map<Long, Integer> uploaded = new ConcurrentHashMap<>();
      try (PulsarBus raw = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, SITE)); MessageBus bus = new MessageBus(raw);
          Bus.Subscription sub = bus.subscribe(Topic.SAMPLES, "footprint-bench",
              b -> uploaded.merge(b.time().getEpochSecond(), b.samples().size(), Integer::sum))) {
        List<String> summaries = new ArrayList<>();
        for (String heap : heaps) {
          summaries.add(run(launcher, heap, dir, serviceUrl, target.getAddress().getPort(), exposition, detector, warmup,
              measure, every, uploaded));
        }
        System.out.println();
        System.out.println("Summary (medians over the samples of each run):");
        summaries.forEach(System.out::println);
      }
    } finally {
      target.stop(0);
    }
    System.exit(0); // the Pulsar client's threads are not all daemons
  }

  /** One edge child at one heap size: warm-up, then samples; returns its summary line. */
  private static String run(Path launcher, String heap, Path dir, String serviceUrl, int targetPort, Exposition exposition,
      String detector, int warmup, int measure, int every, Map<Long, Integer> uploaded) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data-" + heap));
    int metricsPort = freePort();
    Path yaml = Files.writeString(dir.resolve("edge-" + heap + ".yaml"), """
        site: %s
        data-dir: %s
        interval: 1s
        bus: {type: pulsar, service-url: %s}
        ports: {metrics: %d}
        sources:
          scrape:
            - name: %s
              url: http://127.0.0.1:%d/metrics
              labels: {job: bench}
              timeout: 900ms
        detection:
          rules:
        %s""".formatted(SITE, data, serviceUrl, metricsPort, TARGET, targetPort, exposition.rules(detector)));
    Path log = dir.resolve("edge-" + heap + ".log");
    List<String> edgeArgs = List.of("edge", "--config", yaml.toString());
    ChildProcess child;
    if (launcher != null) {
      System.out.printf("%n== %s edge (the launcher's JVM options), config %s%n", launcher, yaml);
      List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
      cmd.addAll(edgeArgs);
      Map<String, String> env = new TreeMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
          "JAVA_HOME", System.getProperty("java.home")));
      for (String pass : List.of("SEXTANT_JAVA_OPTS", "JAVA_OPTS", "MALLOC_ARENA_MAX",
          "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")) { // to try other options
        if (System.getenv(pass) != null) {
          env.put(pass, System.getenv(pass));
        }
      }
      child = ChildProcess.startCommand("edge", cmd, env, log);
    } else {
      System.out.printf("%n== -Xmx%s (SerialGC, C1 only), config %s%n", heap, yaml);
      child = ChildProcess.start("edge-" + heap, heap, log, edgeArgs);
    }
    try (ChildProcess edge = child) {
      CHILDREN.add(edge);
      System.out.println(edge.awaitLine(EdgeNode.READY, Duration.ofMinutes(3)));
      long pid = edge.pid();
      long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
      while (System.nanoTime() < warmEnd && edge.isAlive()) {
        Thread.sleep(1000);
      }
      if (!edge.isAlive()) {
        return broke(heap, edge, "during warm-up");
      }
      Map<String, Double> m0 = metrics(metricsPort);
      Gc gc0 = Gc.read(pid);
      Instant start = Instant.now();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(measure);
      System.out.println(" time     load1 | live heap  committed  metaspace | RSS MB | CPU cores | young GC/s"
          + " full GC/s GC share | accepted/s rejected outbox skipped | uploaded/s | detectors");
      List<Row> rows = new ArrayList<>();
      while (System.nanoTime() < end) {
        // CPU, samples and GCs are taken over each interval *before* the forced GC that ends it.
        double cpu0 = cpuSeconds(pid);
        Map<String, Double> a = metrics(metricsPort);
        Gc g0 = Gc.read(pid);
        long t0 = System.nanoTime();
        Instant w0 = Instant.now();
        Thread.sleep(TimeUnit.SECONDS.toMillis(every));
        if (!edge.isAlive()) {
          return broke(heap, edge, "while measuring");
        }
        double cpu1 = cpuSeconds(pid);
        double secs = (System.nanoTime() - t0) / 1e9;
        Instant w1 = Instant.now();
        Map<String, Double> b = metrics(metricsPort);
        Gc g1 = Gc.read(pid);
        double rss = status(pid, "VmRSS");
        Histogram h = Histogram.read(pid); // a full GC, then the live objects
        HeapInfo hi = HeapInfo.read(pid);
        long up = uploaded.entrySet().stream()
            .filter(e -> e.getKey() > w0.getEpochSecond() && e.getKey() <= w1.getEpochSecond() - 3)
            .mapToLong(Map.Entry::getValue).sum();
        double upSecs = Math.max(1, w1.getEpochSecond() - 3 - w0.getEpochSecond());
        Row r = new Row(loadAverage(), h.totalBytes / 1e6, hi.committedKb / 1e3, hi.metaspaceKb / 1e3,
            rss / 1e3, (cpu1 - cpu0) / secs, (g1.young - g0.young) / secs, (g1.full - g0.full) / secs,
            (g1.youngSeconds - g0.youngSeconds + g1.fullSeconds - g0.fullSeconds) / secs,
            (delta(a, b, "sextant_collector_samples_accepted_total")) / secs,
            delta(a, b, "sextant_collector_samples_rejected_total"), sum(b, "sextant_outbox_depth"),
            delta(a, b, "sextant_edge_windows_skipped_total"), up / upSecs, h.detectors);
        rows.add(r);
        System.out.printf(Locale.ROOT, " %s %5.2f | %6.1f MB  %5.1f MB  %5.1f MB | %6.1f | %5.2f | %5.2f %5.2f %5.2f"
                + " | %8.0f %5.0f %6.0f %4.0f | %8.0f | %6d%n",
            w1.toString().substring(11, 19), r.load, r.liveMb, r.committedMb, r.metaspaceMb, r.rssMb, r.cores,
            r.youngPerSec, r.fullPerSec, r.gcShare, r.acceptedPerSec, r.rejected, r.outbox, r.skipped, r.uploadedPerSec, r.detectors);
      }
      Map<String, Double> m1 = metrics(metricsPort);
      Gc gc1 = Gc.read(pid);
      double secs = Duration.between(start, Instant.now()).toMillis() / 1e3;
      double scrapes = delta(m0, m1, "sextant_scrape_total");
      double skipped = delta(m0, m1, "sextant_edge_windows_skipped_total");
      double failures = delta(m0, m1, "sextant_scrape_failures_total");
      long windowsUploaded = uploaded.keySet().stream()
          .filter(k -> k > start.getEpochSecond() && k <= start.getEpochSecond() + (long) secs - 3).count();
      System.out.printf(Locale.ROOT, " over %.0f s: %.0f scrapes (%.0f failed), %.0f windows skipped, %d of %d windows"
              + " seen on the bus; full GCs %d (%d forced by this bench), young GCs %d taking %.1f s; VmHWM %.1f MB;"
              + " outbox sent %.0f of %.0f appended%n",
          secs, scrapes, failures, skipped, windowsUploaded, (long) secs - 3, gc1.full - gc0.full, rows.size(),
          gc1.young - gc0.young, gc1.youngSeconds - gc0.youngSeconds, status(pid, "VmHWM") / 1e3,
          delta(m0, m1, "sextant_outbox_sent_total"), delta(m0, m1, "sextant_outbox_appended_total"));
      System.out.println(" largest live classes after a full GC:");
      jcmd(pid, "GC.class_histogram").lines().skip(2).limit(15).forEach(l -> System.out.println("  " + l));
      String nmt = jcmd(pid, "VM.native_memory", "summary");
      if (nmt.contains("Total:")) {
        System.out.println(nmt);
      }
      return String.format(Locale.ROOT, " -Xmx%-5s load %.1f | live heap %.1f MB, %.1f MB committed,"
              + " metaspace %.1f MB | RSS %.1f MB | %.2f cores | %.2f full GC/s, GC %.0f%% of the time | %.0f accepted/s, %.0f uploaded/s"
              + " | %.0f skipped,"
              + " %.0f scrape failures in %.0f s | %d detectors", heap, median(rows, Row::load),
          median(rows, Row::liveMb), median(rows, Row::committedMb),
          median(rows, Row::metaspaceMb), median(rows, Row::rssMb), median(rows, Row::cores), median(rows, Row::fullPerSec),
          100 * median(rows, Row::gcShare),
          median(rows, Row::acceptedPerSec), median(rows, Row::uploadedPerSec), skipped, failures, secs,
          rows.get(rows.size() - 1).detectors);
    }
  }

  private static String broke(String heap, ChildProcess edge, String when) {
    String tail = edge.tail(25);
    System.out.println(" the edge died " + when + ":\n" + tail);
    return " -Xmx" + heap + ": died " + when + (tail.contains("OutOfMemoryError") ? " (OutOfMemoryError)" : "");
  }

  record Row(double load, double liveMb, double committedMb, double metaspaceMb, double rssMb,
      double cores, double youngPerSec, double fullPerSec, double gcShare, double acceptedPerSec, double rejected, double outbox, double skipped,
      double uploadedPerSec, long detectors) {}

  private static double median(List<Row> rows, ToDoubleFunction<Row> f) {
    double[] v = rows.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * 10,000 series by default: gauges that wander ±1% around their level every scrape, and
   * counters that grow by a noisy per-series rate (the edge turns them into {@code <name>:rate}).
   */
  static final class Exposition {
    private final int gauges;
    private final int counters;
    private final String[] prefixes;
    private final double[] level;
    private final double[] value;
    private final SplittableRandom random = new SplittableRandom(4);
    private final StringBuilder text = new StringBuilder(1 << 20);

    Exposition(int gauges, int counters, int values) {
      this.gauges = gauges;
      this.counters = counters;
      int n = (gauges + counters) * values;
      prefixes = new String[n];
      level = new double[n];
      value = new double[n];
      for (int m = 0, i = 0; m < gauges + counters; m++) {
        for (int v = 0; v < values; v++, i++) {
          // Not "instance": the scrape target's own instance label (host:port) replaces it.
          prefixes[i] = name(m) + "{pod=\"p-" + v + "\",region=\"r" + (v % 4) + "\"} ";
          level[i] = 10 + random.nextDouble(1000);
        }
      }
    }

    private String name(int m) {
      return m < gauges ? "bench_gauge_" + m : "bench_requests_" + (m - gauges) + "_total";
    }

    int series() {
      return prefixes.length;
    }

    /** One detection rule per metric, as the edge names the samples. */
    String rules(String detector) {
      StringBuilder b = new StringBuilder();
      for (int m = 0; m < gauges + counters; m++) {
        String metric = m < gauges ? name(m) : name(m) + ":rate";
        b.append("    - {metric: \"").append(metric).append("\", detector: ").append(detector)
            .append(", minRelativeEffect: 0.2}\n");
      }
      return b.toString();
    }

    synchronized String scrape() {
      text.setLength(0);
      int perMetric = prefixes.length / (gauges + counters);
      for (int i = 0; i < prefixes.length; i++) {
        int m = i / perMetric;
        if (i % perMetric == 0) {
          text.append("# TYPE ").append(name(m)).append(m < gauges ? " gauge\n" : " counter\n");
        }
        if (m < gauges) {
          value[i] = level[i] * (1 + 0.01 * gaussian());
        } else {
          value[i] += Math.max(0, level[i] * (1 + 0.1 * gaussian()));
        }
        text.append(prefixes[i]).append(value[i]).append('\n');
      }
      return text.toString();
    }

    private double gaussian() {
      double u = random.nextDouble(1e-12, 1);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
  }

  /** The edge's own /metrics, summed over labels by metric name. */
  private static Map<String, Double> metrics(int port) throws IOException, InterruptedException {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> sums = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
      try {
        sums.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return sums;
  }

  private static double sum(Map<String, Double> m, String name) {
    return m.getOrDefault(name, 0.0);
  }

  private static double delta(Map<String, Double> a, Map<String, Double> b, String name) {
    return sum(b, name) - sum(a, name);
  }

  /** Live heap from {@code GC.class_histogram}: it forces a full GC and counts what survives. */
  record Histogram(long totalBytes, long detectors) {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern DETECTOR = Pattern.compile(
        "(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+io\\.sextant\\.edge\\.detect\\.(BaselineDetector|ScoredDetector)\\s*$");

    static Histogram read(long pid) throws IOException, InterruptedException {
      String out = jcmd(pid, "GC.class_histogram");
      Matcher t = TOTAL.matcher(out);
      if (!t.find()) {
        throw new IOException("no Total in GC.class_histogram of " + pid + ":\n" + out.lines().limit(10).toList());
      }
      long detectors = 0;
      for (Matcher d = DETECTOR.matcher(out); d.find(); ) {
        detectors += Long.parseLong(d.group(1));
      }
      return new Histogram(Long.parseLong(t.group(2)), detectors);
    }
  }

  /**
   * {@code GC.heap_info} of the serial collector: committed size of both generations and of
   * metaspace. Its "used" is not a live figure (eden refills between the full GC and this call).
   */
  record HeapInfo(long committedKb, long metaspaceKb) {
    private static final Pattern GEN = Pattern.compile("generation\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern META = Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K");

    static HeapInfo read(long pid) throws IOException, InterruptedException {
      String out = jcmd(pid, "GC.heap_info");
      long committed = 0;
      for (Matcher g = GEN.matcher(out); g.find(); ) {
        committed += Long.parseLong(g.group(1));
      }
      Matcher m = META.matcher(out);
      return new HeapInfo(committed, m.find() ? Long.parseLong(m.group(2)) : 0);
    }
  }

  /** Collections so far, from the JVM's perf counters (collector 0: young, 1: full). */
  record Gc(long young, double youngSeconds, long full, double fullSeconds) {
    static Gc read(long pid) throws IOException, InterruptedException {
      String out = jcmd(pid, "PerfCounter.print");
      double hz = counter(out, "sun.os.hrt.frequency");
      return new Gc((long) counter(out, "sun.gc.collector.0.invocations"),
          counter(out, "sun.gc.collector.0.time") / hz, (long) counter(out, "sun.gc.collector.1.invocations"),
          counter(out, "sun.gc.collector.1.time") / hz);
    }

    private static double counter(String out, String name) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\d+)").matcher(out);
      return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
  }

  private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(JCMD.toString(), Long.toString(pid)));
    cmd.addAll(Arrays.asList(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** utime + stime of the process, in seconds (clock ticks of 100 Hz, as on every Linux we run on). */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** A kB field of /proc/PID/status. */
  private static double status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Double.parseDouble(line.substring(field.length() + 1).replace("kB", "").strip());
      }
    }
    return Double.NaN;
  }

  private static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  private static String memTotal() throws IOException {
    return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opt = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
      }
      opt.put(args[i].substring(2), args[++i]);
    }
    return opt;
  }
}
