package io.sextant.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.deploy.dashboards.GrafanaProvisioning;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The role Grafana connects as (store migration V6) reads every table of the store, including
 * the daily partitions created after the migration, and changes nothing.
 */
@ExtendWith(DemoStore.Extension.class)
class ReaderRoleIT {
  @Test
  void theDataSourceConnectsAsTheReadOnlyRole(DemoStore store) throws SQLException {
    assertThat(store.datasource().path("user").asText()).isEqualTo(GrafanaProvisioning.READER);
    try (Statement st = store.reader().createStatement(); ResultSet rs = st.executeQuery(
        "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(GrafanaProvisioning.READER);
      assertThat(rs.getBoolean(2) || rs.getBoolean(3) || rs.getBoolean(4)).isFalse();
    }
  }

  @Test
  void readsEveryTableOfTheStore(DemoStore store) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection admin = store.admin(); Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
            + "AND c.relkind IN ('r', 'p')")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables).contains("samples", "samples_1m", "alarms", "audit_log", "labels").hasSizeGreaterThan(15);
    for (String table : tables) {
      try (Statement st = store.reader().createStatement(); ResultSet rs = st.executeQuery(
          "SELECT count(*) FROM " + table)) {
        assertThat(rs.next()).as(table).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "DELETE FROM alarms",
      "UPDATE audit_log SET detail = 'x'",
      "INSERT INTO labels (id, site, resource, time_from, time_to, verdict, source, note, created_at) VALUES "
          + "('x', 's', 'r', now(), now() + interval '1 s', 'NORMAL', 'grafana', '', now())",
      "TRUNCATE samples",
      "DROP TABLE series",
      "CREATE TABLE grafana_was_here (x int)",
      "SET default_transaction_read_only = off; DELETE FROM diagnoses"})
  void changesNothing(String sql, DemoStore store) {
    assertThatThrownBy(() -> {
      try (Statement st = store.reader().createStatement()) {
        st.execute(sql);
      }
    }).isInstanceOf(SQLException.class)
        .hasMessageMatching("(?s).*(permission denied|read-only transaction|must be owner).*");
  }
}
