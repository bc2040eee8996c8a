package io.sextant.alarm.api;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.util.Locale;

/** The TMF642 spellings of our enums: lower camel case ({@code communicationsAlarm}, {@code major}). */
final class Tmf642 {
  static final String API_PATH = "/tmf-api/alarmManagement/v4";
  static final String BASE_PATH = API_PATH + "/alarm";

  private Tmf642() {}

  static String of(EventType type) {
    return camel(type.name());
  }

  static String of(Severity severity) {
    return camel(severity.name());
  }

  static String of(Alarm.State state) {
    return camel(state.name());
  }

  static String of(Alarm.AckState ackState) {
    return camel(ackState.name());
  }

  static String href(String alarmId) {
    return BASE_PATH + "/" + alarmId;
  }

  /** {@code QUALITY_OF_SERVICE_ALARM} to {@code qualityOfServiceAlarm}. */
  static String camel(String constant) {
    StringBuilder out = new StringBuilder(constant.length());
    boolean upper = false;
    for (char c : constant.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
