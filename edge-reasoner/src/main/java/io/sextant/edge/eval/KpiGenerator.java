package io.sextant.edge.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded, labelled periodic business KPIs (orders, logins, transactions a minute) for measuring
 * detectors where no public KPI set can be downloaded. Two shapes, so a detector can be tuned on
 * one and reported on another it has never seen (docs/benchmarks-quality.md):
 *
 * <ul>
 *   <li>{@code business}: 14 days at a 1- or 5-minute step (by seed); a daily curve of a morning and
 *       an evening peak over a night floor, weekends at 50–90 %, a trend of up to ±15 % over the
 *       series, Gaussian noise of 1–6 % of the mean level. Written one series a file
 *       ({@code timestamp,value,label}, {@code yyyy-MM-dd HH:mm:ss}).
 *   <li>{@code business-b}: 21 days, a business-hours plateau (8:00–18:00 with a lunch dip) instead of
 *       peaks, a stronger weekly cycle (weekends at 20–60 %), heavy-tailed noise (one point in 50
 *       three times as noisy) and 1 % of the points missing. Written in the AIOps challenge's layout:
 *       one file, {@code timestamp,value,label,KPI ID}, unix seconds.
 * </ul>
 *
 * <p>Anomalies (labelled, every point of each): spikes (1–3 points, 5–10 noise deviations up or
 * down), dips (the KPI falls by 30–60 % for 10–60 minutes), level shifts (±6–12 deviations for 1–4
 * hours, then back), variance changes (noise four to six times larger for 30–120 minutes). Four to
 * eight a series, none in the first three days (the detectors' warm-up is two), at least six hours
 * apart. Magnitudes are in units of the series' own noise, so a low-noise KPI gets small anomalies.
 */
public final class KpiGenerator {
  public static final String BUSINESS = "business";
  public static final String BUSINESS_B = "business-b";
  private static final long MINUTE = 60_000L;
  /** Monday 2024-01-01 00:00 UTC: weekdays fall where a business calendar has them. */
  private static final long START = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

  /** One generated series: times (epoch ms), values (NaN = missing) and labels. */
  public record Series(String name, long[] millis, double[] values, boolean[] labels) {}

  private KpiGenerator() {}

  /** Writes seeds {@code from..to} (inclusive) of {@code variant} under {@code dir}; returns the series. */
  public static List<Series> write(Path dir, String variant, int from, int to) throws IOException {
    Files.createDirectories(dir);
    List<Series> all = new ArrayList<>();
    for (int seed = from; seed <= to; seed++) {
      all.add(generate(variant, seed));
    }
    if (BUSINESS_B.equals(variant)) {
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(variant + "-" + from + "-" + to + ".csv"),
          StandardCharsets.UTF_8)) {
        out.write("timestamp,value,label,KPI ID\n");
        for (Series s : all) {
          for (int i = 0; i < s.values().length; i++) {
            if (!Double.isNaN(s.values()[i])) {
              out.write(String.format(Locale.ROOT, "%d,%.4f,%d,%s%n", s.millis()[i] / 1000, s.values()[i],
                  s.labels()[i] ? 1 : 0, s.name()));
            }
          }
        }
      }
    } else {
      for (Series s : all) {
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(s.name() + ".csv"), StandardCharsets.UTF_8)) {
          out.write("timestamp,value,label\n");
          for (int i = 0; i < s.values().length; i++) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(s.millis()[i] / 1000, 0, ZoneOffset.UTC);
            out.write(String.format(Locale.ROOT, "%s,%.4f,%d%n", NabCorpus.TIMESTAMP.format(t), s.values()[i],
                s.labels()[i] ? 1 : 0));
          }
        }
      }
    }
    return all;
  }

  public static Series generate(String variant, int seed) {
    boolean b = switch (variant) {
      case BUSINESS -> false;
      case BUSINESS_B -> true;
      default -> throw new IllegalArgumentException("variant: unknown '" + variant + "'; one of " + BUSINESS + ", "
          + BUSINESS_B);
    };
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + (b ? 7 : 0));
    int stepMinutes = r.nextBoolean() ? 1 : 5;
    int days = b ? 21 : 14;
    int n = days * 1440 / stepMinutes;
    double level = 100 + r.nextDouble() * 900;
    double noise = level * (0.01 + r.nextDouble() * 0.05);
    double weekend = b ? 0.2 + r.nextDouble() * 0.4 : 0.5 + r.nextDouble() * 0.4;
    double trend = (r.nextDouble() * 2 - 1) * 0.15;
    double peak1 = 9 + r.nextDouble() * 3;
    double peak2 = 19 + r.nextDouble() * 3;
    double height2 = 0.5 + r.nextDouble() * 0.7;
    double floor = 0.1 + r.nextDouble() * 0.3;
    long[] millis = new long[n];
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      millis[i] = START + (long) i * stepMinutes * MINUTE;
      double hour = (i * stepMinutes % 1440) / 60.0;
      int day = i * stepMinutes / 1440;
      double shape = b ? plateau(hour) : floor + (1 - floor) * Math.max(bump(hour, peak1, 2.0),
          height2 * bump(hour, peak2, 1.5));
      double week = day % 7 >= 5 ? weekend : 1;
      expected[i] = level * shape * week * (1 + trend * i / n);
    }
    double[] values = new double[n];
    double[] sigma = new double[n];
    for (int i = 0; i < n; i++) {
      double heavy = b && r.nextInt(50) == 0 ? 3 : 1;
      sigma[i] = noise * heavy;
    }
    boolean[] labels = new boolean[n];
    double[] shift = new double[n];
    int perHour = 60 / stepMinutes;
    int count = 4 + r.nextInt(5);
    int first = 3 * 24 * perHour;
    List<int[]> placed = new ArrayList<>();
    for (int k = 0; k < count * 20 && placed.size() < count; k++) {
      int kind = r.nextInt(4);
      int length = switch (kind) {
        case 0 -> 1 + r.nextInt(3);
        case 1 -> Math.max(2, (10 + r.nextInt(51)) / stepMinutes);
        case 2 -> (1 + r.nextInt(4)) * perHour;
        default -> Math.max(3, (30 + r.nextInt(91)) / stepMinutes);
      };
      int at = first + r.nextInt(n - first - length - 1);
      boolean clear = placed.stream().allMatch(p -> Math.abs(p[0] - at) > 6 * perHour + length + p[1]);
      if (!clear) {
        continue;
      }
      placed.add(new int[] {at, length});
      double sign = r.nextBoolean() ? 1 : -1;
      double size = switch (kind) {
        case 0 -> sign * (5 + r.nextDouble() * 5) * noise;
        case 1 -> 0.3 + r.nextDouble() * 0.3;
        case 2 -> sign * (6 + r.nextDouble() * 6) * noise;
        default -> 4 + r.nextDouble() * 2;
      };
      for (int i = at; i < at + length; i++) {
        labels[i] = true;
        switch (kind) {
          case 0, 2 -> shift[i] = size;
          case 1 -> shift[i] = -size * expected[i];
          default -> sigma[i] = noise * size;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      values[i] = Math.max(0, expected[i] + shift[i] + r.nextGaussian() * sigma[i]);
      if (b && !labels[i] && r.nextInt(100) == 0) {
        values[i] = Double.NaN;
      }
    }
    return new Series(String.format(Locale.ROOT, "%s-%03d", variant, seed), millis, values, labels);
  }

  /** A daily peak at {@code at} hours of width {@code width} hours, 1 at its top. */
  private static double bump(double hour, double at, double width) {
    double d = Math.min(Math.abs(hour - at), 24 - Math.abs(hour - at));
    return Math.exp(-d * d / (2 * width * width));
  }

  /** Business hours: low at night, a smooth rise to 8:00, a plateau to 18:00 with a lunch dip. */
  private static double plateau(double hour) {
    double up = 1 / (1 + Math.exp(-(hour - 8) * 2));
    double down = 1 / (1 + Math.exp((hour - 18) * 2));
    double lunch = 1 - 0.25 * Math.exp(-(hour - 12.5) * (hour - 12.5) / 0.5);
    return 0.15 + 0.85 * up * down * lunch;
  }
}
