package io.sextant.store;

import static io.sextant.store.Fixtures.alarm;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.Sample;
import io.sextant.common.model.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-in-one mode: an embedded server on a data directory that outlives the process. */
class RestartIT {

  @Test
  void aStoreReopenedOnTheSameDataDirectoryKeepsItsData(@TempDir Path dir) {
    Path dataDir = dir.resolve("pgdata");
    List<Sample> batch = Fixtures.grid(2, 5);
    Alarm raised = alarm(0, State.RAISED, Severity.MAJOR, AckState.UNACKNOWLEDGED, 1);
    ActionEvent proposed = Fixtures.step(Fixtures.action(), ActionState.PROPOSED, 30);

    try (PostgresStore first = Stores.open(StoreConfig.embedded(dataDir))) {
      assertThat(first.writeSamples(batch)).isEqualTo(10);
      first.writeAlarm(raised);
      first.writeActionEvent(proposed);
    }

    try (PostgresStore second = Stores.open(StoreConfig.embedded(dataDir))) {
      assertThat(second.sampleCount()).isEqualTo(10);
      assertThat(second.writeSamples(batch)).as("a resend after the restart").isZero();
      assertThat(second.alarms()).containsExactly(raised);
      assertThat(second.alarmHistory(raised.id())).containsExactly(raised);
      assertThat(second.auditLog()).containsExactly(proposed);
    }
  }
}
