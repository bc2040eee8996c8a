package io.sextant.store;

import io.sextant.common.model.Sample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of samples with their series. Writes go through
 * {@link io.sextant.store.ingest.SampleWriter}.
 */
final class SampleTable {
  /** Rows fetched per round trip when reading a range. */
  static final int CHUNK = 5_000;

  private static final String SELECT_RANGE = """
      SELECT s.series_id, s.time, s.value, r.site, r.labels
      FROM series r JOIN samples s ON s.series_id = r.series_id
      WHERE r.metric = ? AND s.time >= ? AND s.time < ?
      ORDER BY s.series_id, s.time""";

  List<Sample> select(Connection c, String metric, Instant from, Instant to) throws SQLException {
    List<Sample> out = new ArrayList<>();
    Map<Long, Map<String, String>> labelsBySeries = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_RANGE)) {
      // With auto-commit off the driver streams rows in pages instead of loading the whole range.
      ps.setFetchSize(CHUNK);
      ps.setString(1, metric);
      ps.setObject(2, Jdbc.timestamp(from));
      ps.setObject(3, Jdbc.timestamp(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("series_id");
          String labelsJson = rs.getString("labels");
          Map<String, String> labels = labelsBySeries.computeIfAbsent(id, k -> Docs.labels(labelsJson));
          out.add(new Sample(rs.getString("site"), metric, labels, Jdbc.instant(rs, "time"), rs.getDouble("value")));
        }
      }
    }
    return out;
  }

  long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM samples");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
