package io.sextant.edge.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

/**
 * Writes a detector's scores as {@code timestamp,value,anomaly_score} CSV, one file per series at
 * the same relative path as its input, so NAB's own scorer (or anyone's) can check the result.
 */
public final class ScoreFiles {
  /** NAB's data timestamp format. */
  static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ScoreFiles() {}

  /** Writes the scores of {@code series} under {@code dir}, creating parent folders; returns the file. */
  public static Path write(Path dir, LabeledSeries series, double[] scores) throws IOException {
    Path out = dir.resolve(series.name()).normalize();
    if (!out.startsWith(dir.normalize())) {
      throw new IOException("series name escapes the output folder: " + series.name());
    }
    Files.createDirectories(out.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("timestamp,value,anomaly_score\n");
      for (int i = 0; i < series.size(); i++) {
        w.write(series.timestamps().get(i).format(NAB_TIME));
        w.write(',');
        w.write(Double.toString(series.values()[i]));
        w.write(',');
        w.write(Double.toString(scores[i]));
        w.write('\n');
      }
    }
    return out;
  }
}
