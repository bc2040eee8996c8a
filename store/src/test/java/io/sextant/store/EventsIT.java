package io.sextant.store;

import static io.sextant.store.Fixtures.at;
import static io.sextant.store.Fixtures.sample;
import static io.sextant.store.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.common.model.Severity;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Detections, diagnoses and the audit log: append-only, idempotent on their ids. */
class EventsIT {
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    store = Stores.open(TestPostgres.freshDatabase("events"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void empty() {
    TestPostgres.truncateAll(store);
  }

  @Test
  void detectionsRoundTripOnceEach() {
    Detection firing = Detection.of("edge-1", at(10), "ewma", sample("n1", 10, 97.5), Detection.State.FIRING, 40, 6.2);
    Detection resolved = Detection.of("edge-1", at(70), "ewma", sample("n1", 70, 41), Detection.State.RESOLVED,
        Double.NaN, 0.3);

    store.writeDetection(resolved);
    store.writeDetection(firing);
    store.writeDetection(firing);

    assertThat(store.detections()).containsExactly(firing, resolved);
  }

  @Test
  void aThresholdsSeverityIsKept() {
    Sample s = sample("n1", 10, 0.25);
    Detection critical = new Detection(null, "edge-1", at(10), "threshold:loss", s.metric(), s.labels(), s.resource(),
        Detection.State.FIRING, 0.25, 0.2, 1, Severity.CRITICAL);

    store.writeDetection(critical);

    assertThat(store.detections()).containsExactly(critical);
    assertThat(store.detections().get(0).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void diagnosesRoundTripOnceEach() {
    Diagnosis d = new Diagnosis(null, "central", at(90), FaultKind.LINK_LOSS, "link:edge-1~edge-2", 0.87,
        List.of("path:edge-1>edge-3", "path:edge-2>edge-3"), Map.of("loss", 0.12), "tomography");
    Diagnosis earlier = new Diagnosis(null, "central", at(30), FaultKind.CPU_SATURATION, "node:edge-1/n1", 0.6,
        null, null, "threshold");

    store.writeDiagnosis(d);
    store.writeDiagnosis(d);
    store.writeDiagnosis(earlier);

    assertThat(store.diagnoses()).containsExactly(earlier, d);
  }

  @Test
  void theAuditLogKeepsRecordingOrderAndIgnoresRedeliveries() {
    Action action = Fixtures.action();
    ActionEvent proposed = step(action, ActionState.PROPOSED, 30);
    ActionEvent approved = step(action, ActionState.APPROVED, 31);
    ActionEvent applied = step(action, ActionState.APPLIED, 32);
    ActionEvent verified = step(action, ActionState.VERIFIED, 95);

    store.writeActionEvent(proposed);
    store.writeActionEvent(approved);
    store.writeActionEvent(proposed);
    store.writeActionEvent(applied);
    store.writeActionEvent(approved);
    store.writeActionEvent(verified);

    assertThat(store.auditLog()).containsExactly(proposed, approved, applied, verified);
  }

  @Test
  void everyReadIsEmptyOnAnEmptyStore() {
    assertThat(store.detections()).isEmpty();
    assertThat(store.diagnoses()).isEmpty();
    assertThat(store.auditLog()).isEmpty();
    assertThat(store.alarms()).isEmpty();
    assertThat(store.sampleCount()).isZero();
  }
}
