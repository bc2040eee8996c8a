package io.sextant.node.central.config;

import io.sextant.common.config.ConfigException;
import io.sextant.store.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The central store: an existing PostgreSQL ({@code jdbcUrl}) or, with no URL, an embedded one in
 * {@code dataDir} (a temporary directory when that is unset too). The password comes from the
 * environment variable named by {@code passwordEnv}.
 */
public record StoreSettings(String jdbcUrl, String user, String passwordEnv, Path dataDir,
    InetSocketAddress remoteWriteListen) {
  public static final String DEFAULT_USER = "postgres";
  public static final String DEFAULT_PASSWORD_ENV = "SEXTANT_JDBC_PASSWORD";

  public StoreSettings {
    jdbcUrl = jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl.strip();
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("store.jdbc-url: must be a jdbc:postgresql: URL (or absent for an embedded store), got "
          + jdbcUrl);
    }
    user = user == null ? DEFAULT_USER : user;
    passwordEnv = passwordEnv == null ? DEFAULT_PASSWORD_ENV : passwordEnv;
  }

  public StoreSettings(String jdbcUrl, String user, String passwordEnv, Path dataDir) {
    this(jdbcUrl, user, passwordEnv, dataDir, null);
  }

  public static StoreSettings embedded() {
    return new StoreSettings(null, null, null, null);
  }

  public StoreSettings withJdbcUrl(String url) {
    return new StoreSettings(url, user, passwordEnv, dataDir, remoteWriteListen);
  }

  public StoreSettings withRemoteWriteListen(InetSocketAddress address) {
    return new StoreSettings(jdbcUrl, user, passwordEnv, dataDir, address);
  }

  public StoreConfig storeConfig() {
    return jdbcUrl == null ? StoreConfig.embedded(dataDir)
        : StoreConfig.external(jdbcUrl, user, System.getenv(passwordEnv));
  }
}
