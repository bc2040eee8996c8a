package io.sextant.store;

import io.sextant.store.embedded.EmbeddedPostgresServer;

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
    if (config.embedded()) {
      EmbeddedPostgresServer server = EmbeddedPostgresServer.start(config.dataDir());
      return PostgresStore.open(server.jdbcUrl(), server.user(), null, config.poolSize(), server);
    }
    return PostgresStore.open(config.jdbcUrl(), config.user(), config.password(), config.poolSize(), null);
  }
}
