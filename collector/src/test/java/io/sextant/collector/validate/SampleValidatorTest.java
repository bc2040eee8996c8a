package io.sextant.collector.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SampleValidatorTest {
  /** The rules as documented (Prometheus' data model): the hand-written check must agree with them. */
  static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  @Test
  void namesAreCheckedAsTheRegularExpressionsSay() {
    for (String n : List.of("", "a", "Z", "_", ":", "0", "a0", "0a", "a:b", ":a", "a-b", "a b", "é", "up",
        "node_cpu_seconds_total", "x:rate", "__name__", "a.b", "a{", "9", "_9", "a\u0000")) {
      assertThat(SampleValidator.name(n, SampleValidator.METRIC)).as("metric %s", n)
          .isEqualTo(METRIC_NAME.matcher(n).matches());
      assertThat(SampleValidator.name(n, SampleValidator.LABEL)).as("label %s", n)
          .isEqualTo(LABEL_NAME.matcher(n).matches());
    }
  }
}
