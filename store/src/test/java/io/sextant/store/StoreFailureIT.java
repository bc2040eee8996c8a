package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import io.sextant.common.store.StoreException;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures tell the caller whether to keep the message for redelivery. */
class StoreFailureIT {

  @Test
  void writesAndReadsFailRetryablyWhileTheServerIsDown() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
    try (PostgresStore store = Stores.open(new StoreConfig(server.jdbcUrl(), server.user(), null, 2, null))) {
      assertThat(store.writeSamples(Fixtures.grid(1, 3))).isEqualTo(3);

      server.close();

      StoreException write = catchThrowableOfType(StoreException.class,
          () -> store.writeSamples(List.of(Fixtures.sample("n1", 100, 1))));
      assertThat(write.retryable()).isTrue();
      assertThat(write).hasMessageStartingWith("cannot write 1 samples");
      StoreException read = catchThrowableOfType(StoreException.class, store::sampleCount);
      assertThat(read.retryable()).isTrue();
    } finally {
      server.close();
    }
  }

  @Test
  void openingAStoreOnAStoppedServerFailsRetryably() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
    StoreConfig config = new StoreConfig(server.jdbcUrl(), server.user(), null, 1, null);
    server.close();

    StoreException e = catchThrowableOfType(StoreException.class, () -> Stores.open(config));

    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageContaining(server.jdbcUrl());
  }

  @Test
  void dataThePostgresServerRefusesFailsWithoutRetry() {
    try (PostgresStore store = Stores.open(TestPostgres.freshDatabase("failure"))) {
      Alarm bad = Fixtures.alarm(0, Alarm.State.RAISED, Severity.MAJOR, Alarm.AckState.UNACKNOWLEDGED, 1);
      Alarm withNul = new Alarm(bad.id(), bad.site(), bad.time(), "node:\u0000", bad.probableCause(),
          bad.specificProblem(), bad.eventType(), bad.perceivedSeverity(), bad.state(), bad.ackState(),
          bad.rootCause(), null, null, bad.raisedTime(), null, 1, bad.source(), null);

      StoreException e = catchThrowableOfType(StoreException.class, () -> store.writeAlarm(withNul));

      assertThat(e.retryable()).isFalse();
      assertThat(e).hasMessageStartingWith("cannot write alarm " + bad.id()).hasMessageContaining("SQLSTATE");
      assertThat(store.alarms()).as("the failed transaction left nothing behind").isEmpty();
    }
  }
}
