package io.sextant.node.central.bench;

import io.sextant.testkit.bench.ProcessCpu;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time spent by each side of a round, so the comparison does not rest on throughput alone:
 * on a machine shared with other builds, a side's rate follows the momentary load, its CPU per
 * alert much less. Sextant's side is this JVM (the senders run in their own, {@link SenderProcess})
 * plus PostgreSQL's postmaster and every process under it; the reference is the Alertmanager
 * process. Linux only ({@code /proc}).
 */
final class CpuMeter {
  private final ProcessHandle postmaster;
  private final java.util.function.LongSupplier senders;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * @param postmaster the PostgreSQL server Sextant writes to (it runs detached from this JVM)
   * @param senders the senders' CPU nanoseconds so far
   */
  CpuMeter(ProcessHandle postmaster, java.util.function.LongSupplier senders) {
    this.postmaster = postmaster;
    this.senders = senders;
  }

  /** The postmaster of the server behind {@code data}: the parent of one of its backends. */
  static ProcessHandle postmasterOf(javax.sql.DataSource data) throws java.sql.SQLException {
    return ProcessCpu.postmasterOf(data);
  }

  /**
   * CPU nanoseconds so far: the server side of this JVM and its PostgreSQL (and PostgreSQL's share
   * of it), the senders' JVM, the reference.
   */
  record Reading(long sextantServer, long postgres, long client, long reference) {
    Reading minus(Reading o) {
      return new Reading(sextantServer - o.sextantServer, postgres - o.postgres, client - o.client,
          reference - o.reference);
    }
  }

  Reading read() {
    long jvm = os.getProcessCpuTime();
    long postgres = ProcessCpu.postgresNanos(postmaster);
    long reference = descendants(cmd -> cmd.contains("alertmanager"));
    return new Reading(jvm + postgres, postgres, senders.getAsLong(), reference);
  }

  /**
   * Where this JVM's server-side CPU goes, by thread group, in nanoseconds so far. Read from
   * {@code /proc/self/task}, which also lists the JVM's own threads (JIT compilers, GC) that
   * {@code ThreadMXBean} does not.
   */
  static Map<String, Long> byGroup() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String g : GROUPS) {
      out.put(g, 0L);
    }
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(t -> {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          String group = group(name);
          if (group != null) {
            out.merge(group, ProcessCpu.ticks(t, false) * ProcessCpu.NANOS_PER_TICK, Long::sum);
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read: its time is lost to both readings.
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/task", e);
    }
    return out;
  }

  static final List<String> GROUPS = List.of("requests", "event loop", "group commit", "pass-on and notify", "GC",
      "JIT", "other");

  /** The group of a thread by its name as Linux keeps it (15 characters at most). */
  static String group(String comm) {
    if (comm.startsWith("io-executor")) {
      return "requests";
    }
    if (comm.startsWith("default-eventLo") || comm.startsWith("nioEventLoop")) {
      return "event loop";
    }
    if (comm.startsWith("alarm-group-com")) {
      return "group commit";
    }
    if (comm.startsWith("alarm-pass-on") || comm.startsWith("sextant-notify")) {
      return "pass-on and notify";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "GC";
    }
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return "JIT";
    }
    return "other";
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
