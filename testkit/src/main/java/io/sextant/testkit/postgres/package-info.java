/** One embedded PostgreSQL per test JVM, and a fresh database on it per test. */
package io.sextant.testkit.postgres;
