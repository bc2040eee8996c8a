package io.sextant.store;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What the centre reads back from its store when it starts, to carry on where a killed process
 * stopped: the open alarms, when each alarm key last cleared, the detections behind open alarms,
 * the diagnoses behind root causes, and the audit log of recent actions. Reads only: every row
 * was written as it happened by the store's ordinary writes. Thread-safe; each call is one
 * transaction on the store's pool (e.g. {@code PostgresStore.dataSource()}).
 */
public final class RestartReads {
  private static final String OPEN_ALARMS =
      "SELECT doc FROM alarms WHERE state <> 'CLEARED' ORDER BY raised_time, id";
  private static final String LAST_CLEARS = """
      SELECT resource, probable_cause, max(cleared_time) AS cleared FROM alarms
      WHERE state = 'CLEARED' AND cleared_time >= ? GROUP BY resource, probable_cause""";
  private static final String DIAGNOSES = "SELECT doc FROM diagnoses WHERE id = ANY (?) ORDER BY time, id";
  private static final String DIAGNOSES_SINCE = "SELECT doc FROM diagnoses WHERE time >= ? ORDER BY time, id";
  /** Every event of each action that had one since the given time, in recording order. */
  private static final String AUDIT = """
      SELECT doc FROM audit_log WHERE action_id IN (SELECT action_id FROM audit_log WHERE time >= ?)
      ORDER BY seq""";

  /** When an alarm key last cleared; events of that key stamped no later belong to the old episode. */
  public record LastClear(String resource, String probableCause, Instant clearedAt) {}

  private final Jdbc jdbc;
  private final DetectionTable detections = new DetectionTable();

  public RestartReads(DataSource pool) {
    this.jdbc = new Jdbc(Objects.requireNonNull(pool, "pool"));
  }

  /**
   * Alarms not cleared, oldest raise first, as last written, each listing its open symptoms
   * ({@link SymptomLinks}).
   */
  public List<Alarm> openAlarms() {
    return jdbc.inTransaction("read open alarms", c -> {
      try (PreparedStatement ps = c.prepareStatement(OPEN_ALARMS)) {
        return SymptomLinks.relinked(docs(ps, Alarm.class), false);
      }
    });
  }

  /** Per alarm key (resource, probable cause), its latest clear at or after {@code since}. */
  public List<LastClear> lastClears(Instant since) {
    return jdbc.inTransaction("read alarm clears", c -> {
      List<LastClear> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(LAST_CLEARS)) {
        ps.setObject(1, Jdbc.timestamp(since));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new LastClear(rs.getString("resource"), rs.getString("probable_cause"),
                Jdbc.instant(rs, "cleared")));
          }
        }
      }
      return out;
    });
  }

  /** Detections stamped at or after {@code since}, in time order. */
  public List<Detection> detectionsSince(Instant since) {
    return jdbc.inTransaction("read detections since " + since, c -> detections.since(c, since));
  }

  /** The stored diagnoses among {@code ids}; unknown ids are left out. */
  public List<Diagnosis> diagnoses(Collection<String> ids) {
    return jdbc.inTransaction("read diagnoses", c -> {
      try (PreparedStatement ps = c.prepareStatement(DIAGNOSES)) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new)));
        return docs(ps, Diagnosis.class);
      }
    });
  }

  /** Diagnoses stamped at or after {@code since}, in time order. */
  public List<Diagnosis> diagnosesSince(Instant since) {
    return jdbc.inTransaction("read diagnoses since " + since, c -> {
      try (PreparedStatement ps = c.prepareStatement(DIAGNOSES_SINCE)) {
        ps.setObject(1, Jdbc.timestamp(since));
        return docs(ps, Diagnosis.class);
      }
    });
  }

  /** Every event of the actions with at least one event at or after {@code since}, in recording order. */
  public List<ActionEvent> actionsActiveSince(Instant since) {
    return jdbc.inTransaction("read the audit log since " + since, c -> {
      try (PreparedStatement ps = c.prepareStatement(AUDIT)) {
        ps.setObject(1, Jdbc.timestamp(since));
        return docs(ps, ActionEvent.class);
      }
    });
  }

  private static <T> List<T> docs(PreparedStatement ps, Class<T> type) throws SQLException {
    List<T> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Docs.decode(rs.getString(1), type));
      }
    }
    return out;
  }
}
