package io.sextant.alarm.api;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The list filters of {@code GET /alarm}, parsed from their TMF642 spellings. A filter that is
 * absent matches everything; a value that is not a TMF642 value is rejected with a message that
 * names the parameter and the accepted values, rather than silently matching nothing.
 */
public record AlarmQuery(Optional<Alarm.State> state, Optional<Severity> severity, Optional<Boolean> rootCause) {

  public static AlarmQuery parse(String state, String perceivedSeverity, String isRootCause) {
    return new AlarmQuery(
        parse("state", state, Alarm.State.values(), Tmf642::of),
        parse("perceivedSeverity", perceivedSeverity, Severity.values(), Tmf642::of),
        parse("isRootCause", isRootCause, new Boolean[] {true, false}, String::valueOf));
  }

  public boolean matches(Alarm alarm) {
    return state.map(s -> s == alarm.state()).orElse(true)
        && severity.map(s -> s == alarm.perceivedSeverity()).orElse(true)
        && rootCause.map(r -> r == alarm.rootCause()).orElse(true);
  }

  private static <T> Optional<T> parse(String name, String value, T[] values,
      Function<T, String> spelling) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Arrays.stream(values).filter(v -> spelling.apply(v).equalsIgnoreCase(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " must be one of "
            + Arrays.stream(values).map(spelling).collect(Collectors.joining(", ")) + ", got '" + value + "'")));
  }
}
