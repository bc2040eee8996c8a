package io.sextant.common.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {
  static final Map<String, String> LABELS = Map.of("job", "node-exporter", "severity", "critical", "empty", "");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', textBlock = """
      job=node-exporter ; true
      job="node-exporter" ; true
      job!=node-exporter ; false
      job=~node ; false
      job=~node.* ; true
      job!~node ; true
      severity=~critical|warning ; true
      missing="" ; true
      missing!=x ; true
      missing=~.+ ; false
      empty= ; true
      """)
  void matchesAsAlertmanagerDoes(String matcher, boolean expected) {
    assertThat(Matcher.parse(matcher).matches(LABELS)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no operator     | job                | must look like
      bad name        | 1job=x             | must look like
      bad regex       | job=~(unclosed     | invalid regex
      """)
  void invalidMatchersAreRejectedWithAReason(String name, String text, String message) {
    assertThatThrownBy(() -> Matcher.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
