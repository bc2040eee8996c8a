package io.sextant.alarm.notify.persist;

import io.sextant.alarm.notify.NotificationLog;
import io.sextant.alarm.persist.Transactions;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The notification log in PostgreSQL (table {@code notification_log}, migration {@code V8}), on
 * the store's pool. One row per group, replaced at each delivery; a delivery with nothing firing
 * deletes the row. Each call is one transaction; failures throw
 * {@link io.sextant.common.store.StoreException}. Thread-safe.
 */
public final class JdbcNotificationLog implements NotificationLog {
  private static final String UPSERT = """
      INSERT INTO notification_log (group_key, receiver, sent_at, firing, resolved) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (group_key) DO UPDATE SET receiver = excluded.receiver, sent_at = excluded.sent_at,
          firing = excluded.firing, resolved = excluded.resolved""";
  private static final String DELETE = "DELETE FROM notification_log WHERE group_key = ?";
  private static final String SELECT = "SELECT group_key, receiver, sent_at, firing, resolved FROM notification_log";

  private final Transactions tx;

  public JdbcNotificationLog(DataSource pool) {
    this.tx = new Transactions(pool);
  }

  @Override
  public List<Entry> entries() {
    return tx.run("read the notification log", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
              Set.of((String[]) rs.getArray(4).getArray()), Set.of((String[]) rs.getArray(5).getArray())));
        }
      }
      return out;
    });
  }

  @Override
  public void delivered(Entry e) {
    tx.run("log the notification of group " + e.groupKey(), c -> {
      if (e.firing().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
          ps.setString(1, e.groupKey());
          return ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        Array firing = c.createArrayOf("text", e.firing().toArray(String[]::new));
        Array resolved = c.createArrayOf("text", e.resolved().toArray(String[]::new));
        ps.setString(1, e.groupKey());
        ps.setString(2, e.receiver());
        ps.setTimestamp(3, Timestamp.from(e.sentAt()));
        ps.setArray(4, firing);
        ps.setArray(5, resolved);
        return ps.executeUpdate();
      }
    });
  }
}
