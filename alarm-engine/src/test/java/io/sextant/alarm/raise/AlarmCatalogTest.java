package io.sextant.alarm.raise;

import static io.sextant.common.model.EventType.COMMUNICATIONS_ALARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.EventType;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmCatalogTest {
  final AlarmCatalog catalog = AlarmCatalog.defaults();

  @ParameterizedTest(name = "{0} -> {1} / {2} / {3}")
  @CsvSource({
      "probe_loss_ratio,        COMMUNICATIONS_ALARM,     transmissionError,      MAJOR",
      "probe_rtt_ms,            QUALITY_OF_SERVICE_ALARM, performanceDegraded,    MINOR",
      "service_latency_ms,      QUALITY_OF_SERVICE_ALARM, responseTimeExcessive,  MAJOR",
      "service_error_ratio,     PROCESSING_ERROR_ALARM,   softwareError,          MAJOR",
      "service_cpu_utilization, QUALITY_OF_SERVICE_ALARM, cpuCyclesLimitExceeded, MAJOR",
      "node_cpu_utilization,    QUALITY_OF_SERVICE_ALARM, cpuCyclesLimitExceeded, MAJOR",
      "node_gpu_up,             EQUIPMENT_ALARM,          equipmentMalfunction,   CRITICAL",
      "up,                      COMMUNICATIONS_ALARM,     connectionEstablishmentError, MAJOR",
      "probe_tcp_up,            COMMUNICATIONS_ALARM,     connectionEstablishmentError, MAJOR",
      "host_cpu_busy_ratio,     QUALITY_OF_SERVICE_ALARM, cpuCyclesLimitExceeded, MAJOR",
      "host_memory_used_ratio,  PROCESSING_ERROR_ALARM,   outOfMemory,            MAJOR",
      "DCGM_FI_DEV_XID_ERRORS,  EQUIPMENT_ALARM,          equipmentMalfunction,   CRITICAL",
      "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL:rate, EQUIPMENT_ALARM, equipmentMalfunction, CRITICAL",
      "DCGM_FI_DEV_THERMAL_VIOLATION:rate, ENVIRONMENTAL_ALARM, temperatureUnacceptable, MAJOR",
      "DCGM_FI_DEV_POWER_VIOLATION:rate, EQUIPMENT_ALARM, powerProblem,           WARNING",
      "DCGM_FI_DEV_GPU_TEMP,    ENVIRONMENTAL_ALARM,      temperatureUnacceptable, MAJOR",
      "some_new_kpi,            QUALITY_OF_SERVICE_ALARM, thresholdCrossed,       MINOR",
  })
  void metrics(String metric, EventType type, String cause, Severity severity) {
    AlarmSpec spec = catalog.forMetric(metric);
    assertThat(spec.eventType()).isEqualTo(type);
    assertThat(spec.probableCause()).isEqualTo(cause);
    assertThat(spec.severity()).isEqualTo(severity);
  }

  @ParameterizedTest(name = "{0} -> {1} / {2} / {3}")
  @CsvSource({
      "LINK_LOSS,        COMMUNICATIONS_ALARM,     transmissionError,      CRITICAL",
      "GPU_NODE_FAILURE, EQUIPMENT_ALARM,          equipmentMalfunction,   CRITICAL",
      "CPU_SATURATION,   QUALITY_OF_SERVICE_ALARM, cpuCyclesLimitExceeded, MAJOR",
  })
  void faults(FaultKind kind, EventType type, String cause, Severity severity) {
    AlarmSpec spec = catalog.forFault(kind);
    assertThat(spec.eventType()).isEqualTo(type);
    assertThat(spec.probableCause()).isEqualTo(cause);
    assertThat(spec.severity()).isEqualTo(severity);
  }

  @Test
  void aGpuGoneFromItsExporterIsACriticalEquipmentAlarmNamingTheGpu() {
    io.sextant.common.model.Detection d = new io.sextant.common.model.Detection(null, "edge-1",
        Instant.parse("2026-12-06T17:00:00Z"), "absent", "dcgm_gpu_present",
        Map.of("resource", "node:edge-1/gpu-node-1", "UUID", "GPU-1", "gpu", "0"), "node:edge-1/gpu-node-1",
        io.sextant.common.model.Detection.State.FIRING, 0, 1, 1);
    AlarmSpec spec = catalog.forDetection(d);
    assertThat(spec.eventType()).isEqualTo(EventType.EQUIPMENT_ALARM);
    assertThat(spec.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(catalog.specificProblem(d)).contains("UUID=\"GPU-1\"").contains("fallen off the bus");
  }

  @Test
  void diagnosisTextListsDetailsInKeyOrder() {
    Diagnosis d = new Diagnosis(null, "central", Instant.EPOCH, FaultKind.LINK_LOSS, "link:a~b", 0.5,
        List.of("path:a>b"), Map.of("loss_ratio", 0.1234567, "affected_paths", 3.0), "locator");

    assertThat(catalog.specificProblem(d)).isEqualTo(
        "packet loss on inter-cloud link: estimated affected_paths=3, loss_ratio=0.1235; confidence 0.5;"
            + " explains 1 symptom resources");
  }

  @Test
  void aCatalogMissingAFaultKindIsRejected() {
    assertThatThrownBy(() -> AlarmCatalog.byMetric(Map.of(), Map.of(FaultKind.LINK_LOSS,
        AlarmCatalog.FALLBACK), AlarmCatalog.FALLBACK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GPU_NODE_FAILURE");
  }

  @Test
  void noAlarmIsRaisedWithSeverityCleared() {
    assertThatThrownBy(() -> new AlarmSpec(COMMUNICATIONS_ALARM, "x", Severity.CLEARED, "y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
