package io.sextant.node.central.bench;

import io.sextant.testkit.bench.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.Predicate;

/**
 * CPU time spent by each side of a round, so the comparison does not rest on throughput alone:
 * on a machine shared with other builds, a side's rate follows the momentary load, its CPU per
 * alert much less. Sextant's side is this JVM less the bench's own sender threads (the HTTP
 * client, named {@link #SENDER_PREFIX} and {@code HttpClient-*}) plus PostgreSQL's postmaster
 * and every process under it; the reference is the Alertmanager process. Linux only ({@code /proc}).
 */
final class CpuMeter {
  static final String SENDER_PREFIX = "bench-sender-";

  private final ProcessHandle postmaster;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** @param postmaster the PostgreSQL server Sextant writes to (it runs detached from this JVM) */
  CpuMeter(ProcessHandle postmaster) {
    this.postmaster = postmaster;
  }

  /** The postmaster of the server behind {@code data}: the parent of one of its backends. */
  static ProcessHandle postmasterOf(javax.sql.DataSource data) throws java.sql.SQLException {
    return ProcessCpu.postmasterOf(data);
  }

  /**
   * CPU nanoseconds so far: the server side of this JVM and its PostgreSQL (and PostgreSQL's share
   * of it), the client threads, the reference.
   */
  record Reading(long sextantServer, long postgres, long client, long reference) {
    Reading minus(Reading o) {
      return new Reading(sextantServer - o.sextantServer, postgres - o.postgres, client - o.client,
          reference - o.reference);
    }
  }

  Reading read() {
    long client = clientThreads();
    long jvm = os.getProcessCpuTime();
    long postgres = ProcessCpu.postgresNanos(postmaster);
    long reference = descendants(cmd -> cmd.contains("alertmanager"));
    return new Reading(jvm - client + postgres, postgres, client, reference);
  }

  private long clientThreads() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(SENDER_PREFIX) || t.getName().startsWith("HttpClient-")) {
        long ns = threads.getThreadCpuTime(t.getId());
        sum += Math.max(0, ns);
      }
    }
    return sum;
  }

  private static long descendants(Predicate<String> command) {
    // The reference is started by this JVM and stays its child.
    List<ProcessHandle> ps = ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(command::test).orElse(false)).toList();
    long ticks = 0;
    for (ProcessHandle p : ps) {
      ticks += ProcessCpu.ticks(p.pid(), false);
    }
    return ticks * ProcessCpu.NANOS_PER_TICK;
  }
}
