package io.sextant.store;

import io.sextant.store.partition.DailyPartitions;
import io.sextant.store.timescale.TimescaleSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration 2: samples partitioned by time, and the 1-minute and 1-hour rollups. A Java migration
 * because the statements depend on the server: with TimescaleDB the V1 table becomes a hypertable
 * in place; without it the V1 table is replaced by a table range-partitioned by day and its rows
 * are moved into the daily partitions. Either way existing samples are kept and the rollups are
 * filled from them.
 */
final class V2__TimeLayout extends BaseJavaMigration {
  private static final Logger log = LoggerFactory.getLogger(V2__TimeLayout.class);

  private final RetentionSettings settings;

  V2__TimeLayout(RetentionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    Layout layout = Layout.timescaleAvailable(c) ? Layout.TIMESCALEDB : Layout.NATIVE;
    List<String> statements = layout == Layout.TIMESCALEDB ? TimescaleSql.layout(settings) : nativeLayout(c);
    try (Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
      st.execute("CREATE TABLE store_layout (layout text NOT NULL CHECK (layout IN ('NATIVE', 'TIMESCALEDB')))");
      st.execute("INSERT INTO store_layout VALUES ('" + layout + "')");
    }
    log.info("samples layout: {}", layout);
  }

  /** The native statements; reads the days present in the V1 table to create their partitions. */
  static List<String> nativeLayout(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    out.add("ALTER TABLE samples RENAME TO samples_v1");
    out.add("ALTER INDEX samples_pkey RENAME TO samples_v1_pkey");
    out.addAll(NATIVE_TABLES);
    for (LocalDate day : daysIn(c, "samples")) {
      out.add(DailyPartitions.createSql(day));
    }
    out.add("INSERT INTO samples (series_id, time, value) SELECT series_id, time, value FROM samples_v1");
    out.add("DROP TABLE samples_v1");
    out.add(backfill("samples_1m", "1 minute"));
    out.add(backfill("samples_1h", "1 hour"));
    return out;
  }

  /**
   * The index on time is BRIN, chosen by measurement (docs/benchmarks-store.md): samples arrive
   * roughly in time order, so a block-range index is a few pages per partition and costs ingest
   * almost nothing, while a btree on time doubled the index volume written per row. Reads of one
   * series use the primary key (series_id, time).
   */
  static final List<String> NATIVE_TABLES = List.of("""
      CREATE TABLE samples (
          series_id bigint           NOT NULL,
          time      timestamptz      NOT NULL,
          value     double precision NOT NULL,
          PRIMARY KEY (series_id, time)
      ) PARTITION BY RANGE (time)""",
      "CREATE INDEX samples_time_brin ON samples USING brin (time)",
      rollupTable("samples_1m"),
      rollupTable("samples_1h"),
      "CREATE INDEX samples_1m_bucket_brin ON samples_1m USING brin (bucket)",
      "CREATE INDEX samples_1h_bucket_brin ON samples_1h USING brin (bucket)");

  private static String rollupTable(String name) {
    return "CREATE TABLE " + name + """
         (
            series_id bigint           NOT NULL,
            bucket    timestamptz      NOT NULL,
            count     bigint           NOT NULL,
            sum       double precision NOT NULL,
            min       double precision NOT NULL,
            max       double precision NOT NULL,
            PRIMARY KEY (series_id, bucket)
        )""";
  }

  private static String backfill(String table, String width) {
    return "INSERT INTO " + table + " (series_id, bucket, count, sum, min, max) SELECT series_id, "
        + "date_bin(INTERVAL '" + width + "', time, TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*), sum(value), "
        + "min(value), max(value) FROM samples GROUP BY 1, 2";
  }

  private static List<LocalDate> daysIn(Connection c, String table) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT (time AT TIME ZONE 'UTC')::date FROM " + table + " ORDER BY 1")) {
      while (rs.next()) {
        days.add(rs.getObject(1, LocalDate.class));
      }
    }
    return days;
  }
}
