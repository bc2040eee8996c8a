package io.sextant.edge.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads KPI series with a label per point, the layout of the public KPI-anomaly sets:
 *
 * <ul>
 *   <li>{@code timestamp,value,label}: one series a file;
 *   <li>{@code timestamp,value,label,KPI ID} (the AIOps challenge's layout; the column may also be
 *       named {@code kpi_id}): many series in one file, split by KPI ID, each named
 *       {@code <file>#<KPI ID>}.
 * </ul>
 * Columns are found by their header names, in any order. Timestamps are unix seconds (integer or
 * decimal; values above 10^11 are taken as milliseconds) or {@code yyyy-MM-dd HH:mm:ss}, UTC. Labels
 * are 0 or 1. Rows need not be in order: a series is sorted by time; of rows with the same
 * timestamp the first is kept and the others counted; a row whose value is empty or NaN (a missing
 * point) is dropped and counted. Gaps in time are left as they are: the detectors see the points'
 * own timestamps. A run of consecutive anomalous points becomes one window.
 *
 * <p>Bad input never stops the corpus: a file that cannot be read (no such columns, a timestamp,
 * value or label that does not parse, named with its line) is skipped with its error in
 * {@link Loaded#skipped()}, and the other files are read.
 */
public final class LabelCsvCorpus {
  /** A series needs this many points to be worth scoring. */
  static final int MIN_POINTS = 10;

  /** The series read, the files skipped with their reason, and the rows dropped. */
  public record Loaded(List<LabeledSeries> series, Map<String, String> skipped, long duplicateRows,
      long missingValues) {}

  private LabelCsvCorpus() {}

  /** True when {@code csv}'s header has a {@code label} column (this layout, not NAB's). */
  public static boolean isLabelCsv(Path csv) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      return header != null && columns(header).containsKey("label");
    }
  }

  /** Every {@code .csv} under {@code dir} (sorted by relative path), or {@code dir} itself when it is a file. */
  public static Loaded load(Path dir) throws IOException {
    List<Path> files;
    if (Files.isRegularFile(dir)) {
      files = List.of(dir);
      dir = dir.toAbsolutePath().getParent();
    } else {
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".csv")).sorted().toList();
      }
    }
    List<LabeledSeries> series = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    long[] dropped = new long[2];
    for (Path file : files) {
      String name = dir.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
      try {
        series.addAll(read(name, file, dropped));
      } catch (IOException | IllegalArgumentException e) {
        skipped.put(name, e.getMessage());
      }
    }
    return new Loaded(series, skipped, dropped[0], dropped[1]);
  }

  /** One file's series; {@code dropped[0]} counts duplicate timestamps, {@code dropped[1]} missing values. */
  static List<LabeledSeries> read(String name, Path csv, long[] dropped) throws IOException {
    Map<String, TreeMap<Long, double[]>> byKpi = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IOException("empty file, expected a header timestamp,value,label[,KPI ID]");
      }
      Map<String, Integer> cols = columns(header);
      Integer ts = cols.get("timestamp");
      Integer val = cols.get("value");
      Integer lab = cols.get("label");
      Integer kpi = cols.containsKey("kpi id") ? cols.get("kpi id") : cols.get("kpi_id");
      if (ts == null || val == null || lab == null) {
        throw new IOException("header must name timestamp, value and label (and optionally KPI ID), got '"
            + header.strip() + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        int needed = Math.max(Math.max(ts, val), Math.max(lab, kpi == null ? 0 : kpi));
        if (f.length <= needed) {
          throw new IOException("line " + lineNo + ": " + f.length + " fields, expected " + (needed + 1) + ": '" + line + "'");
        }
        long millis = epochMillis(f[ts], lineNo);
        double label = label(f[lab], lineNo);
        String v = f[val].strip();
        double value;
        try {
          value = v.isEmpty() ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IOException("line " + lineNo + ": value '" + v + "' is not a number");
        }
        if (!Double.isFinite(value)) {
          dropped[1]++;
          continue;
        }
        String key = kpi == null ? "" : f[kpi].strip();
        if (byKpi.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(millis, new double[] {value, label}) != null) {
          dropped[0]++;
        }
      }
    }
    List<LabeledSeries> out = new ArrayList<>();
    for (var e : byKpi.entrySet()) {
      String seriesName = e.getKey().isEmpty() ? name : name + "#" + e.getKey();
      if (e.getValue().size() < MIN_POINTS) {
        throw new IOException(seriesName + ": " + e.getValue().size() + " points, at least " + MIN_POINTS + " needed");
      }
      out.add(series(seriesName, e.getValue()));
    }
    if (out.isEmpty()) {
      throw new IOException("no data rows");
    }
    return out;
  }

  private static LabeledSeries series(String name, TreeMap<Long, double[]> points) {
    List<LocalDateTime> times = new ArrayList<>(points.size());
    double[] values = new double[points.size()];
    List<LabeledSeries.Window> windows = new ArrayList<>();
    LocalDateTime runStart = null;
    LocalDateTime previous = null;
    int i = 0;
    for (var p : points.entrySet()) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(p.getKey(), 1000),
          (int) Math.floorMod(p.getKey(), 1000) * 1_000_000, ZoneOffset.UTC);
      times.add(t);
      values[i++] = p.getValue()[0];
      boolean anomalous = p.getValue()[1] == 1;
      if (anomalous && runStart == null) {
        runStart = t;
      } else if (!anomalous && runStart != null) {
        windows.add(new LabeledSeries.Window(runStart, previous));
        runStart = null;
      }
      previous = t;
    }
    if (runStart != null) {
      windows.add(new LabeledSeries.Window(runStart, previous));
    }
    return new LabeledSeries(name, times, values, windows);
  }

  /** Unix seconds (or milliseconds above 10^11) or {@code yyyy-MM-dd HH:mm:ss}, UTC. */
  static long epochMillis(String text, int lineNo) throws IOException {
    String t = text.strip();
    try {
      if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) && !t.contains("-") && !t.contains(":"))) {
        double number = Double.parseDouble(t);
        return number > 1e11 ? (long) number : Math.round(number * 1000);
      }
      return NabCorpus.parseTimestamp(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IOException("line " + lineNo + ": timestamp '" + t + "' is neither unix seconds nor yyyy-MM-dd HH:mm:ss");
    }
  }

  private static double label(String text, int lineNo) throws IOException {
    String l = text.strip();
    return switch (l) {
      case "0", "0.0", "false" -> 0;
      case "1", "1.0", "true" -> 1;
      default -> throw new IOException("line " + lineNo + ": label '" + l + "' must be 0 or 1");
    };
  }

  private static Map<String, Integer> columns(String header) {
    Map<String, Integer> cols = new LinkedHashMap<>();
    String[] names = header.replace("\uFEFF", "").split(",", -1);
    for (int i = 0; i < names.length; i++) {
      cols.putIfAbsent(names[i].strip().toLowerCase(Locale.ROOT), i);
    }
    return cols;
  }
}
