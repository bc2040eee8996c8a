package io.sextant.alarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmQueryTest {
  static final Alarm MAJOR_RAISED_SYMPTOM = new Alarm("alm-1", "central", Instant.EPOCH, "path:a>b",
      "transmissionError", "loss", EventType.COMMUNICATIONS_ALARM, Severity.MAJOR, Alarm.State.RAISED,
      Alarm.AckState.UNACKNOWLEDGED, false, null, List.of(), Instant.EPOCH, null, 1, "ewma", Map.of());

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "none", value = {
      "no filter matches,             none,    none,     none,  true",
      "state matches,                 raised,  none,     none,  true",
      "state is case-insensitive,     RAISED,  none,     none,  true",
      "other state does not match,    cleared, none,     none,  false",
      "severity matches,              none,    major,    none,  true",
      "other severity does not match, none,    critical, none,  false",
      "symptom is not a root,         none,    none,     true,  false",
      "all three match,               raised,  major,    false, true",
  })
  void filters(String name, String state, String severity, String root, boolean matches) {
    assertThat(AlarmQuery.parse(state, severity, root).matches(MAJOR_RAISED_SYMPTOM)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "perceivedSeverity, huge, 'perceivedSeverity must be one of critical, major, minor, warning, indeterminate,"
          + " cleared, got ''huge'''",
      "isRootCause,       yes,  'isRootCause must be one of true, false, got ''yes'''",
  })
  void badValuesNameTheParameterAndTheChoices(String parameter, String value, String message) {
    assertThatThrownBy(() -> AlarmQuery.parse(null, parameter.equals("perceivedSeverity") ? value : null,
        parameter.equals("isRootCause") ? value : null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "QUALITY_OF_SERVICE_ALARM, qualityOfServiceAlarm",
      "COMMUNICATIONS_ALARM,     communicationsAlarm",
      "UNACKNOWLEDGED,           unacknowledged",
      "MAJOR,                    major",
  })
  void tmf642Spellings(String constant, String spelling) {
    assertThat(Tmf642.camel(constant)).isEqualTo(spelling);
  }
}
