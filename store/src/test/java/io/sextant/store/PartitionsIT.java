package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.store.partition.DailyPartitions;
import io.sextant.store.partition.Maintenance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Native daily partitioning on a real PostgreSQL: creation ahead, late data, retention, duplicates. */
class PartitionsIT {
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final RetentionSettings SETTINGS = new RetentionSettings(Duration.ofDays(3), Duration.ofDays(30),
      Duration.ofDays(365), 2, Duration.ofHours(1));
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    store = Stores.open(TestPostgres.freshDatabase("partitions"), SETTINGS);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    TestPostgres.truncateAll(store);
    exec("DO $$ DECLARE t text; BEGIN FOR t IN SELECT c.relname FROM pg_inherits i JOIN pg_class c "
        + "ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'samples' "
        + "LOOP EXECUTE 'DROP TABLE ' || t; END LOOP; END $$");
    // The store still believes in the days it created: its writes then meet "no partition",
    // recreate the day and retry, which these tests exercise along the way.
  }

  @Test
  void maintenanceCreatesTodaysPartitionAndTheNextDaysAhead() throws SQLException {
    Maintenance.Report report = store.runMaintenance(NOW);

    List<LocalDate> expected = List.of(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-11"),
        LocalDate.parse("2026-03-12"));
    assertThat(report.created()).containsExactlyElementsOf(expected);
    assertThat(partitions()).containsExactlyElementsOf(expected);
    assertThat(store.runMaintenance(NOW).created()).as("a second pass").isEmpty();
  }

  @Test
  void lateAndOutOfOrderSamplesLandInTheirDaysPartition() throws SQLException {
    store.runMaintenance(NOW);
    List<Sample> batch = List.of(
        sample("2026-03-10T11:59:00Z", 1),
        sample("2026-03-08T23:59:59.999999Z", 2), // late: two days back, a partition not created ahead
        sample("2026-03-09T00:00:00Z", 3), // exactly on a boundary: the later day
        sample("2026-03-10T00:00:00Z", 4));

    assertThat(store.writeSamples(batch)).isEqualTo(4);

    assertThat(rowsPerPartition()).containsExactly(
        Map.entry("samples_20260308", 1L), Map.entry("samples_20260309", 1L), Map.entry("samples_20260310", 2L));
  }

  @Test
  void retentionDropsWholeDaysOlderThanTheRawRetentionAndKeepsTheRollups() throws SQLException {
    List<Sample> batch = new ArrayList<>();
    for (int day = 1; day <= 10; day++) {
      batch.add(sample(String.format("2026-03-%02dT06:00:00Z", day), day));
    }
    store.writeSamples(batch);

    Maintenance.Report report = store.runMaintenance(NOW);

    // raw = 3 days before 2026-03-10T12:00 is 2026-03-07T12:00: days up to the 6th end before it.
    assertThat(report.dropped()).extracting(LocalDate::getDayOfMonth).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(partitions()).extracting(LocalDate::getDayOfMonth).containsExactly(7, 8, 9, 10, 11, 12);
    assertThat(store.sampleCount()).isEqualTo(4);
    assertThat(queryLong("SELECT count(*) FROM samples_1h")).as("1 h rollups outlive the raw days").isEqualTo(10);
    assertThat(queryLong("SELECT count(*) FROM samples_1m")).isEqualTo(10);

    // A sample for a dropped day arriving afterwards recreates its partition (the next pass drops it)
    // and leaves that day's rollups as they were rather than shrinking them to itself.
    assertThat(store.writeSamples(List.of(sample("2026-03-02T06:01:00Z", 5)))).isEqualTo(1);
    assertThat(store.runMaintenance(NOW).dropped()).extracting(LocalDate::getDayOfMonth).containsExactly(2);
    assertThat(queryLong("SELECT sum::bigint FROM samples_1h WHERE bucket = '2026-03-02T06:00:00Z'")).as("hour kept")
        .isEqualTo(2);
  }

  @Test
  void rollupRetentionDeletesOldBuckets() throws SQLException {
    RetentionSettings shortRollups = new RetentionSettings(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(4),
        1, Duration.ofHours(1));
    store.writeSamples(List.of(sample("2026-03-05T06:00:00Z", 1), sample("2026-03-07T06:00:00Z", 2),
        sample("2026-03-09T06:00:00Z", 3)));
    store.refreshRollups(NOW);
    try (Connection c = store.dataSource().getConnection()) {
      Maintenance.Report report = new Maintenance(shortRollups).run(c, NOW);
      assertThat(report.rollup1mDeleted()).isEqualTo(2);
      assertThat(report.rollup1hDeleted()).isEqualTo(1);
    }
  }

  @Test
  void aBatchSpanningPartitionsResentIsNotCountedTwice() throws SQLException {
    List<Sample> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(sample(Instant.parse("2026-03-08T20:00:00Z").plusSeconds(i * 3600L).toString(), i));
    }
    assertThat(store.writeSamples(batch)).isEqualTo(30);
    assertThat(store.writeSamples(batch)).isZero();
    List<Sample> reversed = new ArrayList<>(batch);
    java.util.Collections.reverse(reversed);
    assertThat(store.writeSamples(reversed)).isZero();

    assertThat(store.sampleCount()).isEqualTo(30);
    assertThat(partitions()).hasSize(3);
    store.refreshRollups(NOW);
    assertThat(queryLong("SELECT sum(count) FROM samples_1h")).isEqualTo(30);
    assertThat(queryLong("SELECT sum(count) FROM samples_1m")).isEqualTo(30);
  }

  @Test
  void samplesWrittenByVersion1AreMovedIntoPartitionsAndRolledUp() throws SQLException {
    StoreConfig config = TestPostgres.freshDatabase("upgrade");
    Flyway.configure().dataSource(config.jdbcUrl(), config.user(), null).locations("classpath:db/migration")
        .target("1").load().migrate();
    try (Connection c = java.sql.DriverManager.getConnection(config.jdbcUrl(), config.user(), null);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO samples VALUES (1, '2026-02-01T10:00:00Z', 1), (1, '2026-02-01T10:00:30Z', 3), "
          + "(2, '2026-02-03T23:00:00Z', 5)");
    }

    try (PostgresStore upgraded = Stores.open(config, SETTINGS)) {
      assertThat(upgraded.sampleCount()).isEqualTo(3);
      assertThat(queryLong(upgraded, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'samples'::regclass"))
          .isEqualTo(2);
      assertThat(queryLong(upgraded, "SELECT count FROM samples_1m WHERE series_id = 1")).isEqualTo(2);
      assertThat(queryLong(upgraded, "SELECT sum::bigint FROM samples_1h WHERE series_id = 1")).isEqualTo(4);
    }
  }

  private static Sample sample(String time, double value) {
    return new Sample("edge-1", "cpu_util", Labels.of("resource", "node:edge-1/n1"), Instant.parse(time), value);
  }

  private static List<LocalDate> partitions() throws SQLException {
    try (Connection c = store.dataSource().getConnection()) {
      List<LocalDate> days = DailyPartitions.list(c);
      c.commit();
      return days;
    }
  }

  private static Map<String, Long> rowsPerPartition() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT tableoid::regclass::text, count(*) FROM samples GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
      c.commit();
    }
    return out;
  }

  private static long queryLong(String sql) throws SQLException {
    return queryLong(store, sql);
  }

  private static long queryLong(PostgresStore s, String sql) throws SQLException {
    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.commit();
      return v;
    }
  }

  private static void exec(String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
      c.commit();
    }
  }
}
