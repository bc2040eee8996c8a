package io.sextant.collector.source.host;

import io.sextant.collector.rate.CounterRates;
import io.sextant.collector.source.Source;
import io.sextant.common.model.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Reads the host's KPIs once per window. Rates and CPU fractions need two reads, so the first
 * window gives memory only; rates use the injected clock's time of the read as their time base.
 * The roots are parameters so tests can point at fixture trees. One instance per node, called
 * from the collector's thread.
 *
 * <p>Metrics: {@code host_cpu_ratio{mode}} (share of all CPU time in each mode since the last
 * read), {@code host_cpu_busy_ratio} overall and per {@code cpu}, {@code host_memory_*_bytes},
 * {@code host_memory_used_ratio} (1 − available/total), {@code host_disk_*:rate{device}} and
 * {@code host_disk_io_time_ratio}, {@code host_network_*:rate{interface}}.
 */
public final class HostSource implements Source {
  static final String[] CPU_MODES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
  private static final String[] NET_FIELDS = {"receive_bytes", "receive_packets", "receive_errors", "receive_drops",
      "", "", "", "", "transmit_bytes", "transmit_packets", "transmit_errors", "transmit_drops"};
  private static final Map<String, String> MEMINFO = Map.of(
      "MemTotal", "host_memory_total_bytes", "MemAvailable", "host_memory_available_bytes",
      "MemFree", "host_memory_free_bytes", "Buffers", "host_memory_buffers_bytes",
      "Cached", "host_memory_cached_bytes", "SwapTotal", "host_memory_swap_total_bytes",
      "SwapFree", "host_memory_swap_free_bytes");

  private record Key(String metric, String label) {}

  private final String site;
  private final String resource;
  private final Path proc;
  private final Path sys;
  private final Clock clock;
  private final CounterRates<Key> rates = new CounterRates<>();
  private final Map<String, long[]> lastCpu = new HashMap<>();

  /** {@code node} names the host; samples carry {@code resource=node:<site>/<node>}. */
  public HostSource(String site, String node, Path procRoot, Path sysRoot, Clock clock) {
    this.site = site;
    this.resource = "node:" + site + "/" + node;
    this.proc = procRoot;
    this.sys = sysRoot;
    this.clock = clock;
  }

  public static HostSource ofThisHost(String site, String node, Clock clock) {
    return new HostSource(site, node, Path.of("/proc"), Path.of("/sys"), clock);
  }

  @Override
  public String name() {
    return "host";
  }

  @Override
  public List<Sample> collect(Instant windowEnd) throws IOException {
    List<Sample> out = new ArrayList<>();
    long now = clock.millis();
    cpu(windowEnd, out);
    memory(windowEnd, out);
    disks(windowEnd, now, out);
    network(windowEnd, now, out);
    rates.endRound();
    return out;
  }

  private void cpu(Instant t, List<Sample> out) throws IOException {
    for (String line : Files.readAllLines(proc.resolve("stat"))) {
      if (!line.startsWith("cpu")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      long[] ticks = new long[CPU_MODES.length];
      for (int i = 0; i < ticks.length && i + 1 < f.length; i++) {
        ticks[i] = Long.parseLong(f[i + 1]);
      }
      long[] prev = lastCpu.put(f[0], ticks);
      if (prev == null) {
        continue;
      }
      long total = 0;
      long[] delta = new long[ticks.length];
      for (int i = 0; i < ticks.length; i++) {
        delta[i] = Math.max(0, ticks[i] - prev[i]); // a counter going back (hotplug) counts as no time
        total += delta[i];
      }
      if (total == 0) {
        continue; // no tick elapsed since the last read: no information
      }
      double busy = 1.0 - (double) (delta[3] + delta[4]) / total; // idle and iowait are not busy
      if (f[0].equals("cpu")) {
        for (int i = 0; i < ticks.length; i++) {
          out.add(sample("host_cpu_ratio", t, (double) delta[i] / total, "mode", CPU_MODES[i]));
        }
        out.add(sample("host_cpu_busy_ratio", t, busy));
      } else {
        out.add(sample("host_cpu_busy_ratio", t, busy, "cpu", f[0].substring(3)));
      }
    }
  }

  private void memory(Instant t, List<Sample> out) throws IOException {
    Map<String, Long> kb = new HashMap<>();
    for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      if (MEMINFO.containsKey(key)) {
        kb.put(key, Long.parseLong(line.substring(colon + 1).trim().split("\\s+")[0]));
      }
    }
    kb.forEach((k, v) -> out.add(sample(MEMINFO.get(k), t, v * 1024.0)));
    Long total = kb.get("MemTotal");
    Long avail = kb.get("MemAvailable");
    if (total != null && avail != null && total > 0) {
      out.add(sample("host_memory_used_ratio", t, 1.0 - (double) avail / total));
    }
  }

  private void disks(Instant t, long now, List<Sample> out) throws IOException {
    List<String> wholeDisks;
    try (Stream<Path> s = Files.list(sys.resolve("block"))) {
      wholeDisks = s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("loop") && !n.startsWith("ram")).toList();
    }
    for (String line : Files.readAllLines(proc.resolve("diskstats"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 14 || !wholeDisks.contains(f[2])) {
        continue;
      }
      String dev = f[2];
      rate(out, t, now, "host_disk_reads", dev, Long.parseLong(f[3]), 1);
      rate(out, t, now, "host_disk_read_bytes", dev, Long.parseLong(f[5]), 512); // sectors are 512 B here
      rate(out, t, now, "host_disk_writes", dev, Long.parseLong(f[7]), 1);
      rate(out, t, now, "host_disk_written_bytes", dev, Long.parseLong(f[9]), 512);
      // milliseconds spent doing I/O per second of wall time: the share of time the disk was busy
      OptionalDouble busy = rates.rate(new Key("host_disk_io_time", dev), Long.parseLong(f[12]), now);
      if (busy.isPresent()) {
        out.add(sample("host_disk_io_time_ratio", t, Math.min(1.0, busy.getAsDouble() / 1000.0), "device", dev));
      }
    }
  }

  private void network(Instant t, long now, List<Sample> out) throws IOException {
    for (String line : Files.readAllLines(proc.resolve("net/dev"))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue; // the two header lines
      }
      String iface = line.substring(0, colon).trim();
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      for (int i = 0; i < NET_FIELDS.length && i < f.length; i++) {
        if (!NET_FIELDS[i].isEmpty()) {
          rate(out, t, now, "host_network_" + NET_FIELDS[i], iface, Long.parseLong(f[i]), 1);
        }
      }
    }
  }

  private void rate(List<Sample> out, Instant t, long now, String metric, String label, long value, double scale) {
    OptionalDouble r = rates.rate(new Key(metric, label), value, now);
    if (r.isPresent()) {
      String labelName = metric.startsWith("host_disk") ? "device" : "interface";
      out.add(sample(metric + ":rate", t, r.getAsDouble() * scale, labelName, label));
    }
  }

  private Sample sample(String metric, Instant t, double v, String... kv) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Sample.RESOURCE, resource);
    for (int i = 0; i < kv.length; i += 2) {
      labels.put(kv[i], kv[i + 1]);
    }
    return new Sample(site, metric, labels, t, v);
  }
}
