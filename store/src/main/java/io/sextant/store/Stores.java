package io.sextant.store;

import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.time.Clock;

/** Opens the central store a {@link StoreConfig} describes. */
public final class Stores {
  private Stores() {}

  /**
   * Returns a migrated, ready store. Without a URL it first starts an embedded PostgreSQL, which
   * the store then owns and stops on {@link PostgresStore#close()}.
   *
   * @throws io.sextant.common.store.StoreException when the database cannot be reached or
   *     migrated ({@code retryable()} when it was unreachable)
   * @throws IllegalStateException when the embedded server cannot start
   */
  public static PostgresStore open(StoreConfig config) {
    return open(config, RetentionSettings.defaults());
  }

  /**
   * As {@link #open(StoreConfig)}, with the given retention settings; the maintenance job is not
   * started (call {@link PostgresStore#startMaintenance} or use
   * {@link #open(StoreConfig, RetentionSettings, Clock)}). Daily partitions are still created on
   * demand by writes.
   */
  public static PostgresStore open(StoreConfig config, RetentionSettings settings) {
    if (config.embedded()) {
      EmbeddedPostgresServer server = EmbeddedPostgresServer.start(config.dataDir());
      return PostgresStore.open(server.jdbcUrl(), server.user(), null, config.poolSize(), server, settings);
    }
    return PostgresStore.open(config.jdbcUrl(), config.user(), config.password(), config.poolSize(), null, settings);
  }

  /** The central process's way: opens the store and starts its maintenance job on {@code clock}. */
  public static PostgresStore open(StoreConfig config, RetentionSettings settings, Clock clock) {
    PostgresStore store = open(config, settings);
    store.startMaintenance(clock);
    return store;
  }
}
