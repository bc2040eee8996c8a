package io.sextant.collector.metrics;

import io.sextant.collector.metrics.MetricsRegistry.Point;
import io.sextant.collector.metrics.MetricsRegistry.Type;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process's own footprint, under the names the Prometheus Java client uses, so the dashboards
 * and alerts operators have for any JVM exporter work on an edge as is: resident memory and CPU
 * (what a small gateway runs out of), heap and non-heap in use, time spent in GC.
 */
public final class ProcessMetrics {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMetrics() {}

  public static void bind(MetricsRegistry r) {
    r.single("process_resident_memory_bytes", "Resident set size (VmRSS).", Type.GAUGE, ProcessMetrics::rssBytes);
    r.single("process_cpu_seconds_total", "User and system CPU time of the process.", Type.COUNTER,
        ProcessMetrics::cpuSeconds);
    r.single("process_start_time_seconds", "Start time of the process, seconds since the epoch.", Type.GAUGE,
        () -> ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    r.register("jvm_memory_used_bytes", "JVM memory in use, by area.", Type.GAUGE, () -> {
      var m = ManagementFactory.getMemoryMXBean();
      return List.of(point("heap", m.getHeapMemoryUsage().getUsed()), point("nonheap", m.getNonHeapMemoryUsage().getUsed()));
    });
    r.register("jvm_memory_max_bytes", "JVM memory limit, by area (-1: none).", Type.GAUGE, () -> {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
      return List.of(point("heap", heap.getMax()), point("nonheap", nonHeap.getMax()));
    });
    r.register("jvm_gc_collection_seconds_total", "Time spent in garbage collection, by collector.", Type.COUNTER, () -> {
      List<Point> out = new ArrayList<>();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        out.add(new Point(Map.of("gc", gc.getName()), Math.max(0, gc.getCollectionTime()) / 1000.0));
      }
      return out;
    });
  }

  private static Point point(String area, long bytes) {
    return new Point(Map.of("area", area), bytes);
  }

  /** VmRSS from /proc (Linux); NaN elsewhere, which the endpoint renders as such. */
  static double rssBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024.0; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted
    }
    return Double.NaN;
  }

  static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }
}
