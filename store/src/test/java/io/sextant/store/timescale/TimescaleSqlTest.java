package io.sextant.store.timescale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.RetentionSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TimescaleDB path cannot run here (no extension): its generated statements are checked instead. */
class TimescaleSqlTest {
  private static final RetentionSettings SETTINGS = new RetentionSettings(Duration.ofDays(15), Duration.ofDays(90),
      Duration.ofDays(730), 3, Duration.ofHours(1));

  @Test
  void theLayoutInstallsTheExtensionThenMakesTheHypertableBeforeAnythingDependsOnIt() {
    List<String> sql = TimescaleSql.layout(SETTINGS);

    assertThat(sql.get(0)).isEqualTo("CREATE EXTENSION IF NOT EXISTS timescaledb");
    assertThat(sql.get(1)).isEqualTo(
        "SELECT create_hypertable('samples', by_range('time', INTERVAL '1 day'), migrate_data => true)");
    assertThat(sql.get(2)).isEqualTo("ALTER TABLE samples SET (timescaledb.compress, "
        + "timescaledb.compress_segmentby = 'series_id', timescaledb.compress_orderby = 'time')");
    assertThat(indexOf(sql, "CREATE MATERIALIZED VIEW samples_1m")).isLessThan(indexOf(sql, "CREATE MATERIALIZED VIEW samples_1h"));
    assertThat(indexOf(sql, "CREATE MATERIALIZED VIEW samples_1h")).isLessThan(indexOf(sql, "add_retention_policy('samples_1h'"));
  }

  @Test
  void continuousAggregatesHaveTheNativeRollupColumnsAndRealTimeAggregation() {
    List<String> sql = TimescaleSql.layout(SETTINGS);
    String m = sql.get(indexOf(sql, "CREATE MATERIALIZED VIEW samples_1m"));
    String h = sql.get(indexOf(sql, "CREATE MATERIALIZED VIEW samples_1h"));

    assertThat(m).startsWith("CREATE MATERIALIZED VIEW samples_1m WITH (timescaledb.continuous, "
        + "timescaledb.materialized_only = false) AS")
        .contains("time_bucket(INTERVAL '1 minute', time) AS bucket")
        .contains("count(*) AS count, sum(value) AS sum, min(value) AS min, max(value) AS max")
        .contains("FROM samples GROUP BY series_id, time_bucket(INTERVAL '1 minute', time)")
        .endsWith("WITH NO DATA");
    // Hierarchical: the hour is built from minutes, counts are summed, not counted.
    assertThat(h).contains("time_bucket(INTERVAL '1 hour', bucket) AS bucket")
        .contains("sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max")
        .contains("FROM samples_1m");
  }

  @Test
  void policiesFollowTheSettingsAndAreReplacedNotDuplicated() {
    List<String> sql = TimescaleSql.policies(SETTINGS);

    assertThat(sql).containsSubsequence(
        "SELECT remove_compression_policy('samples', if_exists => true)",
        "SELECT add_compression_policy('samples', compress_after => INTERVAL '172800 seconds')",
        "SELECT remove_retention_policy('samples', if_exists => true)",
        "SELECT add_retention_policy('samples', drop_after => INTERVAL '1296000 seconds')",
        "SELECT remove_retention_policy('samples_1m', if_exists => true)",
        "SELECT add_retention_policy('samples_1m', drop_after => INTERVAL '7776000 seconds')",
        "SELECT remove_retention_policy('samples_1h', if_exists => true)",
        "SELECT add_retention_policy('samples_1h', drop_after => INTERVAL '63072000 seconds')",
        "SELECT remove_continuous_aggregate_policy('samples_1m', if_exists => true)",
        "SELECT add_continuous_aggregate_policy('samples_1m', start_offset => INTERVAL '259200 seconds', "
            + "end_offset => INTERVAL '60 seconds', schedule_interval => INTERVAL '60 seconds')",
        "SELECT remove_continuous_aggregate_policy('samples_1h', if_exists => true)",
        "SELECT add_continuous_aggregate_policy('samples_1h', start_offset => INTERVAL '604800 seconds', "
            + "end_offset => INTERVAL '3600 seconds', schedule_interval => INTERVAL '1800 seconds')");
    assertThat(sql).allSatisfy(s -> assertThat(s).doesNotContain(";"));
  }

  @Test
  void theMinuteRefreshWindowNeverReachesBeyondTheRawRetention() {
    RetentionSettings shortRaw = SETTINGS.withRaw(Duration.ofDays(1));

    assertThat(TimescaleSql.policies(shortRaw)).contains(
        "SELECT add_continuous_aggregate_policy('samples_1m', start_offset => INTERVAL '86400 seconds', "
            + "end_offset => INTERVAL '60 seconds', schedule_interval => INTERVAL '60 seconds')");
  }

  @Test
  void theScriptIsTheStatementsSeparatedBySemicolons() {
    assertThat(TimescaleSql.script(SETTINGS)).startsWith("CREATE EXTENSION IF NOT EXISTS timescaledb;\n")
        .endsWith("schedule_interval => INTERVAL '1800 seconds');\n");
  }

  private static int indexOf(List<String> sql, String prefix) {
    for (int i = 0; i < sql.size(); i++) {
      if (sql.get(i).contains(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no statement contains " + prefix + " in " + sql);
  }
}
