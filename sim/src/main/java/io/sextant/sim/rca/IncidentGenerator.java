package io.sextant.sim.rca;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulates a {@link ServiceApp}'s metrics, normal and under one fault, row by row. A service's
 * latency is its own work plus the latency of the calls it makes (share-weighted), its error rate
 * its own plus a part of its callees', so a delay or loss in a dependency shows in every caller
 * above it, weaker; CPU, memory and disk faults show in the faulty service's own resources and,
 * through its latency, in its callers. What makes it hard, on purpose: per-service noise from 1 %
 * to 13 %, isolated spikes in innocent series, a workload surge during some incidents (every
 * service's CPU rises a little), innocent memory creeping up by up to 3 %, the faulty service's
 * dependencies getting up to 30 % less traffic (their CPU falls), weak faults, missing cells, and incidents of only a few rows.
 */
public final class IncidentGenerator {
  public enum FaultType { CPU, MEMORY, DELAY, LOSS, DISK }

  /** Rows of metrics: {@code values[row][column]}, NaN where a value is missing. */
  public record Table(long[] times, List<String> columns, double[][] values) {}

  /** One incident and its ground truth. */
  public record Incident(String id, FaultType type, String root, String symptomComponent, String symptomMetric,
      String symptomStatistic, long symptomTime, Table metrics) {}

  /** One application with its normal period, the incidents to evaluate on and those to learn from. */
  public record Scenario(String name, List<String[]> edges, Table normal, List<Incident> cases, List<Incident> train) {}

  public static final int STEP_SECONDS = 5;
  static final int NORMAL_ROWS = 360;
  static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z
  static final double SPIKE_PROBABILITY = 0.003;
  static final double MISSING_PROBABILITY = 0.005;

  private IncidentGenerator() {}

  /** A scenario of {@code services} services with {@code cases} incidents to evaluate and {@code train} to learn from. */
  public static Scenario scenario(String name, long seed, int services, int cases, int train) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    ServiceApp app = new ServiceApp(services, rng.split());
    Table normal = simulate(app, rng.split(), START, NORMAL_ROWS, null);
    List<Incident> c = new ArrayList<>();
    List<Incident> t = new ArrayList<>();
    for (int i = 0; i < cases + train; i++) {
      long at = START + NORMAL_ROWS * (long) STEP_SECONDS + 7200L * (i + 1);
      Incident inc = incident(app, rng.split(), FaultType.values()[i % FaultType.values().length],
          String.format("%s-%02d", i < cases ? "case" : "train", i < cases ? i + 1 : i - cases + 1), at);
      (i < cases ? c : t).add(inc);
    }
    return new Scenario(name, app.edges(), normal, c, t);
  }

  /** What is wrong, where, from which row, and how strongly (the magnitudes by type, see {@link #simulate}). */
  record Fault(FaultType type, int service, int fromRow, double size, double latency) {}

  static Incident incident(ServiceApp app, SplittableRandom rng, FaultType type, String id, long faultStart) {
    int root;
    if (type == FaultType.DISK) {
      List<Integer> dbs = new ArrayList<>();
      for (int i = 0; i < app.size(); i++) {
        if (app.database[i]) {
          dbs.add(i);
        }
      }
      root = dbs.get(rng.nextInt(dbs.size()));
    } else {
      root = 1 + rng.nextInt(app.size() - 1); // the front end fails too, but rarely on its own
    }
    boolean few = rng.nextDouble() < 0.2;
    int pre = few ? 1 + rng.nextInt(2) : 12 + rng.nextInt(48);
    int post = few ? 3 + rng.nextInt(3) : 24 + rng.nextInt(36);
    double size = switch (type) {
      case CPU -> app.cpu[root] * (0.5 + rng.nextDouble() * 3.5);  // added percent of a core
      case MEMORY -> 0.2 + rng.nextDouble() * 1.3;                 // growth by the end, share of its level
      case DELAY -> app.ownLatency[root] * (1 + rng.nextDouble() * 9); // added ms
      case LOSS -> 0.02 + rng.nextDouble() * 0.38;                 // added error rate
      case DISK -> 2 + rng.nextDouble() * 4;                       // IOPS factor
    };
    double latency = switch (type) {
      case CPU -> 1 + rng.nextDouble() * 0.5;
      case MEMORY -> 1 + rng.nextDouble() * 0.2;
      case DELAY -> 1;
      case LOSS -> 1.1 + rng.nextDouble() * 0.4;
      case DISK -> 1.2 + rng.nextDouble() * 1.8;
    };
    Fault fault = new Fault(type, root, pre, size, latency);
    Table metrics = simulate(app, rng, faultStart - (long) pre * STEP_SECONDS, pre + post, fault);
    List<Integer> victims = app.callersOf(root);
    int symptom = victims.contains(0) && rng.nextDouble() < 0.5 ? 0 : victims.get(rng.nextInt(victims.size()));
    String metric = "latency";
    String statistic = "p90";
    if (type == FaultType.LOSS) {
      metric = "error_rate";
      statistic = "mean";
    } else if (type == FaultType.MEMORY && symptom == root) {
      metric = "mem";
      statistic = "mean";
    }
    long detected = faultStart + (long) STEP_SECONDS * (1 + rng.nextInt(Math.min(post, 8)));
    return new Incident(id, type, app.name(root), app.name(symptom), metric, statistic, detected, metrics);
  }

  static List<String> columns(ServiceApp app) {
    List<String> cols = new ArrayList<>();
    for (int i = 0; i < app.size(); i++) {
      String n = app.name(i);
      cols.addAll(List.of(n + "|cpu|mean", n + "|mem|mean", n + "|latency|p50", n + "|latency|p90",
          n + "|error_rate|mean"));
      if (app.database[i]) {
        cols.add(n + "|disk_io|mean");
      }
    }
    return cols;
  }

  static Table simulate(ServiceApp app, SplittableRandom rng, long start, int rows, Fault fault) {
    List<String> cols = columns(app);
    int n = app.size();
    double[][] values = new double[rows][];
    long[] times = new long[rows];
    boolean surge = fault != null && rng.nextDouble() < 0.2;
    double surgeFactor = 1.1 + rng.nextDouble() * 0.15;
    double ar = 0;
    // A slow or failing service sends less traffic on: its dependencies' load drops, a deviation
    // downwards that a ranking must not take for a cause.
    boolean[] starved = new boolean[n];
    double starve = fault != null && fault.type() != FaultType.MEMORY && fault.type() != FaultType.DISK
        ? rng.nextDouble() * 0.3 : 0;
    if (fault != null) {
      for (int d : app.dependenciesOf(fault.service())) {
        starved[d] = true;
      }
    }
    double[] lat = new double[n];
    double[] drift = new double[n]; // innocent memory creeps: caches fill, as in real containers
    double[] creep = new double[n];
    for (int i = 0; i < n; i++) {
      creep[i] = fault == null ? 0 : rng.nextDouble() * 0.03 / rows;
    }
    double[] err = new double[n];
    for (int r = 0; r < rows; r++) {
      long t = start + (long) r * STEP_SECONDS;
      times[r] = t;
      ar = 0.8 * ar + 0.03 * gaussian(rng);
      double rowLoad = (1 + 0.15 * Math.sin(2 * Math.PI * t / 3600.0) + ar)
          * (surge && r >= fault.fromRow() ? surgeFactor : 1);
      boolean on = fault != null && r >= fault.fromRow();
      double progress = on ? (r - fault.fromRow() + 1.0) / (rows - fault.fromRow()) : 0;
      double[] row = new double[cols.size()];
      int[] at = new int[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        at[i] = k;
        k += app.database[i] ? 6 : 5;
      }
      for (int i = n - 1; i >= 0; i--) { // callees have larger indexes: they are computed first
        boolean hit = on && fault.service() == i;
        double nz = app.noise[i];
        double load = on && starved[i] ? rowLoad * (1 - starve) : rowLoad;
        double own = app.ownLatency[i] * (1 + 0.3 * (load - 1)) * Math.max(0.2, 1 + nz * gaussian(rng));
        double cpu = app.cpu[i] * load * Math.max(0.05, 1 + nz * gaussian(rng));
        drift[i] += creep[i];
        double mem = app.mem[i] * (1 + drift[i] + 0.01 * gaussian(rng));
        double disk = app.disk[i] * load * Math.max(0.05, 1 + nz * gaussian(rng));
        double ownErr = Math.max(0, app.errorRate[i] * (1 + 0.5 * gaussian(rng)));
        if (hit) {
          switch (fault.type()) {
            case CPU -> cpu += fault.size();
            case MEMORY -> mem += app.mem[i] * fault.size() * progress;
            case DELAY -> own += fault.size();
            case LOSS -> ownErr += fault.size();
            case DISK -> disk *= fault.size();
          }
          own *= fault.type() == FaultType.MEMORY ? 1 + (fault.latency() - 1) * progress : fault.latency();
        }
        double l = own;
        double e = ownErr;
        int[] calls = app.calls.get(i);
        double[] share = app.callShare.get(i);
        for (int c = 0; c < calls.length; c++) {
          l += share[c] * lat[calls[c]];
          e += 0.8 * share[c] * err[calls[c]];
        }
        lat[i] = l;
        err[i] = Math.min(1, e);
        int b = at[i];
        row[b] = cpu;
        row[b + 1] = mem;
        row[b + 2] = l * Math.max(0.2, 1 + 0.5 * nz * gaussian(rng));
        row[b + 3] = l * app.tail[i] * Math.max(0.2, 1 + 1.5 * nz * gaussian(rng));
        row[b + 4] = err[i];
        if (app.database[i]) {
          row[b + 5] = disk;
        }
      }
      for (int c = 0; c < row.length; c++) {
        if (rng.nextDouble() < SPIKE_PROBABILITY) {
          row[c] *= 1.5 + rng.nextDouble() * 1.5; // a lone burst, as a GC pause or a cron job gives
        }
        if (rng.nextDouble() < MISSING_PROBABILITY) {
          row[c] = Double.NaN;
        }
      }
      values[r] = row;
    }
    return new Table(times, cols, values);
  }

  /** Standard normal by Box-Muller with StrictMath, so every JVM draws the same numbers. */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  static String format(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }
}
