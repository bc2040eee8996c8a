package io.sextant.testkit.gen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded multivariate server-machine data in the layout of the Server Machine Dataset, for the
 * multivariate evaluation ({@code sextant eval --multivariate}): per machine a train part and a
 * test part at 1-minute steps, one column per metric, and 0/1 labels for the test part.
 *
 * <p>What it imitates, and why: metrics come in correlated groups (CPU, memory, disk, network ...)
 * driven by a shared load with a daily pattern and slow wander, each metric its own gain, offset
 * and autocorrelated noise; some metrics are bursty counters and some almost constant, as on real
 * machines. Anomalies are segments (log-uniform lengths) of five kinds that touch a few metrics,
 * mostly of one group: a level shift, a stall to zero, a broken correlation (a metric leaves its
 * group), a noise burst and a whole group surging. The train part carries a few unlabelled
 * anomalies too, as SMD's does. It is not SMD: a model tuned here must be checked on held-out
 * seeds and on the {@link Shape#variant()} shape, never only on the seeds it was tuned on.
 */
public final class ServerMachines {
  /** Kinds of injected anomaly segments. */
  public enum Kind { LEVEL_SHIFT, STALL, CORRELATION_BREAK, NOISE_BURST, GROUP_SURGE }

  /**
   * The shape of one machine's data.
   *
   * @param metrics columns
   * @param groups correlated metric groups
   * @param trainPoints rows of train.csv
   * @param testPoints rows of test.csv
   * @param minAnomalyShare least share of test points inside anomaly segments ...
   * @param maxAnomalyShare ... and the most (drawn per machine)
   * @param noise each metric's own noise, relative to its group's load swing
   * @param nearConstant metrics that barely move (they still may step once)
   * @param drift slow change of the load's level from train to test, in load swings
   * @param minSegment shortest anomaly segment (points)
   * @param maxSegment longest anomaly segment (points)
   * @param trainContamination share of train points inside unlabelled anomalies
   * @param magnitude anomaly size, in units of the metric's normal spread
   */
  public record Shape(int metrics, int groups, int trainPoints, int testPoints, double minAnomalyShare,
      double maxAnomalyShare, double noise, int nearConstant, double drift, int minSegment, int maxSegment,
      double trainContamination, double magnitude) {
    public Shape {
      if (metrics < 2 || groups < 1 || groups > metrics || trainPoints < 100 || testPoints < 100
          || !(minAnomalyShare > 0 && minAnomalyShare <= maxAnomalyShare && maxAnomalyShare < 0.5)
          || minSegment < 1 || maxSegment < minSegment || nearConstant >= metrics) {
        throw new IllegalArgumentException("shape out of range: " + this);
      }
    }

    /** Like SMD: 38 metrics, 1-minute steps, 5 days train and 5 days test, 4–10 % anomalous test points. */
    public static Shape smd() {
      return new Shape(38, 6, 7200, 7200, 0.04, 0.10, 0.35, 4, 0.0, 5, 150, 0.005, 3.5);
    }

    /** A differently shaped machine: fewer metrics, fewer groups, noisier, drifting, longer and shorter segments, smaller anomalies. */
    public static Shape variant() {
      return new Shape(24, 3, 5000, 6000, 0.04, 0.10, 0.5, 6, 0.3, 2, 400, 0.01, 4.0);
    }

    /** A small machine for fast tests. */
    public static Shape tiny() {
      return new Shape(8, 2, 1500, 1500, 0.05, 0.08, 0.3, 1, 0.0, 5, 60, 0.0, 6.0);
    }
  }

  /** One machine: rows of values (train, test) and the test labels. */
  public record Machine(String[] metrics, double[][] train, double[][] test, boolean[] labels) {}

  private ServerMachines() {}

  /** Writes {@code dir/<entity>/train.csv, test.csv, labels.csv} for one machine. */
  public static Machine write(Path dir, String entity, long seed, Shape shape) throws IOException {
    Machine m = generate(seed, shape);
    Path d = Files.createDirectories(dir.resolve(entity));
    writeValues(d.resolve("train.csv"), m.metrics(), m.train(), 0);
    writeValues(d.resolve("test.csv"), m.metrics(), m.test(), m.train().length);
    try (BufferedWriter w = Files.newBufferedWriter(d.resolve("labels.csv"))) {
      w.write("timestamp,label\n");
      for (int i = 0; i < m.labels().length; i++) {
        w.write((m.train().length + i) + "," + (m.labels()[i] ? 1 : 0) + "\n");
      }
    }
    return m;
  }

  private static void writeValues(Path file, String[] metrics, double[][] rows, int firstTimestamp) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("timestamp," + String.join(",", metrics) + "\n");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows.length; i++) {
        line.setLength(0);
        line.append(firstTimestamp + i);
        for (double v : rows[i]) {
          line.append(',').append(String.format(Locale.ROOT, "%.5g", v));
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  public static Machine generate(long seed, Shape s) {
    Random r = new Random(seed);
    int n = s.trainPoints() + s.testPoints();
    int m = s.metrics();
    // Group loads: a daily pattern of its own phase and amplitude, a slow AR(1) wander, and a drift
    // that starts with the test part.
    double[][] load = new double[s.groups()][n];
    for (int g = 0; g < s.groups(); g++) {
      double amp = 0.5 + r.nextDouble();
      double phase = r.nextDouble() * 2 * Math.PI;
      double second = 0.3 * r.nextDouble();
      double wander = 0;
      double driftSign = r.nextBoolean() ? 1 : -1;
      for (int t = 0; t < n; t++) {
        double day = 2 * Math.PI * t / 1440.0;
        wander = 0.995 * wander + 0.05 * r.nextGaussian();
        double drift = t < s.trainPoints() ? 0 : driftSign * s.drift() * (t - s.trainPoints()) / s.testPoints();
        load[g][t] = amp * Math.sin(day + phase) + second * Math.sin(2 * day + phase) + wander + drift;
      }
    }
    int[] group = new int[m];
    double[] gain = new double[m];
    double[] offset = new double[m];
    double[] spread = new double[m];
    int[] type = new int[m]; // 0 gauge, 1 bursty counter, 2 near-constant
    double[][] x = new double[n][m];
    for (int i = 0; i < m; i++) {
      group[i] = i < s.groups() ? i : r.nextInt(s.groups());
      type[i] = i >= m - s.nearConstant() ? 2 : (r.nextDouble() < 0.2 ? 1 : 0);
      gain[i] = (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble()) * Math.pow(10, r.nextInt(4) - 1);
      offset[i] = Math.abs(gain[i]) * (3 + 5 * r.nextDouble());
      spread[i] = Math.abs(gain[i]);
      double ar = 0;
      double level = offset[i];
      int step = type[i] == 2 && r.nextBoolean() ? r.nextInt(s.trainPoints()) : -1;
      for (int t = 0; t < n; t++) {
        ar = 0.6 * ar + s.noise() * Math.sqrt(1 - 0.36) * r.nextGaussian();
        double v;
        if (type[i] == 2) {
          if (t == step) {
            level += spread[i] * 0.5;
          }
          v = level + spread[i] * 0.01 * r.nextGaussian();
        } else if (type[i] == 1) {
          double burst = r.nextDouble() < 0.01 ? spread[i] * 3 * r.nextDouble() : 0;
          v = Math.max(0, offset[i] + gain[i] * load[group[i]][t] + spread[i] * ar + burst);
        } else {
          v = offset[i] + gain[i] * load[group[i]][t] + spread[i] * ar;
        }
        x[t][i] = v;
      }
    }
    boolean[] anomalous = new boolean[n];
    double testShare = s.minAnomalyShare() + r.nextDouble() * (s.maxAnomalyShare() - s.minAnomalyShare());
    inject(r, s, x, load, group, gain, offset, spread, anomalous, s.trainPoints(), n, testShare);
    if (s.trainContamination() > 0) {
      // Unlabelled anomalies in the train part: the model must be robust to a few.
      inject(r, s, x, load, group, gain, offset, spread, new boolean[n], 0, s.trainPoints(), s.trainContamination());
    }
    String[] names = new String[m];
    for (int i = 0; i < m; i++) {
      names[i] = String.format(Locale.ROOT, "m%02d_g%d", i, group[i]);
    }
    double[][] train = java.util.Arrays.copyOfRange(x, 0, s.trainPoints());
    double[][] test = java.util.Arrays.copyOfRange(x, s.trainPoints(), n);
    boolean[] labels = java.util.Arrays.copyOfRange(anomalous, s.trainPoints(), n);
    return new Machine(names, train, test, labels);
  }

  private static void inject(Random r, Shape s, double[][] x, double[][] load, int[] group, double[] gain,
      double[] offset, double[] spread, boolean[] anomalous, int from, int to, double share) {
    int m = x[0].length;
    int target = (int) Math.round(share * (to - from));
    int marked = 0;
    int attempts = 0;
    while (marked < target && attempts++ < 10_000) {
      double logLen = Math.log(s.minSegment()) + r.nextDouble() * (Math.log(s.maxSegment()) - Math.log(s.minSegment()));
      int len = Math.max(1, Math.min((int) Math.round(Math.exp(logLen)), target - marked + s.minSegment()));
      int start = from + r.nextInt(Math.max(1, to - from - len));
      int end = Math.min(to, start + len);
      boolean free = true;
      for (int t = Math.max(from, start - 30); t < Math.min(to, end + 30) && free; t++) {
        free = !anomalous[t];
      }
      if (!free) {
        continue;
      }
      Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
      int g = group[r.nextInt(m)];
      int touched = 1 + r.nextInt(Math.min(5, m));
      int[] metrics = new int[touched];
      for (int k = 0; k < touched; k++) {
        // Mostly metrics of one group; now and then one from elsewhere.
        int pick;
        int tries = 0;
        do {
          pick = r.nextInt(m);
        } while (group[pick] != g && r.nextDouble() < 0.8 && ++tries < 100);
        metrics[k] = pick;
      }
      double size = s.magnitude() * (0.6 + 0.8 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
      int other = (g + 1) % load.length;
      for (int t = start; t < end; t++) {
        double ramp = Math.min(1, (t - start + 1) / 3.0);
        if (kind == Kind.GROUP_SURGE) {
          for (int i = 0; i < m; i++) {
            if (group[i] == g) {
              x[t][i] += gain[i] * Math.abs(size) * 0.6 * ramp;
            }
          }
        } else {
          for (int i : metrics) {
            switch (kind) {
              case LEVEL_SHIFT -> x[t][i] += spread[i] * size * ramp;
              case STALL -> x[t][i] = 0;
              case CORRELATION_BREAK -> x[t][i] = offset[i] + gain[i] * (load.length > 1
                  ? -load[other][t] * 2 : -2 * load[g][t]) + spread[i] * 0.2 * r.nextGaussian();
              case NOISE_BURST -> x[t][i] += spread[i] * Math.abs(size) * 0.7 * r.nextGaussian();
              default -> throw new IllegalStateException();
            }
          }
        }
        anomalous[t] = true;
      }
      marked += end - start;
    }
  }
}
