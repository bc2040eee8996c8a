package io.sextant.alarm.silence.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.match.Matcher;
import io.sextant.alarm.silence.Silence;
import io.sextant.alarm.silence.SilenceStore;
import io.sextant.alarm.silence.SilenceStoreContract;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.common.time.MutableClock;
import io.sextant.testkit.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract on a real PostgreSQL (embedded), and silences surviving an engine restart. */
class JdbcSilenceStoreIT extends SilenceStoreContract {
  static PostgresStore db;

  @BeforeAll
  static void start() {
    db = Stores.open(StoreConfig.external(SharedPostgres.fresh("jdbcsilencestoreit").jdbcUrl(), SharedPostgres.USER, null));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("TRUNCATE alarm_suppressions, alarm_suppression_history");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  @Override
  protected SilenceStore store() {
    return new JdbcSilenceStore(db.dataSource());
  }

  @Test
  void silencesAndWindowsSurviveARestartOfTheEngine() {
    MutableClock clock = new MutableClock(T0);
    Suppressions before = new Suppressions(List.of(), new JdbcSilenceStore(db.dataSource()), clock);
    Silence kept = before.add(new Silence("", List.of(Matcher.parse("site=edge-1")), T0, T0.plusSeconds(7200),
        "noc-anna", "fibre cut"));
    Silence ended = before.add(new Silence("", List.of(Matcher.parse("alertname=Noisy")), T0,
        T0.plusSeconds(7200), "noc-anna", ""));
    clock.set(T0.plusSeconds(60));
    before.expire(ended.id(), clock.instant(), "noc-bob");
    before.add(nightly("nightly"), "noc-anna");

    // A new engine on the same database: what the NOC set up is still in force.
    Suppressions after = new Suppressions(List.of(), new JdbcSilenceStore(db.dataSource()), clock);

    assertThat(after.silences()).extracting(Silence::id).containsExactly(kept.id(), ended.id());
    assertThat(after.silenced(Map.of("site", "edge-1"), T0.plusSeconds(120))).hasValueSatisfying(
        s -> assertThat(s.by()).isEqualTo(kept.id()));
    assertThat(after.silenced(Map.of("alertname", "Noisy"), T0.plusSeconds(120))).isEmpty();
    assertThat(after.windows()).containsExactly(nightly("nightly"));
    assertThat(after.history()).extracting(e -> e.action() + " " + e.id() + " by " + e.by()).containsExactly(
        "CREATED " + kept.id() + " by noc-anna", "CREATED " + ended.id() + " by noc-anna",
        "EXPIRED " + ended.id() + " by noc-bob", "CREATED nightly by noc-anna");
  }
}
