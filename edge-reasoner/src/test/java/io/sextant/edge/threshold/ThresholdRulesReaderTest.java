package io.sextant.edge.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ThresholdRulesReaderTest {
  @SuppressWarnings("unchecked")
  static ThresholdRules read(String yaml) {
    return ThresholdRulesReader.read((List<Map<String, Object>>) new Yaml().load(yaml));
  }

  @Test
  void levelsWithAndWithoutHysteresis() {
    ThresholdRules rules = read("""
        - name: lossy-links
          metric: probe_loss_ratio
          matchers: ['resource=~"path:edge-1>.*"']
          above:
            critical: {raise: 0.20, clear: 0.15}
            warning: {raise: 0.02, clear: 0.01}
            major: 0.05
        - metric: queue_free_ratio
          below: {minor: 0.1}
          for-points: 3
        """);

    ThresholdRule loss = rules.byName().get("lossy-links");
    assertThat(loss.direction()).isEqualTo(ThresholdRule.Direction.ABOVE);
    assertThat(loss.levels()).as("least severe first").containsExactly(new Level(Severity.WARNING, 0.02, 0.01),
        new Level(Severity.MAJOR, 0.05, 0.05), new Level(Severity.CRITICAL, 0.20, 0.15));
    assertThat(loss.applies("probe_loss_ratio", Map.of("resource", "path:edge-1>edge-2"))).isTrue();
    assertThat(loss.applies("probe_loss_ratio", Map.of("resource", "path:edge-2>edge-1"))).isFalse();
    assertThat(rules.byName().get("queue_free_ratio").direction()).as("named after its metric")
        .isEqualTo(ThresholdRule.Direction.BELOW);
    assertThat(rules.byName().get("queue_free_ratio").points()).isEqualTo(3);
    assertThat(loss.points()).as("the first point fires by default").isEqualTo(1);
  }

  @Test
  void aConfiguredThresholdReplacesTheBuiltInOfItsName() {
    ThresholdRules mine = read("[{name: up-down, metric: up, below: {critical: 0}}]");
    ThresholdRules all = ThresholdRules.defaults().with(mine);
    assertThat(all.byName()).containsOnlyKeys("up-down", "probe-tcp-down", "probe-path-dead", "bgp-session-down",
        "bgp-flap-suppress", "gpu-xid", "gpu-ecc-dbe", "gpu-thermal-throttle", "gpu-power-throttle", "gpu-temp-high");
    assertThat(all.byName().get("up-down").levels()).extracting(Level::severity).containsExactly(Severity.CRITICAL);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown severity           | [{metric: m, above: {severe: 1}}]                                    | thresholds[0].above.severe: unknown severity 'severe'; one of critical, major, minor, warning
      invalid regex              | [{metric: m, matchers: ['peer=~"(edge"'], above: {major: 1}}]        | thresholds[0].matchers[0]: matcher peer=~"(edge" has an invalid regex
      not a matcher              | [{metric: m, matchers: ['peer'], above: {major: 1}}]                 | thresholds[0].matchers[0]: matcher 'peer' must look like name=value
      clear on the bad side      | [{metric: m, above: {major: {raise: 0.05, clear: 0.06}}}]            | thresholds[0].above.major.clear: must be at or below raise (0.05)
      levels out of order        | [{metric: m, above: {major: 0.05, critical: 0.02}}]                  | thresholds[0].above.critical.raise: a more severe level must be reached further above
      both sides                 | [{metric: m, above: {major: 1}, below: {major: 0}}]                  | thresholds[0].above: give exactly one of above and below
      no points                  | [{metric: m, above: {major: 1}, for-points: 0}]                      | thresholds[0].for-points: at least 1, got 0
      points not whole           | [{metric: m, above: {major: 1}, for-points: 2.5}]                    | thresholds[0].for-points: a whole number of points
      no side                    | [{metric: m}]                                                        | thresholds[0].above: give exactly one of above and below
      unknown field              | [{metric: m, above: {major: 1}, for: 5m}]                            | thresholds[0].for: unknown field
      unknown level field        | [{metric: m, above: {major: {raise: 1, hold: 2}}}]                   | thresholds[0].above.major.hold: unknown field
      missing raise              | [{metric: m, above: {major: {clear: 1}}}]                            | thresholds[0].above.major.raise: required
      missing metric             | [{above: {major: 1}}]                                                | thresholds[0].metric: required
      two of one name            | [{metric: m, above: {major: 1}}, {metric: m, below: {major: 0}}]     | thresholds: name: two thresholds named m (give them names)
      """)
  void badThresholdsAreRefusedNamingTheField(String name, String yaml, String message) {
    assertThatThrownBy(() -> read(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }
}
