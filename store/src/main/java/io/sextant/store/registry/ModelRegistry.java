package io.sextant.store.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Model versions with their provenance, and which version of each model is live. Versions are
 * immutable; the channel moves between them:
 * <ul>
 *   <li>{@link #promote} makes a version live (also over a pin: an explicit decision);</li>
 *   <li>{@link #promoteUnlessPinned} is what scheduled training calls: it leaves a pinned channel;</li>
 *   <li>{@link #pin} / {@link #unpin} hold the live version against scheduled training;</li>
 *   <li>{@link #rollback} goes back to the version promoted before the live one.</li>
 * </ul>
 * Each call is one transaction and appends to the model's history. Versions are numbered by
 * {@link #nextVersion}; two trainers racing for the same number make one {@link #register} fail
 * (primary key), never a silent overwrite.
 */
public final class ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Tx tx;
  private final Clock clock;

  public ModelRegistry(DataSource pool, Clock clock) {
    this.tx = new Tx(pool);
    this.clock = clock;
  }

  public long nextVersion(String modelId) {
    return tx.run("number the next version of " + modelId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) + 1 FROM models WHERE model_id = ?")) {
        ps.setString(1, modelId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  public ModelRecord register(ModelBundle b, String by) {
    Instant now = clock.instant();
    return tx.run("register " + b.modelId() + " v" + b.version(), c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO models (model_id, version, trainer, inputs, "
          + "trained_from, trained_to, settings, seed, metrics, bundle, created_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?)")) {
        ps.setString(1, b.modelId());
        ps.setLong(2, b.version());
        ps.setString(3, b.provenance().trainer());
        ps.setArray(4, c.createArrayOf("text", b.inputs().toArray()));
        ps.setObject(5, Tx.ts(b.provenance().trainedFrom()));
        ps.setObject(6, Tx.ts(b.provenance().trainedTo()));
        ps.setString(7, json(b.provenance().settings()));
        ps.setLong(8, b.provenance().seed());
        ps.setString(9, json(b.provenance().metrics()));
        ps.setBytes(10, b.canonicalBytes());
        ps.setObject(11, Tx.ts(now));
        ps.executeUpdate();
      }
      event(c, b.modelId(), b.version(), ModelEvent.Type.REGISTERED, now, by, b.provenance().trainer());
      return new ModelRecord(b, now);
    });
  }

  public Optional<ModelRecord> get(String modelId, long version) {
    return tx.run("read " + modelId + " v" + version, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT bundle, created_at FROM models WHERE model_id = ? AND version = ?")) {
        ps.setString(1, modelId);
        ps.setLong(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(record(rs)) : Optional.<ModelRecord>empty();
        }
      }
    });
  }

  /** Every version of a model, oldest first. */
  public List<ModelRecord> versions(String modelId) {
    return tx.run("list versions of " + modelId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT bundle, created_at FROM models WHERE model_id = ? ORDER BY version")) {
        ps.setString(1, modelId);
        List<ModelRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(record(rs));
          }
        }
        return out;
      }
    });
  }

  /** Ids of every registered model, sorted. */
  public List<String> modelIds() {
    return tx.run("list models", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT model_id FROM models ORDER BY model_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  public Optional<Channel> channel(String modelId) {
    return tx.run("read the channel of " + modelId, c -> channel(c, modelId));
  }

  /** The live version, if any. */
  public Optional<ModelRecord> live(String modelId) {
    return channel(modelId).flatMap(ch -> get(modelId, ch.version()));
  }

  public Channel promote(String modelId, long version, String by) {
    return tx.run("promote " + modelId + " v" + version, c -> {
      boolean pinned = channel(c, modelId).map(Channel::pinned).orElse(false);
      return move(c, modelId, version, pinned, ModelEvent.Type.PROMOTED, by, "promoted");
    });
  }

  /** Promotes unless the channel is pinned; empty when the pin kept the live version. */
  public Optional<Channel> promoteUnlessPinned(String modelId, long version, String by) {
    return tx.run("promote " + modelId + " v" + version, c -> {
      Optional<Channel> ch = channel(c, modelId);
      if (ch.isPresent() && ch.get().pinned()) {
        return Optional.<Channel>empty();
      }
      return Optional.of(move(c, modelId, version, false, ModelEvent.Type.PROMOTED, by, "promoted"));
    });
  }

  /** Makes {@code version} live and pins it there. */
  public Channel pin(String modelId, long version, String by) {
    return tx.run("pin " + modelId + " v" + version,
        c -> move(c, modelId, version, true, ModelEvent.Type.PINNED, by, "pinned"));
  }

  public Channel unpin(String modelId, String by) {
    return tx.run("unpin " + modelId, c -> {
      Channel ch = channel(c, modelId).orElseThrow(() -> new IllegalStateException(modelId + " has no live version"));
      return move(c, modelId, ch.version(), false, ModelEvent.Type.UNPINNED, by, "unpinned");
    });
  }

  /**
   * Goes back to the version that was live before the current one (the previous PROMOTED or
   * PINNED or ROLLED_BACK target in the history that differs from the live version), keeping the pin
   * state. Throws {@link IllegalStateException} when there is nothing to go back to.
   */
  public Channel rollback(String modelId, String by) {
    return tx.run("roll back " + modelId, c -> {
      Channel ch = channel(c, modelId).orElseThrow(() -> new IllegalStateException(modelId + " has no live version"));
      long target = -1;
      try (PreparedStatement ps = c.prepareStatement("SELECT version FROM model_events WHERE model_id = ? "
          + "AND event IN ('PROMOTED', 'PINNED', 'ROLLED_BACK') ORDER BY seq DESC")) {
        ps.setString(1, modelId);
        try (ResultSet rs = ps.executeQuery()) {
          // Skip the run of entries that made the current version live, then take the one before.
          while (rs.next()) {
            if (rs.getLong(1) != ch.version()) {
              target = rs.getLong(1);
              break;
            }
          }
        }
      }
      if (target < 0) {
        throw new IllegalStateException(modelId + " v" + ch.version() + " has no earlier live version to roll back to");
      }
      return move(c, modelId, target, ch.pinned(), ModelEvent.Type.ROLLED_BACK, by,
          "rolled back from v" + ch.version());
    });
  }

  /** Rolls back to an explicit version (any registered one). */
  public Channel rollbackTo(String modelId, long version, String by) {
    return tx.run("roll back " + modelId + " to v" + version, c -> {
      Channel ch = channel(c, modelId).orElseThrow(() -> new IllegalStateException(modelId + " has no live version"));
      return move(c, modelId, version, ch.pinned(), ModelEvent.Type.ROLLED_BACK, by,
          "rolled back from v" + ch.version());
    });
  }

  public List<ModelEvent> history(String modelId) {
    return tx.run("read the history of " + modelId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM model_events WHERE model_id = ? ORDER BY seq")) {
        ps.setString(1, modelId);
        List<ModelEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ModelEvent(rs.getLong("seq"), modelId, rs.getLong("version"),
                ModelEvent.Type.valueOf(rs.getString("event")), Tx.instant(rs, "at"), rs.getString("by_whom"),
                rs.getString("detail")));
          }
        }
        return out;
      }
    });
  }

  public void recordRelease(Release r) {
    tx.run("record release of " + r.modelId() + " v" + r.version() + " to " + r.site(), c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_releases (model_id, version, site, phase, "
          + "released_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (model_id, version, site) DO UPDATE SET phase = "
          + "excluded.phase, released_at = excluded.released_at")) {
        ps.setString(1, r.modelId());
        ps.setLong(2, r.version());
        ps.setString(3, r.site());
        ps.setString(4, r.phase().name());
        ps.setObject(5, Tx.ts(r.at()));
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Sites that got {@code version}, by site. */
  public List<Release> releases(String modelId, long version) {
    return tx.run("read releases of " + modelId + " v" + version, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM model_releases WHERE model_id = ? AND version = ? "
          + "ORDER BY site")) {
        ps.setString(1, modelId);
        ps.setLong(2, version);
        List<Release> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Release(modelId, version, rs.getString("site"), Release.Phase.valueOf(rs.getString("phase")),
                Tx.instant(rs, "released_at")));
          }
        }
        return out;
      }
    });
  }

  private Channel move(Connection c, String modelId, long version, boolean pinned, ModelEvent.Type type, String by,
      String detail) throws SQLException {
    if (!exists(c, modelId, version)) {
      throw new IllegalArgumentException(modelId + " v" + version + " is not registered");
    }
    Instant now = clock.instant();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_channels (model_id, version, pinned, changed_at) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (model_id) DO UPDATE SET version = excluded.version, "
        + "pinned = excluded.pinned, changed_at = excluded.changed_at")) {
      ps.setString(1, modelId);
      ps.setLong(2, version);
      ps.setBoolean(3, pinned);
      ps.setObject(4, Tx.ts(now));
      ps.executeUpdate();
    }
    event(c, modelId, version, type, now, by, detail);
    return new Channel(modelId, version, pinned, now);
  }

  private static boolean exists(Connection c, String modelId, long version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM models WHERE model_id = ? AND version = ?")) {
      ps.setString(1, modelId);
      ps.setLong(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Optional<Channel> channel(Connection c, String modelId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM model_channels WHERE model_id = ?")) {
      ps.setString(1, modelId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Channel(modelId, rs.getLong("version"), rs.getBoolean("pinned"), Tx.instant(rs, "changed_at")))
            : Optional.empty();
      }
    }
  }

  private static void event(Connection c, String modelId, long version, ModelEvent.Type type, Instant at, String by,
      String detail) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_events (model_id, version, event, at, by_whom, "
        + "detail) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, modelId);
      ps.setLong(2, version);
      ps.setString(3, type.name());
      ps.setObject(4, Tx.ts(at));
      ps.setString(5, by == null ? "" : by);
      ps.setString(6, detail);
      ps.executeUpdate();
    }
  }

  private static ModelRecord record(ResultSet rs) throws SQLException {
    return new ModelRecord(ModelBundle.parse(rs.getBytes("bundle")), Tx.instant(rs, "created_at"));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode " + o + " as JSON: " + e.getMessage(), false, e);
    }
  }
}
