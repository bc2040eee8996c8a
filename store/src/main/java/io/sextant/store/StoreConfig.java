package io.sextant.store;

import java.nio.file.Path;

/**
 * Where the central store lives. A null or blank {@code jdbcUrl} means "start an embedded
 * PostgreSQL" on {@code dataDir} (a temporary directory when that is null too); {@code user} and
 * {@code password} are then ignored. With a URL, {@code dataDir} is ignored.
 *
 * @param poolSize connections in the pool; 0 (unset) means {@link #DEFAULT_POOL_SIZE}
 */
public record StoreConfig(String jdbcUrl, String user, String password, int poolSize, Path dataDir) {
  /** Enough for ingest, the alarm engine and a dashboard on a 2-core machine. */
  public static final int DEFAULT_POOL_SIZE = 4;

  public StoreConfig {
    jdbcUrl = jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl.strip();
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl must be a jdbc:postgresql: URL or empty (embedded), got " + jdbcUrl);
    }
    if (poolSize < 0) {
      throw new IllegalArgumentException("poolSize must be positive (or 0 for the default), got " + poolSize);
    }
    poolSize = poolSize == 0 ? DEFAULT_POOL_SIZE : poolSize;
  }

  /** An embedded server keeping its data in {@code dataDir}, or in a temporary directory if null. */
  public static StoreConfig embedded(Path dataDir) {
    return new StoreConfig(null, null, null, DEFAULT_POOL_SIZE, dataDir);
  }

  public static StoreConfig external(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("jdbcUrl must be set for an external store");
    }
    return new StoreConfig(jdbcUrl, user, password, DEFAULT_POOL_SIZE, null);
  }

  public boolean embedded() {
    return jdbcUrl == null;
  }

  public StoreConfig withPoolSize(int size) {
    return new StoreConfig(jdbcUrl, user, password, size, dataDir);
  }

  /** Leaves the password out, so the config can be logged. */
  @Override
  public String toString() {
    return "StoreConfig[jdbcUrl=" + (embedded() ? "(embedded)" : jdbcUrl) + ", user=" + user
        + ", password=" + (password == null ? "none" : "***") + ", poolSize=" + poolSize + ", dataDir=" + dataDir + "]";
  }
}
