package io.sextant.common.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's own health as series of its site: each window an edge (and each tick the centre) takes
 * a few of its own gauges and counters (outbox depth, samples sent and dropped, scrape failures,
 * ingest lag, resident memory, heap...) as samples named {@code sextant_*} with
 * {@code resource="process:<site>/<process>"}, stored like any KPI, so dashboards chart a node's
 * health from the store, over the same time range as what it collected. Counters go up as they
 * are (cumulative since the process started), not as rates.
 *
 * <p>They are not shown to the detectors (like the {@link Heartbeat}, they are added to a
 * window's batch after them): they describe Sextant, not the site, and a rule or model that
 * learned on them would raise alarms about the monitoring on the site's resources. Nor do they
 * count as the site's data for the centre's no-data watch: an edge sending only these and its
 * heartbeat is one whose sources give nothing.
 */
public final class HealthSeries {
  public static final String PREFIX = "sextant_";
  /** The resource kind of a Sextant process. */
  public static final String KIND = "process:";
  /** The process name of an edge node, and of the centre. */
  public static final String EDGE = "edge";
  public static final String CENTRE = "central";
  public static final String RSS = PREFIX + "process_resident_memory_bytes";
  public static final String HEAP_USED = PREFIX + "jvm_heap_used_bytes";

  private static final Path STATUS = Path.of("/proc/self/status");

  private HealthSeries() {}

  public static String resource(String site, String process) {
    return KIND + site + "/" + process;
  }

  /**
   * A health sample: {@code metric} prefixed with {@code sextant_} unless it is already, the
   * labels with the process's resource; null when the value is not finite (the collector's
   * validation, which these samples do not pass through, would refuse it).
   */
  public static Sample sample(String site, String process, Instant time, String metric, Map<String, String> labels,
      double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    Map<String, String> l = new TreeMap<>(labels);
    l.put(Sample.RESOURCE, resource(site, process));
    return new Sample(site, metric.startsWith(PREFIX) ? metric : PREFIX + metric, Labels.copyOf(l), time, value);
  }

  /** Whether {@code s} is a Sextant process's own health series. */
  public static boolean is(Sample s) {
    return s.metric().startsWith(PREFIX) && s.resource().startsWith(KIND);
  }

  /** Resident set size of this process (VmRSS, Linux); NaN elsewhere. */
  public static double rssBytes() {
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

  /** Heap in use, all pools together. */
  public static double heapUsedBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
