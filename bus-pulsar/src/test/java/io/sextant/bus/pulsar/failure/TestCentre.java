package io.sextant.bus.pulsar.failure;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.central.ingest.Ingest;
import io.sextant.central.state.LiveState;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real central intake: {@link Ingest} over a {@link PulsarBus} writing into the store on an
 * embedded PostgreSQL. The centre's bus consumes every site's namespace: bus topics that the
 * ingest subscribes to by their short name are routed to the same topic in every site
 * ({@link PulsarBusConfig#everySite}).
 */
final class TestCentre implements AutoCloseable {
  final PostgresStore store;
  private final PulsarBus bus;
  private final Ingest ingest;

  TestCentre(PulsarBusConfig config, List<String> sites) {
    store = Stores.open(StoreConfig.embedded(null));
    try {
      bus = PulsarBus.connect(config);
    } catch (Exception e) {
      store.close();
      throw new IllegalStateException(e);
    }
    ingest = new Ingest(new MessageBus(new EverySite(bus, sites)), store, new LiveState(), d -> { });
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

  /** Subscribes to a short topic name in every site's namespace; everything else as the bus does. */
  private record EverySite(PulsarBus bus, List<String> sites) implements Bus {
    @Override
    public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
      return bus.publish(topic, key, payload);
    }

    @Override
    public Subscription subscribe(String topic, String subscription, Handler handler) {
      return bus.subscribe(bus.config().everySite(sites, topic), subscription, handler);
    }

    @Override
    public String deadLetterTopic(String topic, String subscription) {
      return bus.deadLetterTopic(bus.config().everySite(sites, topic), subscription);
    }

    @Override
    public CompletableFuture<Void> deadLetter(String topic, String subscription,
        io.sextant.common.bus.Delivery delivery, String reason) {
      return bus.deadLetter(bus.config().everySite(sites, topic), subscription, delivery, reason);
    }

    @Override
    public void close() {
      bus.close();
    }
  }
}
