package io.sextant.alarm.raise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.config.ConfigException;
import io.sextant.common.model.Detection;
import io.sextant.common.model.EventType;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An operator's catalog file on top of the built-in one, and the refusals of bad entries. */
class AlarmCatalogFileTest {
  static final Instant T = Instant.parse("2026-01-05T10:15:30Z");
  @TempDir Path dir;

  Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("catalog.yaml"), yaml);
  }

  static Detection detection(String detector, String metric, double observed) {
    return new Detection(null, "edge-1", T, detector, metric, Labels.of("resource", "node:edge-1/n1"),
        "node:edge-1/n1", Detection.State.FIRING, observed, 0, 0);
  }

  @Test
  void anOperatorsEntriesAddToAndReplaceTheBuiltInOnes() throws IOException {
    AlarmCatalog c = AlarmCatalog.load(file("""
        probableCauses: [acmeFanStalled]
        detections:
          - metric: up                     # replaces the built-in entry
            eventType: communicationsAlarm
            probableCause: connectionEstablishmentError
            perceivedSeverity: critical
            specificProblem: exporter unreachable
          - metric: acme_fan_rpm           # a new one, with a cause of the operator's own
            eventType: environmentalAlarm
            probableCause: acmeFanStalled
            perceivedSeverity: minor
            specificProblem: fan stalled
        faults:
          - kind: cpu-saturation
            eventType: qualityOfServiceAlarm
            probableCause: cpuCyclesLimitExceeded
            perceivedSeverity: critical
            specificProblem: CPU saturated
        """));

    assertThat(c.forMetric("up").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(c.forMetric("acme_fan_rpm")).isEqualTo(
        new AlarmSpec(EventType.ENVIRONMENTAL_ALARM, "acmeFanStalled", Severity.MINOR, "fan stalled"));
    assertThat(c.forFault(FaultKind.CPU_SATURATION).severity()).isEqualTo(Severity.CRITICAL);
    // Untouched entries stay the built-in ones.
    assertThat(c.forMetric("probe_loss_ratio")).isEqualTo(AlarmCatalog.defaults().forMetric("probe_loss_ratio"));
    assertThat(c.forFault(FaultKind.LINK_LOSS)).isEqualTo(AlarmCatalog.defaults().forFault(FaultKind.LINK_LOSS));
    // The built-in entry of up for the absent detector is more specific than the operator's.
    assertThat(c.forDetection(detection("absent", "up", 30)).probableCause()).isEqualTo("underlyingResourceUnavailable");
  }

  @Test
  void theMostSpecificEntryWinsAndAPlaceholderTextPlacesTheValues() {
    AlarmCatalog c = AlarmCatalog.defaults();

    assertThat(c.forDetection(detection("ewma-baseline", "up", 0)).probableCause())
        .isEqualTo("connectionEstablishmentError");
    assertThat(c.forDetection(detection("threshold:up-down", "up", 0)).probableCause())
        .isEqualTo("connectionEstablishmentError");
    Detection silent = new Detection(null, "edge-1", T, "no-data", "sextant_edge_up",
        Labels.of("resource", "edge:edge-1"), "edge:edge-1", Detection.State.FIRING, 95, 60, 1);
    assertThat(c.specificProblem(silent)).isEqualTo(
        "no data from site edge-1 since 2026-01-05T10:13:55Z: its edge sends nothing (stopped, or cut off and buffering)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown event type      | detections: [{metric: m, eventType: qosAlarm, probableCause: congestion, perceivedSeverity: minor, specificProblem: x}] | detections[0].eventType: unknown X.733 event type 'qosAlarm'
      unknown probable cause  | detections: [{metric: m, eventType: communicationsAlarm, probableCause: transmisionError, perceivedSeverity: minor, specificProblem: x}] | detections[0].probableCause: unknown probable cause 'transmisionError'
      wrong case of a cause   | detections: [{metric: m, eventType: communicationsAlarm, probableCause: TransmissionError, perceivedSeverity: minor, specificProblem: x}] | did you mean transmissionError?
      unknown severity        | detections: [{metric: m, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: severe, specificProblem: x}] | detections[0].perceivedSeverity: unknown severity 'severe'
      raised as cleared       | faults: [{kind: link-loss, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: cleared, specificProblem: x}] | faults[0].perceivedSeverity: unknown severity 'cleared'
      unknown fault kind      | faults: [{kind: disk-full, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: minor, specificProblem: x}] | faults[0].kind: unknown fault kind 'disk-full'
      missing field           | detections: [{metric: m, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: minor}] | detections[0].specificProblem: required
      unknown key             | detections: [{metric: m, eventtype: communicationsAlarm}] | detections[0].eventtype: unknown key
      unknown placeholder     | detections: [{metric: m, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: minor, specificProblem: 'gone {host}'}] | detections[0].specificProblem: unknown placeholder {host}
      two entries for one key | detections: [{metric: m, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: minor, specificProblem: x}, {metric: m, eventType: communicationsAlarm, probableCause: congestion, perceivedSeverity: minor, specificProblem: y}] | detections[1].metric: a second entry for metric m
      unknown top-level key   | alarms: [] | alarms: unknown key
      """)
  void aBadEntryIsRefusedNamingTheFileAndTheField(String name, String yaml, String message) throws IOException {
    Path f = file(yaml);
    assertThatThrownBy(() -> AlarmCatalog.load(f)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f.toString() + ": ").hasMessageContaining(message);
  }
}
