package io.sextant.store;

/** Public door to {@link TestPostgres} for tests in sub-packages. */
public final class TestDatabases {
  private TestDatabases() {}

  public static StoreConfig fresh(String prefix) {
    return TestPostgres.freshDatabase(prefix);
  }
}
