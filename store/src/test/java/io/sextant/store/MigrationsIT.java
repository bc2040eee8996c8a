package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  @Test
  void anEmptyDatabaseIsMigratedToTheCurrentSchemaAndReopeningChangesNothing() throws SQLException {
    StoreConfig config = TestPostgres.freshDatabase("migrations");
    List<String> versions;

    try (PostgresStore store = Stores.open(config)) {
      assertThat(strings(store, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
          // Other parts (model registry, alarm engine) add their own migrations and tables after V3.
          .contains("alarm_history", "alarms", "audit_log", "detections", "diagnoses", "flyway_schema_history",
              "ingest_ledger", "rollup_dirty", "samples", "samples_1h", "samples_1m", "series", "store_layout");
      assertThat(strings(store, "SELECT version || ':' || success FROM flyway_schema_history ORDER BY installed_rank"))
          .startsWith("1:true", "2:true", "3:true").allSatisfy(v -> assertThat(v).endsWith(":true"));
      versions = strings(store, "SELECT version FROM flyway_schema_history ORDER BY installed_rank");
      assertThat(store.layout()).isEqualTo(Layout.NATIVE);
      store.writeSamples(Fixtures.grid(1, 3));
    }

    try (PostgresStore reopened = Stores.open(config)) {
      assertThat(strings(reopened, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
          .isEqualTo(versions);
      assertThat(reopened.sampleCount()).isEqualTo(3);
    }
  }

  private static List<String> strings(PostgresStore store, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = store.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      c.commit();
    }
    return out;
  }
}
