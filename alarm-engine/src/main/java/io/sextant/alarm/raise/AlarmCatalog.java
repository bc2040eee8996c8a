package io.sextant.alarm.raise;

import static io.sextant.common.model.EventType.COMMUNICATIONS_ALARM;
import static io.sextant.common.model.EventType.EQUIPMENT_ALARM;
import static io.sextant.common.model.EventType.PROCESSING_ERROR_ALARM;
import static io.sextant.common.model.EventType.QUALITY_OF_SERVICE_ALARM;
import static io.sextant.common.model.Severity.CRITICAL;
import static io.sextant.common.model.Severity.MAJOR;
import static io.sextant.common.model.Severity.MINOR;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Maps a detection's metric, or a diagnosis's fault kind, to X.733 fields. A metric the catalog
 * does not know still raises an alarm (the fallback), because a detector that fires on a new KPI
 * must never be silenced by a missing catalog entry. Immutable and thread-safe.
 */
public final class AlarmCatalog {
  /** For metrics the catalog does not name. */
  public static final AlarmSpec FALLBACK =
      new AlarmSpec(QUALITY_OF_SERVICE_ALARM, "thresholdCrossed", MINOR, "KPI outside its expected range");

  private static final MathContext SHOWN_DIGITS = new MathContext(4);

  private final Map<String, AlarmSpec> metrics;
  private final Map<FaultKind, AlarmSpec> faults;
  private final AlarmSpec fallback;

  /**
   * @param faults must name every {@link FaultKind}: a located fault without an alarm would be
   *     lost to the NOC, so the gap is rejected here rather than at the first diagnosis
   */
  public AlarmCatalog(Map<String, AlarmSpec> metrics, Map<FaultKind, AlarmSpec> faults, AlarmSpec fallback) {
    this.metrics = Map.copyOf(metrics);
    this.faults = new EnumMap<>(faults);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    for (FaultKind kind : FaultKind.values()) {
      if (!this.faults.containsKey(kind)) {
        throw new IllegalArgumentException("catalog has no alarm for fault kind " + kind);
      }
    }
  }

  /** The catalog Sextant ships with: the metrics its collectors and probes produce. */
  public static AlarmCatalog defaults() {
    AlarmSpec cpu = new AlarmSpec(QUALITY_OF_SERVICE_ALARM, "cpuCyclesLimitExceeded", MAJOR, "CPU utilization high");
    Map<String, AlarmSpec> metrics = Map.ofEntries(
        Map.entry("probe_loss_ratio", new AlarmSpec(COMMUNICATIONS_ALARM, "transmissionError", MAJOR, "probe packet loss")),
        Map.entry("probe_rtt_ms",
            new AlarmSpec(QUALITY_OF_SERVICE_ALARM, "performanceDegraded", MINOR, "probe round-trip time high")),
        Map.entry("probe_tcp_up",
            new AlarmSpec(COMMUNICATIONS_ALARM, "connectionEstablishmentError", MAJOR, "peer site TCP port unreachable")),
        Map.entry("up", new AlarmSpec(COMMUNICATIONS_ALARM, "connectionEstablishmentError", MAJOR, "scrape target down")),
        Map.entry("service_latency_ms",
            new AlarmSpec(QUALITY_OF_SERVICE_ALARM, "responseTimeExcessive", MAJOR, "service latency high")),
        Map.entry("service_error_ratio",
            new AlarmSpec(PROCESSING_ERROR_ALARM, "softwareError", MAJOR, "service error ratio high")),
        Map.entry("service_cpu_utilization", cpu),
        Map.entry("node_cpu_utilization", cpu),
        Map.entry("host_cpu_busy_ratio", cpu),
        Map.entry("host_memory_used_ratio",
            new AlarmSpec(PROCESSING_ERROR_ALARM, "outOfMemory", MAJOR, "host memory use high")),
        Map.entry("node_gpu_up", new AlarmSpec(EQUIPMENT_ALARM, "equipmentMalfunction", CRITICAL, "GPU down")));
    Map<FaultKind, AlarmSpec> faults = Map.of(
        FaultKind.LINK_LOSS,
        new AlarmSpec(COMMUNICATIONS_ALARM, "transmissionError", CRITICAL, "packet loss on inter-cloud link"),
        FaultKind.GPU_NODE_FAILURE, new AlarmSpec(EQUIPMENT_ALARM, "equipmentMalfunction", CRITICAL, "GPU node failure"),
        FaultKind.CPU_SATURATION,
        new AlarmSpec(QUALITY_OF_SERVICE_ALARM, "cpuCyclesLimitExceeded", MAJOR, "CPU saturation"));
    return new AlarmCatalog(metrics, faults, FALLBACK);
  }

  public AlarmSpec forMetric(String metric) {
    return metrics.getOrDefault(metric, fallback);
  }

  public AlarmSpec forFault(FaultKind kind) {
    return faults.get(kind);
  }

  /** E.g. {@code probe packet loss: probe_loss_ratio=0.12, expected 0.001, score 8.5}. */
  public String specificProblem(Detection detection) {
    return forMetric(detection.metric()).problem() + ": " + detection.metric() + "=" + number(detection.observed())
        + ", expected " + number(detection.expected()) + ", score " + number(detection.score());
  }

  /**
   * E.g. {@code packet loss on inter-cloud link: estimated loss_ratio=0.12; confidence 0.93;
   * explains 3 symptom resources}. Details are listed in key order so the text is stable.
   */
  public String specificProblem(Diagnosis diagnosis) {
    StringBuilder text = new StringBuilder(forFault(diagnosis.kind()).problem()).append(':');
    if (!diagnosis.details().isEmpty()) {
      StringJoiner details = new StringJoiner(", ", " estimated ", ";");
      new TreeMap<>(diagnosis.details()).forEach((k, v) -> details.add(k + "=" + number(v)));
      text.append(details);
    }
    return text.append(" confidence ").append(number(diagnosis.confidence()))
        .append("; explains ").append(diagnosis.evidence().size()).append(" symptom resources").toString();
  }

  /** Four significant digits, plain notation: enough for a NOC reader, stable across JVMs. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(SHOWN_DIGITS).stripTrailingZeros().toPlainString();
  }
}
