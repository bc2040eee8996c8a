package io.sextant.edge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a corpus in the NAB layout: {@code timestamp,value} CSV files under a data folder and a
 * windows JSON {@code {"<relative/path.csv>": [["start", "end"], ...]}}. Every CSV under the folder
 * must have an entry in the windows JSON (an empty list for a series without anomalies): a series
 * without labels cannot be scored, and silently skipping it would change the corpus.
 */
public final class NabCorpus {
  /** NAB writes {@code 2014-04-10 07:15:00} in data and {@code 2014-04-10 07:15:00.000000} in labels. */
  static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  private NabCorpus() {}

  public static LocalDateTime parseTimestamp(String text) {
    return LocalDateTime.parse(text.trim(), TIMESTAMP);
  }

  /** Loads every CSV under {@code dataDir} (sorted by relative path) with its windows. */
  public static List<LabeledSeries> load(Path dataDir, Path windowsJson) throws IOException {
    JsonNode labels = new ObjectMapper().readTree(windowsJson.toFile());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dataDir)) {
      files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".csv")).sorted().toList();
    }
    List<LabeledSeries> corpus = new ArrayList<>();
    for (Path file : files) {
      String name = dataDir.relativize(file).toString().replace('\\', '/');
      JsonNode windows = labels.get(name);
      if (windows == null) {
        throw new IOException(windowsJson + ": no windows for " + name + " (use [] for a series without anomalies)");
      }
      corpus.add(read(name, file, windows));
    }
    if (corpus.isEmpty()) {
      throw new IOException(dataDir + ": no .csv files");
    }
    return corpus;
  }

  static LabeledSeries read(String name, Path csv, JsonNode windowsNode) throws IOException {
    List<LocalDateTime> timestamps = new ArrayList<>();
    double[] values = new double[1024];
    int n = 0;
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.trim().toLowerCase().startsWith("timestamp,value")) {
        throw new IOException(csv + ": header must be 'timestamp,value', got " + header);
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        try {
          LocalDateTime t = parseTimestamp(line.substring(0, comma));
          double v = Double.parseDouble(line.substring(comma + 1).trim());
          if (n == values.length) {
            values = java.util.Arrays.copyOf(values, n * 2);
          }
          timestamps.add(t);
          values[n++] = v;
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new IOException(csv + ":" + lineNo + ": cannot read '" + line + "': " + e.getMessage(), e);
        }
      }
    }
    List<LabeledSeries.Window> windows = new ArrayList<>();
    for (JsonNode w : windowsNode) {
      windows.add(new LabeledSeries.Window(parseTimestamp(w.get(0).asText()), parseTimestamp(w.get(1).asText())));
    }
    return new LabeledSeries(name, timestamps, java.util.Arrays.copyOf(values, n), windows);
  }
}
