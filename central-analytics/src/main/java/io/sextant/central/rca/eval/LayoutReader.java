package io.sextant.central.rca.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.central.rca.DependencyGraph;
import io.sextant.central.rca.MetricFrame;
import io.sextant.central.rca.MetricKey;
import io.sextant.central.rca.Symptom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Reads the evaluation layout. CSVs go through Tablesaw with every column but {@code timestamp}
 * typed as a number, so a cell that is not one fails the file with Tablesaw's row and column
 * rather than turning the column into text; an empty cell (or NA, NaN) is a missing value.
 * Timestamps are epoch seconds, epoch milliseconds (above 10^11) or ISO-8601 (UTC when no zone).
 */
public final class LayoutReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MILLIS_ABOVE = 1e11;

  private LayoutReader() {}

  public static DependencyGraph graph(Path file) throws BadInputException {
    Table t = read(file, name -> ColumnType.STRING);
    if (!t.columnNames().contains("cause") || !t.columnNames().contains("effect")) {
      throw new BadInputException(file + ": expected the columns cause,effect, got " + t.columnNames());
    }
    List<DependencyGraph.Edge> edges = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      try {
        edges.add(new DependencyGraph.Edge(t.stringColumn("cause").get(r).strip(), t.stringColumn("effect").get(r).strip()));
      } catch (IllegalArgumentException e) {
        throw new BadInputException(file + ": row " + (r + 2) + ": " + e.getMessage());
      }
    }
    if (edges.isEmpty()) {
      throw new BadInputException(file + ": no edges");
    }
    return DependencyGraph.of(edges);
  }

  /** A metrics table whose every column names a node of {@code graph}. */
  public static MetricFrame frame(Path file, DependencyGraph graph) throws BadInputException {
    Table t = read(file, name -> name.equals("timestamp") ? ColumnType.STRING : ColumnType.DOUBLE);
    if (t.columnCount() == 0 || !t.columnNames().get(0).equals("timestamp")) {
      throw new BadInputException(file + ": the first column must be 'timestamp'");
    }
    if (t.rowCount() == 0) {
      throw new BadInputException(file + ": no rows");
    }
    Instant[] times = new Instant[t.rowCount()];
    for (int r = 0; r < times.length; r++) {
      String raw = t.stringColumn("timestamp").get(r);
      try {
        times[r] = time(raw);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(file + ": row " + (r + 2) + ": timestamp '" + raw + "' is not a time");
      }
    }
    Map<MetricKey, double[]> columns = new LinkedHashMap<>();
    for (Column<?> c : t.columns()) {
      if (c.name().equals("timestamp")) {
        continue;
      }
      MetricKey key;
      try {
        key = MetricKey.parse(c.name());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(file + ": " + e.getMessage());
      }
      if (!graph.contains(key.component())) {
        throw new BadInputException(file + ": column '" + c.name() + "' names no node of the graph ('"
            + key.component() + "')");
      }
      NumericColumn<?> n = (NumericColumn<?>) c;
      double[] v = new double[t.rowCount()];
      for (int r = 0; r < v.length; r++) {
        v[r] = n.isMissing(r) ? Double.NaN : n.getDouble(r);
      }
      columns.put(key, v);
    }
    return new MetricFrame(times, columns);
  }

  /** {@code dir/metrics.csv} and {@code dir/case.json}. */
  public static LabelledCase labelledCase(Path dir, DependencyGraph graph) throws BadInputException {
    Path json = dir.resolve("case.json");
    if (!Files.isRegularFile(json)) {
      throw new BadInputException(json + ": missing");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json.toFile());
    } catch (IOException e) {
      throw new BadInputException(json + ": not JSON (" + e.getMessage() + ")", e);
    }
    JsonNode s = root.path("symptom");
    String component = text(json, s, "component");
    if (!graph.contains(component)) {
      throw new BadInputException(json + ": symptom.component '" + component + "' is not a node of the graph");
    }
    JsonNode timeNode = s.path("time");
    if (timeNode.isMissingNode() || timeNode.isNull()) {
      throw new BadInputException(json + ": symptom.time is missing");
    }
    Instant at;
    try {
      at = time(timeNode.asText());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(json + ": symptom.time '" + timeNode.asText() + "' is not a time");
    }
    JsonNode rc = root.path("root_cause");
    if (!rc.isTextual() || rc.asText().isBlank()) {
      throw new BadInputException(json + ": no root_cause (a string naming a component)");
    }
    Symptom symptom = new Symptom(component, s.path("metric").asText(""), s.path("statistic").asText(""), at);
    return new LabelledCase(dir.getFileName().toString(), symptom, rc.asText(), frame(dir.resolve("metrics.csv"), graph));
  }

  /** The case's optional {@code fault} field (a fault type, for the per-type breakdown), or null. */
  static String fault(Path dir) {
    try {
      JsonNode f = JSON.readTree(dir.resolve("case.json").toFile()).path("fault");
      return f.isTextual() ? f.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(Path file, JsonNode node, String field) throws BadInputException {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new BadInputException(file + ": symptom." + field + " is missing");
    }
    return v.asText();
  }

  private static Table read(Path file, java.util.function.Function<String, ColumnType> types) throws BadInputException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": missing");
    }
    try {
      return Table.read().csv(CsvReadOptions.builder(file.toFile()).header(true).columnTypes(types)
          .missingValueIndicator("", "NA", "NaN", "nan", "null").build());
    } catch (RuntimeException e) {
      // Tablesaw says which column and value it could not parse; keep its words after the file's name.
      throw new BadInputException(file + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** Epoch seconds or milliseconds, or ISO-8601 with or without a zone (UTC). */
  static Instant time(String raw) {
    String s = raw == null ? "" : raw.strip();
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(raw);
      }
      return v > MILLIS_ABOVE ? Instant.ofEpochMilli((long) v) : Instant.ofEpochMilli(Math.round(v * 1000));
    } catch (NumberFormatException notNumber) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException notInstant) {
        try {
          return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(raw, e);
        }
      }
    }
  }
}
