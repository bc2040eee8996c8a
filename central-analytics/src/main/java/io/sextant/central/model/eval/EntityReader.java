package io.sextant.central.model.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Reads one entity of the multivariate layout with Tablesaw: {@code <entity>/train.csv} and
 * {@code test.csv} (a {@code timestamp} column and one numeric column per metric, the same metrics
 * in both), {@code labels.csv} ({@code timestamp,label}, 0 or 1, one row per test row with the
 * same timestamps). Anything else is a {@link BadEntityException} naming the file and the reason:
 * a missing file or column, a value that is not a number or is NaN / empty, labels not 0/1, or
 * labels that do not line up with the test rows.
 */
public final class EntityReader {
  static final String TIMESTAMP = "timestamp";
  static final String LABEL = "label";

  private EntityReader() {}

  public static EntityData read(Path entityDir) throws BadEntityException {
    String entity = entityDir.getFileName().toString();
    Table train = table(entity, entityDir.resolve("train.csv"));
    Table test = table(entity, entityDir.resolve("test.csv"));
    Table labels = table(entity, entityDir.resolve("labels.csv"));
    List<String> metrics = metrics(entity, "train.csv", train);
    List<String> testMetrics = metrics(entity, "test.csv", test);
    if (!new HashSet<>(testMetrics).equals(new HashSet<>(metrics))) {
      Set<String> missing = new HashSet<>(metrics);
      missing.removeAll(testMetrics);
      Set<String> extra = new HashSet<>(testMetrics);
      extra.removeAll(metrics);
      throw new BadEntityException(entity, "test.csv has other metrics than train.csv (missing " + missing
          + ", extra " + extra + ")");
    }
    if (!labels.columnNames().contains(LABEL) || !labels.columnNames().contains(TIMESTAMP)) {
      throw new BadEntityException(entity, "labels.csv needs columns timestamp,label, has " + labels.columnNames());
    }
    double[][] trainRows = rows(entity, "train.csv", train, metrics);
    double[][] testRows = rows(entity, "test.csv", test, metrics);
    if (labels.rowCount() != test.rowCount()) {
      throw new BadEntityException(entity, "labels.csv has " + labels.rowCount() + " rows, test.csv "
          + test.rowCount());
    }
    DoubleColumn label = labels.doubleColumn(LABEL);
    DoubleColumn labelTime = labels.doubleColumn(TIMESTAMP);
    DoubleColumn testTime = test.doubleColumn(TIMESTAMP);
    boolean[] anomalous = new boolean[labels.rowCount()];
    for (int i = 0; i < anomalous.length; i++) {
      double l = label.getDouble(i);
      if (l != 0 && l != 1) {
        throw new BadEntityException(entity, "labels.csv row " + (i + 2) + ": label must be 0 or 1, is "
            + label.getString(i));
      }
      if (Double.compare(labelTime.getDouble(i), testTime.getDouble(i)) != 0) {
        throw new BadEntityException(entity, "labels.csv row " + (i + 2) + ": timestamp " + labelTime.getString(i)
            + " is not test.csv's " + testTime.getString(i) + " (labels must line up with the test rows)");
      }
      anomalous[i] = l == 1;
    }
    return new EntityData(entity, metrics, trainRows, testRows, anomalous);
  }

  /** Every column as a double: timestamps are numbers in SMD's layout (minutes from the start). */
  private static Table table(String entity, Path file) throws BadEntityException {
    if (!Files.isRegularFile(file)) {
      throw new BadEntityException(entity, "no " + file.getFileName() + " (expected " + file + ")");
    }
    try {
      Table t = Table.read().csv(CsvReadOptions.builder(file.toFile()).columnTypes(name -> ColumnType.DOUBLE)
          .missingValueIndicator("").build());
      if (!t.columnNames().contains(TIMESTAMP)) {
        throw new BadEntityException(entity, file.getFileName() + " has no timestamp column");
      }
      if (t.rowCount() == 0) {
        throw new BadEntityException(entity, file.getFileName() + " has no rows");
      }
      return t;
    } catch (BadEntityException e) {
      throw e;
    } catch (RuntimeException e) {
      // Tablesaw reports a value that is not a number, or a ragged row, as a runtime exception.
      throw new BadEntityException(entity, file.getFileName() + ": " + rootMessage(e));
    }
  }

  private static List<String> metrics(String entity, String file, Table t) throws BadEntityException {
    List<String> names = new ArrayList<>(t.columnNames());
    names.remove(TIMESTAMP);
    if (names.isEmpty()) {
      throw new BadEntityException(entity, file + " has no metric columns besides timestamp");
    }
    return names;
  }

  private static double[][] rows(String entity, String file, Table t, List<String> metrics) throws BadEntityException {
    double[][] rows = new double[t.rowCount()][metrics.size()];
    for (int j = 0; j < metrics.size(); j++) {
      DoubleColumn c = t.doubleColumn(metrics.get(j));
      for (int i = 0; i < rows.length; i++) {
        double v = c.getDouble(i);
        if (!Double.isFinite(v)) {
          throw new BadEntityException(entity, file + " row " + (i + 2) + ", column " + metrics.get(j) + ": "
              + (Double.isNaN(v) ? "missing or NaN" : "not a finite number (" + v + ")"));
        }
        rows[i][j] = v;
      }
    }
    return rows;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
