package io.sextant.store.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The feedback labels: written idempotently on the label id, read by time range for training. */
public final class LabelTable {
  private final Tx tx;
  private final Clock clock;

  /** {@code pool}: e.g. {@code PostgresStore.dataSource()}, migrated to V4. */
  public LabelTable(DataSource pool, Clock clock) {
    this.tx = new Tx(pool);
    this.clock = clock;
  }

  /** Returns true when the label is new, false when the same label was already recorded. */
  public boolean add(FeedbackLabel l) {
    return tx.run("record label " + l.id(), c -> insert(c, l));
  }

  /** Records many labels in one transaction; returns how many were new. */
  public int addAll(List<FeedbackLabel> labels) {
    return tx.run("record " + labels.size() + " labels", c -> {
      int n = 0;
      for (FeedbackLabel l : labels) {
        n += insert(c, l) ? 1 : 0;
      }
      return n;
    });
  }

  private boolean insert(Connection c, FeedbackLabel l) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO labels (id, site, resource, time_from, time_to, "
        + "verdict, cause, source, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      ps.setString(1, l.id());
      ps.setString(2, l.site());
      ps.setString(3, l.resource());
      ps.setObject(4, Tx.ts(l.from()));
      ps.setObject(5, Tx.ts(l.to()));
      ps.setString(6, l.kind().name());
      ps.setString(7, l.cause());
      ps.setString(8, l.source());
      ps.setString(9, l.note());
      ps.setObject(10, Tx.ts(clock.instant()));
      return ps.executeUpdate() == 1;
    }
  }

  /** Labels overlapping [from, to), oldest first. */
  public List<FeedbackLabel> overlapping(Instant from, Instant to) {
    return tx.run("read labels", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM labels WHERE time_from < ? AND time_to > ? "
          + "ORDER BY time_from, id")) {
        ps.setObject(1, Tx.ts(to));
        ps.setObject(2, Tx.ts(from));
        List<FeedbackLabel> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new FeedbackLabel(rs.getString("id"), rs.getString("site"), rs.getString("resource"),
                Tx.instant(rs, "time_from"), Tx.instant(rs, "time_to"),
                FeedbackLabel.Kind.valueOf(rs.getString("verdict")), rs.getString("cause"), rs.getString("source"),
                rs.getString("note")));
          }
        }
        return out;
      }
    });
  }
}
