package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyPolicyTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "none", value = {
      "a lone symptom is notified,        false, none,      true",
      "a root is notified,                true,  none,      true",
      "a grouped symptom stays quiet,     false, alm-root,  false",
  })
  void groupedSymptomsAreNotNotifiedSeparately(String name, boolean root, String parent, boolean notified) {
    Alarm alarm = new Alarm("alm-1", "central", Instant.EPOCH, "path:a>b", "transmissionError", "loss",
        EventType.COMMUNICATIONS_ALARM, Severity.MAJOR, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, root,
        parent, List.of(), Instant.EPOCH, null, 1, "ewma", Map.of());

    assertThat(NotifyPolicy.shouldNotify(alarm)).isEqualTo(notified);
  }
}
