package io.sextant.collector.metrics;

import static io.sextant.collector.metrics.Meters.counter;
import static io.sextant.collector.metrics.Meters.gauge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.sextant.common.model.HealthSeries;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The process's own footprint: Micrometer's JVM and process binders (memory per pool as
 * {@code jvm_memory_used_bytes{area,id}}, GC pauses, threads, CPU usage, uptime and
 * {@code process_start_time_seconds}, the names the centre exposes too), plus what they lack under
 * the Prometheus Java client's names, which operators' alerts for any JVM use: resident memory
 * ({@code process_resident_memory_bytes}, what a small gateway runs out of), CPU seconds and GC
 * time per collector. Close it to detach the GC listener.
 */
public final class ProcessMetrics implements MeterBinder, AutoCloseable {
  public static final String RSS = "process_resident_memory_bytes";

  private final JvmGcMetrics gc = new JvmGcMetrics();

  @Override
  public void bindTo(MeterRegistry r) {
    new JvmMemoryMetrics().bindTo(r);
    gc.bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    gauge(r, RSS, "Resident set size (VmRSS).", this, p -> HealthSeries.rssBytes());
    counter(r, "process_cpu_seconds_total", "User and system CPU time of the process.", this, p -> cpuSeconds());
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      counter(r, "jvm_gc_collection_seconds_total", "Time spent in garbage collection, by collector.", b,
          x -> Math.max(0, x.getCollectionTime()) / 1000.0, "gc", b.getName());
    }
  }

  @Override
  public void close() {
    gc.close();
  }

  static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }
}
