package io.sextant.testkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/** CPU time of other processes, read from {@code /proc} (Linux only): what benches charge to PostgreSQL. */
public final class ProcessCpu {
  /** {@code /proc/PID/stat} counts in clock ticks; 100 a second on Linux (getconf CLK_TCK). */
  public static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessCpu() {}

  /** The postmaster of the server behind {@code data}: the parent of one of its backends. */
  public static ProcessHandle postmasterOf(DataSource data) throws java.sql.SQLException {
    try (var c = data.getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long backend = rs.getLong(1);
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
          .orElseThrow(() -> new IllegalStateException("no parent process of PostgreSQL backend " + backend));
    }
  }

  /**
   * CPU nanoseconds of a PostgreSQL server so far: the postmaster's own and that of the children
   * it has reaped (autovacuum workers come and go), plus its live children's (backends, writers).
   */
  public static long postgresNanos(ProcessHandle postmaster) {
    return (ticks(postmaster.pid(), true) + postmaster.descendants().mapToLong(p -> ticks(p.pid(), false)).sum())
        * NANOS_PER_TICK;
  }

  /** utime + stime of a process (all its threads), with its reaped children's when asked; 0 once it is gone. */
  public static long ticks(long pid, boolean reapedChildren) {
    return ticks(Path.of("/proc/" + pid), reapedChildren);
  }

  /** The same for a {@code /proc} entry: a process, or one thread ({@code /proc/self/task/TID}). */
  public static long ticks(Path proc, boolean reapedChildren) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return reapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
