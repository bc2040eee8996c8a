package io.sextant.store.bench;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Alarm;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Before/after benchmark of the alarm write, not a test: an older build's {@code AlarmTable}
 * (loaded from a copy of its {@code store/target/classes}) and this build's write batches in turn,
 * batch by batch, on one connection to one server, and each is charged the backend's on-CPU time
 * for its statement and commit ({@code /proc/PID/schedstat}, nanoseconds). Runs one after the
 * other ({@link AlarmWriteBench}) differ by ±10 % on a shared machine; here both see the same load
 * and the same tables, so the difference is the code's. The backend only: the WAL writer and the
 * checkpointer, which {@link AlarmWriteBench} also counts, write the same WAL for both.
 *
 * <p>Arguments: the older classes directory, rounds (after one warm-up round), batch pairs a
 * round, changes a batch. Usage in docs/benchmarks-alarms.md. Linux only.
 */
public final class AlarmWriteAbBench {
  private static final String TABLE = "io.sextant.store.AlarmTable";

  public static void main(String[] args) throws Exception {
    Path before = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 14;
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 150;
    // -Dbench.afterMethod=append: this build's write without the redelivery rules (AlarmTable.append);
    // -Dbench.beforeMethod=append: the older build's likewise (two versions of the append compared).
    Writer[] writers = {new Writer(beforeLoader(before), System.getProperty("bench.beforeMethod", "write")),
        new Writer(AlarmWriteAbBench.class.getClassLoader(), System.getProperty("bench.afterMethod", "write"))};
    AlarmWriteBench workload = new AlarmWriteBench();
    JsonCodec codec = JsonCodec.get();
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
        PostgresStore store = Stores.open(new StoreConfig(pg.jdbcUrl(), pg.user(), null, 2, null));
        Connection c = store.dataSource().getConnection()) {
      // Tables of some size first, as in a running centre (15,000 changes).
      for (int i = 0; i < 100; i++) {
        store.writeAlarms(workload.batch(150, i % 5 == 0));
      }
      Path schedstat = Path.of("/proc/" + backendPid(c) + "/schedstat");
      double[][] us = new double[2][rounds];
      double[] change = new double[rounds]; // after against before, round by round
      for (int r = -1; r < rounds; r++) {
        long[] nanos = new long[2];
        long[] changes = new long[2];
        for (int p = 0; p < pairs; p++) {
          for (int turn = 0; turn < 2; turn++) {
            int w = (turn + p) % 2; // who goes first alternates too
            List<Alarm> batch = workload.batch(batchSize, p % 5 == 0);
            List<byte[]> docs = new ArrayList<>(batch.size());
            for (Alarm a : batch) {
              docs.add(codec.encode(a));
            }
            long t0 = onCpu(schedstat);
            writers[w].write(c, batch, docs);
            c.commit();
            nanos[w] += onCpu(schedstat) - t0;
            changes[w] += batch.size();
          }
        }
        if (r >= 0) {
          for (int w = 0; w < 2; w++) {
            us[w][r] = nanos[w] / 1e3 / changes[w];
          }
          change[r] = 100 * (us[1][r] / us[0][r] - 1);
        }
        System.out.printf("round %d: PostgreSQL backend CPU µs/change: before %.1f, after %.1f (%+.1f %%)%s%n", r,
            nanos[0] / 1e3 / changes[0], nanos[1] / 1e3 / changes[1],
            100.0 * (nanos[1] / (double) changes[1] / (nanos[0] / (double) changes[0]) - 1), r < 0 ? " (warm-up)" : "");
      }
      double b = AlarmWriteBench.median(us[0]);
      double a = AlarmWriteBench.median(us[1]);
      System.out.printf("median of %d rounds, batches of %d: PostgreSQL backend CPU before %.1f, after %.1f µs/change "
          + "(%+.1f %%); median of the rounds' changes %+.1f %%%n", rounds, batchSize, b, a, 100 * (a / b - 1),
          AlarmWriteBench.median(change));
    }
  }

  /** Loads the table class itself from the older build, everything else from this one. */
  private static ClassLoader beforeLoader(Path classes) throws Exception {
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, AlarmWriteAbBench.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(TABLE)) {
          return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : findClass(name);
        }
      }
    };
  }

  private static long backendPid(Connection c) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long pid = rs.getLong(1);
      c.commit();
      return pid;
    }
  }

  /** The first field of schedstat: nanoseconds the task ran on a CPU. */
  private static long onCpu(Path schedstat) throws Exception {
    String s = Files.readString(schedstat);
    return Long.parseLong(s.substring(0, s.indexOf(' ')));
  }

  /** One build's {@code AlarmTable.write}, package-private, reached by reflection. */
  private static final class Writer {
    private final Object table;
    private final Method write;

    Writer(ClassLoader loader, String method) throws Exception {
      Class<?> type = loader.loadClass(TABLE);
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      table = constructor.newInstance();
      write = type.getDeclaredMethod(method, Connection.class, List.class, List.class);
      write.setAccessible(true);
    }

    void write(Connection c, List<Alarm> batch, List<byte[]> docs) throws Exception {
      write.invoke(table, c, batch, docs);
    }
  }
}
