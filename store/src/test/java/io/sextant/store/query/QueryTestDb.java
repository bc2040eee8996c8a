package io.sextant.store.query;

import io.sextant.store.StoreConfig;
import io.sextant.store.TestDatabases;

/** A fresh database on the test JVM's shared embedded server. */
final class QueryTestDb {
  private QueryTestDb() {}

  static StoreConfig config() {
    return TestDatabases.fresh("queries");
  }
}
