package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlErrorsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("connection refused (08001)", new SQLException("refused", "08001"), true),
        Arguments.of("connection lost mid-query (08006)", new SQLException("I/O error", "08006"), true),
        Arguments.of("server shutting down (57P01)", new SQLException("terminating", "57P01"), true),
        Arguments.of("server starting up (57P03)", new SQLException("starting", "57P03"), true),
        Arguments.of("too many connections (53300)", new SQLException("too many", "53300"), true),
        Arguments.of("deadlock (40P01)", new SQLException("deadlock", "40P01"), true),
        Arguments.of("pool timeout wrapping a refused connection",
            new SQLTransientConnectionException("pool timeout", null, new SQLException("refused", "08001")), true),
        Arguments.of("driver error caused by a socket refusal",
            new SQLException("no connection", null, new ConnectException("Connection refused")), true),
        Arguments.of("unique violation (23505)", new SQLException("duplicate", "23505"), false),
        Arguments.of("undefined table (42P01)", new SQLException("no table", "42P01"), false),
        Arguments.of("bad character (22021)", new SQLException("invalid byte", "22021"), false),
        Arguments.of("pool closed (no SQLSTATE)", new SQLException("pool has been closed"), false));
  }

  @ParameterizedTest(name = "{0} -> retryable={2}")
  @MethodSource("cases")
  void classifiesWhetherARetryMaySucceed(String name, SQLException e, boolean retryable) {
    assertThat(SqlErrors.toStoreException("write", e).retryable()).isEqualTo(retryable);
  }
}
