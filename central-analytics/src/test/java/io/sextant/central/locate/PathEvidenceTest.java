package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathEvidenceTest {
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("no links", List.of(), 0.1, 0.001, 600, "links"),
        Arguments.of("negative observed loss", List.of("a~b"), -0.1, 0.001, 600, "observedLoss"),
        Arguments.of("NaN observed loss", List.of("a~b"), Double.NaN, 0.001, 600, "observedLoss"),
        Arguments.of("baseline of total loss", List.of("a~b"), 0.1, 1.0, 600, "baselineLoss"),
        Arguments.of("no probes", List.of("a~b"), 0.1, 0.001, 0, "probes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsAndNamesTheField(String name, List<String> links, double observed, double baseline, int probes,
      String field) {
    assertThatThrownBy(() -> new PathEvidence("a>b", links, observed, baseline, false, probes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a>b")
        .hasMessageContaining(field);
  }
}
