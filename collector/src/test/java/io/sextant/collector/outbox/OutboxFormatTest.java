package io.sextant.collector.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the on-disk format: an outbox file outlives the process that wrote it, so a new version
 * must read what an older one left behind (a row written by hand with the v1 schema and payload).
 */
class OutboxFormatTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  @TempDir Path dir;

  static String golden() throws Exception {
    try (var in = OutboxFormatTest.class.getResourceAsStream("/golden/outbox-v1-samplebatch.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  static SampleBatch batch() {
    return SampleBatch.of("edge-1", T, List.of(new Sample("edge-1", "cpu", Labels.of("resource", "node:edge-1/n1"), T, 0.5)));
  }

  @Test
  void writesTheV1RowFormat() throws Exception {
    Path file = dir.resolve("o.db");
    try (Outbox box = new Outbox(OutboxConfig.defaults(file), new MutableClock(T))) {
      box.append(batch());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT priority, msg_key, type, id, enqueued_ms, bytes, payload FROM outbox")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(Priority.SAMPLES.ordinal());
      assertThat(rs.getString(2)).isEqualTo("smp/edge-1");
      assertThat(rs.getString(3)).isEqualTo("SampleBatch");
      assertThat(rs.getString(4)).isEqualTo(batch().id());
      assertThat(rs.getLong(5)).isEqualTo(T.toEpochMilli());
      assertThat(new String(rs.getBytes(7), StandardCharsets.UTF_8)).isEqualTo(golden());
      assertThat(rs.getInt(6)).isEqualTo(golden().getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void readsARowWrittenByV1() throws Exception {
    Path file = dir.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, priority INTEGER NOT NULL, "
          + "msg_key TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, enqueued_ms INTEGER NOT NULL, "
          + "bytes INTEGER NOT NULL, payload BLOB NOT NULL)");
      st.execute("CREATE INDEX outbox_priority_seq ON outbox (priority, seq)");
      try (var ins = c.prepareStatement("INSERT INTO outbox (priority, msg_key, type, id, enqueued_ms, bytes, payload) "
          + "VALUES (2, 'smp/edge-1', 'SampleBatch', ?, ?, ?, ?)")) {
        byte[] payload = golden().getBytes(StandardCharsets.UTF_8);
        ins.setString(1, batch().id());
        ins.setLong(2, T.toEpochMilli());
        ins.setInt(3, payload.length);
        ins.setBytes(4, payload);
        ins.executeUpdate();
      }
    }
    try (Outbox box = new Outbox(OutboxConfig.defaults(file), new MutableClock(T))) {
      assertThat(box.depth(Priority.SAMPLES)).isEqualTo(1);
      List<Message> got = new ArrayList<>();
      box.drain(10, got::add);
      assertThat(got).containsExactly(batch());
    }
  }
}
