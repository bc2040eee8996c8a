package io.sextant.bus.pulsar.failure;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.FanInBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.central.ingest.Ingest;
import io.sextant.central.state.LiveState;
import io.sextant.common.bus.MessageBus;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real central intake: {@link Ingest} over a {@link PulsarBus} writing into the store on an
 * embedded PostgreSQL. The centre's bus consumes every site's namespace ({@link FanInBus}).
 */
final class TestCentre implements AutoCloseable {
  final PostgresStore store;
  private final PulsarBus bus;
  private final Ingest ingest;

  TestCentre(PulsarBusConfig config, List<String> sites, PulsarBus.Timeouts timeouts) {
    store = Stores.open(StoreConfig.external(SharedPostgres.fresh("testcentre").jdbcUrl(), SharedPostgres.USER, null));
    try {
      bus = PulsarBus.connect(config, timeouts);
    } catch (Exception e) {
      store.close();
      throw new IllegalStateException(e);
    }
    ingest = new Ingest(new MessageBus(FanInBus.over(bus, sites, FanInBus.DEFAULT_SHARDS)), store,
        b -> store.writeSamples(b.id(), b.samples()), new LiveState(), d -> { });
  }

  long deadLettered() {
    return bus.deadLetteredCount();
  }

  /** Rows per series id in the samples table. */
  Map<Long, Long> rowsPerSeries() throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT series_id, count(*) FROM samples GROUP BY series_id")) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getLong(2));
      }
      c.commit();
    }
    return out;
  }

  @Override
  public void close() {
    ingest.close();
    bus.close();
    store.close();
  }
}
