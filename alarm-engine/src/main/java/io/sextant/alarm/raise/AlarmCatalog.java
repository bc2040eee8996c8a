package io.sextant.alarm.raise;

import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Maps a detection (by its metric and detector), or a diagnosis's fault kind, to X.733 fields.
 * The mapping is data: {@link AlarmCatalogFile} reads it from the built-in file and an
 * operator's. A metric the catalog does not know still raises an alarm (the fallback), because a
 * detector that fires on a new KPI must never be silenced by a missing catalog entry. A
 * detection that carries a severity (a threshold's level) raises its alarm at that severity.
 * Immutable and thread-safe.
 */
public final class AlarmCatalog {
  /**
   * What a detection entry is for: a metric, and a detector's full name ({@code threshold:lossy})
   * or kind ({@code threshold}), or null for any detector.
   */
  public record DetectionKey(String metric, String detector) {
    public DetectionKey {
      Objects.requireNonNull(metric, "metric");
    }

    @Override
    public String toString() {
      return "metric " + metric + (detector == null ? "" : " and detector " + detector);
    }
  }

  /** The built-in fallback, for metrics the catalog does not name. */
  public static final AlarmSpec FALLBACK = new AlarmSpec(io.sextant.common.model.EventType.QUALITY_OF_SERVICE_ALARM,
      "thresholdCrossed", io.sextant.common.model.Severity.MINOR, "KPI outside its expected range");

  private static final MathContext SHOWN_DIGITS = new MathContext(4);

  private final Map<DetectionKey, AlarmSpec> detections;
  private final Map<FaultKind, AlarmSpec> faults;
  private final AlarmSpec fallback;

  /**
   * @param faults must name every {@link FaultKind}: a located fault without an alarm would be
   *     lost to the NOC, so the gap is rejected here rather than at the first diagnosis
   */
  public AlarmCatalog(Map<DetectionKey, AlarmSpec> detections, Map<FaultKind, AlarmSpec> faults, AlarmSpec fallback) {
    this.detections = Map.copyOf(detections);
    this.faults = new EnumMap<>(FaultKind.class);
    this.faults.putAll(faults);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    for (FaultKind kind : FaultKind.values()) {
      if (!this.faults.containsKey(kind)) {
        throw new IllegalArgumentException("catalog has no alarm for fault kind " + kind);
      }
    }
  }

  /** The catalog Sextant ships with (alarm-catalog.yaml): the metrics its collectors and probes produce. */
  public static AlarmCatalog defaults() {
    return AlarmCatalogFile.builtIn();
  }

  /** The built-in catalog with an operator's file on top (its entries add or replace). */
  public static AlarmCatalog load(Path operatorFile) {
    return AlarmCatalogFile.load(operatorFile);
  }

  /** The entry for a metric whatever its detector, else the fallback. */
  public AlarmSpec forMetric(String metric) {
    return detections.getOrDefault(new DetectionKey(metric, null), fallback);
  }

  /**
   * The most specific entry: the metric with the detector's full name, then with its kind, then
   * the metric alone; else the fallback.
   */
  public AlarmSpec forDetection(Detection detection) {
    String detector = DetectorNames.input(detection.detector());
    AlarmSpec spec = detections.get(new DetectionKey(detection.metric(), detector));
    if (spec == null) {
      spec = detections.get(new DetectionKey(detection.metric(), DetectorNames.kind(detector)));
    }
    return spec != null ? spec : forMetric(detection.metric());
  }

  public AlarmSpec forFault(FaultKind kind) {
    return faults.get(kind);
  }

  /**
   * The alarm's text: the entry's, with what was observed appended, e.g.
   * {@code probe packet loss: probe_loss_ratio=0.12, expected 0.001, score 8.5} (the series with its
   * labels when no resource label names it), or for a threshold
   * {@code probe packet loss: probe_loss_ratio=0.06 crossed 0.05, the major level of threshold
   * lossy-links}. An entry whose text has placeholders places the values itself.
   */
  public String specificProblem(Detection detection) {
    String problem = forDetection(detection).problem();
    if (Placeholders.any(problem)) {
      return Placeholders.render(problem, detection);
    }
    String observed = problem + ": " + (detection.resource().isBlank() ? series(detection) : detection.metric())
        + "=" + number(detection.observed());
    String detector = DetectorNames.input(detection.detector());
    if (DetectorNames.THRESHOLD.equals(DetectorNames.kind(detector)) && detection.severity() != null) {
      return observed + " crossed " + number(detection.expected()) + ", the "
          + detection.severity().name().toLowerCase(Locale.ROOT) + " level of threshold "
          + detector.substring(DetectorNames.THRESHOLD.length() + 1);
    }
    return observed + ", expected " + number(detection.expected()) + ", score " + number(detection.score());
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

  /**
   * {@code up{instance="10.0.0.1:9100",job="node"}}: the metric with its labels but the resource,
   * which says which series it is when no resource label does.
   */
  static String series(Detection d) {
    StringJoiner labels = new StringJoiner(",", "{", "}");
    new TreeMap<>(d.labels()).forEach((k, v) -> {
      if (!k.equals(io.sextant.common.model.Sample.RESOURCE)) {
        labels.add(k + "=\"" + v + "\"");
      }
    });
    return labels.length() == 2 ? d.metric() : d.metric() + labels;
  }

  Map<DetectionKey, AlarmSpec> detections() {
    return detections;
  }

  Map<FaultKind, AlarmSpec> faults() {
    return faults;
  }

  AlarmSpec fallback() {
    return fallback;
  }

  /** Four significant digits, plain notation: enough for a NOC reader, stable across JVMs. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(SHOWN_DIGITS).stripTrailingZeros().toPlainString();
  }

  /** A catalog by metric alone, whatever the detector. */
  public static AlarmCatalog byMetric(Map<String, AlarmSpec> metrics, Map<FaultKind, AlarmSpec> faults,
      AlarmSpec fallback) {
    Map<DetectionKey, AlarmSpec> m = new LinkedHashMap<>();
    metrics.forEach((metric, spec) -> m.put(new DetectionKey(metric, null), spec));
    return new AlarmCatalog(m, faults, fallback);
  }
}
