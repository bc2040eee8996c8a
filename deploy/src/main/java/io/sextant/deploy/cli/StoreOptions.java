package io.sextant.deploy.cli;

import io.sextant.store.StoreConfig;
import picocli.CommandLine.Option;

/** The central store options of {@code demo}, {@code lab} and {@code train}: an existing PostgreSQL, or an embedded one. */
public final class StoreOptions {
  @Option(names = "--jdbc-url", description = "Use this PostgreSQL (jdbc:postgresql://…) instead of starting an "
      + "embedded one.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", defaultValue = "postgres", description = "User for --jdbc-url (default ${DEFAULT-VALUE}).")
  String jdbcUser;

  @Option(names = "--jdbc-password", description = "Password for --jdbc-url (or env SEXTANT_JDBC_PASSWORD).",
      defaultValue = "${env:SEXTANT_JDBC_PASSWORD}")
  String jdbcPassword;

  StoreConfig config() {
    return jdbcUrl == null ? StoreConfig.embedded(null) : StoreConfig.external(jdbcUrl, jdbcUser, jdbcPassword);
  }

  /** For the start-up line: which store, without the password. */
  String describe() {
    return jdbcUrl == null ? "embedded PostgreSQL" : jdbcUrl;
  }
}
